import type { RawHandler } from '../../lib/rawRoutes.ts';
import type { Deps } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { SECURITY_HEADERS } from '../../plugins/securityHeaders.ts';
import type { PageReader } from './integrity.repo.ts';
import { publicPageHtmlNow, type PageCache } from './integrity.service.ts';

const PAGE_PATH = /^\/m\/([A-Za-z0-9_-]{6,64})$/;
/** Log levels at which Fastify logs each request. */
const REQUEST_LOG_LEVELS = new Set(['trace', 'debug', 'info']);

/**
 * GET /m/<code> answered before Fastify (lib/rawRoutes.ts): the same bytes and headers as the Fastify route, which
 * stays for everything this declines — a query string, HEAD, PostgreSQL (its reader is asynchronous) — and for
 * errors (`fallback`). Logged like Fastify's "request completed" when the log level shows it.
 */
export function rawIntegrityPage(
  deps: Deps,
  reader: PageReader,
  cache: PageCache,
  pageHeaders: Readonly<Record<string, string>>,
  notFoundHtml: Buffer,
): RawHandler | null {
  const { readNow } = reader;
  if (!readNow) return null;
  const sync = { readNow, version: () => reader.version() };
  const fixed = Object.entries({ ...SECURITY_HEADERS, ...pageHeaders }).flat();
  return (req, res, fallback) => {
    const m = PAGE_PATH.exec(req.url as string);
    if (!m) return false;
    const started = performance.now();
    let body: Buffer | null;
    try {
      body = publicPageHtmlNow(deps, sync, cache, m[1] as string);
    } catch {
      fallback();
      return true;
    }
    const status = body === null ? 404 : 200;
    const text = body ?? notFoundHtml;
    const reqId = newId();
    res.writeHead(status, [...fixed, 'x-request-id', reqId, 'content-length', String(text.length)]);
    res.end(text);
    if (REQUEST_LOG_LEVELS.has(deps.log.level)) {
      deps.log.info(
        { reqId, req: { method: 'GET', url: req.url }, res: { statusCode: status }, responseTime: performance.now() - started },
        'request completed',
      );
    }
    return true;
  };
}
