import { describe, expect, it } from 'vitest';
import { fmtTime } from '../console/lib/time.ts';
import { dateOnly, dateTime, timeOfDay } from './dates.ts';

// 2026-11-28 16:05 UTC is 2026-11-29 00:05 in Asia/Shanghai
const LATE = Date.UTC(2026, 10, 28, 16, 5, 30);

describe('H5 dates', () => {
  it('writes YYYY-MM-DD [HH:mm] in Asia/Shanghai, like the console', () => {
    expect(dateTime(LATE)).toBe('2026-11-29 00:05');
    expect(dateOnly(LATE)).toBe('2026-11-29');
    expect(timeOfDay(LATE)).toBe('00:05');
    expect(dateTime(Date.UTC(2026, 0, 2, 1, 2))).toBe('2026-01-02 09:02');
  });

  it('reads like the console’s time of the same moment, summer or winter', () => {
    for (const ms of [LATE, Date.UTC(2026, 6, 1, 23, 59, 59), Date.UTC(1999, 11, 31, 16, 0)]) {
      expect(dateTime(ms)).toBe(fmtTime(ms).slice(0, 16));
      expect(dateOnly(ms)).toBe(fmtTime(ms).slice(0, 10));
    }
  });
});
