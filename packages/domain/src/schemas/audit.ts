import { z } from 'zod';
import { Id, PageQuery, windowInOrder } from './common.ts';

export const AuditRecord = z.object({
  id: Id,
  chain: z.string(),
  seq: z.number().int(),
  at: z.number().int(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  /** a record of a confidential case (作风 feedback): who and what are shown to its designated contact only */
  confidential: z.boolean().optional(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

export const AuditQuery = PageQuery.extend({
  entity: z.string().max(32).optional(),
  action: z.string().max(64).optional(),
  actorId: Id.optional(),
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
}).refine(windowInOrder, { message: 'from_after_to', path: ['to'] });

export const ChainVerdict = z.object({
  chain: z.string(),
  records: z.number().int(),
  ok: z.boolean(),
  firstBad: z.object({ seq: z.number().int(), id: z.string().nullable(), reason: z.string() }).nullable(),
});
export type ChainVerdict = z.infer<typeof ChainVerdict>;

export const AuditVerifyResponse = z.object({ ok: z.boolean(), checkedAt: z.number().int(), chains: z.array(ChainVerdict) });
