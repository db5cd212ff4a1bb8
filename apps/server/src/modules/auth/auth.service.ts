import type { LoginBody } from '@tongxin/domain';
import type { Actor, Deps } from '../../lib/context.ts';
import { sha256 } from '../../lib/crypto.ts';
import { AppError, forbidden, invalidField } from '../../lib/errors.ts';
import { newToken } from '../../lib/ids.ts';
import { appendAudit } from '../audit/index.ts';
import { actorFor } from './actor.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import * as repo from './auth.repo.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

const invalidCredentials = () => new AppError('INVALID_CREDENTIALS', 401, 'wrong username or password');

/** Checks the password, applies the lockout rule and opens a session; returns the cookie token and the actor. */
export async function login(
  deps: Deps,
  body: LoginBody,
  meta: { requestId: string; ip: string | null; userAgent: string | null },
): Promise<{ token: string; actor: Actor; expiresAt: number }> {
  const now = deps.clock.now();
  const user = await repo.findUserByUsername(deps.db, body.username);
  const auditActor = {
    userId: user?.id ?? null,
    name: user?.display_name ?? body.username.slice(0, 64),
    allianceId: null,
    requestId: meta.requestId,
    ip: meta.ip,
  };
  if (user?.locked_until && Number(user.locked_until) > now) {
    // no password check while locked: a correct guess must not be confirmed
    throw new AppError('ACCOUNT_LOCKED', 423, 'account locked after repeated failed logins', { lockedUntil: Number(user.locked_until) });
  }
  const ok = await verifyPassword(user?.password_hash ?? null, body.password);
  if (!user || !ok) {
    if (user) {
      const { locked } = await deps.db.transaction().execute(async (trx) => {
        const r = await repo.recordFailedLogin(trx, user.id, MAX_FAILED_LOGINS, now + LOCKOUT_MS, now);
        await appendAudit(trx, deps, auditActor, {
          action: r.locked ? 'auth.lockout' : 'auth.login_failed',
          entity: 'user',
          entityId: user.id,
          allianceId: null,
        });
        return r;
      });
      if (locked) throw new AppError('ACCOUNT_LOCKED', 423, 'account locked after repeated failed logins', { lockedUntil: now + LOCKOUT_MS });
    }
    throw invalidCredentials();
  }
  if (user.status !== 'active') throw forbidden('account disabled');

  const memberships = await repo.membershipsOf(deps.db, user.id);
  // the oldest membership is the user's home alliance: the same on both databases, whatever their collation
  const byAge = [...memberships].sort((x, y) => Number(x.created_at) - Number(y.created_at));
  // a disabled alliance is never entered: a member of disabled alliances only signs in to none
  const firstActive =
    user.is_city_admin === 1 ? (byAge.find((m) => m.alliance_status === 'active') ?? byAge[0]) : byAge.find((m) => m.alliance_status === 'active');
  let allianceId = firstActive?.alliance_id ?? null;
  if (!allianceId && user.is_city_admin === 1) allianceId = (await repo.firstAlliance(deps.db))?.id ?? null;

  const token = newToken(32);
  await deps.db.transaction().execute(async (trx) => {
    await repo.recordSuccessfulLogin(trx, user.id, now);
    await repo.insertSession(trx, {
      id: sha256(token),
      user_id: user.id,
      alliance_id: allianceId,
      created_at: now,
      last_seen_at: now,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 200) ?? null,
    });
    await appendAudit(trx, deps, auditActor, { action: 'auth.login', entity: 'user', entityId: user.id, allianceId: null });
  });
  const actor = await actorFor(deps, user.id, allianceId, meta);
  if (!actor) throw invalidCredentials();
  return { token, actor, expiresAt: now + deps.config.sessionIdleMs };
}

/** Ends the session. */
export async function logout(deps: Deps, sessionId: string): Promise<void> {
  await repo.deleteSession(deps.db, sessionId);
}

/** Switches the session to another alliance the user belongs to (any alliance for a city admin). */
export async function switchAlliance(deps: Deps, actor: Actor, sessionId: string, allianceId: string): Promise<Actor> {
  if (!actor.userId) throw forbidden();
  const next = await actorFor(deps, actor.userId, allianceId, actor);
  if (!next || next.allianceId !== allianceId) throw invalidField('allianceId', 'not_a_member', 'you are not a member of this alliance');
  await deps.db.transaction().execute(async (trx) => {
    await repo.setSessionAlliance(trx, sessionId, allianceId);
    await appendAudit(trx, deps, next, { action: 'auth.switch_alliance', entity: 'alliance', entityId: allianceId });
  });
  return next;
}

/** Changes the caller's own password after checking the old one; other sessions of the user end. */
export async function changePassword(deps: Deps, actor: Actor, sessionId: string, oldPassword: string, newPassword: string): Promise<void> {
  if (!actor.userId) throw forbidden();
  const user = await repo.findUser(deps.db, actor.userId);
  if (!user || !(await verifyPassword(user.password_hash, oldPassword))) throw invalidField('oldPassword', 'wrong_password', 'the current password is wrong');
  const hash = await hashPassword(newPassword, user.username, 'newPassword');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, updated_at: now }).where('id', '=', user.id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('id', '!=', sessionId).execute();
    await appendAudit(trx, deps, actor, { action: 'auth.password_changed', entity: 'user', entityId: user.id, allianceId: null });
  });
}
