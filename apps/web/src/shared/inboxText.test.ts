import { NOTIFICATION_EVENTS, type InboxItem } from '@tongxin/domain';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadLocale } from './i18n.ts';
import { factsOf, summaryOf } from '../../../server/src/modules/notifications/notifications.text.ts';
import { inboxSummary } from './inboxText.ts';

const H = 3_600_000;
const item = (
  event: string,
  data: Record<string, unknown>,
  note: string | null,
  title = '稠州中路商铺音响外放招揽顾客，噪音扰民严重影响附近居民午休',
): InboxItem => ({
  id: '01a00000-0000-7000-8000-000000000000',
  event,
  reason: 'committee',
  ticketId: '01a00000-0000-7000-8000-000000000001',
  ticketNumber: 'HHX-20261120-0001',
  ticketTitle: title,
  merchantId: null,
  actorName: '吴国平',
  note,
  summary: summaryOf({ event, number: 'HHX-20261120-0001', title, actorName: '吴国平', note, data }),
  facts: factsOf(data, null),
  createdAt: 0,
  readAt: null,
});

// the apps build an inbox line from the item's facts in the user's language; in Chinese it must read exactly as the
// server's summary (the line chat robots and SMS get), for every event and its variants
describe('inboxSummary in Chinese', () => {
  const at = Date.UTC(2026, 10, 27, 10, 0);
  const cases: [string, Record<string, unknown>, string | null][] = [
    ...NOTIFICATION_EVENTS.map((e): [string, Record<string, unknown>, string | null] => [e, {}, null]),
    ['dispatch', { dueAt: at }, '请尽快核实处理'],
    ['sla_warning', { dueAt: at + H }, null],
    ['overdue', { dueAt: at - H }, null],
    ['rate', { stars: 5, solved: true, reopened: false }, '处理及时'],
    ['rate', { stars: 2, solved: false, reopened: true }, null],
    ['callback', { stars: 4, reopened: false }, '电话回访：满意'],
    ['request_extension', { until: at + 72 * H }, '需协调产权单位'],
    ['decide_extension', { approve: true }, null],
    ['decide_extension', { approve: false }, '理由不充分'],
    ['return', {}, '不属于本单位职责，请改派城管'],
    ['comment', {}, '  多行\n备注  '],
  ];
  it.each(cases)('%s %o', (event, data, note) => {
    const x = item(event, data, note);
    expect(inboxSummary(x)).toBe(x.summary);
  });

  it.each([
    ['overdue', { dueAt: at }, '已超时', 'overdue'],
    ['escalate', {}, '超时未办结，自动吹哨（工单 HHX-20261120-0001）', 'auto_escalate'],
    ['close_unrated', {}, '15 天未评价，自动办结', 'auto_close_unrated'],
  ] as const)('leaves out the SLA clock note of %s, which only restates the event', (event, data, note, code) => {
    const x = {
      ...item(event, data, note),
      summary: summaryOf({ event, number: 'HHX-20261120-0001', title: '井盖', actorName: '时效时钟', note, data, systemNote: code }),
      ticketTitle: '井盖',
      facts: factsOf(data, code),
    };
    expect(inboxSummary(x)).toBe(x.summary);
    expect(x.summary.endsWith(`：${note}`)).toBe(false);
  });

  it('leaves out a note that repeats the event, as the server does', () => {
    for (const [event, note] of [
      ['comment', '有新留言'],
      ['dispatch', '已派单'],
    ]) {
      const x = item(event!, {}, note!);
      expect(inboxSummary(x)).toBe(x.summary);
    }
  });

  it('masks a number that a line break split in the note, on the server and in the apps alike', () => {
    const x = item('comment', {}, '请联系 138 1234\n5678  或  13812345678');
    expect(x.summary).not.toMatch(/138 ?1234 ?5678/);
    expect(inboxSummary(x)).toBe(x.summary);
  });

  it('shows the stored line of an item without facts (a credit notice, or one of before)', () => {
    expect(inboxSummary({ ...item('dispatch', {}, null), facts: null, summary: '旧的摘要' })).toBe('旧的摘要');
  });
});

describe('inbox times in the reader’s language', () => {
  afterEach(() => vi.unstubAllGlobals());
  const at = Date.UTC(2026, 10, 27, 10, 0); // 18:00 in Shanghai

  it('says a deadline 11月27日 18:00 in Chinese, on the server’s line and in the apps alike', () => {
    const x = item('dispatch', { dueAt: at }, null);
    expect(x.summary).toContain('办结时限 11月27日 18:00');
    expect(inboxSummary(x)).toBe(x.summary);
  });

  it('says it Nov 27, 18:00 in English, from the stored facts (the stored Chinese line is not read)', async () => {
    vi.stubGlobal('localStorage', { getItem: () => 'en-US', setItem: () => undefined });
    await loadLocale();
    expect(inboxSummary(item('dispatch', { dueAt: at }, null, 'Noise'))).toContain('dispatched, due Nov 27, 18:00');
    expect(inboxSummary(item('request_extension', { until: at + 72 * H }, null, 'Noise'))).toContain('extension requested until Nov 30, 18:00');
  });
});
