import multipart from '@fastify/multipart';
import {
  FileLangQuery,
  IdParams,
  Merchant,
  MerchantCreate,
  MerchantExportQuery,
  MerchantImportQuery,
  MerchantImportResult,
  MerchantQuery,
  MerchantUpdate,
  Ok,
  listOf,
} from '@tongxin/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../lib/context.ts';
import { AppError, invalidField } from '../../lib/errors.ts';
import { readMultipart } from '../../lib/multipart.ts';
import { fileLang } from '../../lib/pageLang.ts';
import { sendXlsx } from '../../lib/xlsxReply.ts';
import { requireTenant } from '../access/index.ts';
import { exportMerchants, importReport, templateFor } from './merchants.export.ts';
import { importMerchants } from './merchants.import.ts';
import { createMerchant, deleteMerchant, getMerchant, listMerchants, updateMerchant } from './merchants.service.ts';
import { XLSX_LIMITS } from './merchants.zipGuard.ts';

const LIMITS = { fileSize: XLSX_LIMITS.maxBytes, files: 1, fields: 10, parts: 20 };

/** The uploaded `file` part, read into memory with a hard 10 MB cap (413); anything but multipart is 415. */
async function uploadedWorkbook(req: FastifyRequest): Promise<{ bytes: Buffer; name: string }> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'send the workbook as multipart/form-data, field "file"');
  return readMultipart('file', async () => {
    const part = await req.file({ limits: LIMITS });
    if (!part || part.fieldname !== 'file') {
      part?.file.resume();
      throw invalidField('file', 'required', 'multipart field "file" is required');
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      total += chunk.length;
      chunks.push(chunk);
    }
    if (part.file.truncated || total > XLSX_LIMITS.maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', 413, 'file too large (10 MB at most)');
    // the name is only a label of the import report; control characters (U+0000 failed the insert on PostgreSQL) go
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    const name = (part.filename ?? '').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 120) || 'merchants.xlsx';
    return { bytes: Buffer.concat(chunks, total), name };
  });
}

/** The merchant registry: CRUD, the Excel template, import (with its error report) and export. */
export function merchantRoutes(deps: Deps) {
  return async function (app: FastifyInstance): Promise<void> {
    // encapsulated: the multipart parser exists only for these routes
    await app.register(multipart, { limits: LIMITS, throwFileSizeLimit: false });
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['merchants'];

    r.get('/api/v1/merchants', { schema: { tags, querystring: MerchantQuery, response: { 200: listOf(Merchant) } } }, async (req) =>
      listMerchants(deps, requireTenant(req.actor, 'merchant:read'), req.query),
    );
    r.get('/api/v1/merchants/template', { schema: { tags, querystring: FileLangQuery } }, async (req, reply) => {
      const file = await templateFor(deps, requireTenant(req.actor, 'merchant:write'), fileLang(req.query.lang, req.headers['accept-language']));
      return sendXlsx(reply, file.name, file.content, 'merchants.xlsx');
    });
    r.get('/api/v1/merchants/export', { schema: { tags, querystring: MerchantExportQuery } }, async (req, reply) => {
      const { page: _p, pageSize: _s, lang, ...filters } = req.query;
      const file = await exportMerchants(deps, requireTenant(req.actor, 'merchant:read'), filters, fileLang(lang, req.headers['accept-language']));
      return sendXlsx(reply, file.name, file.content, 'merchants.xlsx');
    });
    r.post(
      '/api/v1/merchants/import',
      { schema: { tags, consumes: ['multipart/form-data'], querystring: MerchantImportQuery, response: { 200: MerchantImportResult } } },
      async (req) => {
        const actor = requireTenant(req.actor, 'merchant:write');
        const lang = fileLang(req.query.lang, req.headers['accept-language']);
        return importMerchants(deps, actor, await uploadedWorkbook(req), req.query.mode, lang);
      },
    );
    r.get('/api/v1/merchants/import/reports/:id', { schema: { tags, params: IdParams, querystring: FileLangQuery } }, async (req, reply) => {
      const lang = fileLang(req.query.lang, req.headers['accept-language']);
      const rep = await importReport(deps, requireTenant(req.actor, 'merchant:write'), req.params.id, lang);
      return sendXlsx(reply, rep.name, rep.content, 'merchants.xlsx');
    });
    r.get('/api/v1/merchants/:id', { schema: { tags, params: IdParams, response: { 200: Merchant } } }, async (req) =>
      getMerchant(deps, requireTenant(req.actor, 'merchant:read'), req.params.id),
    );
    r.post('/api/v1/merchants', { schema: { tags, body: MerchantCreate, response: { 201: Merchant } } }, async (req, reply) =>
      reply.status(201).send(await createMerchant(deps, requireTenant(req.actor, 'merchant:write'), req.body)),
    );
    r.patch('/api/v1/merchants/:id', { schema: { tags, params: IdParams, body: MerchantUpdate, response: { 200: Merchant } } }, async (req) =>
      updateMerchant(deps, requireTenant(req.actor, 'merchant:write'), req.params.id, req.body),
    );
    r.delete('/api/v1/merchants/:id', { schema: { tags, params: IdParams, response: { 200: Ok } } }, async (req) => {
      await deleteMerchant(deps, requireTenant(req.actor, 'merchant:write'), req.params.id);
      return { ok: true as const };
    });
  };
}
