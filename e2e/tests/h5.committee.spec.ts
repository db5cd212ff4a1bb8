import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { PASSWORD, uniq } from './helpers.ts';

type Item = { id: string; name: string };
type Ticket = {
  id: string;
  number: string;
  status: string;
  leadUnitName: string | null;
  assistUnitIds: string[];
  dueAt: number | null;
  responsiblePersonId: string | null;
};

/** Logs into H5 on a phone page and waits for the home tiles. */
async function h5Login(page: Page, username: string): Promise<void> {
  await page.goto('/h5/login');
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.locator('.tx-home')).toBeVisible();
}

/** An API session of its own (another person), logged in through the API. */
async function apiAs(browser: Browser, username: string): Promise<APIRequestContext> {
  const ctx = await browser.newContext();
  const res = await ctx.request.post('/api/v1/auth/login', { data: { username, password: PASSWORD } });
  expect(res.status()).toBe(200);
  return ctx.request;
}

async function ok<T>(r: Promise<{ status(): number; json(): Promise<unknown>; text(): Promise<string> }>, status = 200): Promise<T> {
  const res = await r;
  if (res.status() !== status) throw new Error(`${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Taps a unit in the open unit picker after searching a word of its name. */
async function pickUnit(page: Page, word: string, name: string): Promise<void> {
  // the other picker's sheet stays in the page, hidden
  const sheet = page.locator('.tx-unit-picker:visible');
  await sheet.locator('input').fill(word);
  await sheet.locator('.adm-check-list-item').filter({ hasText: name }).first().click();
}

test.describe('H5 for the committee (phone)', () => {
  test('staff dispatch from the phone with the routed unit pre-filled, supervise, decide an extension; a leader reads 三率', async ({
    page,
    browser,
  }, info) => {
    test.setTimeout(180_000);
    const marker = `e2e-${uniq()}`;

    // a new case in the mall's grid, where 环境卫生 is routed to the mall itself (demo routing)
    const staffApi = await apiAs(browser, 'hhx_staff');
    const cats = await ok<{ items: (Item & { code: string })[] }>(staffApi.get('/api/v1/categories?pageSize=200'));
    const grids = await ok<{ items: Item[] }>(staffApi.get('/api/v1/grids?pageSize=200'));
    const units = await ok<{ items: Item[] }>(staffApi.get('/api/v1/units?pageSize=200'));
    const unitId = (name: string) => units.items.find((u) => u.name === name)!.id;
    /** staff take in a 随手拍 of the category and grid */
    const report = (categoryCode: string, gridName: string, description: string) =>
      ok<Ticket>(
        staffApi.post('/api/v1/tickets', {
          data: {
            kind: 'report',
            categoryId: cats.items.find((c) => c.code === categoryCode)!.id,
            gridId: grids.items.find((g) => g.name === gridName)!.id,
            description,
          },
        }),
        201,
      );
    const created = await report('HJWS', '银泰百货义乌店', `银泰百货负一层美食区垃圾桶满溢，异味明显（${marker}）`);

    // ---- 1. 派单 from the phone ----
    await h5Login(page, 'hhx_staff');
    await expect(page.locator('[data-tile="dispatch"]')).not.toContainText('即将上线');
    // the work queues carry their counts on the home tiles
    const waiting = await ok<{ total: number }>(staffApi.get('/api/v1/tickets?status=submitted&pageSize=1'));
    expect(waiting.total).toBeGreaterThan(0);
    await expect(page.getByTestId('tile-badge-dispatch')).toHaveText(waiting.total > 99 ? '99+' : String(waiting.total));
    await page.screenshot({ path: info.outputPath('0-staff-home.png') });
    await page.locator('[data-tile="dispatch"]').click();
    await expect(page).toHaveURL(/\/h5\/tickets\/queue\?tab=submitted/);
    const item = page.locator(`[data-number="${created.number}"]`);
    await expect(item).toBeVisible();
    await page.screenshot({ path: info.outputPath('1-dispatch-queue.png') });
    await item.click();
    await expect(page.getByTestId('ticket-status')).toHaveText('已点单');
    await page.locator('[data-action="dispatch"]').click();
    const form = page.getByTestId('form-dispatch');
    // the category's grid route picked the mall's own management
    await expect(form.getByTestId('dispatch-lead')).toContainText('银泰百货义乌店');
    await expect(form.getByTestId('dispatch-lead')).toContainText('已按分类和网格自动带出');
    await expect(form).toContainText('不选则按分类时限：3 个工作日');
    await page.screenshot({ path: info.outputPath('2-dispatch-form.png') });
    // staff decide otherwise: market supervision leads (picked with the keyboard alone), 城管 assists
    const leadField = page.getByRole('button', { name: '承办单位' });
    await leadField.focus();
    await page.keyboard.press('Enter');
    const search = page.locator('.tx-unit-picker:visible input');
    await expect(search).toBeFocused();
    await page.keyboard.type('监管');
    await expect(page.getByRole('radio', { name: /义乌市市场监管局稠城市场监管所/ })).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('radio', { name: /义乌市市场监管局稠城市场监管所/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('.tx-unit-picker:visible')).toHaveCount(0); // a single pick closes the sheet
    await expect(leadField).toBeFocused();
    await expect(form.getByTestId('dispatch-lead')).toContainText('义乌市市场监管局稠城市场监管所');
    await expect(form.getByTestId('dispatch-lead')).not.toContainText('自动带出');
    await form.getByTestId('dispatch-assist').click();
    await pickUnit(page, '执法', '义乌市综合行政执法局稠城中队');
    await page.screenshot({ path: info.outputPath('3-assist-picker.png') });
    await page
      .locator('.tx-unit-picker:visible')
      .getByRole('button', { name: /确定（已选 1 个）/ })
      .click();
    await expect(form.getByTestId('dispatch-assist')).toContainText('义乌市综合行政执法局稠城中队');
    // the responsible person comes from the lead unit's people: the row opens its picker
    await page.getByRole('button', { name: '责任人' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('spinbutton', { name: '责任人' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(form.getByTestId('dispatch-person')).not.toContainText('选填');
    // the deadline's date wheels from the keyboard: ↓ turns the year, Tab goes on to the month and the day
    const deadline = page.getByRole('button', { name: '办结时限' });
    await deadline.focus();
    await page.keyboard.press('Enter');
    const year = page.getByRole('spinbutton', { name: '办结时限 1/3' });
    await expect(year).toBeFocused();
    const thisYear = Number(await year.getAttribute('aria-valuetext'));
    await page.keyboard.press('ArrowDown');
    await expect(year).toHaveAttribute('aria-valuetext', String(thisYear + 1));
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('spinbutton', { name: '办结时限 3/3' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(deadline).toBeFocused();
    await expect(deadline).toHaveText(new RegExp(`^${thisYear + 1}-\\d{2}-\\d{2}$`));
    await form.locator('textarea#note').fill('请会同商场物业当日清运');
    const dispatched = page.waitForResponse((r) => /\/actions\/dispatch$/.test(r.url()));
    await form.getByRole('button', { name: '提交' }).click();
    expect((await dispatched).status()).toBe(200);
    await expect(page.getByTestId('ticket-status')).toHaveText('已派单');
    await expect(page.getByTestId('assist-units')).toHaveText('义乌市综合行政执法局稠城中队');
    const after = await ok<Ticket>(staffApi.get(`/api/v1/tickets/${created.id}`));
    expect(after.leadUnitName).toBe('义乌市市场监管局稠城市场监管所');
    expect(after.assistUnitIds).toEqual([unitId('义乌市综合行政执法局稠城中队')]);
    expect(after.responsiblePersonId).not.toBeNull();
    expect(after.dueAt).not.toBeNull();
    await page.screenshot({ path: info.outputPath('4-dispatched.png') });

    // ---- 2. 督办 it ----
    await page.locator('[data-action="urge"]').click();
    const urge = page.getByTestId('form-urge');
    await urge.getByText('督办（正式督办，记入督办记录）').click();
    await urge.locator('textarea#note').fill(`今日下班前反馈进展 ${marker}`);
    const urged = page.waitForResponse((r) => /\/actions\/urge$/.test(r.url()));
    await urge.getByRole('button', { name: '提交' }).click();
    const urgedRes = await urged;
    expect(urgedRes.status()).toBe(200);
    const urgeEvent = ((await urgedRes.json()) as { timeline: { action: string; data: { level?: string } | null }[] }).timeline.at(-1);
    expect(urgeEvent).toMatchObject({ action: 'urge', data: { level: 'supervise' } });
    await expect(page.locator('.tx-timeline')).toContainText(`今日下班前反馈进展 ${marker}`);

    // ---- 3. the unit accepts and asks for more time; staff decide on the phone ----
    const unitApi = await apiAs(browser, 'hhx_unit');
    await ok(unitApi.post(`/api/v1/tickets/${created.id}/actions/accept`, { data: {} }));
    const until = (after.dueAt as number) + 5 * 86_400_000;
    await ok(unitApi.post(`/api/v1/tickets/${created.id}/actions/request_extension`, { data: { until, reason: `需协调商场更换隔油设施 ${marker}` } }));
    await page.goto('/h5/tickets/queue?tab=extension');
    await page.locator(`[data-number="${created.number}"]`).click();
    await expect(page.getByText('延期审批中')).toBeVisible();
    await page.locator('[data-action="decide_extension"]').click();
    const decide = page.getByTestId('form-decide_extension');
    await expect(decide.getByTestId('extension-request')).toContainText(`需协调商场更换隔油设施 ${marker}`);
    await page.screenshot({ path: info.outputPath('5-decide-extension.png') });
    const decided = page.waitForResponse((r) => /\/actions\/decide_extension$/.test(r.url()));
    await decide.getByRole('button', { name: '提交' }).click();
    expect((await decided).status()).toBe(200);
    await expect(page.getByText('延期审批中')).toHaveCount(0);
    expect((await ok<Ticket>(staffApi.get(`/api/v1/tickets/${created.id}`))).dueAt).toBe(until);

    // ---- 4. a case the routed unit sent back: the form says who and why, and does not offer that unit again ----
    const zdjy = await report('ZDJY', '通惠第一网格（工人北路片）', `工人北路快递点包裹堆上人行道（${marker}）`);
    await ok(staffApi.post(`/api/v1/tickets/${zdjy.id}/actions/dispatch`, { data: { leadUnitId: unitId('义乌市综合行政执法局稠城中队') } }));
    const cgApi = await apiAs(browser, 'hhx_cg');
    await ok(cgApi.post(`/api/v1/tickets/${zdjy.id}/actions/return`, { data: { reason: `快递点占道属邮政管理，非城管职责 ${marker}` } }));
    await page.goto(`/h5/tickets/${zdjy.id}`);
    await page.locator('[data-action="dispatch"]').click();
    const again = page.getByTestId('form-dispatch');
    await expect(again.getByTestId('returned-note')).toContainText('义乌市综合行政执法局稠城中队');
    await expect(again.getByTestId('returned-note')).toContainText(`快递点占道属邮政管理，非城管职责 ${marker}`);
    await expect(again.getByTestId('dispatch-lead')).toContainText('请选择承办单位');
    await page.screenshot({ path: info.outputPath('6-returned-dispatch.png') });

    // ---- 5. a leader reads 三率 on the phone; a handler has no 派单 tile ----
    const leaderCtx = await browser.newContext({
      viewport: { width: 375, height: 667 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const leader = await leaderCtx.newPage();
    await h5Login(leader, 'hhx_leader');
    await expect(leader.locator('[data-tile="dispatch"]')).toHaveCount(0);
    await leader.locator('[data-tile="rates"]').click();
    await expect(leader.getByTestId('rate-response')).toContainText('%');
    await expect(leader.getByTestId('rate-unit').first()).toBeVisible();
    await expect(leader.getByTestId('rate-unit').filter({ hasText: '义乌市市场监管局稠城市场监管所' })).toBeVisible();
    await leader.screenshot({ path: info.outputPath('7-leader-rates.png'), fullPage: true });
    await leader.locator('.tx-rate-by').getByText('按网格', { exact: true }).click();
    await expect(leader.getByTestId('rate-grid').first()).toBeVisible();
    await leader.getByText('上月', { exact: true }).click();
    await expect(leader.getByTestId('rate-response')).toBeVisible();
    await leaderCtx.close();

    const unitPage = await browser.newPage({ viewport: { width: 375, height: 667 } });
    await h5Login(unitPage, 'hhx_unit');
    await expect(unitPage.locator('[data-tile="dispatch"]')).toHaveCount(0);
    await expect(unitPage.locator('[data-tile="toAccept"]')).toBeVisible();
    await unitPage.close();
  });

  test('a report waiting for dispatch warns of a duplicate nearby on the phone, and merges into it', async ({ page, browser }) => {
    const marker = `e2e-${uniq()}`;
    const staffApi = await apiAs(browser, 'hhx_staff');
    const cats = await ok<{ items: (Item & { code: string })[] }>(staffApi.get('/api/v1/categories?pageSize=200'));
    const categoryId = cats.items.find((c) => c.code === 'ZDJY')!.id;
    // two reports of the same stall, 15 m apart, away from the demo's cases
    const at = (lng: number, description: string) =>
      ok<Ticket>(
        staffApi.post('/api/v1/tickets', {
          data: { kind: 'report', categoryId, description, location: { lng, lat: 29.2901, crs: 'wgs84' } },
        }),
        201,
      );
    // a point of its own each run (a retry's earlier pair stays open)
    const lng = 120.03 + Math.random() * 0.02;
    const first = await at(lng, `宾王路口早餐摊占用人行道（${marker}）`);
    const repeat = await at(lng + 0.00015, `宾王路口有个早餐摊把人行道占了（${marker}）`);

    await h5Login(page, 'hhx_staff');
    await page.goto(`/h5/tickets/${repeat.id}`);
    const card = page.getByTestId('duplicates');
    await expect(card).toContainText(first.number);
    await card.locator('.adm-list-item').filter({ hasText: first.number }).getByRole('button', { name: '合并至此' }).click();
    await page
      .locator('.adm-dialog')
      .getByRole('button', { name: /确\s*定|确认/ })
      .click();
    await expect(page.getByTestId('ticket-status')).toHaveText('已合并');
    const merged = await ok<{ status: string; mergedIntoId: string | null }>(staffApi.get(`/api/v1/tickets/${repeat.id}`));
    expect(merged).toMatchObject({ status: 'merged', mergedIntoId: first.id });
  });
});
