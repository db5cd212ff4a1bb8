// A ticket list counts its matches only up to TICKET_COUNT_CAP (a grown alliance's unfiltered list had read every ticket
// it ever had, for every page): exactly at the cap the total is exact, one past it the list says it is capped, filters
// and "my reports" still count exactly below it, and another alliance's tickets never count. The export counts the same
// way and says the file was cut. Both databases.
import { TICKET_COUNT_CAP } from '@tongxin/domain';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupEnv, type Client, type TestEnv } from './harness.ts';

let env: TestEnv;
let A: { id: string; roles: Record<string, string> };
let staff: Client;
let otherStaff: Client;
let template: string;
beforeAll(async () => {
  env = await setupEnv();
  A = await env.alliance('CNTA');
  staff = await env.member(A.id, A.roles['联盟管理员'] as string);
  const categoryId = (await staff.ok('GET', '/api/v1/categories?pageSize=100')).items[0].id;
  template = (await staff.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId, description: '中山路口井盖松动，车辆经过时响声很大' }, 201)).id;
  const B = await env.alliance('CNTB');
  otherStaff = await env.member(B.id, B.roles['联盟管理员'] as string);
  const otherCategory = (await otherStaff.ok('GET', '/api/v1/categories?pageSize=100')).items[0].id;
  await otherStaff.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: otherCategory, description: '解放路人行道地砖破损' }, 201);
}, 60_000);
afterAll(async () => env?.close());

/** Copies of the template ticket in bulk (a grown alliance): new ids and numbers, older creation times. */
async function copies(from: number, to: number): Promise<void> {
  const cols = Object.keys(await env.deps.db.selectFrom('tickets').selectAll().where('id', '=', template).executeTakeFirstOrThrow());
  const expr = (c: string) =>
    c === 'id' || c === 'number' ? sql`t.${sql.ref(c)} || '-' || s.n` : c === 'created_at' ? sql`t.created_at - s.n` : sql`t.${sql.ref(c)}`;
  await sql`insert into tickets (${sql.join(cols.map((c) => sql.ref(c)))})
    with recursive s(n) as (select cast(${from} as integer) union all select n + 1 from s where n < cast(${to} as integer))
    select ${sql.join(cols.map(expr))} from tickets t cross join s where t.id = ${template}`.execute(env.deps.db);
}

const list = (c: Client, query = '') => c.ok<{ items: unknown[]; total: number; totalCapped: boolean }>('GET', `/api/v1/tickets?pageSize=20${query}`);

describe('ticket list count', () => {
  it('is exact up to the cap, says when more match, and never counts another alliance', async () => {
    await copies(1, TICKET_COUNT_CAP - 1);
    const exact = await list(staff);
    expect(exact).toMatchObject({ total: TICKET_COUNT_CAP, totalCapped: false });
    expect(exact.items).toHaveLength(20);

    await copies(TICKET_COUNT_CAP, TICKET_COUNT_CAP);
    expect(await list(staff)).toMatchObject({ total: TICKET_COUNT_CAP, totalCapped: true });
    // the same tickets through "my reports" (the staff member reported them all) and the open queue
    expect(await list(staff, '&mine=true')).toMatchObject({ total: TICKET_COUNT_CAP, totalCapped: true });
    expect(await list(staff, '&status=submitted&page=500')).toMatchObject({ total: TICKET_COUNT_CAP, totalCapped: true });
    // a filter that matches none, and another alliance with one ticket, count exactly
    expect(await list(staff, '&status=closed')).toMatchObject({ items: [], total: 0, totalCapped: false });
    expect(await list(otherStaff)).toMatchObject({ total: 1, totalCapped: false });

    const res = await staff.get('/api/v1/tickets/export');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('工单')!.rowCount).toBe(TICKET_COUNT_CAP + 1);
    const notes = [1, 2].map((n) => (wb.getWorksheet('说明')!.getRow(n).values as unknown[]).join(''));
    expect(notes[0]).toContain(`超过 ${TICKET_COUNT_CAP} 条符合筛选条件，本文件含 ${TICKET_COUNT_CAP} 条`);
    expect(notes[1]).toContain('请缩小筛选范围');
  }, 120_000);
});
