import {
  DEFAULT_CREDIT_SETTINGS as D,
  CreditEntryCreate,
  CreditSettings,
  crossedConsequences,
  cycleAt,
  deductionApplied,
  monthRange,
  monthlyFlag,
  objectionOpen,
  previousMonth,
  restorationApplied,
  shanghaiMonth,
  starScore,
} from '@tongxin/domain';
import { describe, expect, it } from 'vitest';

// the pure rules of docs/CREDIT.md at their boundaries (no database)
const SH = (iso: string) => Date.parse(`${iso}+08:00`);
const clean = { deductedPoints: 0, upheldComplaints: 0, endPoints: 12 };

describe('credit rules', () => {
  it('cuts cycles at Shanghai midnight: calendar years, April years and half years', () => {
    const y = cycleAt(D.cycle, SH('2026-12-31T23:59:59'));
    expect(y).toEqual({ startsAt: SH('2026-01-01T00:00:00'), endsAt: SH('2027-01-01T00:00:00'), label: '2026' });
    expect(cycleAt(D.cycle, SH('2027-01-01T00:00:00')).label).toBe('2027');
    const april = cycleAt({ startMonth: 4, lengthMonths: 12 }, SH('2027-03-31T12:00:00'));
    expect(april).toEqual({ startsAt: SH('2026-04-01T00:00:00'), endsAt: SH('2027-04-01T00:00:00'), label: '2026-04~2027-03' });
    const half = cycleAt({ startMonth: 1, lengthMonths: 6 }, SH('2026-07-01T00:00:00'));
    expect(half.startsAt).toBe(SH('2026-07-01T00:00:00'));
    expect(half.endsAt).toBe(SH('2027-01-01T00:00:00'));
    expect(cycleAt({ startMonth: 1, lengthMonths: 1 }, SH('2026-02-10T00:00:00')).label).toBe('2026-02');
    expect(shanghaiMonth(SH('2026-12-01T00:00:00') - 1)).toBe('2026-11');
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(monthRange('2026-02')).toEqual({ start: SH('2026-02-01T00:00:00'), end: SH('2026-03-01T00:00:00') });
  });

  it('keeps the balance between 0 and 12', () => {
    expect(deductionApplied(3, 6)).toBe(3);
    expect(deductionApplied(6, 6)).toBe(6);
    expect(deductionApplied(0, 2)).toBe(0);
    expect(restorationApplied(10, 5)).toBe(2);
    expect(restorationApplied(12, 1)).toBe(0);
    expect(restorationApplied(4, 5, 3)).toBe(3);
  });

  it('fires a threshold only when a change crosses it downwards', () => {
    const c = D.consequences;
    expect(crossedConsequences(c, 7, 6).map((x) => x.threshold)).toEqual([6]);
    expect(crossedConsequences(c, 6, 5)).toEqual([]);
    expect(crossedConsequences(c, 12, 0).map((x) => x.threshold)).toEqual([6, 3, 0]);
    expect(crossedConsequences(c, 4, 4)).toEqual([]);
    expect(crossedConsequences(c, 3, 8)).toEqual([]);
  });

  it('gives 红黄旗 at the rule boundaries', () => {
    const f = D.flags;
    expect(monthlyFlag(f, { previous: clean, current: clean, consequenceYellow: false }).flag).toBe('red');
    expect(monthlyFlag(f, { previous: { ...clean, endPoints: 11 }, current: clean, consequenceYellow: false }).flag).toBe(null);
    expect(monthlyFlag(f, { previous: null, current: clean, consequenceYellow: false }).flag).toBe(null);
    // registered during last month: no red, but last month's yellow rules still apply
    expect(monthlyFlag(f, { previous: clean, current: clean, consequenceYellow: false, registeredAllOfPrevious: false }).flag).toBe(null);
    expect(monthlyFlag(f, { previous: { ...clean, deductedPoints: 3 }, current: clean, consequenceYellow: false, registeredAllOfPrevious: false }).flag).toBe(
      'yellow',
    );
    expect(monthlyFlag(f, { previous: { ...clean, deductedPoints: 2, endPoints: 10 }, current: clean, consequenceYellow: false }).flag).toBe(null);
    expect(monthlyFlag(f, { previous: { ...clean, deductedPoints: 3, endPoints: 9 }, current: clean, consequenceYellow: false })).toEqual({
      flag: 'yellow',
      reasons: ['previous_month_deduction'],
    });
    expect(monthlyFlag(f, { previous: clean, current: { ...clean, endPoints: 7 }, consequenceYellow: false }).flag).toBe('red');
    expect(monthlyFlag(f, { previous: clean, current: { ...clean, endPoints: 6 }, consequenceYellow: false }).flag).toBe('yellow');
    expect(monthlyFlag(f, { previous: clean, current: { ...clean, upheldComplaints: 1 }, consequenceYellow: false }).flag).toBe('yellow');
    expect(monthlyFlag(f, { previous: clean, current: clean, consequenceYellow: true }).reasons).toEqual(['consequence']);
  });

  it('scores stars at their thresholds', () => {
    const s = D.stars;
    // a fresh merchant: 60 (points) + 10 (no rating) = 70 → 3 stars
    expect(starScore(s, { points: 12, upheldComplaints: 0, ratingAverage: null, participation: 0 })).toEqual({ score: 70, stars: 3 });
    expect(starScore(s, { points: 12, upheldComplaints: 0, ratingAverage: null, participation: 1 })).toEqual({ score: 75, stars: 4 });
    expect(starScore(s, { points: 12, upheldComplaints: 0, ratingAverage: 5, participation: 2 })).toEqual({ score: 90, stars: 5 });
    expect(starScore(s, { points: 12, upheldComplaints: 0, ratingAverage: 5, participation: 1 }).stars).toBe(4);
    expect(starScore(s, { points: 10, upheldComplaints: 0, ratingAverage: 1, participation: 0 })).toEqual({ score: 50, stars: 2 });
    expect(starScore(s, { points: 6, upheldComplaints: 0, ratingAverage: 1, participation: 2 })).toEqual({ score: 40, stars: 2 });
    expect(starScore(s, { points: 6, upheldComplaints: 0, ratingAverage: 1.2, participation: 1 })).toEqual({ score: 36, stars: 1 });
    expect(starScore(s, { points: 0, upheldComplaints: 3, ratingAverage: 1, participation: 0 })).toEqual({ score: 0, stars: 1 });
    expect(starScore(s, { points: 12, upheldComplaints: 0, ratingAverage: null, participation: 9 }).score).toBe(90);
  });

  it('closes the objection window after the configured days', () => {
    const t0 = SH('2026-11-01T10:00:00');
    expect(objectionOpen(15, t0, t0 + 15 * 86_400_000)).toBe(true);
    expect(objectionOpen(15, t0, t0 + 15 * 86_400_000 + 1)).toBe(false);
  });

  it('validates bodies naming the field', () => {
    const bad = CreditEntryCreate.safeParse({ kind: 'deduction' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['itemId']);
    expect(CreditEntryCreate.safeParse({ kind: 'restoration', points: 2 }).success).toBe(true);
    expect(CreditEntryCreate.safeParse({ kind: 'restoration' }).error?.issues[0]?.path).toEqual(['points']);
    const s = CreditSettings.safeParse({ ...D, stars: { ...D.stars, thresholds: [40, 40, 75, 90] } });
    expect(s.error?.issues[0]?.path.slice(0, 2)).toEqual(['stars', 'thresholds']);
    expect(CreditSettings.safeParse(D).success).toBe(true);
  });
});
