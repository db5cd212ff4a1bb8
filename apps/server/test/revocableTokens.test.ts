import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, setupEnv, type TestEnv } from './harness.ts';

// API keys and display links share one revocable-token piece (modules/revocableTokens): the same last-used rule, the
// same audit records of creation and revocation.
describe('revocable tokens', () => {
  let env: TestEnv;
  let admin: Client;
  let A: { id: string; roles: Record<string, string> };

  beforeAll(async () => {
    env = await setupEnv();
    A = await env.alliance('RVKA');
    admin = await env.member(A.id, A.roles['联盟管理员']!);
  });
  afterAll(() => env?.close());

  const lastUsed = async (path: string, id: string) => (await admin.ok('GET', path)).items.find((x: any) => x.id === id).lastUsedAt;

  it('marks a token used at most once every period: an API key every minute, a display link every 10 minutes', async () => {
    const key = await admin.ok('POST', '/api/v1/api-keys', { name: '对接', roleId: A.roles['党委工作人员'] });
    const link = await admin.ok('POST', '/api/v1/display-links', { name: '大屏' });
    const cases = [
      { path: '/api/v1/api-keys', id: key.id, every: 60_000, use: () => new Client(env.app, null, { 'x-api-key': key.secret }).ok('GET', '/api/v1/orgs') },
      {
        path: '/api/v1/display-links',
        id: link.id,
        every: 10 * 60_000,
        use: () => new Client(env.app, null, { authorization: `Display ${link.token}` }).ok('GET', '/api/v1/display/info'),
      },
    ];
    for (const c of cases) {
      expect(await lastUsed(c.path, c.id)).toBeNull();
      await c.use();
      const first = env.clock.now();
      expect(await lastUsed(c.path, c.id)).toBe(first);
      env.clock.advance(c.every - 1);
      await c.use();
      expect(await lastUsed(c.path, c.id)).toBe(first);
      env.clock.advance(1);
      await c.use();
      expect(await lastUsed(c.path, c.id)).toBe(first + c.every);
    }
  });

  it('audits creation and the first revocation only, each kind under its own names', async () => {
    const key = await admin.ok('POST', '/api/v1/api-keys', { name: '吊销', roleId: A.roles['党委工作人员'] });
    const link = await admin.ok('POST', '/api/v1/display-links', { name: '停用' });
    for (const [path, id] of [
      ['/api/v1/api-keys', key.id],
      ['/api/v1/display-links', link.id],
    ]) {
      await admin.ok('DELETE', `${path}/${id}`);
      env.clock.advance(1000);
      await admin.ok('DELETE', `${path}/${id}`);
      expect((await admin.del(`${path}/01900000-0000-7000-8000-000000000000`)).statusCode).toBe(404);
    }
    const audit = async (id: string) =>
      (
        await env.deps.db.selectFrom('audit_log').select(['action', 'entity', 'before_json', 'after_json']).where('entity_id', '=', id).orderBy('seq').execute()
      ).map((r) => ({
        action: r.action,
        entity: r.entity,
        revokedBefore: r.before_json === null ? undefined : JSON.parse(r.before_json).revokedAt,
        revokedAfter: JSON.parse(r.after_json as string).revokedAt,
      }));
    const k = await audit(key.id);
    expect(k.map((r) => [r.action, r.entity])).toEqual([
      ['apikey.create', 'api_key'],
      ['apikey.revoke', 'api_key'],
    ]);
    const l = await audit(link.id);
    expect(l.map((r) => [r.action, r.entity])).toEqual([
      ['display_link.create', 'display_link'],
      ['display_link.revoke', 'display_link'],
    ]);
    for (const rows of [k, l]) {
      expect(rows[1]!.revokedBefore).toBeNull();
      expect(typeof rows[1]!.revokedAfter).toBe('number');
    }
  });
});
