import type { FastifyInstance } from 'fastify';

// The headers helmet would send with our options, computed once. @fastify/helmet rebuilt helmet's middleware from
// the options on every request (parsing the CSP directives each time), which cost more than many of our routes;
// these are the same headers as one constant. Pages with their own policy (the public pages) override the CSP.

/** The content security policy of the console, H5 and the API (antd writes its CSS-in-JS styles inline). */
export const DEFAULT_CSP =
  "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data: blob:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self'";

/** Every response's security headers (helmet 8's defaults, without HSTS: TLS ends at the reverse proxy). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': DEFAULT_CSP,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

/** Sets the security headers and `x-request-id` on every response, first thing, so errors carry them too. */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    reply.header('x-request-id', String(req.id));
    done();
  });
}
