import { PERMISSIONS, READ_PARTNERS, type Permission } from '@tongxin/domain';

/**
 * The permissions after ticking (`on`) or unticking `perms`, keeping the rule the server enforces (READ_PARTNERS): a
 * ticked write-like permission ticks its read, and an unticked read unticks what needs it. In catalogue order.
 */
export function togglePermissions(selected: readonly Permission[], perms: readonly Permission[], on: boolean): Permission[] {
  const next = new Set(selected);
  for (const p of perms) {
    if (on) {
      next.add(p);
      const read = READ_PARTNERS[p];
      if (read) next.add(read);
    } else next.delete(p);
  }
  if (!on) for (const p of [...next]) if (READ_PARTNERS[p] && !next.has(READ_PARTNERS[p])) next.delete(p);
  return PERMISSIONS.filter((p) => next.has(p));
}
