import { z } from 'zod';
import { RECORD_STATUSES } from '../enums.ts';
import { MembershipView } from './auth.ts';
import { Id, NameText, OptionalRef, PageQuery, Text } from './common.ts';

export const User = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  status: z.enum(RECORD_STATUSES),
  isCityAdmin: z.boolean(),
  personId: Id.nullable(),
  lockedUntil: z.number().int().nullable(),
  lastLoginAt: z.number().int().nullable(),
  membership: MembershipView.nullable(), // the membership in the current alliance
  createdAt: z.number().int(),
});
export type User = z.infer<typeof User>;

const Username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{3,32}$/, { message: 'invalid_username' });

const MembershipFields = {
  roleId: Id,
  unitId: OptionalRef,
  scopeOrgId: OptionalRef,
  scopeGridId: OptionalRef,
};

export const UserCreate = z.object({
  username: Username,
  displayName: NameText(32),
  password: z.string().min(1).max(128),
  personId: OptionalRef,
  ...MembershipFields,
});
export type UserCreate = z.infer<typeof UserCreate>;

export const UserUpdate = z.object({
  // the stored name comes back unchecked: the service refuses only a changed name holding a number (keptName)
  displayName: Text(32).optional(),
  status: z.enum(RECORD_STATUSES).optional(),
  personId: OptionalRef,
  roleId: Id.optional(),
  unitId: OptionalRef,
  scopeOrgId: OptionalRef,
  scopeGridId: OptionalRef,
});
export type UserUpdate = z.infer<typeof UserUpdate>;

/** Adds an existing account (e.g. a 市场监管所 officer serving several alliances) to the current alliance. */
export const MembershipCreate = z.object({ username: Username, ...MembershipFields });
export type MembershipCreate = z.infer<typeof MembershipCreate>;

export const ResetPasswordBody = z.object({ password: z.string().min(1).max(128) });

export const UserQuery = PageQuery.extend({ roleId: Id.optional(), status: z.enum(RECORD_STATUSES).optional() });
