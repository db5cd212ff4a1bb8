import { expect, test, type Browser, type Page } from '@playwright/test';
import { PASSWORD, consoleLogin, openedDialog, pngPhoto, uniq } from './helpers.ts';

/** A second phone (same viewport as the h5 project) for another person. */
async function phone(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({
    viewport: { width: 375, height: 667 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return ctx.newPage();
}

/** Picks an option of an antd-mobile Picker opened by tapping the form field. */
async function pick(page: Page, fieldText: string, option: string): Promise<void> {
  await page.getByText(fieldText, { exact: true }).click();
  const popup = page
    .locator('.adm-picker-popup, .adm-popup-body')
    .filter({ has: page.locator('.adm-picker-view') })
    .last();
  // a tap (touch), as on a phone: the wheel's drag handler swallows a mouse click
  await popup.locator('.adm-picker-view-column-item').filter({ hasText: option }).first().tap();
  await expect(popup.locator('.adm-picker-view-column-item-active')).toHaveText(option);
  await popup.getByText('确定', { exact: true }).click();
  await expect(page.locator('.adm-form-item').filter({ hasText: option }).first()).toBeVisible();
}

test.describe('H5 closed loop (phone)', () => {
  test('a resident reports without an account, staff dispatch, the unit accepts and resolves on H5, the resident rates, the ticket closes', async ({
    page,
    browser,
  }, info) => {
    test.setTimeout(180_000);
    const marker = `e2e-${uniq()}`;
    const description = `银泰百货东门人行道堆满纸箱，行人只能走机动车道（${marker}）`;

    // ---- 1. the resident reports on the phone, no account ----
    await page.goto('/h5/report?a=HHX');
    await expect(page.getByText('荷花芯商圈党建联盟')).toBeVisible();
    await expect(page.getByTestId('privacy-notice')).toContainText('收集的信息');
    await expect(page.getByText('仅用于办理进度通知，不会公开')).toBeVisible();
    await pick(page, '请选择分类', '市容环境');
    await page.locator('textarea#description').fill(description);
    await page.locator('.tx-photo-picker input[type="file"]').setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: pngPhoto() });
    await expect(page.locator('.tx-photo-picker .adm-image-uploader-cell img')).toHaveCount(1, { timeout: 15_000 });
    await expect(page.locator('.tx-photo-picker .adm-image-uploader-cell-mask')).toHaveCount(0, { timeout: 15_000 }); // compressed and uploaded
    // location needs a secure context: 127.0.0.1 is one, so the button is offered; the address is typed as well
    await expect(page.getByRole('button', { name: '获取位置' })).toBeVisible();
    await page.locator('input#address').fill('工人北路银泰百货东门');
    await page.screenshot({ path: info.outputPath('1-report-form.png') });

    // consent is required
    await page.getByRole('button', { name: '提交' }).click();
    await expect(page.getByText('请先阅读并勾选同意个人信息保护提示')).toBeVisible();
    await page.getByText('我已阅读并同意上述个人信息保护提示').click();
    const created = page.waitForResponse((r) => r.url().endsWith('/api/public/reports') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '提交' }).click();
    expect((await created).status()).toBe(201);
    await expect(page.getByText('提交成功')).toBeVisible();
    const numberText = (await page.getByText(/工单编号：/).textContent()) ?? '';
    const number = numberText.replace(/^.*工单编号：\s*/, '').trim();
    expect(number).toMatch(/^HHX-\d{8}-\d{4,}$/);
    const trackingUrl = (await page.getByTestId('tracking-link').getAttribute('href')) ?? '';
    expect(trackingUrl).toMatch(/\/t\/[A-Za-z0-9_-]{16,}$/);
    await page.screenshot({ path: info.outputPath('2-report-done.png') });

    // ---- 2. staff dispatch in the console to 稠城市场监管所 (hhx_unit's unit) ----
    const staffCtx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const staff = await staffCtx.newPage();
    await consoleLogin(staff, 'hhx_admin');
    await expect(staff).not.toHaveURL(/\/login/);
    await staff.goto('/tickets');
    await staff.getByText(number, { exact: true }).first().click();
    const drawer = staff.locator('.ant-drawer-content');
    await expect(drawer).toContainText(marker);
    await drawer.getByRole('button', { name: /^派\s*单$/ }).click();
    // picked while the dialog still zooms in, on a loaded machine the unit can be lost and 确定 then dispatches to the
    // pre-filled one (200, 已派单, but not in hhx_unit's worklist): pick once it has opened, and see the pick taken
    const modal = await openedDialog(staff, `派单 · ${number}`);
    const unitSelect = modal.locator('#ticketAction-dispatch_leadUnitId');
    const leadUnit = modal.locator('.ant-form-item', { has: staff.locator('#ticketAction-dispatch_leadUnitId') }).locator('.ant-select-selection-item');
    // 市容环境 is routed to 城管 (demo routing): pre-filled, and staff pick another unit
    await expect(leadUnit).toHaveText('义乌市综合行政执法局稠城中队');
    await expect(async () => {
      await unitSelect.click({ force: true });
      await unitSelect.fill('稠城市场监管所');
      await staff.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '稠城市场监管所' }).first().click({ timeout: 5_000 });
      await expect(leadUnit).toHaveText('义乌市市场监管局稠城市场监管所', { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    const dispatched = staff.waitForResponse((r) => /\/api\/v1\/tickets\/[^/]+\/actions\/dispatch$/.test(r.url()));
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    const dispatchAnswer = await dispatched;
    expect(dispatchAnswer.status()).toBe(200);
    expect(((await dispatchAnswer.json()) as { leadUnitName: string }).leadUnitName).toBe('义乌市市场监管局稠城市场监管所');
    await expect(drawer).toContainText('已派单');
    await staff.screenshot({ path: info.outputPath('3-console-dispatched.png') });

    // ---- 3. the unit accepts and resolves on the phone ----
    const unit = await phone(browser);
    await unit.goto('/h5/');
    await unit.locator('input[name="username"]').fill('hhx_unit');
    await unit.locator('input[name="password"]').fill(PASSWORD);
    await unit.getByRole('button', { name: /登\s*录/ }).click();
    // the worklist's first page (the home's tile counts ask with pageSize=1): a failed answer is named here, not as a
    // missing row
    const listed = unit.waitForResponse((r) => /\/api\/v1\/tickets\?status=dispatched&page=1&/.test(r.url()));
    await unit.locator('[data-tile="toAccept"]').click();
    await expect(unit).toHaveURL(/\/h5\/tickets\/work\?tab=dispatched/);
    expect((await listed).status()).toBe(200);
    const item = unit.locator(`[data-number="${number}"]`);
    await expect(item).toBeVisible();
    await unit.screenshot({ path: info.outputPath('4-worklist.png') });
    await item.click();
    await expect(unit.getByTestId('ticket-status')).toHaveText('已派单');
    await expect(unit.getByText(marker)).toBeVisible();
    // exactly the allowed actions are offered: a dispatched ticket can be accepted or returned, not resolved
    await expect(unit.locator('[data-action="resolve"]')).toHaveCount(0);
    await unit.locator('[data-action="accept"]').click();
    await unit.locator('.adm-dialog').getByText('确定', { exact: true }).click();
    await expect(unit.getByTestId('ticket-status')).toHaveText('已接单');
    await expect(unit.locator('[data-action="accept"]')).toHaveCount(0);

    await unit.locator('[data-action="resolve"]').click();
    const form = unit.getByTestId('form-resolve');
    await form.locator('textarea#feedback').fill('已联系银泰百货物业清理纸箱，人行道已恢复通行。');
    await form.locator('input[type="file"]').setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: pngPhoto(120, 90) });
    await expect(form.locator('.adm-image-uploader-cell img')).toHaveCount(1, { timeout: 15_000 });
    await expect(form.locator('.adm-image-uploader-cell-mask')).toHaveCount(0, { timeout: 15_000 });
    await unit.screenshot({ path: info.outputPath('5-resolve-form.png') });
    const resolved = unit.waitForResponse((r) => /\/actions\/resolve$/.test(r.url()));
    await form.getByRole('button', { name: '提交' }).click();
    const resolvedRes = await resolved;
    expect(resolvedRes.status()).toBe(200);
    expect(
      ((await resolvedRes.json()) as { timeline: { action: string; photos: unknown[] }[] }).timeline.find((e) => e.action === 'resolve')?.photos,
    ).toHaveLength(1);
    await expect(unit.getByTestId('ticket-status')).toHaveText('已反馈');
    await expect(unit.getByText('已联系银泰百货物业清理纸箱')).toBeVisible();
    await unit.screenshot({ path: info.outputPath('6-resolved.png') });

    // ---- 4. the resident rates on the private tracking page ----
    await page.bringToFront();
    await page.goto(trackingUrl);
    await expect(page.getByText('已反馈').first()).toBeVisible();
    await page.locator('input[name="stars"][value="5"]').check();
    await page.locator('input[name="solved"][value="yes"]').check();
    await page.locator('textarea[name="comment"]').fill('处理很快，谢谢！');
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect(page.getByText('已办结').first()).toBeVisible();
    await page.screenshot({ path: info.outputPath('7-tracking-rated.png') });

    // ---- 5. the console shows it closed ----
    await staff.bringToFront(); // a background tab does not paint (antd measures in animation frames)
    await staff.goto('/tickets');
    await expect(staff.getByText(number, { exact: true }).first()).toBeVisible({ timeout: 20_000 });
    await expect(staff.locator('tr').filter({ hasText: number }).first()).toContainText('已办结');
    await staff.screenshot({ path: info.outputPath('8-console-closed.png') });
    const api = await staff.request.get('/api/v1/tickets?status=closed&pageSize=100');
    const found = ((await api.json()) as { items: { number: string; status: string; rating: { stars: number } | null }[] }).items.find(
      (x) => x.number === number,
    );
    expect(found?.status).toBe('closed');
    expect(found?.rating?.stars).toBe(5);
    await staffCtx.close();
    await unit.context().close();
  });

  test('the report form can be completed with the keyboard alone: type, category (its wheel too), consent', async ({ page }) => {
    await page.goto('/h5/report?a=HHX');
    await expect(page.getByText('荷花芯商圈党建联盟')).toBeVisible();
    // Tab reaches every field, the type choices, the category and grid pickers and the consent box included
    const reached = new Set<string>();
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.getAttribute('type') ?? ''));
    }
    expect([...reached]).toEqual(expect.arrayContaining(['问题分类', '所在网格', 'checkbox']));
    await page.getByRole('radio', { name: '隐患' }).focus();
    await page.keyboard.press('Space');
    await expect(page.getByRole('radio', { name: '隐患' })).toHaveAttribute('aria-checked', 'true');
    // the wheel: focus goes onto its column, ↓ turns it, Enter confirms and focus returns to the field
    const category = page.getByRole('button', { name: '问题分类' });
    await category.focus();
    await page.keyboard.press('Enter');
    const wheel = page.getByRole('spinbutton', { name: '问题分类' });
    await expect(wheel).toBeFocused();
    const first = (await wheel.getAttribute('aria-valuetext')) ?? '';
    await page.keyboard.press('ArrowDown');
    await expect(wheel).not.toHaveAttribute('aria-valuetext', first);
    const chosen = (await wheel.getAttribute('aria-valuetext')) ?? '';
    await page.keyboard.press('Enter');
    await expect(wheel).toBeHidden();
    await expect(category).toBeFocused();
    await expect(category).toHaveText(chosen);
    // Escape cancels: the grid stays unchosen
    const grid = page.getByRole('button', { name: '所在网格' });
    await grid.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('spinbutton', { name: '所在网格' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    await expect(grid).toBeFocused();
    await expect(grid).toHaveText('不清楚可不选');
    await page.getByRole('checkbox').focus();
    await page.keyboard.press('Space');
    await expect(page.getByRole('checkbox')).toBeChecked();
  });

  test('the report form stays public and asks for consent; a missing alliance code says how to get in', async ({ page }) => {
    await page.goto('/h5/report');
    await expect(page.getByText('缺少联盟编号')).toBeVisible();
    await page.goto('/h5/report?a=NOPE9');
    await expect(page.getByText(/未找到编号为 NOPE9/)).toBeVisible();
    await expect(page).toHaveURL(/\/h5\/report/); // never sent to login
  });
});
