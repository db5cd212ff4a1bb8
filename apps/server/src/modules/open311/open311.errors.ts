import type { Open311Error } from '@tongxin/domain';
import type { z } from 'zod';

/** A GeoReport error answer: the HTTP status and the spec's list of `{code, description}` (code = the status). */
export class Open311Failure extends Error {
  constructor(
    readonly status: number,
    readonly errors: Open311Error[],
  ) {
    super(errors.map((e) => e.description).join('; '));
    this.name = 'Open311Failure';
  }
}

export const badRequest = (description: string) => new Open311Failure(400, [{ code: 400, description }]);
export const badKey = (description: string) => new Open311Failure(403, [{ code: 403, description }]);
export const unknown = (description: string) => new Open311Failure(404, [{ code: 404, description }]);

/** Parses a query or form with a domain schema; every problem becomes one 400 error naming its field. */
export function parseOr400<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data as z.infer<T>;
  throw new Open311Failure(
    400,
    r.error.issues.map((i) => {
      const [head, ...rest] = i.path.map(String);
      // the form names attribute answers attribute[code]
      // the form names attribute answers attribute[code]; a list parameter (status=open,closed) is named as sent
      const field =
        head === undefined
          ? 'request'
          : head === 'attributes' && rest.length
            ? `attribute[${rest[0]}]`
            : [head, ...rest.filter((p) => !/^\d+$/.test(p))].join('.');
      const missing = i.code === 'invalid_type' && /received undefined/.test(i.message);
      return { code: 400, description: `${field}: ${missing ? 'required' : i.message}` };
    }),
  );
}
