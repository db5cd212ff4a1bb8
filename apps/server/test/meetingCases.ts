import type { Client, TestEnv } from './harness.ts';

// What the joint-meeting tests (meetings.test.ts, meetings.review.test.ts) set up again and again: a 吹哨 case waiting
// for a meeting, a planned meeting, a committee member whose role reaches one grid.

export const MINUTE = 60_000;

/** A ticket action (dispatch, escalate, …) as `c`. */
export const act = (c: Client, id: string, action: string, body: unknown = {}) => c.ok('POST', `/api/v1/tickets/${id}/actions/${action}`, body);

/**
 * A case reported in the grid by `by`, dispatched to the unit and 吹哨 (the reason becomes its agenda item's
 * description); the category is `by`'s alliance's first unless named. Returns the ticket and its waiting agenda item.
 */
export async function blownCase(by: Client, c: { title: string; gridId: string; unitId: string; categoryId?: string }) {
  const categoryId = c.categoryId ?? (await by.ok('GET', '/api/v1/categories?pageSize=100')).items[0].id;
  const t = await by.ok(
    'POST',
    '/api/v1/tickets',
    { kind: 'report', categoryId, title: c.title, description: `${c.title}，商户反映多次`, gridId: c.gridId },
    201,
  );
  await act(by, t.id, 'dispatch', { leadUnitId: c.unitId });
  await act(by, t.id, 'escalate', { reason: `${c.title}：多部门职责交叉，提请联席会议` });
  const items = (await by.ok('GET', '/api/v1/agenda-items?state=waiting&pageSize=200')).items as { id: string; ticketId: string }[];
  const item = items.find((i) => i.ticketId === t.id);
  if (!item) throw new Error('no waiting item');
  return { ticketId: t.id as string, itemId: item.id };
}

/** A meeting planned by `c` ten minutes ahead; `body` overrides any field. */
export const planMeeting = (env: TestEnv, c: Client, body: Record<string, unknown> = {}) =>
  c.ok(
    'POST',
    '/api/v1/meetings',
    {
      title: '第四季度商圈联席会议',
      heldAt: env.clock.now() + 10 * MINUTE,
      place: '党群服务中心二楼会议室',
      host: '商圈党委书记',
      attendees: '社区"两委"、城管中队、商户代表、居民代表',
      ...body,
    },
    201,
  );

/** A committee member (网格议事员: reads cases, edits meetings) whose role (named `name`) reaches only the one grid. */
export async function gridCommitteeMember(env: TestEnv, allianceId: string, gridId: string, name = '网格议事员') {
  await env.city.ok('POST', '/api/v1/auth/switch', { allianceId });
  const role = await env.city.ok('POST', '/api/v1/roles', {
    name,
    permissions: ['alliance:read', 'ticket:read', 'meeting:read', 'meeting:write'],
    dataScope: 'grid',
  });
  return env.member(allianceId, role.id, { scopeGridId: gridId });
}
