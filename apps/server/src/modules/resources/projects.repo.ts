import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { ProjectEventTable, ProjectTable } from '../../db/tables/resources.ts';
import type { Deps } from '../../lib/context.ts';
import { containsText } from '../../db/like.ts';

/** A project row with the names shown next to its references and its counts. */
export type ProjectRow = ProjectTable & {
  owner_unit_name: string;
  responsible_person_name: string | null;
  ticket_number: string | null;
  resource_title: string | null;
  /** the meeting whose resolution created the project (resolution_id), if any */
  meeting_id: string | null;
  meeting_title: string | null;
  child_count: number;
  adopted_count: number;
  adopted_by_me: number;
  /** 1 when the linked case is confidential and the reader is not one who sees it: the view leaves the link out */
  ticket_hidden: number;
};

export interface ProjectFilter {
  q?: string | undefined;
  status?: string | undefined;
  kind?: string | undefined;
  unitId?: string | undefined;
  ticketId?: string | undefined;
  overdue?: 'true' | 'false' | undefined;
  open?: 'true' | 'false' | undefined;
}

const ADOPTED = sql<number>`(select count(*) from project_adoptions pa where pa.project_id = projects.id and pa.status = 'active')`;

/** Nobody: the reader of rows kept for the rules and the audit log, which never name a confidential case. */
export const NOBODY = sql<SqlBool>`1 = 0`;

/**
 * Projects of the alliance joined with their names and counts; `me` decides adoptedByMe, `seen` (an expression on
 * `tickets.*`, the tickets module's ticketScope of the reader) whether a confidential linked case is shown.
 */
export function joined(db: Db, allianceId: string, me: string | null, seen: Expression<SqlBool> = NOBODY) {
  return db
    .selectFrom('projects')
    .innerJoin('units', 'units.id', 'projects.owner_unit_id')
    .leftJoin('people', 'people.id', 'projects.responsible_person_id')
    .leftJoin('tickets', 'tickets.id', 'projects.ticket_id')
    .leftJoin('resources', 'resources.id', 'projects.resource_id')
    .leftJoin('resolutions', 'resolutions.id', 'projects.resolution_id')
    .leftJoin('meetings', (j) => j.onRef('meetings.id', '=', 'resolutions.meeting_id').on('meetings.alliance_id', '=', allianceId))
    .where('projects.alliance_id', '=', allianceId)
    .selectAll('projects')
    .select([
      'units.name as owner_unit_name',
      'people.name as responsible_person_name',
      'tickets.number as ticket_number',
      // a link made before confidential cases were refused stays out of the view of who does not see the case; the
      // scope may be NULL (a comparison with a NULL column), which a WHERE takes as false: so does this CASE, never `not`
      sql<number>`(case when tickets.confidential = 1 then (case when ${seen} then 0 else 1 end) else 0 end)`.as('ticket_hidden'),
      'resources.title as resource_title',
      'meetings.id as meeting_id',
      'meetings.title as meeting_title',
      sql<number>`(select count(*) from projects c where c.parent_id = projects.id)`.as('child_count'),
      ADOPTED.as('adopted_count'),
      sql<number>`(select count(*) from project_adoptions pm where pm.project_id = projects.id and pm.status = 'active' and pm.user_id = ${me ?? ''})`.as(
        'adopted_by_me',
      ),
    ]);
}

/** The projects the given resolutions created (a joint meeting's detail), oldest first. */
export async function byResolutions(db: Db, allianceId: string, me: string | null, seen: Expression<SqlBool>, resolutionIds: string[]): Promise<ProjectRow[]> {
  return (await joined(db, allianceId, me, seen)
    .where('projects.resolution_id', 'in', resolutionIds)
    .orderBy('projects.created_at')
    .orderBy('projects.id')
    .execute()) as ProjectRow[];
}

/** The WHERE of a project list, on the `projects` table (or the alias given); `seen` as for joined. */
export function filterOf(f: ProjectFilter, today: string, t = 'projects', seen: Expression<SqlBool> = NOBODY): Expression<SqlBool> {
  const c = (col: string) => sql.ref(`${t}.${col}`);
  const w: Expression<SqlBool>[] = [];
  if (f.status) w.push(sql<SqlBool>`${c('status')} = ${f.status}`);
  if (f.kind) w.push(sql<SqlBool>`${c('kind')} = ${f.kind}`);
  if (f.unitId) w.push(sql<SqlBool>`${c('owner_unit_id')} = ${f.unitId}`);
  // a confidential case the reader does not see finds no project (its link is no answer to a guess of its id)
  if (f.ticketId)
    w.push(
      sql<SqlBool>`(${c('ticket_id')} = ${f.ticketId} and exists (select 1 from tickets where tickets.id = ${c('ticket_id')} and (tickets.confidential = 0 or ${seen})))`,
    );
  if (f.q) w.push(sql<SqlBool>`(${containsText(c('title'), f.q)} or ${containsText(c('description'), f.q)})`);
  const late = sql<SqlBool>`(${c('deadline')} < ${today} and ${c('status')} in ('planned', 'in_progress'))`;
  if (f.overdue === 'true') w.push(late);
  if (f.overdue === 'false') w.push(sql<SqlBool>`not ${late}`);
  if (f.open !== undefined) {
    const adopted = sql`(select count(*) from project_adoptions pa where pa.project_id = ${c('id')} and pa.status = 'active')`;
    const open = sql<SqlBool>`(${c('kind')} = 'service' and ${c('status')} in ('planned', 'in_progress') and (${c('capacity')} is null or ${adopted} < ${c('capacity')}))`;
    w.push(f.open === 'true' ? open : sql<SqlBool>`not ${open}`);
  }
  return w.length ? sql<SqlBool>`(${sql.join(w, sql` and `)})` : sql<SqlBool>`1 = 1`;
}

/** A flat page of matching projects, newest first. */
export async function list(
  db: Db,
  allianceId: string,
  me: string | null,
  seen: Expression<SqlBool>,
  f: ProjectFilter,
  today: string,
  offset: number,
  limit: number,
) {
  const where = filterOf(f, today, 'projects', seen);
  const [items, total] = await Promise.all([
    joined(db, allianceId, me, seen).where(where).orderBy('projects.created_at', 'desc').orderBy('projects.id', 'desc').offset(offset).limit(limit).execute(),
    db
      .selectFrom('projects')
      .where('projects.alliance_id', '=', allianceId)
      .where(where)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: items as ProjectRow[], total: Number(total.n) };
}

/** A page of root projects whose subtree holds a match, with every node of those subtrees. */
export async function treePage(
  db: Db,
  allianceId: string,
  me: string | null,
  seen: Expression<SqlBool>,
  f: ProjectFilter,
  today: string,
  offset: number,
  limit: number,
) {
  // a root's id (a 36-character UUID) is the first segment of every path below it: /<root id>/…
  const matching = db
    .selectFrom('projects as m')
    .select(sql<string>`substr(m.path, 2, ${sql.lit(36)})`.as('root_id'))
    .where('m.alliance_id', '=', allianceId)
    .where(filterOf(f, today, 'm', seen));
  const base = db
    .selectFrom('projects')
    .where('projects.alliance_id', '=', allianceId)
    .where('projects.parent_id', 'is', null)
    .where('projects.id', 'in', matching);
  const [rootRows, total] = await Promise.all([
    base.select(['projects.id', 'projects.path']).orderBy('projects.created_at', 'desc').orderBy('projects.id', 'desc').offset(offset).limit(limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  if (rootRows.length === 0) return { roots: [] as string[], rows: [] as ProjectRow[], total: Number(total.n) };
  const rows = await joined(db, allianceId, me, seen)
    .where((eb) => eb.or(rootRows.map((r) => eb('projects.path', 'like', `${r.path}%`))))
    .orderBy('projects.depth')
    .orderBy('projects.created_at')
    .orderBy('projects.id')
    .execute();
  return { roots: rootRows.map((r) => r.id), rows: rows as ProjectRow[], total: Number(total.n) };
}

/** One project of the alliance; `seen` as for joined (left out: the link to a confidential case is hidden). */
export async function get(db: Db, allianceId: string, me: string | null, id: string, seen: Expression<SqlBool> = NOBODY): Promise<ProjectRow | undefined> {
  return (await joined(db, allianceId, me, seen).where('projects.id', '=', id).executeTakeFirst()) as ProjectRow | undefined;
}

/** Rows of a subtree (the project included), deepest first. */
export function subtree(db: Db, allianceId: string, me: string | null, path: string) {
  return joined(db, allianceId, me).where('projects.path', 'like', `${path}%`).orderBy('projects.depth', 'desc').execute() as Promise<ProjectRow[]>;
}

export async function insert(db: Db, row: ProjectTable): Promise<void> {
  await db.insertInto('projects').values(row).execute();
}

export async function update(db: Db, id: string, patch: Partial<ProjectTable>): Promise<void> {
  await db.updateTable('projects').set(patch).where('id', '=', id).execute();
}

/**
 * Serialises writes to one project tree: on PostgreSQL the root row is locked for the transaction, so two
 * children updated at once cannot both recompute their parent from a stale sibling. SQLite serialises writers anyway.
 */
export async function lockTree(db: Db, dbKind: Deps['dbKind'], path: string): Promise<void> {
  const rootId = path.split('/')[1];
  if (dbKind === 'postgres' && rootId) await sql`select id from projects where id = ${rootId} for update`.execute(db);
}

/** Locks one project row (PostgreSQL), e.g. to count adoptions against its capacity. */
export async function lockRow(db: Db, dbKind: Deps['dbKind'], id: string): Promise<void> {
  if (dbKind === 'postgres') await sql`select id from projects where id = ${id} for update`.execute(db);
}

export async function children(db: Db, parentId: string) {
  return db.selectFrom('projects').select(['id', 'weight', 'progress', 'status']).where('parent_id', '=', parentId).execute();
}

/**
 * Appends a timeline event; an event written in the same millisecond as the last is placed 1 ms after it. Only adoption
 * events name a subject (the adopter they concern).
 */
export async function appendEvent(
  db: Db,
  e: Omit<ProjectEventTable, 'id' | 'subject_user_id'> & { id: string; subject_user_id?: string | null },
): Promise<void> {
  const last = await db
    .selectFrom('project_events')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('project_id', '=', e.project_id)
    .executeTakeFirst();
  const lastAt = last?.at === null || last?.at === undefined ? null : Number(last.at);
  await db
    .insertInto('project_events')
    .values({ ...e, subject_user_id: e.subject_user_id ?? null, at: lastAt !== null && lastAt >= e.at ? lastAt + 1 : e.at })
    .execute();
}

export function events(db: Db, projectId: string) {
  return db.selectFrom('project_events').selectAll().where('project_id', '=', projectId).orderBy('at').orderBy('id').execute();
}

export async function remove(db: Db, id: string): Promise<void> {
  await db.deleteFrom('project_events').where('project_id', '=', id).execute();
  await db.deleteFrom('projects').where('id', '=', id).execute();
}
