import { AppError } from './errors.ts';

// busboy and the request stream report a malformed multipart body (no boundary, cut off mid-part, broken part
// headers) as plain Errors; without this they reached the error handler as unknown errors and answered 500.
const MALFORMED = /^Multipart:|Unexpected end of|Malformed part header|Premature close|aborted/i;

/** Maps a malformed-multipart error to 400 VALIDATION_FAILED naming the field; anything else is returned unchanged. */
export function malformedMultipart(err: unknown, field: string): unknown {
  if (err instanceof AppError) return err;
  const e = err as { code?: string; message?: string } | null;
  if (e?.code === 'ERR_STREAM_PREMATURE_CLOSE' || MALFORMED.test(e?.message ?? ''))
    return new AppError('VALIDATION_FAILED', 400, `malformed multipart/form-data body`, [
      { path: field, code: 'invalid_multipart', message: 'malformed multipart body' },
    ]);
  return err;
}

/** Runs a reader of the request's multipart body, turning a malformed body into a 400 instead of a 500. */
export async function readMultipart<T>(field: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw malformedMultipart(err, field);
  }
}
