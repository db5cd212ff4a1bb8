import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { consoleLogin } from './helpers.ts';

test.describe('全市总览', () => {
  test('the city administrator reads every alliance’s month and exports the table; an alliance administrator has no entry', async ({ page }, info) => {
    await consoleLogin(page, 'admin');
    await page.getByRole('menuitem', { name: '全市总览' }).click();
    await expect(page).toHaveURL(/\/city$/);
    const o = (await (await page.request.get('/api/v1/city/overview')).json()) as {
      month: string;
      alliances: { code: string; reported: number }[];
      total: { reported: number };
    };
    const rows = page.getByTestId('city-table').locator('.ant-table-tbody tr.ant-table-row');
    await expect(rows).toHaveCount(o.alliances.length);
    for (const code of ['HHX', 'LJJ', 'QG']) await expect(page.getByTestId('city-table')).toContainText(code);
    await expect(page.getByTestId('city-card').filter({ hasText: '本月受理' })).toContainText(String(o.total.reported));
    await expect(page.getByTestId('city-table').locator('.ant-table-summary')).toContainText('全市合计');
    // sorted by cases reported, largest first on the second click
    const reported = page.getByTestId('city-table').getByRole('columnheader', { name: '本月受理' });
    await reported.click();
    await reported.click();
    const top = [...o.alliances].sort((a, b) => b.reported - a.reported)[0]!;
    await expect(rows.first()).toContainText(top.code);
    await page.screenshot({ path: info.outputPath('city-overview.png'), fullPage: true });
    // the table fits a 1440 px window: no sideways scrolling, and each alliance's star counts on one line
    const table = page.getByTestId('city-table').locator('.ant-table-content');
    expect(await table.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(1);
    for (const cell of await page.getByTestId('city-stars').all()) expect((await cell.boundingBox())!.height).toBeLessThan(24);

    const download = page.waitForEvent('download');
    await page.getByTestId('city-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`全市总览-${o.month}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(await file.path()) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('全市总览')!;
    expect(ws.getRow(o.alliances.length + 2).getCell(1).value).toBe('全市合计');
    expect(ws.getRow(o.alliances.length + 2).getCell(4).value).toBe(o.total.reported);

    await page.context().clearCookies();
    await consoleLogin(page, 'hhx_admin');
    await expect(
      page
        .getByRole('menuitem', { name: '联盟管理' })
        .or(page.getByRole('menuitem', { name: '首页' }))
        .first(),
    ).toBeVisible();
    await expect(page.getByRole('menuitem', { name: '全市总览' })).toHaveCount(0);
    await page.goto('/city');
    await expect(page.getByText('403', { exact: true })).toBeVisible();
  });
});
