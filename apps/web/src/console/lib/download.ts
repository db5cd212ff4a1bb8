import { ApiError } from '../../shared/api.ts';
import { currentLocale } from '../../shared/i18n.ts';

type Query = Record<string, string | number | undefined | null>;

/** The API's error of a failed file request (JSON error body, or only the status behind a proxy page). */
export async function failure(res: Response): Promise<ApiError> {
  let e: { error?: { code: string; message: string; details?: unknown }; requestId?: string } = {};
  try {
    e = (await res.json()) as typeof e;
  } catch {
    // not JSON (a proxy page): keep the status only
  }
  return new ApiError(res.status, e.error?.code ?? `HTTP_${res.status}`, e.error?.message ?? res.statusText, e.error?.details, e.requestId);
}

/** The file name the server gave in Content-Disposition (filename* first), or the fallback. */
function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star?.[1]) return decodeURIComponent(star[1]);
  return fallback;
}

/**
 * Downloads a workbook from the API (with the session cookie) and saves it under the server's file name. It asks for
 * the workbook in the user's language (`lang`: the exports name their file, sheets and headers in it), which may be
 * another than the browser's Accept-Language.
 */
export async function downloadXlsx(path: string, fallbackName: string, query?: Query): Promise<void> {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  p.set('lang', currentLocale());
  const url = path.startsWith('/api/') ? path : `/api/v1${path}`;
  const res = await fetch(`${url}${p.size ? `?${p.toString()}` : ''}`, { credentials: 'same-origin' });
  if (!res.ok) throw await failure(res);
  const blob = await res.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileNameOf(res, fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
