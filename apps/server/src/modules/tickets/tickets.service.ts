import {
  distanceMeters,
  maskFreeText,
  maskPhone,
  shanghaiDate,
  toWgs84,
  type GeoPoint,
  type Ticket,
  type TicketCreate,
  type TicketDetail,
  type TicketPage,
  type TicketQuery,
  type TimelineEvent,
  TICKET_COUNT_CAP,
} from '@tongxin/domain';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../db/index.ts';
import { insertRows, runSql } from '../../db/fastSql.ts';
import type { TicketTable } from '../../db/types.ts';
import type { Actor, Deps, TenantActor } from '../../lib/context.ts';
import { invalidField, notFound } from '../../lib/errors.ts';
import { shownText } from '../../lib/freeText.ts';
import { newId } from '../../lib/ids.ts';
import { photoHolderReach, takePhotos, type PhotoHolder } from '../files/index.ts';
import { listParams, paged, resolveScope, type ResolvedScope } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import { outboxRow, writeIntake } from './tickets.intake.repo.ts';
import { queryTokens, ticketTokens, tokenFilter } from './tickets.tokens.ts';
import {
  assistUnitsOf,
  detailOf,
  joinedTickets,
  partiesOf,
  photoRef,
  toTicket,
  viewTickets,
  type TicketRow,
  type TicketViewRow,
  type Viewer,
} from './tickets.view.ts';

const TRUE = sql<SqlBool>`1 = 1`;
const and = (parts: Expression<SqlBool>[]) => (parts.length ? sql<SqlBool>`(${sql.join(parts, sql` and `)})` : TRUE);

/**
 * Tickets in reach of a data scope (API-tickets.md "Data scope of tickets"); a reporter always reaches their own.
 * A confidential ticket (monitoring-point feedback on conduct, docs/MERCHANTS.md) is reached only by its designated
 * contact, its reporter, and the lead unit the contact dispatched it to (never the unit it concerns), whatever the scope.
 */
export function ticketScope(scope: ResolvedScope, userId: string | null): Expression<SqlBool> {
  const inScope = scopeOnly(scope, userId);
  const lead = scope.kind === 'unit' ? sql<SqlBool>` or tickets.lead_unit_id = ${scope.unitId}` : sql``;
  const mine = userId ? sql<SqlBool>` or tickets.reporter_user_id = ${userId} or tickets.created_by = ${userId}` : sql``;
  const contact = userId ? sql<SqlBool>` or tickets.confidential_user_id = ${userId}` : sql``;
  return sql<SqlBool>`((${inScope} and (tickets.confidential = 0${mine}${lead}))${contact})`;
}

function scopeOnly(scope: ResolvedScope, userId: string | null): Expression<SqlBool> {
  const mine = userId ? sql<SqlBool>`(tickets.reporter_user_id = ${userId} or tickets.created_by = ${userId})` : null;
  const or = (e: Expression<SqlBool>) => (mine ? sql<SqlBool>`(${e} or ${mine})` : e);
  switch (scope.kind) {
    case 'alliance':
      return TRUE;
    case 'org':
      return or(sql<SqlBool>`tickets.grid_id in (select g.id from grids g join orgs o on o.id = g.org_id where o.path like ${`${scope.orgPath}%`})`);
    case 'grid':
      return or(sql<SqlBool>`tickets.grid_id in (select g.id from grids g where g.path like ${`${scope.gridPath}%`})`);
    case 'unit':
      return or(
        sql<SqlBool>`(tickets.lead_unit_id = ${scope.unitId} or exists (select 1 from ticket_units tu where tu.ticket_id = tickets.id and tu.unit_id = ${scope.unitId}))`,
      );
    case 'own':
      return mine ?? sql<SqlBool>`1 = 0`;
  }
}

export function viewerOf(actor: Pick<Actor, 'permissions' | 'unitId' | 'userId' | 'scope'>, r: Pick<TicketTable, 'lead_unit_id' | 'reporter_user_id'>): Viewer {
  // residents, merchants and volunteers (own scope) follow their cases as the tracking page shows them
  return {
    parties: partiesOf(actor, r),
    isReporter: !!actor.userId && actor.userId === r.reporter_user_id,
    outsider: actor.scope === 'own',
    userId: actor.userId,
    meetings: actor.permissions.has('meeting:read'),
  };
}

/** A ticket row of the alliance within the actor's scope, or 404. */
export async function visibleRow(db: Db, a: TenantActor, scope: ResolvedScope, id: string): Promise<TicketRow> {
  const row = await joinedTickets(db)
    .where('tickets.id', '=', id)
    .where('tickets.alliance_id', '=', a.allianceId)
    .where(ticketScope(scope, a.userId))
    .executeTakeFirst();
  if (!row) throw notFound('ticket');
  return row;
}

/**
 * Checks the photos a record takes and gives them to it (files.takePhotos): fresh uploads of this alliance or the
 * public form, the caller's own, or ones this record already holds; 400 naming the field otherwise. Called in the
 * transaction that writes the record, which a 400 rolls back. Who can see the record sees its photos; the uploads are
 * kept from then on (files.purgeUnusedUploads deletes those no record took within a day).
 */
export async function assertPhotos(
  db: Db,
  allianceId: string,
  ids: string[] | undefined,
  to: { kind: PhotoHolder; id: string; by: string | null },
  field = 'photos',
): Promise<string[]> {
  const list = [...new Set(ids ?? [])];
  if (!(await takePhotos(db, allianceId, list, to))) throw invalidField(field, 'unknown_file', 'a photo does not exist, or is not one this record may take');
  return list;
}

// a case's photos (its own and its timeline's) are shown to who can see the case
photoHolderReach('ticket', async (db, a, ids) => {
  if (!a.permissions.has('ticket:read')) return false;
  const scope = await resolveScope(db, a);
  return !!(await db
    .selectFrom('tickets')
    .select('id')
    .where('id', 'in', ids)
    .where('alliance_id', '=', a.allianceId)
    .where(ticketScope(scope, a.userId))
    .limit(1)
    .executeTakeFirst());
});

/** Writes one notification row in the caller's transaction. */
export async function appendOutbox(trx: Db, now: number, allianceId: string, topic: string, payload: Record<string, unknown>): Promise<void> {
  await insertRows(trx, 'outbox', [outboxRow(allianceId, { id: newId(now), topic, at: now }, payload)]);
}

export interface IntakeInput {
  kind: string;
  categoryId: string;
  title?: string | null | undefined;
  description: string;
  photos?: string[] | undefined;
  location?: GeoPoint | null | undefined;
  address?: string | null | undefined;
  gridId?: string | null | undefined;
  merchantName?: string | null | undefined;
  /** the registered merchant the case concerns (complaints from the integrity page, monitoring-point feedback) */
  merchantId?: string | null | undefined;
  /** monitoring-point feedback: its topic, and for conduct the confidential routing (modules/integrity) */
  feedbackTopic?: 'service' | 'conduct' | null | undefined;
  confidential?: { contactUserId: string; concernedUnitId: string | null } | null | undefined;
  urgent?: boolean | undefined;
  reporterName?: string | null | undefined;
  reporterPhone?: string | null | undefined;
}

export interface IntakeActor {
  actor: Pick<Actor, 'userId' | 'name' | 'requestId' | 'ip' | 'unitId'> & { allianceId: string };
  /** the logged-in reporter (null for staff entering a case for someone, or the public form) */
  reporterUserId: string | null;
  anonymous: boolean;
  trackingHash: string | null;
  /** more fields for the data of the 'create' timeline event (e.g. the public forms' sensitive-word count) */
  eventData?: Record<string, unknown>;
}

/**
 * Title shown when none was given: the start of the description, with its phone and ID numbers masked first. Cut
 * before masking, a number that runs past the 30th character would keep all but its last digits (13800001234 →
 * 1380000123), a prefix the masking of free text no longer recognises, and every list, inbox line and export would
 * show it.
 */
function defaultTitle(description: string): string {
  const line = maskFreeText(description.replace(/\s+/g, ' ').trim());
  return [...line].slice(0, 30).join('');
}

/** Inserts a new ticket with its number, search tokens, 'create' event, audit record and outbox row; one transaction. */
export async function intake(deps: Deps, code: string, who: IntakeActor, body: IntakeInput): Promise<{ row: TicketRow; event: TimelineEvent }> {
  const now = deps.clock.now();
  const allianceId = who.actor.allianceId;
  const id = newId(now);
  return deps.db.transaction().execute(async (trx) => {
    // the statements of intake are plain SQL (db/fastSql.ts): this is the hottest write of the system
    const [cat] = await runSql<{ id: string; name: string; active: number }>(trx, 'select id, name, active from categories where id = ? and alliance_id = ?', [
      body.categoryId,
      allianceId,
    ]);
    if (!cat || Number(cat.active) !== 1) throw invalidField('categoryId', 'unknown_reference', 'categoryId does not exist in this alliance');
    const grid = body.gridId
      ? (await runSql<{ name: string }>(trx, 'select name from grids where id = ? and alliance_id = ?', [body.gridId, allianceId]))[0]
      : null;
    if (body.gridId && !grid) throw invalidField('gridId', 'unknown_reference', 'gridId does not exist in this alliance');
    if (body.merchantId) {
      const m = await trx.selectFrom('merchants').select('id').where('id', '=', body.merchantId).where('alliance_id', '=', allianceId).executeTakeFirst();
      if (!m) throw invalidField('merchantId', 'unknown_reference', 'merchantId does not exist in this alliance');
    }
    const photos = await assertPhotos(trx, allianceId, body.photos, { kind: 'ticket', id, by: who.actor.userId });
    const unit = who.actor.unitId ? (await runSql<{ name: string }>(trx, 'select name from units where id = ?', [who.actor.unitId]))[0] : undefined;
    const loc = body.location ?? null;
    const wgs = loc ? toWgs84(loc) : null;
    const phone = body.reporterPhone ?? null;
    const title = body.title ?? defaultTitle(body.description);
    // the number is assigned by writeIntake, which takes the alliance's day counter
    const fields: Omit<TicketTable, 'number'> = {
      id,
      alliance_id: allianceId,
      kind: body.kind,
      status: 'submitted',
      category_id: body.categoryId,
      title,
      description: body.description,
      photos: JSON.stringify(photos),
      lng: loc?.lng ?? null,
      lat: loc?.lat ?? null,
      crs: loc?.crs ?? null,
      wgs_lng: wgs?.lng ?? null,
      wgs_lat: wgs?.lat ?? null,
      address: body.address ?? null,
      grid_id: body.gridId ?? null,
      merchant_name: body.merchantName ?? null,
      merchant_id: body.merchantId ?? null,
      complaint_verdict: null,
      verdict_at: null,
      confidential: body.confidential ? 1 : 0,
      confidential_user_id: body.confidential?.contactUserId ?? null,
      concerned_unit_id: body.confidential?.concernedUnitId ?? null,
      feedback_topic: body.feedbackTopic ?? null,
      urgent: body.urgent ? 1 : 0,
      reporter_user_id: who.reporterUserId,
      reporter_name: body.reporterName ?? (who.reporterUserId ? who.actor.name : null),
      reporter_phone_enc: deps.cipher.encrypt(phone),
      reporter_phone_bidx: deps.cipher.phoneIndex(phone),
      anonymous: who.anonymous ? 1 : 0,
      tracking_hash: who.trackingHash,
      lead_unit_id: null,
      responsible_person_id: null,
      accept_due_at: null,
      due_at: null,
      due_beyond_calendar: 0,
      warned: 0,
      overdue: 0,
      accept_overdue: 0,
      escalated: 0,
      extension_pending: 0,
      extension_until: null,
      rating_stars: null,
      rating_solved: null,
      rating_comment: null,
      rating_by_callback: null,
      rated_at: null,
      callback_due: 0,
      closed_unrated: 0,
      merged_into_id: null,
      reopen_count: 0,
      created_by: who.actor.userId,
      created_at: now,
      updated_at: now,
      dispatched_at: null,
      accepted_at: null,
      resolved_at: null,
      closed_at: null,
    };
    const event = {
      id: newId(now),
      alliance_id: allianceId,
      ticket_id: id,
      action: 'create',
      at: now,
      actor_user_id: who.actor.userId,
      actor_name: who.actor.name,
      actor_unit_id: who.actor.unitId ?? null,
      from_status: null,
      to_status: 'submitted',
      note: null,
      photos: JSON.stringify(photos),
      data: JSON.stringify({ kind: body.kind, source: who.trackingHash ? 'public' : 'staff', ...who.eventData }),
    };
    // a confidential ticket is announced to its designated contact only
    const notify = body.confidential
      ? { confidential: true, notify: { units: [], users: [body.confidential.contactUserId], people: [], committee: false } }
      : {};
    const number = await writeIntake(trx, deps.dbKind, {
      code,
      day: shanghaiDate(now).replace(/-/g, ''),
      ticket: fields,
      tokens: ticketTokens(title, body.description),
      event,
      outbox: { id: newId(now), topic: 'ticket.created', payload: { ticketId: id, allianceId, eventId: event.id, ...notify }, at: now },
    });
    const row: TicketTable = { ...fields, number };
    // last: the alliance's audit chain head is locked to COMMIT too
    await appendAudit(trx, deps, who.actor, {
      action: 'ticket.create',
      entity: 'ticket',
      entityId: id,
      after: {
        number,
        kind: body.kind,
        status: 'submitted',
        categoryId: body.categoryId,
        title: maskFreeText(title),
        description: maskFreeText(body.description),
        gridId: row.grid_id,
        reporterPhone: maskPhone(phone),
        photos,
      },
    });
    return {
      row: { ...row, category_name: cat.name, grid_name: grid?.name ?? null, lead_unit_name: null, responsible_person_name: null },
      event: {
        id: event.id,
        action: 'create',
        at: now,
        actorName: shownText(event.actor_name),
        actorUnitName: shownText(unit?.name ?? null),
        fromStatus: null,
        toStatus: 'submitted' as const,
        note: null,
        photos: photos.map(photoRef),
        data: { kind: body.kind, source: who.trackingHash ? 'public' : 'staff' },
        byClock: false,
        systemNote: null,
      },
    };
  });
}

/** The detail of a ticket just taken in, built without reading it back. */
export function intakeDetail(deps: Pick<Deps, 'cipher' | 'clock'>, r: { row: TicketRow; event: TimelineEvent }, v: Viewer): TicketDetail {
  // the public page shows who acted by unit only
  const event = v.publicView && r.row.created_by !== null ? { ...r.event, actorName: null } : r.event;
  return { ...toTicket(deps, r.row, [], v), timeline: [event] };
}

// an alliance's code never changes (AllianceUpdate omits it)
const codes = new Map<string, string>();
async function allianceCode(db: Db, allianceId: string): Promise<string> {
  const hit = codes.get(allianceId);
  if (hit) return hit;
  const a = await db.selectFrom('alliances').select('code').where('id', '=', allianceId).executeTakeFirstOrThrow();
  codes.set(allianceId, a.code);
  return a.code;
}

/** Staff or a logged-in reporter takes in a case; modules/integrity adds the merchant and the confidential routing of monitoring-point feedback. */
export async function createTicket(
  deps: Deps,
  a: TenantActor,
  body: TicketCreate & Pick<IntakeInput, 'merchantId' | 'feedbackTopic' | 'confidential'>,
): Promise<TicketDetail> {
  // staff entering a case on someone's behalf are not its reporter
  const onBehalf = a.permissions.has('ticket:dispatch') && !!(body.reporterName || body.reporterPhone);
  const r = await intake(
    deps,
    await allianceCode(deps.db, a.allianceId),
    { actor: a, reporterUserId: onBehalf ? null : a.userId, anonymous: false, trackingHash: null },
    body,
  );
  return intakeDetail(deps, r, viewerOf(a, r.row));
}

export async function getTicket(deps: Deps, a: TenantActor, id: string): Promise<TicketDetail> {
  const scope = await resolveScope(deps.db, a);
  const row = await visibleRow(deps.db, a, scope, id);
  return detailOf(deps, deps.db, row, viewerOf(a, row));
}

const TICKET_NUMBER = /^[A-Z][A-Z0-9]{1,7}-\d{8}-\d{4,}$/;

/** The filters of a ticket list (the query without its page). */
export type TicketFilters = Omit<TicketQuery, 'page' | 'pageSize'>;

/** The WHERE of a ticket list: the alliance, the actor's data scope and every filter of the query. */
async function listWhere(deps: Deps, a: TenantActor, q: TicketFilters): Promise<Expression<SqlBool>> {
  const scope = await resolveScope(deps.db, a);
  const now = deps.clock.now();
  const w: Expression<SqlBool>[] = [sql<SqlBool>`tickets.alliance_id = ${a.allianceId}`, ticketScope(scope, a.userId)];
  if (q.kind) w.push(sql<SqlBool>`tickets.kind = ${q.kind}`);
  if (q.status) w.push(sql<SqlBool>`tickets.status = ${q.status}`);
  if (q.categoryId) w.push(sql<SqlBool>`tickets.category_id = ${q.categoryId}`);
  if (q.gridId) {
    const g = await deps.db.selectFrom('grids').select('path').where('id', '=', q.gridId).where('alliance_id', '=', a.allianceId).executeTakeFirst();
    w.push(g ? sql<SqlBool>`tickets.grid_id in (select g.id from grids g where g.path like ${`${g.path}%`})` : sql<SqlBool>`1 = 0`);
  }
  if (q.unitId)
    w.push(
      sql<SqlBool>`(tickets.lead_unit_id = ${q.unitId} or exists (select 1 from ticket_units tu where tu.ticket_id = tickets.id and tu.unit_id = ${q.unitId}))`,
    );
  const late = sql<SqlBool>`(tickets.overdue = 1 or (tickets.status in ('dispatched', 'accepted') and tickets.due_at < ${now}))`;
  if (q.overdue === 'true') w.push(late);
  if (q.overdue === 'false') w.push(sql<SqlBool>`not ${late}`);
  const open = sql<SqlBool>`tickets.status in ('submitted', 'dispatched', 'accepted', 'resolved')`;
  if (q.open === 'true') w.push(open);
  if (q.open === 'false') w.push(sql<SqlBool>`not ${open}`);
  if (q.extensionPending === 'true') w.push(sql<SqlBool>`tickets.extension_pending = 1`);
  if (q.extensionPending === 'false') w.push(sql<SqlBool>`tickets.extension_pending = 0`);
  if (q.mine === 'true') w.push(a.userId ? sql<SqlBool>`tickets.reporter_user_id = ${a.userId}` : sql<SqlBool>`1 = 0`);
  if (q.from !== undefined) w.push(sql<SqlBool>`tickets.created_at >= ${q.from}`);
  if (q.to !== undefined) w.push(sql<SqlBool>`tickets.created_at <= ${q.to}`);
  if (q.q) {
    if (TICKET_NUMBER.test(q.q.toUpperCase())) w.push(sql<SqlBool>`tickets.number = ${q.q.toUpperCase()}`);
    else {
      const tokens = queryTokens(q.q);
      if (tokens.length) w.push(tokenFilter(deps.dbKind, a.allianceId, tokens));
    }
  }
  return and(w);
}

/** Rows as the API shows them to the actor, with their assisting units (one query per 500 rows). */
async function ticketsOf(deps: Deps, a: TenantActor, rows: TicketViewRow[]): Promise<Ticket[]> {
  const assist = await assistUnitsOf(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toTicket(deps, r, assist.get(r.id) ?? [], viewerOf(a, r)));
}

/** A page of the newest tickets that match, with the count of those that match up to TICKET_COUNT_CAP. */
async function pageOf(deps: Deps, a: TenantActor, q: TicketFilters, offset: number, limit: number): Promise<TicketPage> {
  const where = await listWhere(deps, a, q);
  const [rows, count] = await Promise.all([
    viewTickets(deps.db).where(where).orderBy('tickets.created_at', 'desc').orderBy('tickets.id', 'desc').offset(offset).limit(limit).execute(),
    countUpTo(deps.db, where, TICKET_COUNT_CAP),
  ]);
  return { ...paged(await ticketsOf(deps, a, rows), count.total), totalCapped: count.capped };
}

/**
 * How many tickets match, counting no further than one past `cap`: an alliance's unfiltered list no longer reads every
 * ticket it ever had. Past the cap, `total` is the cap and `capped` true.
 */
async function countUpTo(db: Db, where: Expression<SqlBool>, cap: number): Promise<{ total: number; capped: boolean }> {
  const { n } = await db
    .selectFrom((d) =>
      d
        .selectFrom('tickets')
        .where(where)
        .select(sql<number>`1`.as('one'))
        .limit(cap + 1)
        .as('m'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { total: Math.min(Number(n), cap), capped: Number(n) > cap };
}

export async function listTickets(deps: Deps, a: TenantActor, q: TicketQuery): Promise<TicketPage> {
  const { offset, limit } = listParams(q);
  return pageOf(deps, a, q, offset, limit);
}

/** The most tickets one export carries: a district's year; narrower filters for more. */
export const EXPORT_MAX_TICKETS = 10_000;

const EXPORT_PAGE = 500;

/**
 * The newest EXPORT_MAX_TICKETS tickets that match, as the API shows them (masked), page by page (an export holds one
 * page of rows at a time, not ten thousand), and how many match (`capped`: more than EXPORT_MAX_TICKETS).
 */
export async function ticketsForExport(
  deps: Deps,
  a: TenantActor,
  q: TicketFilters,
): Promise<{ total: number; capped: boolean; pages: AsyncGenerator<Ticket[]> }> {
  const where = await listWhere(deps, a, q);
  const { total, capped } = await countUpTo(deps.db, where, EXPORT_MAX_TICKETS);
  async function* pages(): AsyncGenerator<Ticket[]> {
    for (let offset = 0; offset < total; offset += EXPORT_PAGE) {
      const rows = await viewTickets(deps.db)
        .where(where)
        .orderBy('tickets.created_at', 'desc')
        .orderBy('tickets.id', 'desc')
        .offset(offset)
        .limit(Math.min(EXPORT_PAGE, EXPORT_MAX_TICKETS - offset))
        .execute();
      if (rows.length === 0) return;
      yield await ticketsOf(deps, a, rows);
    }
  }
  return { total, capped, pages: pages() };
}

const WEEK = 7 * 86_400_000;
const RADIUS = 100;

/** Open tickets of the same category within 100 m (WGS-84) reported in the last 7 days, nearest first. */
export async function findDuplicates(
  deps: Deps,
  a: TenantActor,
  q: { categoryId: string; lng: number; lat: number; crs: 'wgs84' | 'gcj02' },
): Promise<{ items: Ticket[] }> {
  const scope = await resolveScope(deps.db, a);
  const p = toWgs84(q);
  const now = deps.clock.now();
  const dLat = RADIUS / 111_000 + 1e-5;
  const dLng = dLat / Math.max(0.01, Math.cos((p.lat * Math.PI) / 180));
  const rows = await viewTickets(deps.db)
    .select(['tickets.wgs_lng', 'tickets.wgs_lat'])
    .where('tickets.alliance_id', '=', a.allianceId)
    .where(ticketScope(scope, a.userId))
    .where('tickets.category_id', '=', q.categoryId)
    .where('tickets.status', 'in', ['submitted', 'dispatched', 'accepted', 'resolved'])
    .where('tickets.created_at', '>=', now - WEEK)
    .where('tickets.wgs_lat', '>=', p.lat - dLat)
    .where('tickets.wgs_lat', '<=', p.lat + dLat)
    .where('tickets.wgs_lng', '>=', p.lng - dLng)
    .where('tickets.wgs_lng', '<=', p.lng + dLng)
    .limit(200)
    .execute();
  const near = rows
    .map((r) => ({ r, d: distanceMeters(p, { lng: Number(r.wgs_lng), lat: Number(r.wgs_lat) }) }))
    .filter((x) => x.d <= RADIUS)
    .sort((x, y) => x.d - y.d)
    .slice(0, 20);
  return {
    items: await ticketsOf(
      deps,
      a,
      near.map((x) => x.r),
    ),
  };
}

export { allianceCode };
