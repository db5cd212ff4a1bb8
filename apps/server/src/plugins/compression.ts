import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';

// Staff and handlers use the H5 app and the console on mobile networks, and the API's lists and details are JSON that
// compresses five to ten times. An answer to a GET of at least MIN_BYTES is compressed on libuv's thread pool (brotli
// at a fast quality, else gzip) when the client accepts it. Streams are left alone: the web apps' assets go out
// precompressed (@fastify/static), workbooks and photos are compressed already. POST answers are not compressed: they
// are small, and an answer that echoes what the caller sent beside a secret (a revealed number) is what BREACH reads.

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: this route's answers are never compressed (the integrity page, whose raw handler answers the same bytes) */
    compress?: boolean;
  }
}

const MIN_BYTES = 1024;
const COMPRESSIBLE = /^(?:application\/json|text\/html|text\/plain|text\/csv|image\/svg\+xml)/;
const BROTLI: zlib.BrotliOptions = {
  params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT },
};
const GZIP: zlib.ZlibOptions = { level: 6 };

/** The encoding to answer with for an Accept-Encoding header: br before gzip, none refused by q=0. */
export function acceptedEncoding(header: string | string[] | undefined): 'br' | 'gzip' | null {
  if (header === undefined) return null;
  const accepted = new Set<string>();
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q !== undefined && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return null;
}

/** Compresses large GET answers (JSON, HTML, text) for clients that accept br or gzip, and says so in Vary. */
export function registerCompression(app: FastifyInstance): void {
  app.addHook('onSend', (req, reply, payload, done) => {
    if (req.method !== 'GET' || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return done(null, payload);
    if (reply.routeOptions.config?.compress === false) return done(null, payload);
    if (reply.hasHeader('content-encoding') || !COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''))) return done(null, payload);
    // measured without a copy: most GET answers of a list page pass here, and only those compressed need bytes (zlib
    // takes the string itself)
    if (Buffer.byteLength(payload) < MIN_BYTES) return done(null, payload);
    const vary = reply.getHeader('vary');
    reply.header('vary', vary ? `${String(vary)}, accept-encoding` : 'accept-encoding');
    const encoding = acceptedEncoding(req.headers['accept-encoding']);
    if (encoding === null) return done(null, payload);
    const finish = (err: Error | null, out: Buffer) => {
      // a failed compression still answers, uncompressed
      if (err) return done(null, payload);
      reply.header('content-encoding', encoding);
      reply.removeHeader('content-length');
      done(null, out);
    };
    if (encoding === 'br') zlib.brotliCompress(payload, BROTLI, finish);
    else zlib.gzip(payload, GZIP, finish);
  });
}
