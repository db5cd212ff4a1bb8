import { expect, test } from '@playwright/test';
import { PASSWORD, expectCjkFont } from './helpers.ts';

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

  test('deep links under /h5/ work on reload', async ({ page }) => {
    await page.goto('/h5/me');
    await expect(page.locator('input[name="username"], .adm-tab-bar').first()).toBeVisible();
  });
});
