import type { MeetingQuery } from '@tongxin/domain';
import { sql, type Expression, type SqlBool } from 'kysely';
import { containsText, type Db } from '../../db/index.ts';
import type { MeetingTable, MeetingTopicTable, ResolutionTable } from '../../db/tables/meetings.ts';
import type { Deps } from '../../lib/context.ts';

/** A meeting row with its creator's name and its counts. */
export type MeetingRow = MeetingTable & { created_by_name: string | null; agenda_count: number; resolution_count: number };

const AGENDA_COUNT = sql<number>`((select count(*) from agenda_candidates ac where ac.meeting_id = meetings.id) + (select count(*) from meeting_topics mt where mt.meeting_id = meetings.id))`;
const RESOLUTION_COUNT = sql<number>`(select count(*) from resolutions r where r.meeting_id = meetings.id)`;

function joined(db: Db, allianceId: string) {
  return db
    .selectFrom('meetings')
    .leftJoin('users', 'users.id', 'meetings.created_by')
    .where('meetings.alliance_id', '=', allianceId)
    .selectAll('meetings')
    .select(['users.display_name as created_by_name', AGENDA_COUNT.as('agenda_count'), RESOLUTION_COUNT.as('resolution_count')]);
}

/** One page of the alliance's meetings, latest first (planned ones ahead of time sort first), with the total. */
export async function list(db: Db, allianceId: string, q: MeetingQuery, offset: number, limit: number) {
  const where = (eb: { and: (e: Expression<SqlBool>[]) => Expression<SqlBool> }) => {
    const w: Expression<SqlBool>[] = [];
    if (q.status) w.push(sql<SqlBool>`meetings.status = ${q.status}`);
    if (q.from !== undefined) w.push(sql<SqlBool>`meetings.held_at >= ${q.from}`);
    if (q.to !== undefined) w.push(sql<SqlBool>`meetings.held_at < ${q.to}`);
    if (q.q) {
      const text = q.q;
      w.push(sql<SqlBool>`(${containsText('meetings.title', text)} or ${containsText('meetings.place', text)} or ${containsText('meetings.minutes', text)})`);
    }
    return eb.and(w);
  };
  const [items, total] = await Promise.all([
    joined(db, allianceId).where(where).orderBy('meetings.held_at', 'desc').orderBy('meetings.id', 'desc').offset(offset).limit(limit).execute(),
    db
      .selectFrom('meetings')
      .where('meetings.alliance_id', '=', allianceId)
      .where(where)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: items as MeetingRow[], total: Number(total.n) };
}

export async function get(db: Db, allianceId: string, id: string): Promise<MeetingRow | undefined> {
  return (await joined(db, allianceId).where('meetings.id', '=', id).executeTakeFirst()) as MeetingRow | undefined;
}

/** Row lock on PostgreSQL (state changes of one meeting serialise); SQLite serialises writers anyway. */
export async function lock(db: Db, dbKind: Deps['dbKind'], id: string): Promise<void> {
  if (dbKind === 'postgres') await sql`select id from meetings where id = ${id} for update`.execute(db);
}

export async function insert(db: Db, row: MeetingTable): Promise<void> {
  await db.insertInto('meetings').values(row).execute();
}

export async function update(db: Db, id: string, patch: Partial<MeetingTable>): Promise<void> {
  await db.updateTable('meetings').set(patch).where('id', '=', id).execute();
}

/** The 吹哨 items a meeting took, with their cases, in the order taken. */
export async function takenItems(db: Db, allianceId: string, meetingId: string) {
  return db
    .selectFrom('agenda_candidates as ac')
    .innerJoin('tickets', 'tickets.id', 'ac.ticket_id')
    .leftJoin('units', 'units.id', 'tickets.lead_unit_id')
    .leftJoin('users', 'users.id', 'ac.taken_by')
    .where('ac.alliance_id', '=', allianceId)
    .where('ac.meeting_id', '=', meetingId)
    .select([
      'ac.id',
      'ac.ticket_id',
      'ac.reason',
      'ac.source',
      'ac.taken_at',
      'ac.created_at',
      'tickets.number',
      'tickets.title',
      'tickets.status',
      'tickets.confidential',
      'units.name as lead_unit_name',
      'users.display_name as taken_by_name',
    ])
    .orderBy('ac.taken_at')
    .orderBy('ac.id')
    .execute();
}

/** A 吹哨 item of the alliance whose case lies within `scope` (the tickets module's ticketScope), or undefined. */
export async function candidate(db: Db, allianceId: string, scope: Expression<SqlBool>, id: string) {
  return db
    .selectFrom('agenda_candidates as ac')
    .innerJoin('tickets', 'tickets.id', 'ac.ticket_id')
    .where('ac.id', '=', id)
    .where('ac.alliance_id', '=', allianceId)
    .where('tickets.alliance_id', '=', allianceId)
    .where(scope)
    .select(['ac.id', 'ac.ticket_id', 'ac.meeting_id', 'ac.reason', 'tickets.status', 'tickets.number', 'tickets.title', 'tickets.confidential'])
    .executeTakeFirst();
}

/** Whether the meeting holds a 吹哨 item whose case lies outside `scope` (the tickets module's ticketScope). */
export async function holdsItemOutside(db: Db, allianceId: string, scope: Expression<SqlBool>, meetingId: string): Promise<boolean> {
  const row = await db
    .selectFrom('agenda_candidates as ac')
    .innerJoin('tickets', 'tickets.id', 'ac.ticket_id')
    .where('ac.alliance_id', '=', allianceId)
    .where('ac.meeting_id', '=', meetingId)
    // not `not scope`: the scope may be null for a row (a comparison with a null column), and `not null` is no match
    .where(sql<SqlBool>`(case when ${scope} then 1 else 0 end) = 0`)
    .select('ac.id')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Takes a waiting item onto the meeting; false when it was already taken (by this or another meeting). */
export async function take(db: Db, id: string, meetingId: string, at: number, by: string | null): Promise<boolean> {
  const r = await db
    .updateTable('agenda_candidates')
    .set({ meeting_id: meetingId, taken_at: at, taken_by: by })
    .where('id', '=', id)
    .where('meeting_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sends items back to the waiting list. */
export async function release(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('agenda_candidates').set({ meeting_id: null, taken_at: null, taken_by: null }).where('id', 'in', ids).execute();
}

export async function topics(db: Db, meetingId: string) {
  return db
    .selectFrom('meeting_topics')
    .leftJoin('users', 'users.id', 'meeting_topics.created_by')
    .where('meeting_topics.meeting_id', '=', meetingId)
    .selectAll('meeting_topics')
    .select('users.display_name as created_by_name')
    .orderBy('meeting_topics.created_at')
    .orderBy('meeting_topics.id')
    .execute();
}

export async function insertTopic(db: Db, row: MeetingTopicTable): Promise<void> {
  await db.insertInto('meeting_topics').values(row).execute();
}

export async function topic(db: Db, meetingId: string, id: string): Promise<MeetingTopicTable | undefined> {
  return db.selectFrom('meeting_topics').selectAll().where('id', '=', id).where('meeting_id', '=', meetingId).executeTakeFirst();
}

export async function removeTopic(db: Db, id: string): Promise<void> {
  await db.deleteFrom('meeting_topics').where('id', '=', id).execute();
}

export async function resolutions(db: Db, meetingId: string) {
  return db
    .selectFrom('resolutions')
    .leftJoin('users', 'users.id', 'resolutions.created_by')
    .where('resolutions.meeting_id', '=', meetingId)
    .selectAll('resolutions')
    .select('users.display_name as created_by_name')
    .orderBy('resolutions.created_at')
    .orderBy('resolutions.id')
    .execute();
}

export async function insertResolution(db: Db, row: ResolutionTable): Promise<void> {
  await db.insertInto('resolutions').values(row).execute();
}
