import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';
import { consoleLogin, creditCode, pngPhoto, uniq } from './helpers.ts';

/** The template from the console's API, with one merchant filled in under the headers. */
async function filledTemplate(page: Page, row: Record<string, string>): Promise<Buffer> {
  const res = await page.request.get('/api/v1/merchants/template');
  expect(res.status()).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await res.body()) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('商户');
  if (!ws) throw new Error('the template has no 商户 sheet');
  const headers = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => headers.set(String(cell.value ?? '').replace(/[*＊\s]/g, ''), col));
  for (const [header, value] of Object.entries(row)) {
    const col = [...headers].find(([h]) => h.startsWith(header))?.[1];
    if (!col) throw new Error(`the template has no column ${header}: ${[...headers.keys()].join(', ')}`);
    ws.getRow(2).getCell(col).value = value;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Points, stars and upheld complaints as the public page shows them. */
async function summary(phone: Page) {
  const kpi = phone.locator('.k > div');
  return {
    stars: (await kpi.nth(0).locator('b').innerText()).trim(),
    points: Number(await kpi.nth(1).locator('b').innerText()),
    upheld: Number(await kpi.nth(2).locator('b').innerText()),
  };
}

test('merchants: import from the template, complain on the phone, uphold with the deduction, the public page changes', async ({ page, browser }, info) => {
  const suffix = uniq();
  const name = `同心诚信小吃${suffix}`;
  await consoleLogin(page, 'hhx_staff');
  await expect(page.getByText('荷花芯商圈党建联盟').first()).toBeVisible();

  // 1. import one merchant from the downloaded template through the console's import dialog
  const xlsx = await filledTemplate(page, {
    商户名称: name,
    统一社会信用代码: creditCode(),
    业态: '餐饮',
    经营地址: '稠州北路 188 号',
    经营者: '王小明',
    党员经营户: '是',
    联系电话: '13905791234',
  });
  await page.goto('/merchants');
  await page
    .getByRole('button', { name: /导\s*入/ })
    .first()
    .click();
  const dialog = page.getByRole('dialog').filter({ hasText: '从 Excel 导入商户' });
  await dialog.locator('input[type=file]').setInputFiles({
    name: 'merchants.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: xlsx,
  });
  await dialog.getByRole('button', { name: /开始导入/ }).click();
  await expect(dialog.getByText('导入完成')).toBeVisible();
  await info.attach('import', { body: await page.screenshot(), contentType: 'image/png' });
  await dialog.getByRole('button', { name: /关\s*闭/ }).click();

  const found = await page.request.get(`/api/v1/merchants?q=${encodeURIComponent(name)}`);
  const merchant = ((await found.json()) as { items: { id: string; name: string; publicCode: string }[] }).items.find((m) => m.name === name);
  expect(merchant, 'the imported merchant is in the registry').toBeTruthy();

  // 2. the public page on a phone (375×667), then a complaint through its form (no JavaScript involved)
  const ctx = await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const phone = await ctx.newPage();
  await phone.goto(`/m/${merchant!.publicCode}`);
  await expect(phone.getByRole('heading', { name })).toBeVisible();
  await expect(phone.getByText('党员经营户').first()).toBeVisible();
  await expect(phone.getByText('王某')).toBeVisible();
  await expect(phone.locator('body')).not.toContainText('13905791234');
  await expect(phone.locator('body')).not.toContainText('王小明');
  const before = await summary(phone);
  expect(before.points).toBe(12);
  expect(before.upheld).toBe(0);
  // an imported shop shows its opening stars at once (full points, nothing rated or upheld: 3 under the default rules)
  expect(before.stars).toBe('★★★☆☆');
  await info.attach('public page before', { body: await phone.screenshot({ fullPage: true }), contentType: 'image/png' });

  await phone.getByLabel('投诉内容').fill(`在${name}买的米线分量不足，店家拒绝补足。`);
  await phone.getByLabel('联系电话（选填，仅工作人员回访使用）').fill('13800138000');
  await phone.getByRole('checkbox').check();
  await phone.getByRole('button', { name: '提交投诉' }).click();
  await expect(phone.getByRole('heading', { name: '投诉已提交' })).toBeVisible();
  const number = (await phone.locator('.msg b').innerText()).trim();
  expect(number).toMatch(/^HHX-\d{8}-\d{4,}$/);
  await expect(phone.locator('a[href^="/t/"]')).toBeVisible();

  // 3. the committee upholds it in the console's ticket drawer, with the 消费投诉属实 deduction in the same step
  await page.goto('/tickets');
  await page.getByPlaceholder('编号、标题或描述').fill(number);
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await page
    .getByRole('link', { name: number })
    .or(page.getByText(number, { exact: true }))
    .first()
    .click();
  await page.getByTestId('verdict-button').click();
  const verdict = page.getByRole('dialog').filter({ hasText: '投诉裁定' });
  await expect(verdict.getByText('投诉属实').first()).toBeVisible();
  await verdict.getByRole('button', { name: /确\s*定|提\s*交/ }).click();
  await expect(page.getByTestId('verdict-tag')).toHaveText('投诉属实');
  await info.attach('verdict', { body: await page.screenshot(), contentType: 'image/png' });

  // 4. the public page shows the deduction and the upheld complaint at once
  await phone.goto(`/m/${merchant!.publicCode}`);
  const after = await summary(phone);
  expect(after.points).toBeLessThan(before.points);
  expect(after.upheld).toBe(1);
  // 9 points (45) + nothing rated (10) − one upheld complaint (15) = 40: two stars
  expect(after.stars).toBe('★★☆☆☆');
  await info.attach('public page after', { body: await phone.screenshot({ fullPage: true }), contentType: 'image/png' });
  await ctx.close();
});

test('evaluation round: the validity day picked is the last day the plaque holds, as the table shows', async ({ page }) => {
  await consoleLogin(page, 'hhx_staff');
  // the session cookie arrives with the login's answer: going on before it would land on the login page again
  await expect(page.getByText('荷花芯商圈党建联盟').first()).toBeVisible();
  await page.goto('/credit/rounds');
  await page.getByRole('button', { name: '发起评选' }).click();
  const dialog = page.getByRole('dialog');
  const name = `E2E ${uniq()} 季度“联盟推荐商家”评比`;
  await dialog.getByLabel('评选名称').fill(name);
  await dialog.getByLabel('挂牌').click();
  await page.getByTitle('联盟推荐商家').click();
  await dialog.getByLabel('有效期至').fill('2027-03-31');
  await dialog.getByLabel('有效期至').press('Enter');
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/credit/rounds') && r.request().method() === 'POST');
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  const res = await created;
  expect(res.status()).toBe(201);
  // valid through 31 March: the plaque comes down as 1 April begins in Shanghai
  expect((await res.json()).validUntil).toBe(Date.parse('2027-04-01T00:00:00+08:00'));
  await page.keyboard.press('Escape');
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('2027-03-31');
});

test('objection: the shop contests a deduction on the phone, the committee decides with the deduction in view', async ({ page, browser }) => {
  const note = `货架占用通道${uniq()}`;
  await consoleLogin(page, 'hhx_staff');
  await expect(page.getByText('荷花芯商圈党建联盟').first()).toBeVisible();
  const shop = ((await (await page.request.get('/api/v1/merchants?q=荷花童装')).json()) as { items: { id: string }[] }).items[0]!;
  const items = (await (await page.request.get('/api/v1/credit/catalogue')).json()) as { items: { id: string; name: string }[] };
  const photo = await page.request.post('/api/v1/files', { multipart: { file: { name: 'evidence.png', mimeType: 'image/png', buffer: pngPhoto() } } });
  expect(photo.status()).toBe(201);
  const deduction = await page.request.post(`/api/v1/merchants/${shop.id}/credit/entries`, {
    data: { kind: 'deduction', itemId: items.items[0]!.id, place: '店门口', note, photos: [((await photo.json()) as { id: string }).id] },
  });
  expect(deduction.status()).toBe(201);

  // the shop's own account contests it from its record on the phone
  const ctx = await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const login = await ctx.request.post('/api/v1/auth/login', { data: { username: 'hhx_merchant', password: 'Tongxin@2026' } });
  expect(login.status()).toBe(200);
  const phone = await ctx.newPage();
  await phone.goto(`/h5/merchants/${shop.id}`);
  const entry = phone.locator('.adm-list-item').filter({ hasText: note });
  await entry.getByTestId('h5-object').click();
  await phone.getByPlaceholder('请说明当时的实际情况，可补充证据说明').fill('货架是隔壁店铺的，不是本店摆放');
  await phone.getByRole('button', { name: '提交申诉' }).click();
  await expect(phone.getByTestId('h5-objection').first()).toContainText('待裁决');
  await expect(entry.getByTestId('h5-object')).toHaveCount(0);

  // the committee sees what is contested in the decision dialog and upholds the objection
  await page.goto('/credit/objections');
  const row = page.locator('tr').filter({ hasText: '荷花童装' }).filter({ hasText: '待裁决' }).first();
  await row.getByRole('button', { name: /裁\s*决/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('contested')).toContainText(note);
  await expect(dialog.getByTestId('contested')).toContainText('货架是隔壁店铺的');
  await dialog.getByLabel('异议成立').check();
  await dialog.getByLabel('裁决意见').fill('经核实，货架属隔壁店铺');
  await dialog.getByRole('button', { name: /确\s*定|提\s*交/ }).click();
  await expect(dialog).toBeHidden();

  await phone.reload();
  await expect(phone.getByTestId('h5-objection').first()).toContainText('异议成立');
  await ctx.close();
});

test('registry: the 联系电话 search finds a shop by its whole number, typed with spaces, and shows it masked', async ({ page }) => {
  const suffix = uniq();
  const digits = String(Date.now()).slice(-8);
  const mobile = `139${digits}`;
  await consoleLogin(page, 'hhx_staff');
  await expect(page.getByText('荷花芯商圈党建联盟').first()).toBeVisible();
  const created = await page.request.post('/api/v1/merchants', {
    data: { creditCode: creditCode(), name: `查号小吃${suffix}`, businessType: 'catering', contactPhone: mobile },
  });
  expect(created.status()).toBe(201);

  await page.goto('/merchants');
  const field = page.getByPlaceholder('输入完整手机号或座机号精确查找');
  await field.fill(`${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`);
  await page
    .getByRole('button', { name: /查\s*询/ })
    .first()
    .click();
  const row = page.locator('tr', { hasText: `查号小吃${suffix}` });
  await expect(row).toBeVisible();
  await expect(row).toContainText(`139****${mobile.slice(-4)}`);
  await expect(page.locator('.ant-table-tbody tr.ant-table-row')).toHaveCount(1);
  await expect(page.locator('body')).not.toContainText(mobile);
});
