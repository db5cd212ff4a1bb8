import type { Db } from '../../db/index.ts';
import type { Deps } from '../../lib/context.ts';
import { invalidField } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { appendAudit } from '../audit/index.ts';
import { hashPassword } from '../auth/index.ts';

export interface NewAccount {
  username: string;
  displayName: string;
  password: string;
  isCityAdmin?: boolean;
  personId?: string | null;
}

type AccountActor = { userId: string | null; name: string; requestId: string; ip: string | null };

/** Where createUserAccount writes: inside the caller's transaction (`trx`) and to which audit chain (default: the city chain). */
export interface AccountWriteOptions {
  trx?: Db;
  auditAllianceId?: string | null;
}

const SYSTEM_ACTOR: AccountActor = { userId: null, name: 'system', requestId: 'cli', ip: null };

/** An account checked and hashed, ready to insert (hashing is slow: do it before opening a transaction). */
export interface PreparedAccount {
  username: string;
  displayName: string;
  hash: string;
  isCityAdmin: boolean;
  personId: string | null;
}

/** Normalises the username and checks the password policy (400 naming the field), then hashes. */
export async function prepareAccount(acc: NewAccount): Promise<PreparedAccount> {
  const username = acc.username.trim().toLowerCase();
  if (!/^[a-z0-9_.-]{3,32}$/.test(username)) throw invalidField('username', 'invalid_username', 'a username is 3–32 characters: letters, digits, _ . -');
  // the API's schemas already refuse these; the CLI comes through here alone
  const displayName = acc.displayName.trim();
  if (displayName.length === 0 || displayName.length > 32) throw invalidField('displayName', 'invalid_display_name', 'a display name is 1–32 characters');
  const hash = await hashPassword(acc.password, username);
  return { username, displayName, hash, isCityAdmin: !!acc.isCityAdmin, personId: acc.personId ?? null };
}

/** Inserts a prepared account inside the given transaction, with its audit record; returns the new id. */
export async function insertAccount(
  trx: Db,
  deps: Pick<Deps, 'dbKind' | 'clock' | 'keys'>,
  p: PreparedAccount,
  actor: AccountActor = SYSTEM_ACTOR,
  auditAllianceId: string | null = null,
): Promise<string> {
  const now = deps.clock.now();
  const id = newId(now);
  const exists = await trx.selectFrom('users').select('id').where('username', '=', p.username).executeTakeFirst();
  if (exists) throw invalidField('username', 'duplicate', 'this username is taken');
  await trx
    .insertInto('users')
    .values({
      id,
      username: p.username,
      display_name: p.displayName,
      password_hash: p.hash,
      status: 'active',
      is_city_admin: p.isCityAdmin ? 1 : 0,
      person_id: p.personId,
      failed_logins: 0,
      locked_until: null,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await appendAudit(
    trx,
    deps,
    { ...actor, allianceId: auditAllianceId },
    {
      action: 'user.create',
      entity: 'user',
      entityId: id,
      after: { username: p.username, displayName: p.displayName, isCityAdmin: p.isCityAdmin },
      allianceId: auditAllianceId,
    },
  );
  return id;
}

/**
 * Creates a login account (no membership) — used by `tongxin user create`, the demo seed and the users service.
 * Pass `opts.trx` to write inside the caller's transaction (e.g. together with a membership).
 */
export async function createUserAccount(deps: Deps, acc: NewAccount, actor: AccountActor = SYSTEM_ACTOR, opts: AccountWriteOptions = {}): Promise<string> {
  const prepared = await prepareAccount(acc);
  const auditAllianceId = opts.auditAllianceId ?? null;
  if (opts.trx) return insertAccount(opts.trx, deps, prepared, actor, auditAllianceId);
  return deps.db.transaction().execute((trx) => insertAccount(trx, deps, prepared, actor, auditAllianceId));
}
