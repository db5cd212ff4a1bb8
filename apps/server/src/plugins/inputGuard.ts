import type { FastifyInstance } from 'fastify';
import { invalidField } from '../lib/errors.ts';

const NUL = '\u0000';

/** The path (`body.name`, `params.id`) of the first string or key holding U+0000 in a parsed request part, if any. */
export function nulPath(value: unknown, root: string): string | null {
  // iterative: a fuzzed body may be nested thousands of levels deep
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes(NUL)) return path;
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const p = `${path}.${k}`;
        if (k.includes(NUL)) return p;
        stack.push([child, p]);
      }
    }
  }
  return null;
}

/**
 * Refuses U+0000 in the path, query and body with 400 naming the field. PostgreSQL text cannot store it (the query
 * failed and answered 500, while SQLite stored it), and no field of this API needs it, so both databases refuse it
 * up front. Multipart fields are read by their routes and validated there.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (req, _reply, done) => {
    const path = nulPath(req.params, 'params') ?? nulPath(req.query, 'query') ?? nulPath(req.body, 'body');
    if (path) done(invalidField(path.replace(/^(params|query|body)\./, ''), 'invalid_character', 'text must not contain the NUL character'));
    else done();
  });
}
