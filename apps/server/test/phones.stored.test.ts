import { completeCreditCode } from '@tongxin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, setupEnv, type Client, type TestEnv } from './harness.ts';

// A phone stored before today's format check (written by an import or an older version) must not block saving its
// record as shown: sent back unchanged — in full, in another spelling, or as shown masked — it is no change; a changed
// number is still checked (400 invalid_phone naming the field). The blind index follows the stored number.

/** a local landline without its area code: refused by today's PhoneInput, found in older records */
const OLD = '85551234';

interface Case {
  /** the table, also the resource's path under /api/v1 */
  table: 'people' | 'units' | 'merchants' | 'resources';
  url: string;
  field: 'phone' | 'contactPhone';
  column: 'phone' | 'contact_phone';
  id: string;
  /** another field the edit may change, and a value for it */
  other: Record<string, string>;
}

/** The case of one row: a person's phone is `phone`, the others' a contact's. */
const caseOf = (table: Case['table'], id: string, other: Record<string, string>): Case => ({
  table,
  url: `/api/v1/${table}/${id}`,
  ...(table === 'people' ? { field: 'phone', column: 'phone' } : { field: 'contactPhone', column: 'contact_phone' }),
  id,
  other,
});

describe('a phone stored in an old format', () => {
  let env: TestEnv;
  let admin: Client;
  const cases: Case[] = [];

  beforeAll(async () => {
    env = await setupEnv();
    const A = await env.alliance('OLDPH');
    admin = await env.member(A.id, A.roles['联盟管理员'] as string);
    const person = await admin.ok('POST', '/api/v1/people', { name: '旧号码居民', phone: '13800001111' }, 201);
    const unit = await admin.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '旧号码物业', contactPhone: '13800001112' }, 201);
    const creditCode = completeCreditCode('92330782NP000001') as string;
    const shop = await admin.ok('POST', '/api/v1/merchants', { creditCode, name: '旧号码小吃', businessType: 'catering', contactPhone: '13800001113' }, 201);
    const resource = await admin.ok('POST', '/api/v1/resources', { unitId: unit.id, category: 'venue', title: '旧号码场地', contactPhone: '13800001114' }, 201);
    cases.push(
      caseOf('people', person.id, { title: '楼长' }),
      caseOf('units', unit.id, { duties: '保洁' }),
      caseOf('merchants', shop.id, { address: '宾王路 2 号' }),
      caseOf('resources', resource.id, { address: '宾王路 3 号' }),
    );
  });
  afterAll(async () => env?.close());

  /** The stored ciphertext and blind index of the case's phone. */
  const stored = async (c: Case) => {
    const row = (await env.deps.db
      .selectFrom(c.table as 'units')
      .select([`${c.column}_enc as enc` as 'contact_phone_enc', `${c.column}_bidx as bidx` as 'contact_phone_bidx'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow()) as unknown as { enc: string | null; bidx: string | null };
    return { ...row, phone: env.deps.cipher.decrypt(row.enc) };
  };

  /** Writes a phone straight into the row, as an older version did: normalised as it was then, indexed. */
  const plant = async (c: Case, phone: string) => {
    await env.deps.db
      .updateTable(c.table as 'units')
      .set({ [`${c.column}_enc`]: env.deps.cipher.encrypt(phone), [`${c.column}_bidx`]: env.deps.cipher.phoneIndex(phone) } as {
        contact_phone_enc: string;
        contact_phone_bidx: string;
      })
      .where('id', '=', c.id)
      .execute();
  };

  it('saves the stored number sent back in full, in another spelling or as shown as no change, with nothing written', async () => {
    for (const c of cases) {
      await plant(c, OLD);
      const before = await stored(c);
      const shown = await admin.ok('GET', c.url);
      expect(shown[c.field], c.table).toBe('****1234');
      const audits = await countRows(env, 'audit_log');
      for (const phone of [OLD, '8555 1234', '８５５５１２３４', shown[c.field]])
        expect(await admin.ok('PATCH', c.url, { [c.field]: phone }), `${c.table} ${phone}`).toEqual(shown);
      expect(await countRows(env, 'audit_log'), c.table).toBe(audits);
      expect(await stored(c), c.table).toEqual(before);
      // with another field changed: that one is saved, the phone and its index stay
      const edited = await admin.ok('PATCH', c.url, { [c.field]: OLD, ...c.other });
      expect(edited, c.table).toMatchObject({ ...c.other, [c.field]: '****1234' });
      expect(await countRows(env, 'audit_log'), c.table).toBe(audits + 1);
      expect(await stored(c), c.table).toEqual(before);
    }
  });

  it('refuses a changed number of a wrong format naming the field, and saves a valid one with its blind index', async () => {
    for (const c of cases) {
      await plant(c, OLD);
      const before = await stored(c);
      const audits = await countRows(env, 'audit_log');
      // another old-style number, a mask that is not the stored one, a mobile too short
      for (const bad of ['85551235', '****1235', '1380000111']) {
        const r = await admin.patch(c.url, { [c.field]: bad, ...c.other });
        expect(r.statusCode, `${c.table} ${bad}: ${r.body}`).toBe(400);
        expect(r.json().error.details, `${c.table} ${bad}`).toEqual([expect.objectContaining({ path: c.field, code: 'invalid_phone' })]);
      }
      expect(await countRows(env, 'audit_log'), c.table).toBe(audits);
      expect(await stored(c), c.table).toEqual(before);
      // the shape is still checked by the schema
      expect((await admin.patch(c.url, { [c.field]: '1'.repeat(25) })).statusCode, c.table).toBe(400);
      // a valid new number, in any spelling: stored normalised, indexed, found by ?phone=
      expect((await admin.ok('PATCH', c.url, { [c.field]: '+86 139 0000 2222' }))[c.field], c.table).toBe('139****2222');
      const now = await stored(c);
      expect(now.phone, c.table).toBe('13900002222');
      expect(now.bidx, c.table).toBe(env.deps.cipher.phoneIndex('13900002222'));
      const list = c.url.slice(0, c.url.lastIndexOf('/'));
      if (c.table !== 'resources')
        expect(
          (await admin.ok('GET', `${list}?phone=13900002222`)).items.map((x: { id: string }) => x.id),
          c.table,
        ).toEqual([c.id]);
      // cleared: no number, no index
      await admin.ok('PATCH', c.url, { [c.field]: '' });
      expect(await stored(c), c.table).toEqual({ enc: null, bidx: null, phone: null });
    }
  });
});
