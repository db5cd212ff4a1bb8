import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

// the columns this migration reads and writes, as they are at this point of the schema's history
type Schema = {
  project_events: {
    id: string;
    project_id: string;
    action: string;
    actor_user_id: string | null;
    note: string | null;
    at: number | string;
    subject_user_id: string | null;
  };
  project_adoptions: {
    project_id: string;
    user_id: string;
    adopter_name: string;
    status: string;
    cancelled_at: number | string | null;
    cancelled_by: string | null;
  };
};

/**
 * A shop reads the adoption events of a service project's timeline that concern it. The events named only who acted,
 * so an adoption a manager of the owner unit cancelled was hidden from its shop. `subject_user_id` names the adopter an
 * adoption event (adopt, adopt_cancel) concerns. Filled here: an adoption is always its adopter's act; a cancellation is
 * the cancelled adoption of the same project, by the same person, under the adopter's name the event notes, at or before
 * the event — named only when every such adoption is one user's (two adopters of one name left in doubt stay unnamed:
 * their shops do not see that event, as before).
 */
export async function up(raw: Kysely<unknown>): Promise<void> {
  const db = raw as unknown as Kysely<Schema>;
  // one transaction on SQLite too (Kysely wraps only PostgreSQL's migrations): a process killed midway leaves neither the
  // column nor half of the names, and the next start runs the migration again
  if (db.isTransaction) await fill(db);
  else await db.transaction().execute(fill);
}

async function fill(db: Kysely<Schema>): Promise<void> {
  await db.schema.alterTable('project_events').addColumn('subject_user_id', 'text').execute();
  await db
    .updateTable('project_events')
    .set((eb) => ({ subject_user_id: eb.ref('actor_user_id') }))
    .where('action', '=', 'adopt')
    .execute();
  const cancels = await db
    .selectFrom('project_events')
    .select(['id', 'project_id', 'actor_user_id', 'note', 'at'])
    .where('action', '=', 'adopt_cancel')
    .execute();
  if (cancels.length === 0) return;
  const adoptions = await db
    .selectFrom('project_adoptions')
    .select(['project_id', 'user_id', 'adopter_name', 'cancelled_at', 'cancelled_by'])
    .where('status', '=', 'cancelled')
    .execute();
  const byProject = new Map<string, typeof adoptions>();
  for (const r of adoptions) byProject.set(r.project_id, [...(byProject.get(r.project_id) ?? []), r]);
  for (const e of cancels) {
    const users = new Set(
      (byProject.get(e.project_id) ?? [])
        .filter((r) => r.cancelled_by === e.actor_user_id && r.adopter_name === e.note && r.cancelled_at !== null && Number(r.cancelled_at) <= Number(e.at))
        .map((r) => r.user_id),
    );
    if (users.size !== 1) continue;
    await db
      .updateTable('project_events')
      .set({ subject_user_id: [...users][0] as string })
      .where('id', '=', e.id)
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('project_events').dropColumn('subject_user_id').execute();
}
