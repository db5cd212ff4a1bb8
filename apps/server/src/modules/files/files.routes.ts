import multipart from '@fastify/multipart';
import { IdParams, PhotoRef, type Permission } from '@tongxin/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../lib/context.ts';
import { AppError, forbidden, invalidField } from '../../lib/errors.ts';
import { readMultipart } from '../../lib/multipart.ts';
import { requireTenant } from '../access/index.ts';
import { MAX_FILE_BYTES, readCapped, readFileForMember, storeImage } from './files.service.ts';

const LIMITS = { fileSize: MAX_FILE_BYTES, files: 1, fields: 10, parts: 20 };

/** The uploaded `file` part, read into memory with a hard 10 MB cap; anything but multipart is 415. */
async function uploadedBytes(req: FastifyRequest): Promise<Buffer> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'send the photo as multipart/form-data, field "file"');
  return readMultipart('file', async () => {
    const part = await req.file({ limits: LIMITS });
    if (!part || part.fieldname !== 'file') {
      part?.file.resume();
      throw invalidField('file', 'required', 'multipart field "file" is required');
    }
    const bytes = await readCapped(part.file);
    if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', 413, 'file too large (10 MB at most)');
    return bytes;
  });
}

function sendImage(reply: FastifyReply, bytes: Buffer) {
  return reply
    .header('content-type', 'image/jpeg')
    .header('cache-control', 'private, max-age=86400')
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', 'inline')
    .send(bytes);
}

/** The permissions whose writes take photos: holding one of them lets a member upload. */
const UPLOAD_PERMISSIONS: readonly Permission[] = [
  'ticket:create',
  'ticket:handle',
  'ticket:dispatch',
  'credit:write',
  'credit:decide',
  'merchant:write',
  'resource:write',
];

/** Photo upload (members and the public form) and download (the uploader, and who can see a record holding the photo). */
export function fileRoutes(deps: Deps, opts: { publicUploadRateMax?: number } = {}) {
  return async function (app: FastifyInstance): Promise<void> {
    // encapsulated: the multipart parser exists only for these routes
    await app.register(multipart, { limits: LIMITS, throwFileSizeLimit: true });
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['files'];

    r.post('/api/v1/files', { schema: { tags, consumes: ['multipart/form-data'], response: { 201: PhotoRef } } }, async (req, reply) => {
      const actor = requireTenant(req.actor, 'alliance:read');
      // a photo is always for something the caller may write (a report, a resolution, a deduction, a progress note):
      // a read-only role has nothing to attach it to, and its uploads would only pile up
      if (!UPLOAD_PERMISSIONS.some((p) => actor.permissions.has(p))) throw forbidden('a read-only role cannot upload photos');
      const bytes = await uploadedBytes(req);
      return reply.status(201).send(await storeImage(deps, { allianceId: actor.allianceId, userId: actor.userId }, bytes));
    });

    r.post(
      '/api/public/files',
      {
        schema: { tags, consumes: ['multipart/form-data'], response: { 201: z.object({ id: z.string() }) } },
        config: { rateLimit: { max: opts.publicUploadRateMax ?? 20, timeWindow: '1 minute' } },
      },
      async (req, reply) => {
        const bytes = await uploadedBytes(req);
        const ref = await storeImage(deps, { allianceId: null, userId: null }, bytes);
        return reply.status(201).send({ id: ref.id });
      },
    );

    r.get('/api/v1/files/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
      const actor = requireTenant(req.actor, 'alliance:read');
      return sendImage(reply, await readFileForMember(deps, actor, req.params.id, 'content'));
    });
    r.get('/api/v1/files/:id/thumb', { schema: { tags, params: IdParams } }, async (req, reply) => {
      const actor = requireTenant(req.actor, 'alliance:read');
      return sendImage(reply, await readFileForMember(deps, actor, req.params.id, 'thumb'));
    });
  };
}
