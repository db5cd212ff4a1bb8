import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../db/index.ts';
import { insertRows, runSql } from '../../db/fastSql.ts';
import type { AuditLogTable } from '../../db/types.ts';
import { containsText } from '../../db/like.ts';

/** Reads the head of a chain, creating it and locking it (PostgreSQL) for the rest of the transaction. */
export async function lockHead(trx: Db, dbKind: 'sqlite' | 'postgres', chain: string, now: number): Promise<{ seq: number; hmac: string }> {
  // plain SQL (db/fastSql.ts): every write of the system passes here
  const read = () => runSql<{ seq: number; hmac: string }>(trx, dbKind === 'postgres' ? HEAD_FOR_UPDATE : HEAD, [chain]);
  // the head exists after a chain's first record: one read in the common case
  const [head] = await read();
  if (head) return head;
  await runSql(trx, 'insert into audit_heads (chain, seq, hmac, updated_at) values (?, 0, ?, ?) on conflict (chain) do nothing', [chain, 'genesis', now]);
  const [created] = await read();
  if (!created) throw new Error(`audit head of chain ${chain} is missing`);
  return created;
}
const HEAD = 'select seq, hmac from audit_heads where chain = ?';
const HEAD_FOR_UPDATE = `${HEAD} for update`;

export async function insertRecord(trx: Db, row: AuditLogTable): Promise<void> {
  await insertRows(trx, 'audit_log', [row as unknown as Record<string, unknown>]);
}

export async function setHead(trx: Db, chain: string, seq: number, hmac: string, now: number): Promise<void> {
  await runSql(trx, 'update audit_heads set seq = ?, hmac = ?, updated_at = ? where chain = ?', [seq, hmac, now, chain]);
}

export interface AuditFilter {
  chain: string;
  entity?: string | undefined;
  action?: string | undefined;
  actorId?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  q?: string | undefined;
  /** who asks: the designated contact of a confidential case may find its records by who acted */
  viewerUserId?: string | null;
  /** only the records this account made (null: an actor without an account, who then finds none) */
  madeBy?: string | null;
}

/**
 * The records of confidential cases the viewer is not the contact of: a search by actor must not find them, or it would
 * name who filed the 作风 feedback even though the records themselves are shown without it.
 */
function hiddenConfidential(viewerUserId: string | null | undefined) {
  return sql<SqlBool>`(audit_log.entity = 'ticket' and exists (select 1 from tickets t where t.id = audit_log.entity_id and t.confidential = 1
    and (t.confidential_user_id is null or t.confidential_user_id <> ${viewerUserId ?? ''})))`;
}

function filtered(db: Db, f: AuditFilter) {
  let q = db.selectFrom('audit_log').where('chain', '=', f.chain);
  if (f.entity) q = q.where('entity', '=', f.entity);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.madeBy !== undefined) q = f.madeBy === null ? q.where(sql<SqlBool>`1 = 0`) : q.where('actor_id', '=', f.madeBy);
  if (f.from !== undefined) q = q.where('at', '>=', f.from);
  if (f.to !== undefined) q = q.where('at', '<', f.to);
  if (f.q) {
    const text = f.q;
    q = q.where((eb) => eb.or([eb.and([containsText('actor_name', text), eb.not(hiddenConfidential(f.viewerUserId))]), eb('entity_id', '=', text)]));
  }
  if (f.actorId) q = q.where((eb) => eb.not(hiddenConfidential(f.viewerUserId)));
  return q;
}

export async function listRecords(db: Db, f: AuditFilter, offset: number, limit: number) {
  const [items, total] = await Promise.all([
    filtered(db, f).selectAll().orderBy('seq', 'desc').offset(offset).limit(limit).execute(),
    filtered(db, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Records of a chain in order, a batch at a time. */
export async function recordsAfter(db: Db, chain: string, afterSeq: number, limit: number) {
  return db.selectFrom('audit_log').selectAll().where('chain', '=', chain).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}

export async function allChains(db: Db): Promise<{ chain: string; seq: number; hmac: string }[]> {
  const heads = await db.selectFrom('audit_heads').select(['chain', 'seq', 'hmac']).execute();
  const logged = await db.selectFrom('audit_log').select('chain').distinct().execute();
  const known = new Set(heads.map((h) => h.chain));
  // a chain with records but no head is reported, not skipped
  for (const l of logged) if (!known.has(l.chain)) heads.push({ chain: l.chain, seq: -1, hmac: '' });
  return heads;
}

/** The first and the last (head) record of up to `chains` chains, through the chain index. */
export async function sampleRecords(db: Db, chains: number) {
  const heads = await db.selectFrom('audit_heads').select(['chain', 'seq']).orderBy('chain').limit(chains).execute();
  if (heads.length === 0) return [];
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) => eb.or(heads.map((h) => eb.and([eb('chain', '=', h.chain), eb('seq', 'in', [1, Number(h.seq)])]))))
    .execute();
}

/** The confidential cases among these ticket ids, each with its designated contact. */
export async function confidentialTickets(db: Db, ids: string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('tickets').select(['id', 'confidential_user_id']).where('id', 'in', ids).where('confidential', '=', 1).execute();
  return new Map(rows.map((r) => [r.id, r.confidential_user_id ?? null]));
}

export async function headOf(db: Db, chain: string) {
  return db.selectFrom('audit_heads').select(['chain', 'seq', 'hmac']).where('chain', '=', chain).executeTakeFirst();
}

/** Times of the newest `limit` records of one action the actor (an account, else an API key by its name) wrote to a chain since `since`. */
export async function recentTimes(
  db: Db,
  chain: string,
  actor: { userId: string | null; name: string },
  action: string,
  since: number,
  limit: number,
): Promise<number[]> {
  let q = db.selectFrom('audit_log').select('at').where('chain', '=', chain).where('at', '>', since).where('action', '=', action);
  q = actor.userId ? q.where('actor_id', '=', actor.userId) : q.where('actor_id', 'is', null).where('actor_name', '=', actor.name);
  return (await q.orderBy('at', 'desc').limit(limit).execute()).map((r) => Number(r.at));
}
