import { describe, expect, it } from 'vitest';
import { shanghaiYear, upheldSummary } from '../src/index.ts';

// instants given as Shanghai wall time (UTC+8)
const sh = (iso: string) => Date.parse(`${iso}+08:00`);

describe('the upheld-complaint summary the public page counts', () => {
  it("takes the Shanghai year, whose New Year's Eve is still the old year in UTC", () => {
    expect(shanghaiYear(sh('2026-01-01T00:00:00'))).toEqual({ year: 2026, start: sh('2026-01-01T00:00:00'), end: sh('2027-01-01T00:00:00') });
    expect(shanghaiYear(sh('2025-12-31T23:59:59')).year).toBe(2025);
  });

  it('counts the verdicts of the latest one’s year only, and nothing without any', () => {
    expect(upheldSummary([])).toEqual({ year: 0, count: 0 });
    const times = [sh('2025-12-31T23:59:59'), sh('2026-01-01T00:00:00'), sh('2026-06-01T10:00:00'), sh('2024-03-01T08:00:00')];
    expect(upheldSummary(times)).toEqual({ year: 2026, count: 2 });
    expect(upheldSummary([sh('2025-05-05T12:00:00')])).toEqual({ year: 2025, count: 1 });
  });
});
