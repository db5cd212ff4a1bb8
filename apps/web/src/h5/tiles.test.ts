import { BUILTIN_ROLES } from '@tongxin/domain';
import { describe, expect, it } from 'vitest';
import { canOpen, SCREEN_TILES, tilesFor, type Screen } from './tiles.ts';

const perms = (key: string) => BUILTIN_ROLES.find((r) => r.key === key)!.permissions;
const open = (key: (typeof BUILTIN_ROLES)[number]['key']) => (Object.keys(SCREEN_TILES) as Screen[]).filter((s) => canOpen(s, key, perms(key))).sort();

describe('H5 screens behind tiles', () => {
  // the demo accounts: hhx_admin, hhx_staff, hhx_unit, hhx_grid, hhx_merchant, hhx_volunteer and hhx_liaison, hhx_leader
  it('opens for each built-in role exactly the screens its home has a tile for', () => {
    expect(open('admin')).toEqual(['grids', 'grids/:id', 'meetings', 'meetings/:id', 'people', 'rates', 'tickets/queue', 'units', 'units/:id']);
    expect(open('staff')).toEqual(open('admin'));
    expect(open('unit_handler')).toEqual(['merchants/:id', 'merchants/inspect', 'resources', 'tickets/work', 'units', 'units/:id']);
    expect(open('grid_officer')).toEqual(['grids', 'grids/:id', 'merchants/:id', 'merchants/feedback', 'merchants/inspect', 'people', 'tickets/mine']);
    // a grid officer opening 我的诚信档案 by URL got a list of shops under that title
    expect(canOpen('merchants/mine', 'grid_officer', perms('grid_officer'))).toBe(false);
    expect(open('merchant')).toEqual(['merchants/:id', 'merchants/feedback', 'merchants/mine', 'projects/service', 'tickets/mine']);
    expect(open('volunteer')).toEqual(['merchants/feedback', 'tickets/mine']);
    expect(open('leader')).toEqual(['grids', 'grids/:id', 'meetings', 'meetings/:id', 'people', 'rates', 'units', 'units/:id']);
  });

  it('lets every role reach the screen of each tile on its home', () => {
    for (const role of BUILTIN_ROLES) {
      for (const tile of tilesFor(role.key, role.permissions)) {
        const path = tile.to?.slice(1).split('?')[0];
        if (!path || !(path in SCREEN_TILES)) continue; // 消息, the report form: open to everyone signed in
        expect(canOpen(path as Screen, role.key, role.permissions), `${role.key} → ${path}`).toBe(true);
      }
    }
  });

  it('follows the permissions, not the role alone: a tile the permissions hide opens nothing', () => {
    expect(
      canOpen(
        'people',
        'grid_officer',
        perms('grid_officer').filter((p) => p !== 'person:read'),
      ),
    ).toBe(false);
    expect(canOpen('grids', 'other', ['grid:read'])).toBe(true);
    expect(canOpen('merchants/inspect', 'other', ['merchant:read'])).toBe(false);
  });

  it('gives the city administrator 全市总览 first, whatever their role in the selected alliance; nobody else', () => {
    expect(tilesFor('admin', perms('admin'), true)[0]?.key).toBe('city');
    expect(tilesFor('other', [], true).map((x) => x.key)).toEqual(['city', 'inbox']);
    for (const role of BUILTIN_ROLES) {
      expect(
        tilesFor(role.key, role.permissions).some((x) => x.key === 'city'),
        role.key,
      ).toBe(false);
      expect(canOpen('city', role.key, role.permissions), role.key).toBe(false);
      expect(canOpen('city', role.key, role.permissions, true), role.key).toBe(true);
    }
  });
});
