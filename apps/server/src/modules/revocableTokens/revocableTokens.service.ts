import type { PageQuery } from '@tongxin/domain';
import type { Db } from '../../db/index.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { sha256 } from '../../lib/crypto.ts';
import { notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { newSecretToken, TOKEN_PREFIX_LENGTH } from '../../lib/secretToken.ts';
import { listParams, paged } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import * as repo from './revocableTokens.repo.ts';

/** What a stored token row has in common, whatever it opens. */
interface TokenRow {
  revoked_at: number | null;
}

/**
 * A kind of revocable bearer token (API keys, display links): where it is stored, how its tokens start, how the audit
 * log names it, and how the module reads and shows its rows. Everything else about creating, listing and revoking one is
 * the same for every kind.
 */
export interface Revocable<Row extends TokenRow, View> {
  table: repo.TokenTable;
  /** the token's `<kind>_` start (lib/secretToken) */
  kind: string;
  /** the audit records' entity, and their action's start (`<action>.create`, `<action>.revoke`) */
  entity: string;
  action: string;
  /** the 404's name for an unknown id */
  what: string;
  /** one row of the alliance (never the hash) */
  get(db: Db, allianceId: string, id: string): Promise<Row | undefined>;
  /** a page of the alliance's rows, newest first */
  list(db: Db, allianceId: string, q: string | undefined, offset: number, limit: number): Promise<{ items: Row[]; total: number }>;
  /** the API view of a stored row: never the token nor its hash */
  view(deps: Deps, a: TenantActor, row: Row): View | Promise<View>;
}

/** What a new token's row is made of: the module adds its own columns and inserts it. */
export interface NewToken {
  id: string;
  now: number;
  prefix: string;
  hash: string;
}

/** The alliance's tokens of a kind, newest first. */
export async function listTokens<Row extends TokenRow, View>(deps: Deps, a: TenantActor, kind: Revocable<Row, View>, q: PageQuery) {
  const { offset, limit } = listParams(q);
  const r = await kind.list(deps.db, a.allianceId, q.q, offset, limit);
  return paged(await Promise.all(r.items.map((x) => kind.view(deps, a, x))), r.total);
}

/**
 * Creates a token of a kind in one transaction with its audit record: `insert` checks what it must and writes the row,
 * `viewNew` shows it. The token is returned once; only its hash and prefix are stored.
 */
export async function createToken<Row extends TokenRow, View>(
  deps: Deps,
  a: TenantActor,
  kind: Revocable<Row, View>,
  insert: (trx: Db, t: NewToken) => Promise<void>,
  viewNew: (row: Row) => View,
): Promise<{ view: View; token: string }> {
  const now = deps.clock.now();
  const token = newSecretToken(kind.kind);
  const id = newId(now);
  return deps.db.transaction().execute(async (trx) => {
    await insert(trx, { id, now, prefix: token.slice(0, TOKEN_PREFIX_LENGTH), hash: sha256(token) });
    const row = await kind.get(trx, a.allianceId, id);
    if (!row) throw new Error(`${kind.what} vanished`);
    const view = viewNew(row);
    await appendAudit(trx, deps, a, { action: `${kind.action}.create`, entity: kind.entity, entityId: id, after: view });
    return { view, token };
  });
}

/** Revokes a token of the alliance (404 for another's); revoking twice is harmless and writes nothing. */
export async function revokeToken<Row extends TokenRow, View>(deps: Deps, a: TenantActor, kind: Revocable<Row, View>, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await kind.get(trx, a.allianceId, id);
    if (!row) throw notFound(kind.what);
    if (row.revoked_at !== null) return;
    const now = deps.clock.now();
    const view = await kind.view({ ...deps, db: trx }, a, row);
    await repo.revoke(trx, kind.table, id, now);
    await appendAudit(trx, deps, a, {
      action: `${kind.action}.revoke`,
      entity: kind.entity,
      entityId: id,
      before: view,
      after: { ...view, revokedAt: now },
    });
  });
}

/**
 * Records that a token was used, at most once every `everyMs`: a write on every request (or every screen's refresh)
 * would turn each read into a write.
 */
export async function touchToken(db: Db, table: repo.TokenTable, t: { id: string; last_used_at: number | null }, now: number, everyMs: number): Promise<void> {
  if (t.last_used_at === null || now - Number(t.last_used_at) >= everyMs) await repo.touch(db, table, t.id, now);
}
