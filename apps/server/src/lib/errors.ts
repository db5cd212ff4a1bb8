import type { ErrorCode, FieldIssue } from '@tongxin/domain';

/** The one application error: a stable code, an HTTP status and optional details. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** 404 for a row that does not exist or is out of the caller's tenant or scope (never tell which). */
export const notFound = (what = 'resource') => new AppError('NOT_FOUND', 404, `${what} not found`);
export const forbidden = (message = 'permission denied') => new AppError('FORBIDDEN', 403, message);
export const unauthenticated = (message = 'login required') => new AppError('UNAUTHENTICATED', 401, message);
export const conflict = (message: string, details?: unknown) => new AppError('CONFLICT', 409, message, details);

/** 400 naming the offending field, in the same shape as zod failures. */
export function invalidField(path: string, code: string, message = code): AppError {
  const issue: FieldIssue = { path, code, message };
  return new AppError('VALIDATION_FAILED', 400, `invalid field: ${path}`, [issue]);
}
