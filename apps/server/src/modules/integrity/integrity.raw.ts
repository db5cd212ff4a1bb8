import type { IncomingMessage, ServerResponse } from 'node:http';
import { endSoon, type RawHandler } from '../../lib/rawRoutes.ts';
import type { Deps } from '../../lib/context.ts';
import { pageLang, type PageLang } from '../../lib/pageLang.ts';
import { newId } from '../../lib/ids.ts';
import { SECURITY_HEADERS } from '../../plugins/securityHeaders.ts';
import type { PageReader } from './integrity.repo.ts';
import { publicPageHtml, publicPageHtmlNow } from './integrity.service.ts';

const PAGE_PATH = /^\/m\/([A-Za-z0-9_-]{6,64})$/;
/** Log levels at which Fastify logs each request. */
const REQUEST_LOG_LEVELS = new Set(['trace', 'debug', 'info']);

/**
 * GET /m/<code> answered before Fastify (lib/rawRoutes.ts): the same bytes and headers as the Fastify route, which
 * stays for everything this declines — a query string, HEAD — and for errors (`fallback`). Logged like Fastify's
 * "request completed" when the log level shows it.
 */
export function rawIntegrityPage(
  deps: Deps,
  reader: PageReader,
  pageHeaders: Readonly<Record<string, string>>,
  notFoundHtml: Readonly<Record<PageLang, Buffer>>,
): RawHandler {
  const { readNow } = reader;
  const fixed = Object.entries({ ...SECURITY_HEADERS, ...pageHeaders }).flat();
  const send = (req: IncomingMessage, res: ServerResponse, body: Buffer | null, lang: PageLang, started: number) => {
    const status = body === null ? 404 : 200;
    const text = body ?? notFoundHtml[lang];
    const reqId = newId();
    // the socket went away (or the answer could not be written): nothing to fall back to, and no crash
    const notSent = (err: unknown) => {
      deps.log.warn({ err, reqId }, 'integrity page not sent');
      res.destroy();
    };
    try {
      res.writeHead(status, [...fixed, 'x-request-id', reqId, 'content-length', String(text.length)]);
    } catch (err) {
      notSent(err);
      return;
    }
    endSoon(res, text, (err) => {
      if (err !== undefined) return notSent(err);
      if (REQUEST_LOG_LEVELS.has(deps.log.level)) {
        deps.log.info(
          { reqId, req: { method: 'GET', url: req.url }, res: { statusCode: status }, responseTime: performance.now() - started },
          'request completed',
        );
      }
    });
  };
  return (req, res, fallback) => {
    const m = PAGE_PATH.exec(req.url as string);
    if (!m) return false;
    const started = performance.now();
    const code = m[1] as string;
    // the page's language from the browser's (pageHeaders say Vary: Accept-Language)
    const lang = pageLang(req.headers['accept-language']);
    if (!readNow) {
      // PostgreSQL reads asynchronously; nothing is written before the page is ready, so an error can still fall back
      publicPageHtml(deps, reader, code, lang).then(
        (body) => send(req, res, body, lang, started),
        () => fallback(),
      );
      return true;
    }
    let body: Buffer | null;
    try {
      body = publicPageHtmlNow(deps, readNow, code, lang);
    } catch {
      fallback();
      return true;
    }
    send(req, res, body, lang, started);
    return true;
  };
}
