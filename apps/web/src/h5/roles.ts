import { BUILTIN_ROLES, type BuiltinRole } from '@tongxin/domain';
import type { Me } from './session.tsx';

export type RoleKey = BuiltinRole['key'] | 'other';

/**
 * Which home page a user gets: the built-in role whose name matches, else a guess from the role's
 * permissions and data scope (an alliance may define its own roles), else 'other'.
 */
export function roleKeyOf(me: Me): RoleKey {
  const role = me.role;
  if (!role) return me.user.isCityAdmin ? 'admin' : 'other';
  const builtin = BUILTIN_ROLES.find((r) => r.name === role.name);
  if (builtin) return builtin.key;
  const can = (p: string) => me.permissions.some((x) => x === p);
  if (can('user:write') && can('role:write')) return 'admin';
  if (can('grid:write') || can('org:write')) return 'staff';
  if (role.dataScope === 'grid') return 'grid_officer';
  if (role.dataScope === 'unit') return 'unit_handler';
  if (role.dataScope === 'alliance') return 'leader';
  return 'other';
}

/** The membership of the current alliance (for its unit name). */
export function currentMembership(me: Me) {
  return me.memberships.find((m) => m.allianceId === me.currentAlliance?.id) ?? null;
}
