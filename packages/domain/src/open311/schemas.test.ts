import { describe, expect, it } from 'vitest';
import { Open311RequestCreate, Open311RequestsQuery, open311Status, parseW3c, w3cShanghai } from './schemas.ts';

describe('Open311 dates', () => {
  it('writes W3C datetimes in Asia/Shanghai with the offset', () => {
    expect(w3cShanghai(Date.UTC(2026, 10, 20, 2, 0, 0))).toBe('2026-11-20T10:00:00+08:00');
    expect(w3cShanghai(Date.UTC(2026, 11, 31, 16, 30, 5))).toBe('2027-01-01T00:30:05+08:00');
  });

  it('reads W3C datetimes with or without zone; no zone means Shanghai', () => {
    const at = Date.UTC(2026, 10, 20, 2, 0, 0);
    expect(parseW3c('2026-11-20T10:00:00+08:00')).toBe(at);
    expect(parseW3c('2026-11-20T02:00:00Z')).toBe(at);
    expect(parseW3c('2026-11-19T21:00:00-05:00')).toBe(at);
    expect(parseW3c('2026-11-20T10:00:00+0800')).toBe(at);
    expect(parseW3c('2026-11-20T10:00')).toBe(at);
    expect(parseW3c('2026-11-20T10:00:00.500Z')).toBe(Date.UTC(2026, 10, 20, 10, 0, 0, 500));
    expect(parseW3c('2026-11-20')).toBe(Date.UTC(2026, 10, 19, 16, 0, 0));
    for (const bad of ['yesterday', '2026-13-01', '2026-02-31', '20261120', '2026-11-20 10:00', '']) expect(parseW3c(bad)).toBeNull();
  });
});

describe('Open311 status', () => {
  it('is closed once resolved, closed, cancelled or merged', () => {
    expect(['submitted', 'dispatched', 'accepted'].map(open311Status)).toEqual(['open', 'open', 'open']);
    expect(['resolved', 'closed', 'cancelled', 'merged'].map(open311Status)).toEqual(['closed', 'closed', 'closed', 'closed']);
  });
});

describe('Open311 request parsing', () => {
  it('splits comma lists and turns dates into epoch ms', () => {
    const q = Open311RequestsQuery.parse({ service_request_id: 'A-1, B-2', status: 'open,closed', start_date: '2026-11-20', jurisdiction_id: '' });
    expect(q).toEqual({ service_request_id: ['A-1', 'B-2'], status: ['open', 'closed'], start_date: Date.UTC(2026, 10, 19, 16), jurisdiction_id: undefined });
    expect(Open311RequestsQuery.safeParse({ status: 'pending' }).success).toBe(false);
  });

  it('needs a service, a description and a place; empty fields count as absent', () => {
    const ok = Open311RequestCreate.parse({ service_code: 'HJWS', description: '垃圾', lat: '29.3', long: '120.07', phone: '', email: '' });
    expect(ok).toMatchObject({ lat: 29.3, long: 120.07, attributes: {} });
    expect(ok.phone).toBeUndefined();
    expect(Open311RequestCreate.parse({ service_code: 'HJWS', description: '垃圾', address_string: '荷花街' }).address_string).toBe('荷花街');
    const paths = (v: unknown) => (Open311RequestCreate.safeParse(v).error?.issues ?? []).map((i) => i.path.join('.'));
    expect(paths({ service_code: 'HJWS', description: '垃圾' })).toEqual(['lat']);
    expect(paths({ service_code: 'HJWS', description: '垃圾', lat: '29.3' })).toEqual(['long']);
    expect(paths({ description: '垃圾', address_string: 'x' })).toEqual(['service_code']);
  });
});
