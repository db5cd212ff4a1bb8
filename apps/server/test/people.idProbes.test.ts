import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '@tongxin/domain';
import { loadConfig } from '../src/config.ts';
import { countRows, setupEnv, type Client, type TestEnv } from './harness.ts';

// The refusal limit of ID numbers held outside a narrower account's scope (people.idNumber.ts), configured low here
// (ID_NUMBER_PROBE_LIMIT=3): probes one after another and at the same moment record exactly that many refusals.

const LIMIT = 3;
const SECRET = 'test-secret-test-secret-test-secret-0123';

/** A valid fictional 居民身份证 number (义乌 330782) with its computed check character. */
const rid = (birth: string, seq: string) => {
  const f = `330782${birth}${seq}`;
  return `${f}${idNumberCheckChar(f)}`;
};

describe('ID-number probes', () => {
  let env: TestEnv;
  let A: { id: string; roles: Record<string, string> };
  let admin: Client;
  let cell: { id: string };
  /** numbers held by people of a grid the officers do not reach */
  const taken = Array.from({ length: 12 }, (_, i) => rid('19790304', String(100 + i)));

  beforeAll(async () => {
    env = await setupEnv({ ID_NUMBER_PROBE_LIMIT: String(LIMIT) });
    A = await env.alliance('IDP');
    admin = await env.member(A.id, A.roles['联盟管理员'] as string);
    const community = await admin.ok('POST', '/api/v1/grids', { name: '探测社区' });
    cell = await admin.ok('POST', '/api/v1/grids', { name: '本网格', parentId: community.id });
    const other = await admin.ok('POST', '/api/v1/grids', { name: '别的网格', parentId: community.id });
    for (const [i, n] of taken.entries()) await admin.ok('POST', '/api/v1/people', { name: `格外${i}`, gridId: other.id, idNumber: n });
  });
  afterAll(async () => env?.close());

  const officer = () => env.member(A.id, A.roles['网格员'] as string, { scopeGridId: cell.id });
  const refusalsBy = async (userId: string | null) =>
    (
      await env.deps.db
        .selectFrom('audit_log')
        .select('actor_id')
        .where('chain', '=', `alliance:${A.id}`)
        .where('action', '=', 'person.id_number_refused')
        .execute()
    ).filter((r) => r.actor_id === userId).length;
  const create = (c: Client, idNumber: string) => c.post('/api/v1/people', { name: '新登记', gridId: cell.id, idNumber });

  it('reads ID_NUMBER_PROBE_LIMIT: 5 by default, refuses 0, more than 100 and words naming the variable', () => {
    const limit = (v?: string) => loadConfig({ TONGXIN_SECRET: SECRET, ...(v === undefined ? {} : { ID_NUMBER_PROBE_LIMIT: v }) }).idNumberProbeLimit;
    expect(limit()).toBe(5);
    expect(limit('12')).toBe(12);
    for (const bad of ['0', '101', 'many', '2.5']) expect(() => limit(bad), bad).toThrow(/ID_NUMBER_PROBE_LIMIT/);
  });

  it('stops an account after the configured number of refusals within the hour', async () => {
    const o = await officer();
    for (const n of taken.slice(0, LIMIT)) expect((await create(o, n)).statusCode).toBe(400);
    const people = await countRows(env, 'people', A.id);
    for (const n of [taken[LIMIT] as string, rid('19790304', '901')]) {
      const r = await create(o, n);
      expect(r.statusCode).toBe(429);
      expect(r.json().error).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfter: 3600 } });
    }
    expect(await countRows(env, 'people', A.id)).toBe(people);
    expect(await refusalsBy(o.userId)).toBe(LIMIT);
  });

  it('records exactly the limit of simultaneous probes by one account; the rest are 429', async () => {
    const o = await officer();
    const answers = await Promise.all(taken.map((n) => create(o, n)));
    const statuses = answers.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([...Array(LIMIT).fill(400), ...Array(taken.length - LIMIT).fill(429)]);
    for (const r of answers)
      if (r.statusCode === 400) expect(r.json().error.details[0]).toMatchObject({ path: 'idNumber', code: 'duplicate' });
      else expect(r.json().error.code).toBe('RATE_LIMITED');
    expect(await refusalsBy(o.userId)).toBe(LIMIT);
    // another account of the same alliance has its own count
    const other = await officer();
    expect((await create(other, taken[0] as string)).statusCode).toBe(400);
    expect(await refusalsBy(other.userId)).toBe(1);
  });
});
