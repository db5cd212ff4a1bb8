import type { FieldIssue } from '@tongxin/domain';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../lib/errors.ts';
import { pageLang } from '../lib/pageLang.ts';
import { sendPublicPage, tooManyRequestsPage } from '../lib/publicPage.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** a route residents open in a browser (the public pages and their forms): a 429 answers a page, not JSON */
    htmlErrors?: boolean;
  }
}

/** Maps every error to `{error:{code,message,details},requestId}`; unknown errors stay 500 and are logged, never leaked. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const requestId = String(req.id);
    const send = (status: number, code: string, message: string, details?: unknown) =>
      reply.status(status).send({ error: { code, message, ...(details === undefined ? {} : { details }) }, requestId });

    if (err instanceof AppError) return send(err.status, err.code, err.message, err.details);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details: FieldIssue[] = err.validation.map((v) => {
        const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        // custom refinements carry their message key as the message
        const code = v.keyword === 'custom' ? (v.message ?? 'invalid') : v.keyword;
        return { path, code, message: v.message ?? code };
      });
      const fields = details.map((d) => d.path || err.validationContext || 'body').join(', ');
      return send(400, 'VALIDATION_FAILED', `invalid ${err.validationContext ?? 'request'}: ${fields}`, details);
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause?.issues }, 'response did not match its schema');
      return send(500, 'INTERNAL', 'internal error');
    }
    // a race two requests lost against a unique or foreign key constraint is a conflict, not a crash
    const dbCode = (err as { code?: string }).code;
    if (dbCode === '23505' || dbCode === 'SQLITE_CONSTRAINT_UNIQUE' || dbCode === 'SQLITE_CONSTRAINT_PRIMARYKEY')
      return send(409, 'CONFLICT', 'a record with the same key already exists');
    if (dbCode === '23503' || dbCode === 'SQLITE_CONSTRAINT_FOREIGNKEY')
      return send(409, 'CONFLICT', 'the record is referenced by or references a missing record');
    const status = err.statusCode ?? 500;
    if (status === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.code === 'FST_REQ_FILE_TOO_LARGE')
      return send(413, 'PAYLOAD_TOO_LARGE', 'payload too large');
    if (status === 415 || err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return send(415, 'UNSUPPORTED_MEDIA_TYPE', 'unsupported media type');
    if (status === 429) {
      if (req.routeOptions.config?.htmlErrors) {
        // in the browser's language, like the pages it stands for: caches must key it by Accept-Language
        reply.header('vary', 'accept-language');
        return sendPublicPage(reply, 429, tooManyRequestsPage(req.method === 'GET' ? 'view' : 'submit', pageLang(req.headers['accept-language'])));
      }
      return send(429, 'RATE_LIMITED', 'too many requests, slow down');
    }
    if (status >= 400 && status < 500) {
      // malformed JSON, bad content-length and other client mistakes fastify detects itself
      return send(400, 'VALIDATION_FAILED', err.message.slice(0, 200));
    }
    req.log.error({ err, requestId }, 'unhandled error');
    return send(500, 'INTERNAL', 'internal error');
  });
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `route ${req.method} ${req.url.split('?')[0]} not found` }, requestId: String(req.id) });
  });
}
