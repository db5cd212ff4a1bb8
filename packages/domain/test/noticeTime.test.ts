import { describe, expect, it } from 'vitest';
import { noticeTime } from '../src/index.ts';

describe('noticeTime', () => {
  it('writes a moment in Beijing time, as each language writes a date: 11月28日 14:05 / Nov 28, 14:05', () => {
    const at = Date.UTC(2026, 10, 28, 6, 5); // 14:05 in Shanghai
    expect(noticeTime(at, 'zh-CN')).toBe('11月28日 14:05');
    expect(noticeTime(at, 'en-US')).toBe('Nov 28, 14:05');
  });

  it('turns the day at midnight in Shanghai, not in UTC or the reader’s zone', () => {
    const lateUtc = Date.UTC(2026, 11, 31, 16, 30); // 00:30 on 1 January in Shanghai
    expect(noticeTime(lateUtc, 'zh-CN')).toBe('1月1日 00:30');
    expect(noticeTime(lateUtc, 'en-US')).toBe('Jan 1, 00:30');
    expect(noticeTime(Date.UTC(2026, 2, 5, 1, 0), 'en-US')).toBe('Mar 5, 09:00');
  });
});
