import { z } from 'zod';
import { Id, NameText, PageQuery } from './common.ts';

export const ApiKey = z.object({
  id: Id,
  name: z.string(),
  prefix: z.string(),
  roleId: Id,
  roleName: z.string(),
  createdAt: z.number().int(),
  lastUsedAt: z.number().int().nullable(),
  revokedAt: z.number().int().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const ApiKeyCreate = z.object({ name: NameText(64), roleId: Id });
export type ApiKeyCreate = z.infer<typeof ApiKeyCreate>;

/** The secret is shown once, at creation; only its hash is stored. */
export const ApiKeyCreated = ApiKey.extend({ secret: z.string() });

export const ApiKeyQuery = PageQuery;
