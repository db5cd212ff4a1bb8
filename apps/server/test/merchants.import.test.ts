import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { completeCreditCode } from '@tongxin/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTemplate, type TemplateRow } from '../src/modules/merchants/merchants.xlsx.ts';
import { OOXML_PARTS, zipOf } from './fixtures/merchants/zip.ts';
import { countRows, setupEnv, type Client, type TestEnv } from './harness.ts';

const code = (n: number) => completeCreditCode(`92330782MB${String(n).padStart(6, '0')}`) as string;

/** A multipart/form-data body with one file part. */
function multipart(bytes: Buffer, filename = 'merchants.xlsx', field = 'file') {
  const boundary = `----tongxin${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(c: Client, bytes: Buffer, mode = 'valid', filename?: string, lang?: 'en-US' | 'zh-CN') {
  const b = multipart(bytes, filename);
  const url = `/api/v1/merchants/import?mode=${mode}${lang ? `&lang=${lang}` : ''}`;
  return c.app.inject({ method: 'POST', url, headers: { ...b.headers, cookie: c.cookie ?? '' }, payload: b.payload });
}

async function sheetOf(bytes: Buffer, name = '商户'): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.getWorksheet(name) as ExcelJS.Worksheet;
}

const row = (n: number, extra: TemplateRow = {}): TemplateRow => ({
  name: `义乌商户${n}`,
  creditCode: code(n),
  businessType: '餐饮',
  status: '在营',
  grid: 'TH-01 第一网格',
  address: `宾王路${n}号`,
  operatorName: '张三',
  partyMember: n % 2 ? '是' : '否',
  contactPhone: `1380000${String(1000 + n).slice(-4)}`,
  ...extra,
});

describe('merchant Excel import', () => {
  let env: TestEnv;
  let A: { id: string; roles: Record<string, string> };
  let B: { id: string; roles: Record<string, string> };
  let admin: Client;
  let adminB: Client;
  let grid2: string;

  beforeAll(async () => {
    env = await setupEnv();
    A = await env.alliance('MIA');
    B = await env.alliance('MIB');
    admin = await env.member(A.id, A.roles['联盟管理员'] as string);
    adminB = await env.member(B.id, B.roles['联盟管理员'] as string);
    await admin.ok('POST', '/api/v1/grids', { name: '第一网格', code: 'TH-01' });
    grid2 = (await admin.ok('POST', '/api/v1/grids', { name: '第二网格', code: 'TH-02' })).id;
  });
  afterAll(async () => env?.close());

  it('offers a template: drop-downs from a hidden dictionary sheet, text code and phone columns, notes', async () => {
    const r = await admin.get('/api/v1/merchants/template');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['商户', '填写说明', '字典']);
    expect(wb.getWorksheet('字典')?.state).toBe('hidden');
    const dict = JSON.stringify(wb.getWorksheet('字典')?.getSheetValues());
    expect(dict).toContain('美容美发');
    expect(dict).toContain('TH-02 第二网格');
    const ws = wb.getWorksheet('商户') as ExcelJS.Worksheet;
    expect(ws.getRow(1).getCell(2).value).toBe('统一社会信用代码*');
    expect(ws.getColumn(2).numFmt).toBe('@');
    expect(ws.getColumn(9).numFmt).toBe('@');
    expect(ws.getCell('C2').dataValidation).toMatchObject({ type: 'list', formulae: ['字典!$A$2:$A$13'] });
    expect(JSON.stringify(wb.getWorksheet('填写说明')?.getSheetValues())).toContain('GB 32100');
  });

  it('imports the valid rows (mode valid) and reports every problem of each rejected row', async () => {
    const file = await buildTemplate(
      [],
      [
        row(1),
        row(2, { grid: 'TH-02' }),
        row(3, { lng: 120.07, lat: 29.3, crs: 'GCJ-02' }),
        row(4, { creditCode: code(4).slice(0, 17) + (code(4).endsWith('0') ? '1' : '0'), businessType: '赌场', contactPhone: '12345678901' }),
        row(5, { name: '', grid: '不存在的网格', partyMember: '也许' }),
        row(6, { creditCode: code(1) }), // the same code as row 2 of the sheet
        // a new shop with a masked phone copied from an export, both coordinates out of range and no name
        row(7, { name: '', contactPhone: '138****1007', lng: 200, lat: 100, crs: 'WGS-84' }),
      ],
    );
    const r = await upload(admin, file);
    expect(r.statusCode, r.body).toBe(200);
    const res = r.json();
    expect(res).toMatchObject({ mode: 'valid', committed: true, total: 7, created: 3, updated: 0, unchanged: 0, rejected: 4 });
    const byRow = new Map<number, string[]>(res.errors.map((e: { row: number; reasons: string[] }) => [e.row, e.reasons]));
    expect(byRow.get(5)?.length).toBe(3); // code check, 业态, phone
    expect(byRow.get(5)?.join()).toMatch(/校验码|校验位/);
    expect(byRow.get(6)?.length).toBe(3); // name, grid, party member
    expect(byRow.get(7)?.join()).toContain('第 2 行');
    // every problem of the row at once, also the one only known after looking the code up
    expect(byRow.get(8)).toEqual(expect.arrayContaining(['商户名称必填', '经度“200”不正确', '纬度“100”不正确', '联系电话是脱敏号码，新商户请填写完整号码']));
    expect(await countRows(env, 'merchants', A.id)).toBe(3);
    const m3 = (await admin.ok('GET', `/api/v1/merchants?q=${code(3).slice(10)}`)).items[0];
    expect(m3.location).toEqual({ lng: 120.07, lat: 29.3, crs: 'gcj02' });
    expect(m3.wgs84.lng).not.toBe(120.07);
    expect(m3.contactPhone).toBe('138****1003');
    expect((await admin.ok('GET', `/api/v1/merchants?gridId=${grid2}`)).total).toBe(1);

    // the report repeats each rejected row with every reason, phones masked
    const rep = await admin.get(res.reportUrl);
    expect(rep.statusCode).toBe(200);
    const ws = await sheetOf(rep.rawPayload);
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.at(-1)).toBe('错误原因');
    expect(header.at(-2)).toBe('原行号');
    expect(ws.rowCount).toBe(5);
    const first = (ws.getRow(2).values as unknown[]).slice(1);
    expect(first[0]).toBe('义乌商户4');
    expect(String(first.at(-1)).split('；').length).toBe(3);
    // its uploader gets the bad phone back as typed, to correct it
    expect(first[8]).toBe('12345678901');
    // a report belongs to its alliance
    expect((await adminB.get(res.reportUrl)).statusCode).toBe(404);
  });

  it('gives an import report to its uploader and to the whole alliance scope, not to another importer in a grid', async () => {
    const gridId = (await admin.ok('GET', '/api/v1/grids?pageSize=100')).items.find((g: { code: string }) => g.code === 'TH-01').id as string;
    const officer = await env.member(A.id, A.roles['网格员'] as string, { scopeGridId: gridId });
    const other = await env.member(A.id, A.roles['网格员'] as string, { scopeGridId: gridId });
    const bad = (n: number) => buildTemplate([], [row(n, { businessType: '' })]);
    const byAdmin = (await upload(admin, await bad(41))).json();
    const byOfficer = (await upload(officer, await bad(42))).json();
    expect([byAdmin.rejected, byOfficer.rejected]).toEqual([1, 1]);
    // another importer with a grid scope: 404, and not a word of the rows
    for (const url of [byAdmin.reportUrl, byOfficer.reportUrl].map(String)) {
      const r = await other.get(url);
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain('义乌商户');
    }
    expect((await officer.get(byAdmin.reportUrl)).statusCode).toBe(404);
    // the uploader reads their own; an administrator of the whole alliance reads any
    for (const [c, url] of [
      [officer, byOfficer.reportUrl],
      [admin, byOfficer.reportUrl],
      [admin, byAdmin.reportUrl],
    ] as const) {
      const r = await c.get(url);
      expect(r.statusCode).toBe(200);
      expect(JSON.stringify((await sheetOf(r.rawPayload)).getSheetValues())).toContain('义乌商户');
    }
  });

  it('gives the uploader the report as typed, which re-imports once fixed; another alliance administrator gets phones masked', async () => {
    const file = await buildTemplate([], [row(51, { contactPhone: '12345' }), row(52, { businessType: '赌场', contactPhone: '13900001052' })]);
    const res = (await upload(admin, file)).json();
    expect(res).toMatchObject({ created: 0, rejected: 2 });
    const phones = async (ws: ExcelJS.Worksheet) => [2, 3].map((n) => ws.getRow(n).getCell(9).value);
    expect((await sheetOf((await admin.get(res.reportUrl)).rawPayload)).getRow(1).getCell(9).value).toBe('联系电话');

    // another administrator of the whole alliance reads it, masked: reading a report is no phone reveal
    const admin2 = await env.member(A.id, A.roles['联盟管理员'] as string);
    const other = await admin2.get(res.reportUrl);
    expect(other.statusCode).toBe(200);
    const otherWs = await sheetOf(other.rawPayload);
    expect(await phones(otherWs)).toEqual(['*2345', '139****1052']);
    expect(JSON.stringify(otherWs.getSheetValues())).not.toContain('13900001052');

    // the uploader: every value as typed; fixing the two rows in the report and importing it creates both shops
    const mine = await admin.get(res.reportUrl);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(mine.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('商户') as ExcelJS.Worksheet;
    expect(await phones(ws)).toEqual(['12345', '13900001052']);
    ws.getRow(2).getCell(9).value = '13900001051';
    ws.getRow(3).getCell(3).value = '餐饮';
    const fixed = Buffer.from(await wb.xlsx.writeBuffer());
    const again = (await upload(admin, fixed)).json();
    expect(again).toMatchObject({ created: 2, rejected: 0 });
    const m = (await admin.ok('GET', `/api/v1/merchants?q=${code(52).slice(10)}`)).items[0];
    expect(m).toMatchObject({ businessType: 'catering', contactPhone: '139****1052' });

    // rows whose phones came masked already (from an export) give one report, the same for everyone: no typed copy
    const maskedOnly = (await upload(admin, await buildTemplate([], [row(53, { contactPhone: '139****1053' })]))).json();
    expect(maskedOnly).toMatchObject({ rejected: 1 });
    const stored = await env.deps.db.selectFrom('merchant_import_reports').selectAll().where('id', '=', maskedOnly.reportFileId).executeTakeFirstOrThrow();
    expect(stored.typed_content_enc).toBeNull();
    expect(await phones(await sheetOf((await admin.get(maskedOnly.reportUrl)).rawPayload))).toEqual(['139****1053', null]);
  });

  it('imports nothing in mode all when a row is bad, and everything when all rows are good', async () => {
    const before = await countRows(env, 'merchants', A.id);
    const bad = await buildTemplate([], [row(11), row(12), row(13, { businessType: '' })]);
    const r = (await upload(admin, bad, 'all')).json();
    expect(r).toMatchObject({ committed: false, created: 0, updated: 0, rejected: 1 });
    expect(r.reportFileId).toBeTruthy();
    expect(await countRows(env, 'merchants', A.id)).toBe(before);
    const good = await buildTemplate([], [row(11), row(12), row(13)]);
    expect((await upload(admin, good, 'all')).json()).toMatchObject({ committed: true, created: 3, rejected: 0, reportFileId: null });
  });

  it('re-imports by credit code idempotently: same file twice → same state; a change updates the merchant', async () => {
    const file = await buildTemplate([], [row(21), row(22), row(23, { lng: 120.1, lat: 29.3 })]);
    expect((await upload(admin, file)).json()).toMatchObject({ created: 3, updated: 0 });
    const snapshot = async () => env.deps.db.selectFrom('merchants').selectAll().where('alliance_id', '=', A.id).orderBy('credit_code').execute();
    const s1 = await snapshot();
    env.clock.advance(60_000);
    expect((await upload(admin, file)).json()).toMatchObject({ created: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(await snapshot()).toEqual(s1);

    const changed = await buildTemplate(
      [],
      [row(21, { name: '义乌商户21（改名）', contactPhone: '13900001111' }), row(22), row(23, { lng: 120.1, lat: 29.3 })],
    );
    expect((await upload(admin, changed)).json()).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    const m = (await admin.ok('GET', `/api/v1/merchants?q=${code(21).slice(10)}`)).items[0];
    expect(m).toMatchObject({ name: '义乌商户21（改名）', contactPhone: '139****1111' });
    expect(await countRows(env, 'merchants', A.id)).toBe(s1.length);
    const audit = await admin.ok('GET', '/api/v1/audit?action=merchant.import&pageSize=50');
    expect(audit.total).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(audit)).not.toContain('13900001111');
  });

  it('re-imports its own export unchanged (masked phones keep the stored numbers)', async () => {
    const exp = await admin.get('/api/v1/merchants/export');
    expect(exp.statusCode).toBe(200);
    const n = await countRows(env, 'merchants', A.id);
    const r = (await upload(admin, exp.rawPayload)).json();
    expect(r).toMatchObject({ total: n, created: 0, updated: 0, unchanged: n, rejected: 0 });
    expect(JSON.stringify(r)).not.toMatch(/1[3-9]\d{9}/);
  });

  it('exports in English when the console asks, and the English export re-imports unchanged', async () => {
    const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
    const exp = await admin.get('/api/v1/merchants/export?lang=en-US');
    expect(exp.statusCode).toBe(200);
    expect(exp.headers['content-disposition']).toBe(`attachment; filename="merchants.xlsx"; filename*=UTF-8''Merchants.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exp.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Merchants']);
    const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header.slice(0, 3)).toEqual(['Merchant name*', 'Unified social credit code*', 'Business type*']);
    expect(header).toEqual(expect.arrayContaining(['Contact phone', 'Public code', 'Credit points', 'Plaques']));
    expect(header.join()).not.toMatch(CJK);
    // the dictionary cells are English too, and the file goes back in as it came out
    const cells = wb.worksheets[0]!.getSheetValues().slice(2) as unknown[][];
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) expect([c[3], c[4], c[8], c[18]].join()).not.toMatch(CJK);
    const n = await countRows(env, 'merchants', A.id);
    const r = (await upload(admin, exp.rawPayload)).json();
    expect(r).toMatchObject({ total: n, created: 0, updated: 0, unchanged: n, rejected: 0 });
    // Chinese stays the default
    const zh = await admin.get('/api/v1/merchants/export');
    expect(zh.headers['content-disposition']).toBe(`attachment; filename="merchants.xlsx"; filename*=UTF-8''${encodeURIComponent('商户名录.xlsx')}`);
    expect((await sheetOf(zh.rawPayload)).getRow(1).getCell(1).value).toBe('商户名称*');
  });

  it('round-trips its export in either language: English cells (any letter case) and Chinese cells import back unchanged', async () => {
    const seed = await buildTemplate(
      [],
      [
        row(71, { status: '已歇业', partyMember: '是', lng: 120.07, lat: 29.3, crs: 'GCJ-02' }),
        row(72, { businessType: '美容美发', partyMember: '否' }),
        row(73, { businessType: '医药', status: '', grid: '' }),
      ],
    );
    expect((await upload(admin, seed)).json()).toMatchObject({ rejected: 0 });
    await env.deps.db
      .updateTable('merchants')
      .set({ credit_flag: 'red', plaques: JSON.stringify(['trusted', '自定义牌']) })
      .where('alliance_id', '=', A.id)
      .where('credit_code', '=', code(71))
      .execute();
    const snapshot = async () => env.deps.db.selectFrom('merchants').selectAll().where('alliance_id', '=', A.id).orderBy('credit_code').execute();
    const before = await snapshot();
    const n = before.length;
    const rowOf = async (bytes: Buffer, sheet: string, n: number) => {
      const ws = await sheetOf(bytes, sheet);
      const found = (ws.getSheetValues() as unknown[][]).find((r) => r?.[2] === code(n));
      return (found as unknown[]).slice(1, 19);
    };

    const en = (await admin.get('/api/v1/merchants/export?lang=en-US')).rawPayload;
    expect(await rowOf(en, 'Merchants', 71)).toEqual(
      expect.arrayContaining(['Catering', 'Closed', 'Yes', 'Red flag', 'Trusted shop, 自定义牌', 'No', 'GCJ-02']),
    );
    expect((await rowOf(en, 'Merchants', 72)).slice(2, 8)).toEqual(['Beauty & hair', 'Operating', 'TH-01 第一网格', '宾王路72号', '张三', 'No']);
    // an English export goes back in as it came out, whichever language the import request is in
    for (const lang of ['en-US', 'zh-CN', undefined] as const)
      expect((await upload(admin, en, 'valid', 'x.xlsx', lang)).json()).toMatchObject({ total: n, unchanged: n, updated: 0, created: 0, rejected: 0 });
    expect(await snapshot()).toEqual(before);

    const zh = (await admin.get('/api/v1/merchants/export')).rawPayload;
    expect(await rowOf(zh, '商户', 71)).toEqual(expect.arrayContaining(['餐饮', '已歇业', '是', '红旗', '放心店、自定义牌', '否']));
    expect((await upload(admin, zh, 'valid', 'x.xlsx', 'en-US')).json()).toMatchObject({ total: n, unchanged: n, rejected: 0 });
    expect(await snapshot()).toEqual(before);

    // English values typed by hand: any letter case and spacing
    const typed = await buildTemplate(
      [],
      [row(72, { businessType: 'PHARMACY', status: ' closed ', partyMember: 'YES' }), row(74, { businessType: 'beauty & HAIR' })],
      'en',
    );
    expect((await upload(admin, typed, 'valid', 'x.xlsx', 'en-US')).json()).toMatchObject({ created: 1, updated: 1, rejected: 0 });
    const m72 = (await admin.ok('GET', `/api/v1/merchants?q=${code(72).slice(10)}`)).items[0];
    expect(m72).toMatchObject({ businessType: 'pharmacy', status: 'closed', partyMemberOperator: true });
    expect((await admin.ok('GET', `/api/v1/merchants?q=${code(74).slice(10)}`)).items[0]).toMatchObject({ businessType: 'beauty' });
  });

  it('names a report after the upload with an RFC 5987 filename* (brackets and quotes encoded)', async () => {
    const res = (await upload(admin, await buildTemplate([], [row(51, { businessType: '' })]), 'valid', "商户 (1)'s.xlsx")).json();
    const rep = await admin.get(res.reportUrl);
    expect(rep.statusCode).toBe(200);
    const star = /filename\*=UTF-8''(.+)$/.exec(String(rep.headers['content-disposition']))![1]!;
    // attr-char only: letters, digits and !#$&+-.^_`|~, everything else percent-encoded
    expect(star).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
    expect(decodeURIComponent(star)).toBe("商户 (1)'s-错误报告.xlsx");
  });

  it('writes the template in the language of the request (?lang=, else Accept-Language), Chinese by default', async () => {
    const en = await admin.get('/api/v1/merchants/template?lang=en-US');
    expect(en.statusCode).toBe(200);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(String(en.headers['content-disposition']))![1]!)).toBe('Merchant import template.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Merchants', 'Instructions', 'Lists']);
    const ws = wb.getWorksheet('Merchants')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['Merchant name*', 'Unified social credit code*', 'Business type*', 'Status']);
    expect(header.join()).not.toMatch(/[\u4e00-\u9fff]/);
    // the drop-downs offer English values (the import reads them, and the Chinese ones), and the instructions say so
    const lists = wb.getWorksheet('Lists')!;
    expect(lists.state).toBe('hidden');
    expect(lists.getColumn(1).values.slice(1, 4)).toEqual(['Business type', 'Catering', 'Retail']);
    expect(lists.getColumn(2).values.slice(1)).toEqual(['Status', 'Operating', 'Closed']);
    expect(lists.getColumn(4).values.slice(1)).toEqual(['Yes / No', 'Yes', 'No']);
    expect(JSON.stringify(lists.getSheetValues())).not.toContain('餐饮');
    expect(ws.getCell('C2').dataValidation).toMatchObject({ type: 'list', formulae: ['Lists!$A$2:$A$13'] });
    const notes = JSON.stringify(wb.getWorksheet('Instructions')?.getSheetValues());
    expect(notes).toContain('GB 32100');
    expect(notes).toContain('Operating or Closed; empty means Operating');
    expect(notes).toContain('Yes or No; empty means No');
    // the browser's language when the console sends none; Chinese without either
    const byHeader = await admin.app.inject({
      method: 'GET',
      url: '/api/v1/merchants/template',
      headers: { cookie: admin.cookie ?? '', 'accept-language': 'en-US,en;q=0.9' },
    });
    expect((await sheetOf(byHeader.rawPayload, 'Merchants')).getRow(1).getCell(1).value).toBe('Merchant name*');
    const zh = await admin.get('/api/v1/merchants/template');
    expect((await sheetOf(zh.rawPayload)).getRow(1).getCell(1).value).toBe('商户名称*');
  });

  it('gives the reasons and the report of an English import in English; a filled-in English template imports', async () => {
    const file = await buildTemplate([], [row(61), row(62, { name: '', businessType: '赌场', partyMember: '也许' }), row(63, { creditCode: code(61) })], 'en');
    const b = multipart(file, 'shops.xlsx');
    const r = await admin.app.inject({
      method: 'POST',
      url: '/api/v1/merchants/import?mode=valid&lang=en-US',
      headers: { ...b.headers, cookie: admin.cookie ?? '' },
      payload: b.payload,
    });
    expect(r.statusCode, r.body).toBe(200);
    const res = r.json();
    expect(res).toMatchObject({ total: 3, created: 1, rejected: 2 });
    expect(res.errors).toEqual([
      { row: 3, reasons: ['Merchant name is required', 'Business type “赌场” is not in the dictionary', 'Party-member operator must be Yes or No'] },
      { row: 4, reasons: ['Same unified social credit code as row 2'] },
    ]);
    const rep = await admin.get(`${res.reportUrl}?lang=en-US`);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(String(rep.headers['content-disposition']))![1]!)).toBe('shops-error report.xlsx');
    const ws = await sheetOf(rep.rawPayload, 'Merchants');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(-3)).toEqual(['Coordinate system', 'Row', 'Error reasons']);
    expect((ws.getRow(2).values as unknown[]).at(-1)).toBe(
      'Merchant name is required; Business type “赌场” is not in the dictionary; Party-member operator must be Yes or No',
    );
    // without a language the same rows are reported in Chinese
    const zh = (await upload(admin, file)).json();
    expect(zh.errors[1].reasons).toEqual(['与第 2 行的统一社会信用代码重复']);
    const zhRep = await sheetOf((await admin.get(zh.reportUrl)).rawPayload);
    expect((zhRep.getRow(1).values as unknown[]).slice(-2)).toEqual(['原行号', '错误原因']);
  });

  it('imports a file written by LibreOffice Calc', async () => {
    const bytes = readFileSync(join(import.meta.dirname, 'fixtures/merchants/libreoffice.xlsx'));
    const r = (await upload(admin, bytes, 'valid', 'libreoffice.xlsx')).json();
    expect(r).toMatchObject({ total: 5, created: 4, rejected: 1 });
    expect(r.errors[0].reasons.length).toBe(4); // code, 业态, grid, phone
    const m = (await admin.ok('GET', '/api/v1/merchants?q=义味小笼包')).items[0];
    expect(m).toMatchObject({ creditCode: '923307820000000516', businessType: 'catering', partyMemberOperator: true, contactPhone: '137****1111' });
    expect(m.location).toMatchObject({ crs: 'gcj02' });
    const closed = (await admin.ok('GET', '/api/v1/merchants?q=老义乌红糖馆')).items[0];
    expect(closed).toMatchObject({ status: 'closed', businessType: 'wholesale', gridId: grid2 });
  });

  it('imports 2,000 rows in batches inside one transaction', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => row(1000 + i, { grid: i % 2 ? 'TH-01' : 'TH-02 第二网格' }));
    const before = await countRows(env, 'merchants', A.id);
    const t0 = performance.now();
    const r = (await upload(admin, await buildTemplate([], rows))).json();
    expect(r).toMatchObject({ created: 2000, rejected: 0 });
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(await countRows(env, 'merchants', A.id)).toBe(before + 2000);
    // the export pages through them (1,000 a page, ties of created_at broken by id): every merchant exactly once
    const exp = await sheetOf((await admin.get('/api/v1/merchants/export')).rawPayload);
    const codes: string[] = [];
    exp.eachRow((r, n) => {
      if (n > 1) codes.push(String(r.getCell(2).value));
    });
    expect(codes.length).toBe(before + 2000);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('refuses what is not an xlsx (415), zip bombs and oversize files (413), and bad requests (400/403)', async () => {
    const before = await countRows(env, 'merchants', A.id);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect((await upload(admin, png)).statusCode).toBe(415);
    expect((await upload(admin, Buffer.from('名称,统一社会信用代码\n一家店,91440300192181490G\n'), 'valid', 'x.csv')).statusCode).toBe(415);
    const docx = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
    ]);
    expect((await upload(admin, docx)).statusCode).toBe(415);
    // 50 MB of zeros compress ~1000×
    const bomb = zipOf([...OOXML_PARTS, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(50 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(200_000);
    const rb = await upload(admin, bomb);
    expect(rb.statusCode).toBe(413);
    // a part that claims to be small but inflates further
    const liar = zipOf([...OOXML_PARTS, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(4 * 1024 * 1024, 0x41), declaredSize: 1000 }]);
    expect((await upload(admin, liar)).statusCode).toBe(413);
    const big = Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(10 * 1024 * 1024 + 10)]);
    expect((await upload(admin, big)).statusCode).toBe(413);

    const plain = await admin.app.inject({
      method: 'POST',
      url: '/api/v1/merchants/import',
      headers: { cookie: admin.cookie ?? '', 'content-type': 'application/json' },
      payload: {},
    });
    expect(plain.statusCode).toBe(415);
    const noCols = await buildWorkbook([
      ['名称', '地址'],
      ['一家店', '某路'],
    ]);
    const rc = await upload(admin, noCols);
    expect(rc.statusCode).toBe(400);
    expect(rc.body).toContain('file');
    expect((await admin.app.inject({ method: 'POST', url: '/api/v1/merchants/import?mode=some', ...withCookie(admin, multipart(noCols)) })).statusCode).toBe(
      400,
    );
    expect(await countRows(env, 'merchants', A.id)).toBe(before);

    const leader = await env.member(A.id, A.roles['领导（只读）'] as string);
    expect((await upload(leader, await buildTemplate([], [row(99)]))).statusCode).toBe(403);
    expect(await countRows(env, 'merchants', A.id)).toBe(before);
  });

  it('keeps a grid officer’s import inside the grid scope', async () => {
    const officer = await env.member(A.id, A.roles['网格员'] as string, { scopeGridId: grid2 });
    const r = (
      await upload(officer, await buildTemplate([], [row(301, { grid: 'TH-02' }), row(302, { grid: 'TH-01' }), row(1001, { grid: 'TH-02', name: '越权改名' })]))
    ).json();
    expect(r).toMatchObject({ created: 1, rejected: 2 });
    expect(r.errors.map((e: { reasons: string[] }) => e.reasons.join())).toEqual([expect.stringContaining('数据范围'), expect.stringContaining('数据范围')]);
  });
});

function withCookie(c: Client, b: { payload: Buffer; headers: Record<string, string> }) {
  return { payload: b.payload, headers: { ...b.headers, cookie: c.cookie ?? '' } };
}

async function buildWorkbook(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
