import { expect, test } from '@playwright/test';
import { consoleLogin, openedDialog, uniq } from './helpers.ts';

// Staff run a joint meeting of their own from start to finish: a 吹哨 case of this run, a meeting of this run (holding
// is final, so a retry or a second run on the same server plans a new one), its topic, the case taken onto its agenda,
// held with minutes, a resolution whose project appears in the 项目清单. It runs after the console project (see
// playwright.config.ts), whose 吹哨议题 test expects the newest agenda items to be waiting: this one takes its own.
test.describe('console: 联席会议 → 议题 → 决议 → 项目', () => {
  test('staff plan a meeting, take a waiting 吹哨 case, hold it with minutes, and its resolution becomes a project', async ({ page }, info) => {
    // the whole loop in one test: seven forms on a busy 2-core machine take longer than the default 90 s
    test.setTimeout(180_000);
    const marker = uniq();
    const meeting = `荷花芯商圈党建联盟联席会议（${marker}）`;
    const topic = '岁末年初消防安全大检查';
    const waitingCase = `稠州中路商铺音响外放招揽顾客（${marker}）`;
    const project = `商铺音响外放联合整治${marker}`;

    await consoleLogin(page, 'hhx_staff');
    // the API calls below use the session the login sets: wait until the console shows it is in
    await expect(page.getByTestId('user-menu')).toBeVisible();

    // a case of this run, dispatched to the 稠城中队 and 吹哨: it waits for a meeting (待上会)
    const json = async <T>(r: Promise<{ ok(): boolean; status(): number; json(): Promise<unknown> }>, status = 200) => {
      const res = await r;
      expect(res.status()).toBe(status);
      return (await res.json()) as T;
    };
    const cats = await json<{ items: { id: string; code: string }[] }>(page.request.get('/api/v1/categories?pageSize=200'));
    const units = await json<{ items: { id: string; name: string }[] }>(page.request.get(`/api/v1/units?q=${encodeURIComponent('稠城中队')}`));
    const ticket = await json<{ id: string }>(
      page.request.post('/api/v1/tickets', {
        data: {
          kind: 'report',
          categoryId: cats.items.find((c) => c.code === 'ZDJY')?.id ?? cats.items[0]!.id,
          title: waitingCase,
          description: `${waitingCase}，周边商户和居民反映多次`,
          location: { lng: 120.07, lat: 29.3, crs: 'wgs84' },
        },
      }),
      201,
    );
    await json(page.request.post(`/api/v1/tickets/${ticket.id}/actions/dispatch`, { data: { leadUnitId: units.items[0]!.id } }));
    await json(page.request.post(`/api/v1/tickets/${ticket.id}/actions/escalate`, { data: { reason: '涉及市场监管、执法、社区多方职责，提请联席会议' } }));

    // 新建会议: the new meeting's drawer opens
    await page.getByRole('menuitem', { name: '闭环工单' }).click();
    await page.getByRole('menuitem', { name: '联席会议' }).click();
    await expect(page).toHaveURL(/\/meetings/);
    await page.getByRole('button', { name: '新建会议' }).click();
    const form = await openedDialog(page, '新建会议');
    await form.getByLabel('会议名称').fill(meeting);
    const when = form.getByLabel('会议时间');
    await when.click();
    await when.fill(new Date(Date.now() + 7 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10) + ' 14:30');
    await when.press('Enter');
    await form.getByLabel('会议地点').fill('通惠社区党群服务中心三楼会议室');
    await form.getByRole('button', { name: /确\s*定/ }).click();
    await expect(form).toBeHidden();
    const drawer = page.locator('.ant-drawer-content').filter({ hasText: meeting });
    await expect(drawer).toContainText('待召开');

    // 添加议题: a topic typed by staff
    await drawer.getByRole('button', { name: '添加议题' }).click();
    const topicForm = await openedDialog(page, '添加议题');
    await topicForm.getByLabel('议题', { exact: true }).fill(topic);
    await topicForm.getByRole('button', { name: /确\s*定/ }).click();
    await expect(topicForm).toBeHidden();
    await expect(drawer).toContainText(topic);

    // 选取吹哨案件: the case goes onto the agenda and waits no more
    await drawer.getByRole('button', { name: '选取吹哨案件' }).click();
    const take = await openedDialog(page, '从待上会的吹哨案件中选取');
    const row = take.locator('tr', { hasText: waitingCase });
    await row.getByRole('button', { name: '列入议题' }).click();
    await expect(row).toHaveCount(0);
    await take.locator('.ant-modal-close').click();
    await expect(take).toBeHidden();
    await expect(drawer).toContainText(waitingCase);

    // 标记已召开 with the minutes
    await drawer.getByRole('button', { name: '标记已召开' }).click();
    const hold = await openedDialog(page, /标记已召开/);
    const minutes = '会议听取稠州中路商铺音响外放问题汇报，议定由综合行政执法中队牵头开展联合整治。';
    await hold.getByLabel('会议纪要').fill(minutes);
    await expect(hold.getByLabel('会议纪要')).toHaveValue(minutes);
    await hold.getByRole('button', { name: /确\s*定/ }).click();
    await expect(hold).toBeHidden();
    await expect(drawer).toContainText('已召开');
    await expect(drawer).toContainText('议定由综合行政执法中队牵头开展联合整治');

    // 形成决议并转为项目: the resolution and its one project
    await drawer.getByRole('button', { name: '形成决议并转为项目' }).click();
    const resolve = await openedDialog(page, '形成决议并转为项目');
    await resolve.getByLabel('决议内容').fill('稠州中路商铺音响外放由综合行政执法中队牵头联合整治，一个月内完成');
    await resolve.getByPlaceholder('项目名称').fill(project);
    const owner = resolve.locator('#meetingResolution_projects_0_ownerUnitId');
    await owner.click({ force: true });
    await owner.fill('稠城中队');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '稠城中队' }).first().click();
    await resolve.getByRole('button', { name: /确\s*定/ }).click();
    await expect(resolve).toBeHidden();
    await expect(drawer).toContainText(project);
    await page.screenshot({ path: info.outputPath('meeting-held.png') });
    await page.locator('.ant-drawer-close').click();
    await expect(drawer).toBeHidden();

    // 项目清单: the project, and the meeting it came from
    // the menu's submenus fold and unfold with an animation: a click that lands mid-way is tried again
    await expect(async () => {
      const item = page.getByRole('menuitem', { name: '项目清单' });
      if (!(await item.isVisible())) await page.getByRole('menuitem', { name: '三张清单' }).click();
      await item.click({ timeout: 5_000 });
      await expect(page).toHaveURL(/\/projects/, { timeout: 5_000 });
    }).toPass({ timeout: 60_000 });
    await page.getByPlaceholder('项目名称或说明').fill(project);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    const projectRow = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: project });
    await expect(projectRow).toContainText(`来自联席会议决议：${meeting}`);
    await expect(projectRow).toContainText('义乌市综合行政执法局稠城中队');
    await page.screenshot({ path: info.outputPath('project-from-meeting.png') });
  });
});
