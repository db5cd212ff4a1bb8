/** SQL of the notification endpoints: the inbox, webhooks and their deliveries, the SMS sink. */
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { WebhookTable } from '../../db/tables/notifications.ts';
import { containsText } from '../../db/like.ts';

// ---- inbox: always one user in one alliance

export function inboxPage(db: Db, allianceId: string, userId: string, unreadOnly: boolean, offset: number, limit: number) {
  let q = db.selectFrom('inbox_items').where('alliance_id', '=', allianceId).where('user_id', '=', userId);
  if (unreadOnly) q = q.where('read_at', 'is', null);
  return Promise.all([
    q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').offset(offset).limit(limit).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
}

export async function unreadCount(db: Db, allianceId: string, userId: string): Promise<number> {
  const r = await db
    .selectFrom('inbox_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('alliance_id', '=', allianceId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function inboxItem(db: Db, allianceId: string, userId: string, id: string) {
  return db.selectFrom('inbox_items').selectAll().where('id', '=', id).where('alliance_id', '=', allianceId).where('user_id', '=', userId).executeTakeFirst();
}

export async function markRead(db: Db, allianceId: string, userId: string, now: number, id?: string): Promise<number> {
  let q = db.updateTable('inbox_items').set({ read_at: now }).where('alliance_id', '=', allianceId).where('user_id', '=', userId).where('read_at', 'is', null);
  if (id) q = q.where('id', '=', id);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ---- webhooks: `unitId` undefined reaches every webhook of the alliance, a string only that unit's

export interface HookFilter {
  unitId?: string | undefined;
  format?: string | undefined;
  q?: string | undefined;
}

export type HookRow = WebhookTable & { unit_name: string | null; pending: number; dead: number };

function hooks(db: Db, allianceId: string) {
  return db.selectFrom('webhooks as w').leftJoin('units as u', 'u.id', 'w.unit_id').where('w.alliance_id', '=', allianceId);
}

const counts = (status: 'pending' | 'dead') =>
  sql<number>`(select count(*) from webhook_deliveries d where d.webhook_id = w.id and d.status = ${status})`.as(status);

export async function listHooks(db: Db, allianceId: string, f: HookFilter, offset: number, limit: number): Promise<{ items: HookRow[]; total: number }> {
  let q = hooks(db, allianceId);
  if (f.unitId !== undefined) q = q.where('w.unit_id', '=', f.unitId);
  if (f.format) q = q.where('w.format', '=', f.format);
  if (f.q) q = q.where(containsText('w.name', f.q));
  const [items, total] = await Promise.all([
    q
      .selectAll('w')
      .select(['u.name as unit_name', counts('pending'), counts('dead')])
      .orderBy('w.created_at', 'desc')
      .offset(offset)
      .limit(limit)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items as HookRow[], total: Number(total.n) };
}

export async function getHook(db: Db, allianceId: string, id: string, unitId?: string): Promise<HookRow | undefined> {
  let q = hooks(db, allianceId).where('w.id', '=', id);
  if (unitId !== undefined) q = q.where('w.unit_id', '=', unitId);
  return (await q
    .selectAll('w')
    .select(['u.name as unit_name', counts('pending'), counts('dead')])
    .executeTakeFirst()) as HookRow | undefined;
}

export async function insertHook(db: Db, row: WebhookTable): Promise<void> {
  await db.insertInto('webhooks').values(row).execute();
}

export async function updateHook(db: Db, id: string, patch: Partial<WebhookTable>): Promise<void> {
  await db.updateTable('webhooks').set(patch).where('id', '=', id).execute();
}

/** Removes a webhook with its deliveries and send log. */
export async function deleteHook(db: Db, id: string): Promise<void> {
  await db.deleteFrom('webhook_sends').where('webhook_id', '=', id).execute();
  await db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
  await db.deleteFrom('webhooks').where('id', '=', id).execute();
}

export async function deliveriesPage(db: Db, webhookId: string, status: string | undefined, offset: number, limit: number) {
  let q = db.selectFrom('webhook_deliveries').where('webhook_id', '=', webhookId);
  if (status) q = q.where('status', '=', status);
  const [items, total] = await Promise.all([
    q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').offset(offset).limit(limit).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export function delivery(db: Db, allianceId: string, id: string) {
  return db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).where('alliance_id', '=', allianceId).executeTakeFirst();
}

/** Puts a delivery back in the queue for a fresh round of tries (not once sent). */
export async function requeue(db: Db, id: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', attempts: 0, next_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['dead', 'pending'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- SMS sink

export async function smsPage(db: Db, allianceId: string, offset: number, limit: number) {
  const q = db.selectFrom('sms_messages').where('alliance_id', '=', allianceId);
  const [items, total] = await Promise.all([
    q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').offset(offset).limit(limit).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}
