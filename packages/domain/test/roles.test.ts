import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLES, PERMISSIONS, READ_PARTNERS, RoleCreate, RoleUpdate, missingReads, type Permission } from '../src/index.ts';

describe('a write permission comes with its read', () => {
  it('every built-in role holds the read of each write-like permission it holds', () => {
    for (const r of BUILTIN_ROLES) expect([r.key, missingReads(r.permissions)]).toEqual([r.key, []]);
  });

  it('pairs each write-like permission with a read of the catalogue, and no read with anything', () => {
    for (const [write, read] of Object.entries(READ_PARTNERS) as [Permission, Permission][]) {
      expect(PERMISSIONS).toContain(write);
      expect(read).toMatch(/:read$/);
      expect(PERMISSIONS).toContain(read);
    }
    expect(Object.keys(READ_PARTNERS).filter((p) => p.endsWith(':read'))).toEqual([]);
    // every x:write whose x has an x:read is paired with it
    for (const p of PERMISSIONS.filter((q) => q.endsWith(':write'))) {
      const read = p.replace(/:write$/, ':read') as Permission;
      if (PERMISSIONS.includes(read)) expect([p, READ_PARTNERS[p]]).toEqual([p, read]);
    }
  });

  it('names the missing reads in catalogue order, once each', () => {
    expect(missingReads(['meeting:write', 'credit:decide', 'credit:write', 'alliance:read'])).toEqual(['merchant:read', 'meeting:read']);
    expect(missingReads(['meeting:write', 'meeting:read', 'category:write', 'apikey:manage'])).toEqual([]);
  });

  it('the role schemas refuse a write without its read on permissions (read_missing)', () => {
    const bad = RoleCreate.safeParse({ name: '只写', permissions: ['meeting:write'], dataScope: 'alliance' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['permissions', 'read_missing']]);
    expect(RoleUpdate.safeParse({ permissions: ['ticket:handle'] }).success).toBe(false);
    expect(RoleUpdate.safeParse({ name: '改名' }).success).toBe(true);
    expect(RoleCreate.safeParse({ name: '会议', permissions: ['meeting:read', 'meeting:write'], dataScope: 'grid' }).success).toBe(true);
  });
});
