import { z } from 'zod';
import { DATA_SCOPES, PERMISSIONS } from '../enums.ts';
import { missingReads } from '../roles.ts';
import { Id, NameText, OptionalText, PageQuery, Text } from './common.ts';

export const Role = z.object({
  id: Id,
  allianceId: Id,
  name: z.string(),
  description: z.string().nullable(),
  permissions: z.array(z.enum(PERMISSIONS)),
  dataScope: z.enum(DATA_SCOPES),
  builtin: z.boolean(),
  createdAt: z.number().int(),
});
export type Role = z.infer<typeof Role>;

/** A role's permissions: each write-like one with its read partner (missingReads; issue `read_missing`). */
const RolePermissions = z
  .array(z.enum(PERMISSIONS))
  .max(PERMISSIONS.length)
  .refine((perms) => missingReads(perms).length === 0, { message: 'read_missing' });

export const RoleCreate = z.object({
  name: NameText(32),
  description: OptionalText(200),
  permissions: RolePermissions,
  dataScope: z.enum(DATA_SCOPES),
});
export type RoleCreate = z.infer<typeof RoleCreate>;

// an edit takes the stored name back unchecked: the service refuses only a changed name holding a number (keptName)
export const RoleUpdate = RoleCreate.extend({ name: Text(32) }).partial();
export type RoleUpdate = z.infer<typeof RoleUpdate>;

export const RoleQuery = PageQuery;
