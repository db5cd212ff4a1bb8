import { expect, test } from '@playwright/test';
import { PASSWORD, creditCode, expectCjkFont, uniq } from './helpers.ts';

test.describe('H5 (phone)', () => {
  test('a grid officer logs in on a phone and sees the role home; large-font mode enlarges text', async ({ page }, info) => {
    await page.goto('/h5/');
    await page.locator('input[name="username"]').fill('hhx_grid');
    await page.locator('input[name="password"]').fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect(page.getByText('网格员').first()).toBeVisible();
    await expect(page.getByText('荷花芯').first()).toBeVisible();
    await expectCjkFont(page, '荷花芯');
    await page.screenshot({ path: info.outputPath('h5-home.png') });

    await page.getByText('我的', { exact: true }).last().click();
    const sizeBefore = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    await page.getByText('大字模式').click();
    await page.locator('.adm-switch').first().click();
    await expect.poll(async () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBeGreaterThan(sizeBefore);
    await page.screenshot({ path: info.outputPath('h5-me-large.png') });
    // the page fits the phone: no horizontal scrolling
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
  });

  test('a grid officer finds a shop on 巡查商户 by its whole contact phone, typed with spaces', async ({ page }, info) => {
    const login = (username: string) => page.request.post('/api/v1/auth/login', { data: { username, password: PASSWORD } });
    // a shop of this run in the officer's grid, with a number of its own
    expect((await login('hhx_grid')).status()).toBe(200);
    const inScope = (await (await page.request.get('/api/v1/merchants?pageSize=1')).json()) as { items: { gridId: string }[] };
    const gridId = inScope.items[0]!.gridId;
    const mobile = `137${String(Date.now()).slice(-8)}`;
    const name = `查号童装${uniq()}`;
    expect((await login('hhx_staff')).status()).toBe(200);
    const created = await page.request.post('/api/v1/merchants', {
      data: { creditCode: creditCode(), name, businessType: 'retail', gridId, contactPhone: mobile },
    });
    expect(created.status()).toBe(201);

    await page.request.post('/api/v1/auth/logout');
    await page.goto('/h5/');
    await page.locator('input[name="username"]').fill('hhx_grid');
    await page.locator('input[name="password"]').fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('[data-tile="merchants"]').click();
    await page.getByPlaceholder('店名、信用代码、码下编号或联系电话').fill(`${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`);
    const found = page.waitForResponse((r) => r.url().includes('/api/v1/merchants?phone='));
    await page.getByRole('button', { name: '查找' }).click();
    expect((await found).status()).toBe(200);
    // the one shop found opens its record
    await expect(page.getByText(name)).toBeVisible();
    await expect(page).toHaveURL(/\/h5\/merchants\/[0-9a-f-]{36}$/);
    await expect(page.locator('body')).not.toContainText(mobile);
    await page.screenshot({ path: info.outputPath('h5-merchant-by-phone.png') });
  });

  test('deep links under /h5/ work on reload', async ({ page }) => {
    await page.goto('/h5/me');
    await expect(page.locator('input[name="username"], .adm-tab-bar').first()).toBeVisible();
  });

  test('the city administrator reads 全市总览 on the phone; it fits the screen', async ({ page }, info) => {
    await page.goto('/h5/');
    await page.locator('input[name="username"]').fill('admin');
    await page.locator('input[name="password"]').fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('全市总览', { exact: true }).first().click();
    await expect(page).toHaveURL(/\/h5\/city$/);
    const o = (await (await page.request.get('/api/v1/city/overview')).json()) as { alliances: { code: string }[]; total: { reported: number } };
    await expect(page.getByTestId('city-alliance')).toHaveCount(o.alliances.length);
    await expect(page.getByTestId('rate-reported')).toContainText(String(o.total.reported));
    for (const a of o.alliances) await expect(page.getByTestId('city-alliance').filter({ hasText: a.code })).toBeVisible();
    await page.screenshot({ path: info.outputPath('h5-city.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
  });
});
