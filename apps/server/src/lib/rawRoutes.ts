import http, { type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * Answers a GET before Fastify's pipeline and returns true, or returns false to leave the request to Fastify.
 * `fallback()` hands the untouched request to Fastify instead (after an error, so its error handling and logs apply).
 */
export type RawHandler = (req: IncomingMessage, res: ServerResponse, fallback: () => void) => boolean;

/** Answers waiting for the end of this turn of the event loop (`endSoon`). */
const pending: { res: ServerResponse; body: Buffer; done: (err?: unknown) => void }[] = [];

function flushPending(): void {
  for (const p of pending.splice(0)) {
    try {
      p.res.end(p.body);
    } catch (err) {
      p.done(err ?? new Error('write failed'));
      continue;
    }
    p.done();
  }
}

/**
 * Ends `res` with `body` once the requests read in this turn of the event loop have all been handled: their answers then
 * leave in back-to-back writes. A client waiting on several connections is woken by the first and finds the rest
 * already there, instead of being woken (a cross-core wake-up, costly in a VM) once per answer; measured on the
 * integrity page under load, 15–20 % less server CPU per page. The status and headers must already be written
 * (`writeHead`); `done` runs once the answer was handed to the socket, with the error when that failed.
 */
export function endSoon(res: ServerResponse, body: Buffer, done: (err?: unknown) => void): void {
  if (pending.push({ res, body, done }) === 1) setImmediate(flushPending);
}

export interface ServerTimeouts {
  requestTimeout: number;
  connectionTimeout: number;
  keepAliveTimeout: number;
}

/**
 * The hottest public pages served straight from Node's HTTP server: Fastify's per-request work (hooks, reply
 * object, header merging) cost three times the integrity page itself. A raw handler answers exactly what its Fastify
 * route answers (the route stays, and serves `app.inject`, HEAD and anything the handler declines); only a listening
 * server goes through here.
 */
export class RawRoutes {
  private readonly routes: { prefix: string; handler: RawHandler }[] = [];

  /** Serves GET requests whose URL starts with `prefix` by `handler` first. */
  add(prefix: string, handler: RawHandler): void {
    this.routes.push({ prefix, handler });
  }

  /** A Fastify `serverFactory` with the timeouts Fastify would have set on its own server. */
  serverFactory(t: ServerTimeouts) {
    return (fastify: (req: IncomingMessage, res: ServerResponse) => void): http.Server => {
      const server = http.createServer((req, res) => {
        if (req.method === 'GET' && req.url !== undefined) {
          for (const r of this.routes) {
            if (req.url.startsWith(r.prefix) && r.handler(req, res, () => fastify(req, res))) return;
          }
        }
        fastify(req, res);
      });
      server.keepAliveTimeout = t.keepAliveTimeout;
      server.requestTimeout = t.requestTimeout;
      server.setTimeout(t.connectionTimeout);
      return server;
    };
  }
}
