import { describe, expect, it } from 'vitest';
import { readableTimes } from './time.ts';

describe('readableTimes', () => {
  it('shows the moments of an audit record in Asia/Shanghai time, at any depth', () => {
    const before = {
      id: '01a22232-6679-74f7-ba46-9a88d8ce9539',
      createdAt: 1795870058105,
      lastUsedAt: null,
      dueAt: 1796054400000,
      extension: { until: 1796140800000, previous_due_at: 1796054400000 },
      events: [{ at: 1795870058105 }],
    };
    expect(readableTimes(before)).toEqual({
      id: '01a22232-6679-74f7-ba46-9a88d8ce9539',
      createdAt: '2026-11-28 20:47:38',
      lastUsedAt: null,
      dueAt: '2026-12-01 00:00:00',
      extension: { until: '2026-12-02 00:00:00', previous_due_at: '2026-12-01 00:00:00' },
      events: [{ at: '2026-11-28 20:47:38' }],
    });
  });

  it('leaves every other number as it is, and a moment-named field that holds no epoch time', () => {
    const after = { points: 12, progress: 70, capacity: 60, amountFen: 1795870058105, createdAt: 3, sortOrder: 1795870058105 };
    expect(readableTimes(after)).toEqual(after);
    expect(readableTimes(null)).toBeNull();
    expect(readableTimes('x')).toBe('x');
  });
});
