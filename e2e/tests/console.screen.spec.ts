import { expect, test } from '@playwright/test';
import { consoleLogin, openedDialog, uniq } from './helpers.ts';

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

  test('an admin creates a display link; a browser without login shows the screen until the link is revoked', async ({ page, browser }, info) => {
    await consoleLogin(page, 'hhx_admin');
    await page.getByRole('menuitem', { name: /闭环工单/ }).click();
    await page.getByRole('menuitem', { name: '投屏链接' }).click();
    await expect(page).toHaveURL(/\/screen-links$/);
    await page.getByRole('button', { name: /^(plus )?新建$/ }).click();
    const form = await openedDialog(page, '新建投屏链接');
    const name = `指挥中心大屏${uniq()}`;
    await form.getByLabel('名称').fill(name);
    await expect(form.getByLabel('有效天数')).toHaveValue('90');
    await form.getByRole('button', { name: /确\s*定/ }).click();
    const url = (await page.getByTestId('display-link-url').innerText()).trim();
    expect(url).toMatch(/\/screen\/display#txd_[A-Za-z0-9_-]{40}$/);
    await page.getByRole('button', { name: '我已复制' }).click();
    const row = page.locator('.ant-table-row').filter({ hasText: name });
    await expect(row).toContainText('有效');

    // a wall screen's browser: no cookie, nobody signed in
    const wall = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const screenPage = await wall.newPage();
    await screenPage.goto(url);
    const screen = screenPage.getByTestId('big-screen');
    await expect(screen).toBeVisible();
    await expect(screen.locator('h1')).toContainText('荷花芯商圈党建联盟');
    const o = (await (await page.request.get('/api/v1/stats/overview')).json()) as { tickets: { open: number; createdThisMonth: number } };
    const kpi = (label: string) => screen.locator('.screen-kpis .screen-kpi').filter({ hasText: label }).locator('.screen-kpi-value');
    await expect(kpi('在办工单')).toHaveText(String(o.tickets.open));
    await expect(kpi('本月受理')).toHaveText(String(o.tickets.createdThisMonth));
    // read-only: no way back into the console, no account
    await expect(screenPage.getByRole('button', { name: /返回/ })).toHaveCount(0);
    expect(await screen.innerText()).not.toMatch(/1[3-9]\d{9}/);
    await screenPage.screenshot({ path: info.outputPath('display-link.png') });

    await row.getByText('停用').click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect(row).toContainText('已停用');
    // the screen finds out at its next refresh (every minute); a reload asks at once
    await screenPage.reload();
    await expect(screenPage.getByTestId('display-notice')).toContainText('投屏链接已失效');
    await wall.close();
  });
});
