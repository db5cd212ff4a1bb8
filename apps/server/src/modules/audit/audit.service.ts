import type { AuditRecord, ChainVerdict } from '@tongxin/domain';
import type { Db } from '../../db/index.ts';
import type { Actor, Deps } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { shownDeep, shownText } from '../../lib/freeText.ts';
import { GENESIS, chainOf, recordHmac } from './audit.chain.ts';
import * as repo from './audit.repo.ts';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | null;
  /** masked views only: personal data never enters the log in clear */
  before?: unknown;
  after?: unknown;
  /** override the chain (e.g. city-level actions while switched into an alliance) */
  allianceId?: string | null;
}

/** Appends one record to the actor's alliance chain inside the caller's transaction. */
export async function appendAudit(
  trx: Db,
  deps: Pick<Deps, 'dbKind' | 'clock' | 'keys'>,
  actor: Pick<Actor, 'userId' | 'name' | 'allianceId' | 'requestId' | 'ip'>,
  e: AuditEntry,
): Promise<void> {
  const chain = chainOf(e.allianceId === undefined ? actor.allianceId : e.allianceId);
  const now = deps.clock.now();
  const head = await repo.lockHead(trx, deps.dbKind, chain, now);
  const row = {
    id: newId(now),
    chain,
    seq: Number(head.seq) + 1,
    at: now,
    actor_id: actor.userId,
    actor_name: actor.name,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId ?? null,
    // callers pass masked views; numbers typed into free text (a note, a promise) are masked here for all of them
    before_json: e.before === undefined || e.before === null ? null : JSON.stringify(shownDeep(e.before)),
    after_json: e.after === undefined || e.after === null ? null : JSON.stringify(shownDeep(e.after)),
    request_id: actor.requestId,
    ip: actor.ip,
    prev_hmac: head.hmac,
  };
  const hmac = recordHmac(deps.keys.audit, row);
  await repo.insertRecord(trx, { ...row, hmac });
  await repo.setHead(trx, chain, row.seq, hmac, now);
}

/**
 * Times (newest first, at most `limit`) of the actor's records of one action in their alliance's chain within the last
 * `windowMs`: the audit log doubles as the counter of refusals a per-user limit counts, shared by every server process.
 */
export async function recentActs(
  db: Db,
  deps: Pick<Deps, 'clock'>,
  actor: Pick<Actor, 'userId' | 'name' | 'allianceId'>,
  action: string,
  windowMs: number,
  limit: number,
): Promise<number[]> {
  return repo.recentTimes(db, chainOf(actor.allianceId), actor, action, deps.clock.now() - windowMs, limit);
}

function parse(s: string | null): unknown {
  if (s === null) return null;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** Who reads the audit log: their account, and whether their data scope is the whole alliance. */
export type AuditViewer = Pick<Actor, 'userId' | 'scope'>;

/**
 * Lists the records of an alliance's chain, newest first. The records of a confidential case (作风 feedback,
 * docs/MERCHANTS.md) keep their place, action and time, but who acted and what they wrote are shown to the case's
 * designated contact only: the committee at large never reads them, not even here. A viewer whose data scope is
 * narrower than the alliance (org, grid, unit, own) reads only the records they made themselves: the log names the
 * ids and contents of every case and record of the alliance, which no filter could narrow to their part.
 */
export async function listAudit(
  db: Db,
  allianceId: string | null,
  f: Omit<repo.AuditFilter, 'chain' | 'viewerUserId' | 'madeBy'>,
  page: number,
  pageSize: number,
  viewer: AuditViewer = { userId: null, scope: 'alliance' },
): Promise<{ items: AuditRecord[]; total: number }> {
  const viewerUserId = viewer.userId;
  const madeBy = viewer.scope === 'alliance' ? {} : { madeBy: viewerUserId };
  const { items, total } = await repo.listRecords(db, { ...f, chain: chainOf(allianceId), viewerUserId, ...madeBy }, (page - 1) * pageSize, pageSize);
  const ticketIds = [...new Set(items.filter((r) => r.entity === 'ticket' && r.entity_id).map((r) => r.entity_id as string))];
  const confidential = await repo.confidentialTickets(db, ticketIds);
  return {
    total,
    items: items.map((r) => {
      const contact = r.entity === 'ticket' && r.entity_id ? confidential.get(r.entity_id) : undefined;
      const record = viewOf(r);
      if (contact === undefined || (contact !== null && contact === viewerUserId)) return record;
      return { ...record, actorId: null, actorName: null, before: null, after: null, ip: null, confidential: true };
    }),
  };
}

/** An audit record as the API shows it. */
function viewOf(r: Awaited<ReturnType<typeof repo.listRecords>>['items'][number]): AuditRecord {
  return {
    id: r.id,
    chain: r.chain,
    seq: Number(r.seq),
    at: Number(r.at),
    actorId: r.actor_id,
    actorName: shownText(r.actor_name),
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    // records written before free text was masked at append
    before: shownDeep(parse(r.before_json)),
    after: shownDeep(parse(r.after_json)),
    requestId: r.request_id,
    ip: r.ip,
  };
}

/** Walks one chain and reports the first altered, removed or missing (truncated) record. */
export async function verifyChain(db: Db, key: Buffer, chain: string): Promise<ChainVerdict> {
  const head = await repo.headOf(db, chain);
  let expected = 1;
  let prev = GENESIS;
  let lastId: string | null = null;
  const bad = (seq: number, id: string | null, reason: string): ChainVerdict => ({ chain, records: expected - 1, ok: false, firstBad: { seq, id, reason } });
  for (;;) {
    const batch = await repo.recordsAfter(db, chain, expected - 1, 1000);
    // a gap shows up as a batch whose first record skips ahead
    if (batch.length === 0) break;
    for (const r of batch) {
      const seq = Number(r.seq);
      if (seq !== expected) return bad(expected, null, `record ${expected} is missing (removed)`);
      if (r.prev_hmac !== prev) return bad(seq, r.id, 'link to the previous record is broken');
      if (recordHmac(key, { ...r, seq, at: Number(r.at) }) !== r.hmac) return bad(seq, r.id, 'record content was altered');
      prev = r.hmac;
      lastId = r.id;
      expected++;
    }
    if (batch.length < 1000) break;
  }
  const count = expected - 1;
  if (!head) return count === 0 ? { chain, records: 0, ok: true, firstBad: null } : bad(count, lastId, 'chain head is missing');
  if (Number(head.seq) > count) return bad(count + 1, null, `records ${count + 1}–${Number(head.seq)} are missing (tail truncated)`);
  if (Number(head.seq) < count) return bad(Number(head.seq) + 1, null, 'records beyond the stored head (head was rolled back)');
  if (head.hmac !== prev) return bad(count, lastId, 'last record does not match the stored head');
  return { chain, records: count, ok: true, firstBad: null };
}

/**
 * Whether `key` is the audit key this database was written with; null while it holds no record. A wrong master secret
 * matches no record; the first and the last record of up to five chains are tried, and one match suffices, so altered
 * records (which `audit verify` is there to name) do not make the right key look wrong.
 */
export async function auditKeyFits(db: Db, key: Buffer): Promise<boolean | null> {
  const rows = await repo.sampleRecords(db, 5);
  if (rows.length === 0) return null;
  return rows.some((r) => recordHmac(key, { ...r, seq: Number(r.seq), at: Number(r.at) }) === r.hmac);
}

/** Verifies the given chains, or every chain when none is named. */
export async function verifyChains(db: Db, key: Buffer, chains?: string[]): Promise<ChainVerdict[]> {
  const names = chains ?? (await repo.allChains(db)).map((c) => c.chain);
  const out: ChainVerdict[] = [];
  for (const c of names) out.push(await verifyChain(db, key, c));
  return out;
}

export { chainOf };
