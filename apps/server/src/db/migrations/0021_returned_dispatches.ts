import { sql, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * 响应率 (accepted within the accept-SLA / dispatched) read the dispatch from the ticket's own columns, which a 退单
 * clears. A unit that let the accept deadline pass and then returned the case dropped out of its 响应率 altogether.
 * Each returned dispatch is now kept here (one row per return, keyed by the return event), and 三率 counts it for the
 * unit it went to. Existing returns are rebuilt from the timeline: the dispatch before each return, and an acceptance
 * between the two.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = 'bigint' as const;
  await db.schema
    .createTable('returned_dispatches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('dispatched_at', ts, (c) => c.notNull())
    .addColumn('accept_due_at', ts)
    .addColumn('accepted_at', ts)
    .addColumn('returned_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('returned_dispatches_alliance').on('returned_dispatches').columns(['alliance_id', 'unit_id']).execute();
  await db.schema.createIndex('returned_dispatches_ticket').on('returned_dispatches').columns(['ticket_id']).execute();

  type Ev = { id: string; alliance_id: string; ticket_id: string; action: string; at: number | string; data: string | null };
  const returns = await sql<Ev>`select id, alliance_id, ticket_id, action, at, data from ticket_events where action = 'return'`.execute(db);
  const units = new Set((await sql<{ id: string }>`select id from units`.execute(db)).rows.map((u) => u.id));
  for (const ret of returns.rows) {
    const steps = await sql<Ev>`select id, alliance_id, ticket_id, action, at, data from ticket_events
      where ticket_id = ${ret.ticket_id} and action in ('dispatch', 'accept') and at <= ${Number(ret.at)} order by at, id`.execute(db);
    let dispatch: Ev | null = null;
    let acceptedAt: number | null = null;
    for (const s of steps.rows) {
      if (s.id === ret.id) continue;
      if (s.action === 'dispatch') [dispatch, acceptedAt] = [s, null];
      else if (dispatch && acceptedAt === null) acceptedAt = Number(s.at);
    }
    if (!dispatch) continue;
    const d = JSON.parse(dispatch.data ?? '{}') as { leadUnitId?: unknown; acceptDueAt?: unknown };
    const r = JSON.parse(ret.data ?? '{}') as { leadUnitId?: unknown };
    const unit = typeof r.leadUnitId === 'string' ? r.leadUnitId : typeof d.leadUnitId === 'string' ? d.leadUnitId : null;
    if (unit === null || !units.has(unit)) continue;
    const acceptDue = typeof d.acceptDueAt === 'number' ? d.acceptDueAt : null;
    await sql`insert into returned_dispatches (id, alliance_id, ticket_id, unit_id, dispatched_at, accept_due_at, accepted_at, returned_at)
      values (${ret.id}, ${ret.alliance_id}, ${ret.ticket_id}, ${unit}, ${Number(dispatch.at)}, ${acceptDue}, ${acceptedAt}, ${Number(ret.at)})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('returned_dispatches').execute();
}
