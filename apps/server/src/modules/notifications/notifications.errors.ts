/**
 * Stable codes for failed webhook sends. The stored error is `code` or `code: detail` (detail in English, for the
 * administrator who digs deeper); the console shows the code's label from its locale files, never Node's raw text
 * ("fetch failed" says nothing to a 党委工作人员).
 */

/** The codes the console knows; `http_<status>` is open-ended. */
export type SendErrorCode =
  | 'timeout'
  | 'dns'
  | 'connect_refused'
  | 'connect_reset'
  | 'unreachable'
  | 'tls'
  | 'blocked_address'
  | 'blocked_port'
  | 'invalid_response'
  | 'rejected'
  | 'rate_limited'
  | 'network'
  | `http_${number}`;

/** `code` alone, or `code: detail` cut to 300 characters. */
export function sendError(code: SendErrorCode, detail?: string | null): string {
  const d = detail?.replace(/\s+/g, ' ').trim();
  return (d ? `${code}: ${d}` : code).slice(0, 300);
}

const TLS = /^(CERT_|ERR_TLS|ERR_SSL|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH)/;

/** The socket-level code under a fetch error (undici wraps it in `cause`, sometimes in an AggregateError). */
function causeCode(err: unknown): string | undefined {
  let e = err as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined;
  for (let i = 0; i < 4 && e; i++) {
    if (typeof e.code === 'string' && e.code !== 'UND_ERR') return e.code;
    const first = Array.isArray(e.errors) ? (e.errors[0] as { code?: unknown } | undefined) : undefined;
    if (typeof first?.code === 'string') return first.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

/** Classifies what a failed request threw (timeout, DNS, refused, TLS …) into a stored error. */
export function classifyThrown(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: Error };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return sendError('timeout', `no answer within ${timeoutMs} ms`);
  if (e instanceof BlockedUrlError) return sendError('blocked_address', e.message);
  const code = causeCode(e);
  const detail = [code, e?.cause?.message ?? e?.message].filter(Boolean).join(' ');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA' || code === 'ESERVFAIL') return sendError('dns', detail);
  if (code === 'ECONNREFUSED') return sendError('connect_refused', detail);
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') return sendError('connect_reset', detail);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EHOSTDOWN' || code === 'ENETDOWN') return sendError('unreachable', detail);
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT') return sendError('timeout', detail);
  if (code && TLS.test(code)) return sendError('tls', detail);
  // fetch refuses the ports of the Fetch standard's "bad port" list (1, 9, 25 …) without trying to connect
  if (e?.cause?.message === 'bad port') return sendError('blocked_port', 'the port is on the Fetch standard’s bad-port list');
  return sendError('network', detail || String(err));
}

/** Thrown by the send-time URL check; classified as `blocked_address`. */
export class BlockedUrlError extends Error {
  override name = 'BlockedUrlError';
}
