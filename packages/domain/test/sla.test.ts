import { describe, expect, it } from 'vitest';
import { dueSoon } from '../src/index.ts';

const H = 3_600_000;

describe("dueSoon (the console's 临期 tag, the SLA clock's warning rule)", () => {
  it('is not 临期 the moment a short window opens: a 4-hour accept deadline only in its last 20 % or below half with under 4 h left', () => {
    const from = 0;
    const due = 4 * H;
    expect(dueSoon(from, due, from)).toBe(false);
    expect(dueSoon(1.5 * H, due, from)).toBe(false); // 2.5 h left of 4: over half
    expect(dueSoon(2.5 * H, due, from)).toBe(true); // 1.5 h left: under half and under 4 h
    expect(dueSoon(3.5 * H, due, from)).toBe(true);
  });

  it('warns a seven-day case within its last 20 %, and never after the deadline (that is 超期)', () => {
    const due = 7 * 24 * H;
    expect(dueSoon(5 * 24 * H, due, 0)).toBe(false); // 2 days of 7 left
    expect(dueSoon(6 * 24 * H, due, 0)).toBe(true); // 1 day left: under 20 %
    expect(dueSoon(due + 1, due, 0)).toBe(false);
  });
});
