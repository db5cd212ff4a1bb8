import { describe, expect, it } from 'vitest';
import { missingReads } from '@tongxin/domain';
import { togglePermissions } from './permissionToggle.ts';

describe('the role editor keeps each write with its read', () => {
  it('ticking a write ticks its read', () => {
    expect(togglePermissions(['alliance:read'], ['meeting:write'], true)).toEqual(['alliance:read', 'meeting:read', 'meeting:write']);
    expect(togglePermissions([], ['credit:decide'], true)).toEqual(['merchant:read', 'credit:decide']);
  });

  it('unticking a read unticks what needs it, and nothing else', () => {
    const held = togglePermissions([], ['merchant:write', 'credit:write', 'meeting:write', 'category:write'], true);
    expect(togglePermissions(held, ['merchant:read'], false)).toEqual(['category:write', 'meeting:read', 'meeting:write']);
    expect(togglePermissions(held, ['meeting:write'], false)).toEqual(['category:write', 'merchant:read', 'merchant:write', 'credit:write', 'meeting:read']);
  });

  it('a whole group ticked or unticked never leaves a write without its read', () => {
    const all = togglePermissions([], ['ticket:create', 'ticket:dispatch', 'ticket:handle'], true);
    expect(missingReads(all)).toEqual([]);
    expect(togglePermissions(all, ['ticket:read'], false)).toEqual([]);
  });
});
