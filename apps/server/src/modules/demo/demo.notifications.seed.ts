/**
 * Notifications of a demo alliance: one unit's 企业微信 group robot, and the inbox filled from the demo cases.
 *
 * The robot points at http://127.0.0.1:9 (the "discard" port, closed on every ordinary machine): its deliveries fail
 * at once, quietly (failures are logged only at debug level), and over about two hours walk through retrying to
 * dead — so the webhook page shows attempts, errors and the manual retry without sending anything anywhere.
 *
 * The inbox follows from the tickets' outbox rows. The ticket seed ages the cases (their events move days back)
 * after the worker may already have consumed some rows, so this step (documented SQL, like ageTickets) drops the
 * alliance's inbox rows and consumes its outbox again: the items then carry the aged event times. Items older than
 * three days are marked read, so the first look shows a realistic handful of unread ones.
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.ts';
import { consumeOutboxOnce } from '../notifications/index.ts';
import { DEMO_PASSWORD, type DemoAlliance } from './demo.data.ts';
import { DemoApi, need, type Created } from './demo.seed.ts';

const DAY = 86_400_000;

/** Seeds webhook settings of a unit (inbox entries follow from the tickets) of one demo alliance; returns a line for the seed log. */
export async function seedDemoNotifications(app: FastifyInstance, deps: Deps, a: DemoAlliance, c: Created): Promise<string> {
  const handler = a.accounts.find((x) => x.role === 'unit_handler' && x.unit);
  let hookLine = 'no unit handler, no webhook';
  if (handler) {
    const api = await DemoApi.login(app, handler.username, DEMO_PASSWORD);
    await api.call('POST', '/api/v1/auth/switch', { allianceId: c.allianceId });
    const unitName = a.units.find((u) => u.key === handler.unit)?.name ?? '';
    await api.call('POST', '/api/v1/webhooks', {
      name: `${unitName}工作群（演示，地址不可达）`,
      unitId: need(c.units, handler.unit, 'unit'),
      format: 'wecom',
      url: `http://127.0.0.1:9/cgi-bin/webhook/send?key=demo-${a.code.toLowerCase()}`,
      msgType: 'markdown',
      events: ['dispatch', 'urge', 'sla_warning', 'overdue', 'rate'],
    });
    await api.call('POST', '/api/v1/auth/logout', {});
    hookLine = `webhook for ${handler.username}'s unit`;
  }

  await deps.db.deleteFrom('inbox_items').where('alliance_id', '=', c.allianceId).execute();
  await deps.db
    .updateTable('outbox')
    .set({ delivered_at: null, claimed_by: null, claimed_until: null })
    .where('alliance_id', '=', c.allianceId)
    .where('topic', 'like', 'ticket.%')
    .execute();
  const r = await consumeOutboxOnce(deps, `demo-${a.code}`);
  const now = deps.clock.now();
  await deps.db
    .updateTable('inbox_items')
    .set({ read_at: now })
    .where('alliance_id', '=', c.allianceId)
    .where('created_at', '<', now - 3 * DAY)
    .execute();
  const unread = await deps.db
    .selectFrom('inbox_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('alliance_id', '=', c.allianceId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return `demo: ${a.code}: notifications — ${hookLine}, ${r.inbox} inbox items (${Number(unread.n)} unread) from ${r.events} events`;
}
