import { BACKGROUND_REQUEST_HEADER, CLIENT_HEADER, type FieldIssue } from '@tongxin/domain';

/** An error answered by the server, with its stable code and field issues. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
  }
  /** Field problems of a VALIDATION_FAILED answer. */
  get fieldIssues(): FieldIssue[] {
    return Array.isArray(this.details) ? (this.details as FieldIssue[]) : [];
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

function qs(query?: Query): string {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

let onUnauthenticated: (() => void) | null = null;
/** Called when any request answers 401 (session expired): the apps go back to login. */
export function setUnauthenticatedHandler(fn: () => void): void {
  onUnauthenticated = fn;
}

/** Calls the JSON API with the session cookie; throws ApiError on any non-2xx answer. `background`: a poll, not user activity. */
export async function api<T>(method: string, path: string, body?: unknown, query?: Query, opts: { background?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { [CLIENT_HEADER]: '1', ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
  if (opts.background) headers[BACKGROUND_REQUEST_HEADER] = '1';
  const res = await fetch(`/api/v1${path}${qs(query)}`, {
    method,
    credentials: 'same-origin',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    // a proxy's HTML error page: keep the status, drop the body
    data = undefined;
  }
  if (!res.ok) {
    const e = (data as { error?: { code: string; message: string; details?: unknown }; requestId?: string } | undefined) ?? {};
    if (res.status === 401 && !path.startsWith('/auth/login')) onUnauthenticated?.();
    throw new ApiError(res.status, e.error?.code ?? 'HTTP_' + res.status, e.error?.message ?? res.statusText, e.error?.details, e.requestId);
  }
  return data as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', path, undefined, query);
/** A GET the app makes on its own (a poll): it does not keep the session alive. */
export const poll = <T>(path: string, query?: Query) => api<T>('GET', path, undefined, query, { background: true });
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);
