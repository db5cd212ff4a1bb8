import { beforeEach, describe, expect, it, vi } from 'vitest';

const get = vi.fn();
vi.mock('../../../shared/api.ts', () => ({ get: (...a: unknown[]) => get(...a), post: vi.fn() }));
const { findMerchants } = await import('./api.ts');

describe('findMerchants (巡查商户 search)', () => {
  beforeEach(() => {
    get.mockReset();
    get.mockResolvedValue({ items: [{ id: 'm1' }] });
  });

  it('sends a whole phone number, in any spelling, as the registry exact phone lookup', async () => {
    for (const phone of ['13800005001', '138 0000 5001', '+86 138-0000-5001', '0579-85551234', '１３８００００５００１']) {
      get.mockClear();
      expect(await findMerchants(phone)).toEqual([{ id: 'm1' }]);
      expect(get.mock.calls).toEqual([['/merchants', { phone, pageSize: 20 }]]);
    }
  });

  it('asks the integrity lookup too when no shop has that phone (a code can be all digits)', async () => {
    get.mockImplementation((path: string) => Promise.resolve({ items: path === '/merchants' ? [] : [{ id: 'm2' }] }));
    expect(await findMerchants('13800005001')).toEqual([{ id: 'm2' }]);
    expect(get.mock.calls).toEqual([
      ['/merchants', { phone: '13800005001', pageSize: 20 }],
      ['/integrity/merchants', { q: '13800005001' }],
    ]);
  });

  it('sends anything else to the integrity lookup: names, credit codes, QR codes, part of a number', async () => {
    for (const q of ['荷花童装', '92330782MA2H00014N', 'https://x.example/m/AbCdEf123', '1380000', '138000050011']) {
      get.mockClear();
      await findMerchants(q);
      expect(get.mock.calls).toEqual([['/integrity/merchants', { q }]]);
    }
  });
});
