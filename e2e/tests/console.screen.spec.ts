import { expect, test } from '@playwright/test';
import { consoleLogin } from './helpers.ts';

test.describe('数据大屏', () => {
  test('a leader opens the big screen from the menu: the figures are the alliance’s, the latest cases are listed masked', async ({ page }, info) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await consoleLogin(page, 'hhx_leader');
    await page.getByRole('menuitem', { name: /闭环工单/ }).click();
    await page.getByRole('menuitem', { name: '数据大屏' }).click();
    await expect(page).toHaveURL(/\/screen$/);
    const screen = page.getByTestId('big-screen');
    await expect(screen).toBeVisible();
    await expect(screen.locator('h1')).toContainText('荷花芯商圈党建联盟');

    const o = (await (await page.request.get('/api/v1/stats/overview')).json()) as {
      tickets: { open: number; createdThisMonth: number };
      recent: { number: string; title: string }[];
      credit: { operating: number } | null;
    };
    const kpi = (label: string) => screen.locator('.screen-kpis .screen-kpi').filter({ hasText: label }).locator('.screen-kpi-value');
    await expect(kpi('在办工单')).toHaveText(String(o.tickets.open));
    await expect(kpi('本月受理')).toHaveText(String(o.tickets.createdThisMonth));
    expect(o.recent.length).toBeGreaterThan(0);
    await expect(page.getByTestId('screen-recent').locator('tr')).toHaveCount(o.recent.length);
    await expect(page.getByTestId('screen-recent')).toContainText(o.recent[0]?.title ?? '');
    // a wall screen is read by everyone in the room: no full mobile number anywhere on it
    expect(await screen.innerText()).not.toMatch(/1[3-9]\d{9}/);
    expect(o.credit).not.toBeNull();
    await expect(screen.locator('.screen-panel.credit')).toContainText(String(o.credit?.operating));
    // the charts are drawn (ECharts paints into a canvas)
    await expect(page.getByTestId('screen-trend').locator('canvas')).toHaveCount(1);
    await page.screenshot({ path: info.outputPath('big-screen.png') });

    await page.getByRole('button', { name: /返回/ }).click();
    await expect(page).toHaveURL(/\/$/);
  });
});
