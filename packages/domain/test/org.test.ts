import { describe, expect, it } from 'vitest';
import { ORG_KINDS, orgKindFitsUnder, orgTakesChildren } from '../src/index.ts';

describe('org kinds', () => {
  it('go strictly down: a 党支部 under a 党总支, never a 党总支 under a 党支部 nor a 党支部 under a 党支部', () => {
    expect(orgKindFitsUnder('branch', 'general_branch')).toBe(true);
    expect(orgKindFitsUnder('group', 'branch')).toBe(true);
    expect(orgKindFitsUnder('general_branch', 'branch')).toBe(false);
    expect(orgKindFitsUnder('branch', 'branch')).toBe(false);
    for (const k of ORG_KINDS) expect(orgKindFitsUnder(k, null)).toBe(true);
  });

  it('let every kind but the lowest (党小组) take a child', () => {
    expect(orgTakesChildren('group')).toBe(false);
    for (const k of ORG_KINDS.filter((x) => x !== 'group')) expect(orgTakesChildren(k)).toBe(true);
    for (const k of ORG_KINDS) expect(orgTakesChildren(k)).toBe(ORG_KINDS.some((c) => orgKindFitsUnder(c, k)));
  });
});
