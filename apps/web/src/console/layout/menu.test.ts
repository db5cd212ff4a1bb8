import { PERMISSIONS, type MeResponse, type Permission } from '@tongxin/domain';
import { describe, expect, it } from 'vitest';
import { MENU, visible } from './menu.tsx';

const me = (permissions: Permission[], isCityAdmin = false): MeResponse => ({
  user: { id: 'u', username: 'u', displayName: 'u', isCityAdmin, personId: null },
  currentAlliance: { id: 'a', name: 'A', code: 'A', gridLevelNames: [] },
  role: { id: 'r', name: 'r', dataScope: 'alliance' },
  permissions,
  memberships: [],
  sessionExpiresAt: 0,
});

describe('the console menu', () => {
  it('shows 投屏链接 only with both of the permissions its page needs (alliance:write and stats:read)', () => {
    const links = MENU.find((e) => e.key === 'screenLinks')!;
    expect(visible(links, me(['alliance:write']))).toBe(false);
    expect(visible(links, me(['stats:read']))).toBe(false);
    expect(visible(links, me(['alliance:write', 'stats:read']))).toBe(true);
    expect(
      visible(
        MENU.find((e) => e.key === 'screen')!,
        me(['stats:read']),
      ),
    ).toBe(true);
  });

  it('shows 全市总览 to city administrators only, never to an alliance user with every permission', () => {
    const city = MENU.find((e) => e.key === 'city')!;
    expect(visible(city, me([...PERMISSIONS]))).toBe(false);
    expect(visible(city, me([], true))).toBe(true);
    expect(visible(city, { ...me(['alliance:read', 'alliance:write'], true), currentAlliance: null, role: null })).toBe(true);
  });
});
