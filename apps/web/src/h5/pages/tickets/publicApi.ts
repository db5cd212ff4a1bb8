import { CLIENT_HEADER } from '@tongxin/domain';
import { ApiError } from '../../../shared/api.ts';

/** What GET /api/public/alliances/:code answers: enough to fill the public report form. */
export interface PublicAlliance {
  name: string;
  categories: { id: string; name: string }[];
  grids: { id: string; name: string; levelName: string }[];
}

async function parse<T>(res: Response): Promise<T> {
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const e = (data as { error?: { code: string; message: string; details?: unknown }; requestId?: string } | undefined) ?? {};
    throw new ApiError(res.status, e.error?.code ?? 'HTTP_' + res.status, e.error?.message ?? res.statusText, e.error?.details, e.requestId);
  }
  return data as T;
}

/** A call to the account-less API under /api/public (no session needed). */
export async function publicApi<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api/public${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return parse<T>(res);
}

/** Uploads one photo as multipart field `file`: to /api/public/files (no account) or /api/v1/files (session). */
export async function uploadPhoto(blob: Blob, name: string, signedIn: boolean): Promise<{ id: string }> {
  const form = new FormData();
  form.append('file', blob, name);
  const res = await fetch(signedIn ? '/api/v1/files' : '/api/public/files', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { [CLIENT_HEADER]: '1' },
    body: form,
  });
  return parse<{ id: string }>(res);
}
