/** SQL of the notification worker: outbox claims, recipients, webhook claims, deliveries, send log, SMS rows. */
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { insertRows, runSql } from '../../db/fastSql.ts';
import type { DbKind } from '../../config.ts';
import type { OutboxTable } from '../../db/types.ts';
import type { InboxItemTable, SmsMessageTable, WebhookDeliveryTable, WebhookSendTable, WebhookTable } from '../../db/tables/notifications.ts';

// the statements each delivered event runs are plain SQL (db/fastSql.ts): the worker runs them once per event, and
// through the query builder they cost it more CPU than SQLite spent on them
const MARK_DONE =
  'update outbox set delivered_at = ?, claimed_by = null, claimed_until = null, attempts = attempts + 1, last_error = null where id = ? and claimed_by = ? and delivered_at is null returning id';
const TICKET_FACTS =
  'select id, number, title, lead_unit_id, reporter_user_id, reporter_phone_enc, responsible_person_id, confidential, confidential_user_id from tickets where id = ? and alliance_id = ?';
const MATCHING_EVENT =
  'select id, at, actor_user_id, actor_name, note, data from ticket_events where ticket_id = ? and action = ? and at <= ? order by at desc limit 1';

interface MatchedEvent {
  id: string;
  at: number;
  actor_user_id: string | null;
  actor_name: string | null;
  note: string | null;
  data: string | null;
}

const free = (now: number) => sql<boolean>`(claimed_until is null or claimed_until < ${now})`;

/**
 * Claims up to `limit` undelivered outbox rows for `token` with one conditional UPDATE: a row is taken only while
 * unclaimed or its claim has run out, so two processes never hold the same row (PostgreSQL re-checks the condition
 * on the locked row; SKIP LOCKED lets the second process take the next rows instead of waiting).
 */
export async function claimOutbox(db: Db, kind: DbKind, token: string, now: number, leaseMs: number, limit: number): Promise<OutboxTable[]> {
  // the subquery walks the partial index outbox_queue (migration 0019) oldest first and stops at `limit`
  const rows = await db
    .updateTable('outbox')
    .set({ claimed_by: token, claimed_until: now + leaseMs })
    .where('id', 'in', (eb) => {
      const q = eb
        .selectFrom('outbox')
        .select('id')
        .where('delivered_at', 'is', null)
        .where('available_at', '<=', now)
        .where(free(now))
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit);
      return kind === 'postgres' ? q.forUpdate().skipLocked() : q;
    })
    .where('delivered_at', 'is', null)
    .where(free(now))
    .returningAll()
    .execute();
  // RETURNING gives no order: the oldest first, as claimed
  return rows.sort((a, b) => Number(a.created_at) - Number(b.created_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Deletes up to `limit` outbox rows delivered before `before`; returns how many. */
export async function purgeDeliveredOutbox(db: Db, kind: DbKind, before: number, limit: number): Promise<number> {
  const r = await db
    .deleteFrom('outbox')
    .where('id', 'in', (eb) => {
      const q = eb.selectFrom('outbox').select('id').where('delivered_at', '<', before).limit(limit);
      // two processes purging at once take different rows rather than wait on (or deadlock over) the same ones
      return kind === 'postgres' ? q.forUpdate().skipLocked() : q;
    })
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Marks an outbox row consumed (only while this claim holds it). */
export async function markOutboxDone(db: Db, id: string, token: string, now: number): Promise<boolean> {
  const rows = await runSql(db, MARK_DONE, [now, id, token]);
  return rows.length === 1;
}

/** Gives an outbox row back for a later try after its processing failed. */
export async function releaseOutbox(db: Db, id: string, token: string, retryAt: number, error: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ claimed_by: null, claimed_until: null, available_at: retryAt, attempts: sql<number>`attempts + 1`, last_error: error.slice(0, 500) })
    .where('id', '=', id)
    .where('claimed_by', '=', token)
    .execute();
}

export interface TicketFacts {
  id: string;
  number: string;
  title: string;
  lead_unit_id: string | null;
  reporter_user_id: string | null;
  reporter_phone_enc: string | null;
  responsible_person_id: string | null;
  confidential?: number | undefined;
  confidential_user_id?: string | null | undefined;
}

export async function ticketFacts(db: Db, allianceId: string, ticketId: string): Promise<TicketFacts | undefined> {
  return (await runSql<TicketFacts>(db, TICKET_FACTS, [ticketId, allianceId]))[0];
}

const EVENT_BY_ID = 'select id, at, actor_user_id, actor_name, note, data from ticket_events where id = ? and ticket_id = ?';

/** The timeline event an outbox row names (rows written since the outbox carried `eventId`). */
export async function eventById(db: Db, ticketId: string, eventId: string) {
  return (await runSql<MatchedEvent>(db, EVENT_BY_ID, [eventId, ticketId]))[0];
}

/**
 * For outbox rows without `eventId` (older ones, the SLA clock's): the latest event of that action on the ticket at or
 * before the row's time (+ a little, since an event written in the same millisecond as the previous one moves 1 ms later).
 */
export async function matchingEvent(db: Db, ticketId: string, action: string, at: number) {
  return (await runSql<MatchedEvent>(db, MATCHING_EVENT, [ticketId, action, at + 5_000]))[0];
}

export async function allianceName(db: Db, allianceId: string): Promise<string> {
  const a = await db.selectFrom('alliances').select('name').where('id', '=', allianceId).executeTakeFirst();
  return a?.name ?? '同心';
}

/** Active users of the alliance attached to one of the units. */
export async function unitUsers(db: Db, allianceId: string, unitIds: string[]): Promise<{ user_id: string; unit_id: string }[]> {
  if (unitIds.length === 0) return [];
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'm.unit_id'])
    .where('m.alliance_id', '=', allianceId)
    .where('m.unit_id', 'in', unitIds)
    .where('u.status', '=', 'active')
    .execute();
  return rows.map((r) => ({ user_id: r.user_id, unit_id: r.unit_id as string }));
}

/** The alliance's roles that hold `ticket:dispatch` (the committee's). */
async function dispatcherRoles(db: Db, allianceId: string): Promise<string[]> {
  const roles = await runSql<{ id: string; permissions: string }>(db, 'select id, permissions from roles where alliance_id = ?', [allianceId]);
  return roles.filter((r) => (JSON.parse(r.permissions) as string[]).includes('ticket:dispatch')).map((r) => r.id);
}

/** Active users of the alliance whose role holds `ticket:dispatch` (the committee's dispatchers), whatever their scope. */
export async function committeeUsers(db: Db, allianceId: string): Promise<string[]> {
  const ids = await dispatcherRoles(db, allianceId);
  if (ids.length === 0) return [];
  const rows = await runSql<{ user_id: string }>(
    db,
    `select m.user_id from memberships m join users u on u.id = m.user_id where m.alliance_id = ? and m.role_id in (${ids.map(() => '?').join(', ')}) and u.status = 'active'`,
    [allianceId, ...ids],
  );
  return rows.map((r) => r.user_id);
}

/**
 * The committee's dispatchers (active members whose role holds ticket:dispatch) whose data scope reaches a record, in one
 * statement for all of them: `record` joins the record (its id is the first parameter) and what its scope is read from,
 * `reach` is the scope rule over `r.data_scope` and the membership's anchors (sg: scope grid, so: scope org, mu: unit).
 */
async function dispatchersWhere(db: Db, allianceId: string, recordId: string, record: string, reach: string): Promise<string[]> {
  const ids = await dispatcherRoles(db, allianceId);
  if (ids.length === 0) return [];
  const rows = await runSql<{ user_id: string }>(
    db,
    `select m.user_id from memberships m
      join users u on u.id = m.user_id
      join roles r on r.id = m.role_id
      left join grids sg on sg.id = m.scope_grid_id and sg.alliance_id = m.alliance_id
      left join orgs so on so.id = m.scope_org_id and so.alliance_id = m.alliance_id
      left join units mu on mu.id = m.unit_id and mu.alliance_id = m.alliance_id
      ${record}
      where m.alliance_id = ? and m.role_id in (${ids.map(() => '?').join(', ')}) and u.status = 'active' and (${reach})`,
    [recordId, allianceId, ...ids],
  );
  return rows.map((r) => r.user_id);
}

/**
 * The dispatchers whose scope reaches the case: the rule of `ticketScope` (tickets.service.ts) — the alliance; the
 * organisation or grid subtree holding the case's grid; the unit leading or assisting it; or the case's own reporter or
 * author. Confidential cases reach no committee (their contact is told instead).
 */
export function dispatchersReaching(db: Db, allianceId: string, ticketId: string): Promise<string[]> {
  return dispatchersWhere(
    db,
    allianceId,
    ticketId,
    `join tickets t on t.id = ? and t.alliance_id = m.alliance_id and t.confidential = 0
      left join grids tg on tg.id = t.grid_id
      left join orgs tgo on tgo.id = tg.org_id`,
    `r.data_scope = 'alliance'
      or (r.data_scope = 'org' and tgo.path like so.path || '%')
      or (r.data_scope = 'grid' and tg.path like sg.path || '%')
      or (r.data_scope = 'unit' and (t.lead_unit_id = mu.id
        or exists (select 1 from ticket_units tu where tu.ticket_id = t.id and tu.unit_id = mu.id)))
      or t.reporter_user_id = m.user_id or t.created_by = m.user_id`,
  );
}

/**
 * The dispatchers whose scope reaches the shop: the rule of `merchantScope` (merchants.scope.ts) — the alliance; the
 * organisation or grid subtree holding the shop's grid; a unit's grid subtree, or every shop for a unit without a grid;
 * the shop's own operator.
 */
export function dispatchersReachingMerchant(db: Db, allianceId: string, merchantId: string): Promise<string[]> {
  return dispatchersWhere(
    db,
    allianceId,
    merchantId,
    `join merchants s on s.id = ? and s.alliance_id = m.alliance_id
      left join grids s_g on s_g.id = s.grid_id
      left join orgs s_o on s_o.id = s_g.org_id
      left join grids ug on ug.id = mu.grid_id`,
    `r.data_scope = 'alliance'
      or (r.data_scope = 'org' and s_o.path like so.path || '%')
      or (r.data_scope = 'grid' and s_g.path like sg.path || '%')
      or (r.data_scope = 'unit' and mu.id is not null and (mu.grid_id is null or s_g.path like ug.path || '%'))
      or (r.data_scope = 'own' and u.person_id is not null and s.operator_person_id = u.person_id)`,
  );
}

/** Of the given users (or the accounts of the given people), those who are active members of the alliance. */
export async function memberUsers(
  db: Db,
  allianceId: string,
  by: { userIds?: string[]; personIds?: string[] },
): Promise<{ id: string; person_id: string | null }[]> {
  const userIds = by.userIds ?? [];
  const personIds = by.personIds ?? [];
  if (userIds.length === 0 && personIds.length === 0) return [];
  return db
    .selectFrom('users as u')
    .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'u.id').on('m.alliance_id', '=', allianceId))
    .select(['u.id', 'u.person_id'])
    .where('u.status', '=', 'active')
    .where((eb) => {
      const ors = [];
      if (userIds.length) ors.push(eb('u.id', 'in', userIds));
      if (personIds.length) ors.push(eb('u.person_id', 'in', personIds));
      return eb.or(ors);
    })
    .execute();
}

export function enabledWebhooks(db: Db, allianceId: string): Promise<Pick<WebhookTable, 'id' | 'unit_id' | 'events'>[]> {
  return runSql(db, 'select id, unit_id, events from webhooks where alliance_id = ? and enabled = 1', [allianceId]);
}

/** Inserts rows that do not exist yet (the unique keys make a second pass over one event a no-op). */
export async function insertInbox(db: Db, rows: InboxItemTable[]): Promise<void> {
  await insertRows(db, 'inbox_items', rows as unknown as Record<string, unknown>[], ['event_id', 'user_id']);
}

export async function insertDeliveries(db: Db, rows: WebhookDeliveryTable[]): Promise<void> {
  if (rows.length)
    await db
      .insertInto('webhook_deliveries')
      .values(rows)
      .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
      .execute();
}

export async function insertSms(db: Db, row: SmsMessageTable): Promise<void> {
  await db
    .insertInto('sms_messages')
    .values(row)
    .onConflict((oc) => oc.column('event_id').doNothing())
    .execute();
}

/** Webhooks with deliveries due now, oldest first. */
export async function webhooksWithDue(db: Db, now: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select('webhook_id')
    .select((eb) => eb.fn.min('next_at').as('first'))
    .where('status', '=', 'pending')
    .where('next_at', '<=', now)
    .groupBy('webhook_id')
    .orderBy('first')
    .limit(limit)
    .execute();
  return rows.map((r) => r.webhook_id);
}

/** Takes a webhook for one run (conditional UPDATE: free, or the previous claim ran out); false when another process has it. */
export async function claimWebhook(db: Db, id: string, token: string, now: number, leaseMs: number): Promise<WebhookTable | null> {
  const r = await db
    .updateTable('webhooks')
    .set({ claimed_by: token, claimed_until: now + leaseMs })
    .where('id', '=', id)
    .where('enabled', '=', 1)
    .where(free(now))
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return null;
  return (await db.selectFrom('webhooks').selectAll().where('id', '=', id).where('claimed_by', '=', token).executeTakeFirst()) ?? null;
}

export async function releaseWebhook(db: Db, id: string, token: string, patch: Partial<Pick<WebhookTable, 'last_sent_at' | 'last_error'>>): Promise<void> {
  await db
    .updateTable('webhooks')
    .set({ ...patch, claimed_by: null, claimed_until: null })
    .where('id', '=', id)
    .where('claimed_by', '=', token)
    .execute();
}

export function dueDeliveries(db: Db, webhookId: string, now: number, limit: number): Promise<WebhookDeliveryTable[]> {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .where('status', '=', 'pending')
    .where('next_at', '<=', now)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Requests made to a webhook since `since` (its robot rate window). */
export async function sendsSince(db: Db, webhookId: string, since: number): Promise<number> {
  const r = await db
    .selectFrom('webhook_sends')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('webhook_id', '=', webhookId)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertSend(db: Db, row: WebhookSendTable): Promise<void> {
  await db.insertInto('webhook_sends').values(row).execute();
}

/** Marks deliveries sent (only those still pending: a manual action in between wins). */
export async function markSent(db: Db, ids: string[], now: number, httpStatus: number | null): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({
      status: 'sent',
      sent_at: now,
      next_at: null,
      attempts: sql<number>`attempts + 1`,
      last_http_status: httpStatus,
      last_error: null,
      batch_size: ids.length,
      updated_at: now,
    })
    .where('id', 'in', ids)
    .where('status', '=', 'pending')
    .execute();
}

/** Records a failed try of one delivery: the next try's time, or dead after the last attempt. */
export async function markFailed(
  db: Db,
  d: Pick<WebhookDeliveryTable, 'id' | 'attempts'>,
  now: number,
  next: { dead: boolean; at: number | null },
  httpStatus: number | null,
  error: string,
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({
      status: next.dead ? 'dead' : 'pending',
      next_at: next.at,
      attempts: Number(d.attempts) + 1,
      last_http_status: httpStatus,
      last_error: error.slice(0, 500),
      updated_at: now,
    })
    .where('id', '=', d.id)
    .where('status', '=', 'pending')
    .execute();
}

/** Claims one due SMS row for `token`; null when none is left or another process took it. */
export async function claimSms(db: Db, token: string, now: number, leaseMs: number): Promise<SmsMessageTable | null> {
  const next = await db
    .selectFrom('sms_messages')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_at', '<=', now)
    .where(free(now))
    .orderBy('next_at')
    .limit(1)
    .executeTakeFirst();
  if (!next) return null;
  const r = await db
    .updateTable('sms_messages')
    .set({ claimed_by: token, claimed_until: now + leaseMs })
    .where('id', '=', next.id)
    .where('status', '=', 'pending')
    .where(free(now))
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return claimSms(db, token, now, leaseMs);
  return (await db.selectFrom('sms_messages').selectAll().where('id', '=', next.id).executeTakeFirst()) ?? null;
}

export async function finishSms(db: Db, id: string, token: string, patch: Partial<SmsMessageTable>): Promise<void> {
  await db
    .updateTable('sms_messages')
    .set({ ...patch, claimed_by: null, claimed_until: null })
    .where('id', '=', id)
    .where('claimed_by', '=', token)
    .execute();
}
