import { isValidCreditCode } from '@tongxin/domain';
import { describe, expect, it } from 'vitest';
import { DEMO_ALLIANCES } from '../src/modules/demo/demo.data.ts';
import { DEMO_MERCHANT_SETS, demoCreditCode } from '../src/modules/demo/demo.merchants.data.ts';
import { DEMO_TICKET_SETS } from '../src/modules/demo/demo.tickets.ts';

describe('demo merchants (data)', () => {
  it.each(DEMO_ALLIANCES.map((a) => [a.code, a]))('%s: 15–25 merchants with valid, unique codes, known grids and people, two monitoring points', (_code, a) => {
    const set = DEMO_MERCHANT_SETS[a.code];
    expect(set).toBeDefined();
    if (!set) return;
    expect(set.merchants.length).toBeGreaterThanOrEqual(15);
    expect(set.merchants.length).toBeLessThanOrEqual(25);
    const codes = set.merchants.map((m, i) => demoCreditCode(set, i, m.company));
    for (const c of codes) expect(isValidCreditCode(c), c).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    const grids = new Set(a.grids.map((g) => g.key));
    const people = new Set(a.people.map((p) => p.key));
    for (const m of set.merchants) {
      expect(grids.has(m.grid), m.grid).toBe(true);
      if (m.operator) expect(people.has(m.operator), m.operator).toBe(true);
      if (m.liaison) expect(people.has(m.liaison), m.liaison).toBe(true);
    }
    expect(set.merchants.filter((m) => m.liaison).length).toBe(2);
    expect(set.merchants.some((m) => m.partyMember)).toBe(true);
  });

  it('registers every merchant the demo tickets name', () => {
    const names = new Set(Object.values(DEMO_MERCHANT_SETS).flatMap((s) => s.merchants.map((m) => m.name)));
    const named = DEMO_TICKET_SETS.flatMap((s) => s.tickets)
      .map((t) => t.merchant)
      .filter((x): x is string => !!x);
    expect(named.length).toBeGreaterThan(0);
    for (const n of named) expect(names.has(n), n).toBe(true);
  });
});
