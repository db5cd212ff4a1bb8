import { z } from 'zod';
import { DATA_SCOPES, PERMISSIONS } from '../enums.ts';
import { Id } from './common.ts';

/**
 * Marks a request the app makes on its own (a poll), not for the user: it does not count as activity, so a console left
 * open still ends its session after the idle time (等保: 30 idle minutes).
 */
export const BACKGROUND_REQUEST_HEADER = 'x-background-request';

/**
 * Sent by the console and the H5 on every API call. A page of another origin cannot send it without a CORS preflight,
 * which this server never grants: with it, a write is known to come from our own apps even where the browser does not
 * say so (no Sec-Fetch-Site over plain HTTP) and a proxy hides the public host.
 */
export const CLIENT_HEADER = 'x-tongxin-client';

export const LoginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(128),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const SwitchAllianceBody = z.object({ allianceId: Id });

export const ChangePasswordBody = z.object({
  oldPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});

export const MembershipView = z.object({
  allianceId: Id,
  allianceName: z.string(),
  allianceCode: z.string(),
  roleId: Id,
  roleName: z.string(),
  unitId: Id.nullable(),
  unitName: z.string().nullable(),
  scopeOrgId: Id.nullable(),
  scopeGridId: Id.nullable(),
});
export type MembershipView = z.infer<typeof MembershipView>;

export const MeResponse = z.object({
  user: z.object({
    id: Id,
    username: z.string(),
    displayName: z.string(),
    isCityAdmin: z.boolean(),
    personId: Id.nullable(),
  }),
  currentAlliance: z.object({ id: Id, name: z.string(), code: z.string(), gridLevelNames: z.array(z.string()) }).nullable(),
  role: z.object({ id: Id, name: z.string(), dataScope: z.enum(DATA_SCOPES) }).nullable(),
  permissions: z.array(z.enum(PERMISSIONS)),
  memberships: z.array(MembershipView),
  sessionExpiresAt: z.number().int(),
});
export type MeResponse = z.infer<typeof MeResponse>;
