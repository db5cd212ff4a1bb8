import { PERMISSIONS, type DataScope, type MeResponse, type Permission } from '@tongxin/domain';
import type { Actor, Deps } from '../../lib/context.ts';
import { authEpoch } from '../../lib/authEpoch.ts';
import { shownText } from '../../lib/freeText.ts';
import { sha256 } from '../../lib/crypto.ts';
import { looksLikeSecretToken } from '../../lib/secretToken.ts';
import { touchToken } from '../revocableTokens/index.ts';
import * as repo from './auth.repo.ts';

export const SESSION_COOKIE = 'tx_session';
// writing last_seen on every request would turn every read into a write
const TOUCH_EVERY_MS = 60_000;

function parsePerms(json: string): Permission[] {
  try {
    const arr = JSON.parse(json) as unknown;
    return Array.isArray(arr) ? (arr.filter((p) => (PERMISSIONS as readonly string[]).includes(p as string)) as Permission[]) : [];
  } catch {
    return [];
  }
}

export interface SessionActor {
  actor: Actor;
  sessionId: string;
  expiresAt: number;
}

/** Builds the actor of a user in an alliance from the membership (or city-admin rights). */
export async function actorFor(deps: Deps, userId: string, allianceId: string | null, meta: { requestId: string; ip: string | null }): Promise<Actor | null> {
  const user = await repo.findUser(deps.db, userId);
  if (!user || user.status !== 'active') return null;
  const isCityAdmin = user.is_city_admin === 1;
  const base = { userId: user.id, name: user.display_name, personId: user.person_id, isCityAdmin, apiKeyId: null, requestId: meta.requestId, ip: meta.ip };
  if (allianceId) {
    const ms = (await repo.membershipsOf(deps.db, userId)).find((m) => m.alliance_id === allianceId);
    // a disabled (停用) alliance is closed to its members; the city administrators keep it (they re-enable it)
    if (ms && (ms.alliance_status === 'active' || isCityAdmin)) {
      const perms = new Set(parsePerms(ms.permissions));
      if (isCityAdmin) for (const p of PERMISSIONS) perms.add(p);
      return {
        ...base,
        allianceId,
        permissions: perms,
        scope: isCityAdmin ? 'alliance' : (ms.data_scope as DataScope),
        unitId: ms.unit_id,
        scopeOrgId: ms.scope_org_id,
        scopeGridId: ms.scope_grid_id,
      };
    }
    if (isCityAdmin && (await repo.findAlliance(deps.db, allianceId))) {
      return { ...base, allianceId, permissions: new Set(PERMISSIONS), scope: 'alliance', unitId: null, scopeOrgId: null, scopeGridId: null };
    }
  }
  return {
    ...base,
    allianceId: null,
    permissions: new Set<Permission>(isCityAdmin ? ['alliance:read', 'alliance:write'] : []),
    scope: 'own',
    unitId: null,
    scopeOrgId: null,
    scopeGridId: null,
  };
}

// Resolving a session costs several queries (session, account, memberships with roles); a busy client sends
// many requests a second, so the result is kept briefly. A change to sessions, accounts, memberships, roles
// or alliances in this process drops the cache at once (lib/authEpoch.ts); other processes see it within the TTL.
const ACTOR_TTL_MS = 2_000;
const ACTOR_CACHE_MAX = 10_000;
interface CachedSession {
  actor: Omit<Actor, 'requestId' | 'ip'>;
  lastSeen: number;
  epoch: number;
  until: number;
}
const sessionCache = new Map<string, CachedSession>();

/** Resolves a session cookie into an actor; expired (idle) sessions are deleted and yield null. */
export async function actorFromSession(
  deps: Deps,
  token: string,
  meta: { requestId: string; ip: string | null },
  opts: { background?: boolean } = {},
): Promise<SessionActor | null> {
  const id = sha256(token);
  const now = deps.clock.now();
  const hit = sessionCache.get(id);
  if (hit && hit.epoch === authEpoch() && performance.now() < hit.until && now - hit.lastSeen < TOUCH_EVERY_MS) {
    return { actor: { ...hit.actor, ...meta }, sessionId: id, expiresAt: hit.lastSeen + deps.config.sessionIdleMs };
  }
  sessionCache.delete(id);
  const epoch = authEpoch();
  const s = await repo.findSession(deps.db, id);
  if (!s) return null;
  if (now - Number(s.last_seen_at) > deps.config.sessionIdleMs) {
    await repo.deleteSession(deps.db, id);
    return null;
  }
  const actor = await actorFor(deps, s.user_id, s.alliance_id, meta);
  if (!actor) return null;
  let lastSeen = Number(s.last_seen_at);
  // a poll the app makes on its own is no activity: the idle time runs on
  if (now - lastSeen >= TOUCH_EVERY_MS && !opts.background) {
    await repo.touchSession(deps.db, id, now);
    lastSeen = now;
  }
  // only what was read under one epoch may be kept (a concurrent change bumped it meanwhile)
  if (epoch === authEpoch()) {
    if (sessionCache.size >= ACTOR_CACHE_MAX) sessionCache.delete(sessionCache.keys().next().value as string);
    const { requestId: _r, ip: _i, ...rest } = actor;
    sessionCache.set(id, { actor: rest, lastSeen, epoch, until: performance.now() + ACTOR_TTL_MS });
  }
  return { actor, sessionId: id, expiresAt: lastSeen + deps.config.sessionIdleMs };
}

/** Resolves an API key (`txk_…`) into an actor bound to its alliance and role. */
export async function actorFromApiKey(deps: Deps, key: string, meta: { requestId: string; ip: string | null }): Promise<Actor | null> {
  if (!looksLikeSecretToken('txk', key)) return null;
  const k = await repo.findApiKeyByHash(deps.db, sha256(key));
  // a disabled (停用) alliance answers to nobody: its keys stop with it
  if (!k || k.revoked_at !== null || k.alliance_status !== 'active') return null;
  const now = deps.clock.now();
  await touchToken(deps.db, 'api_keys', k, now, TOUCH_EVERY_MS);
  return {
    userId: null,
    name: `API:${k.name}`,
    allianceId: k.alliance_id,
    permissions: new Set(parsePerms(k.permissions)),
    scope: k.data_scope as DataScope,
    unitId: null,
    scopeOrgId: null,
    scopeGridId: null,
    personId: null,
    isCityAdmin: false,
    apiKeyId: k.id,
    requestId: meta.requestId,
    ip: meta.ip,
  };
}

/** The `/me` view of an actor. */
export async function meView(deps: Deps, actor: Actor, expiresAt: number): Promise<MeResponse> {
  if (!actor.userId) throw new Error('meView needs a user');
  const user = await repo.findUser(deps.db, actor.userId);
  const memberships = await repo.membershipsOf(deps.db, actor.userId);
  const alliance = actor.allianceId ? await repo.findAlliance(deps.db, actor.allianceId) : undefined;
  const current = memberships.find((m) => m.alliance_id === actor.allianceId);
  return {
    user: { id: actor.userId, username: user?.username ?? '', displayName: shownText(actor.name), isCityAdmin: actor.isCityAdmin, personId: actor.personId },
    currentAlliance: alliance
      ? {
          id: alliance.id,
          name: shownText(alliance.name),
          code: alliance.code,
          gridLevelNames: (JSON.parse(alliance.grid_level_names) as string[]).map(shownText),
        }
      : null,
    role: current ? { id: current.role_id, name: shownText(current.role_name), dataScope: actor.scope } : null,
    permissions: [...actor.permissions],
    memberships: memberships.map((m) => ({
      allianceId: m.alliance_id,
      allianceName: shownText(m.alliance_name),
      allianceCode: m.alliance_code,
      roleId: m.role_id,
      roleName: shownText(m.role_name),
      unitId: m.unit_id,
      unitName: shownText(m.unit_name),
      scopeOrgId: m.scope_org_id,
      scopeGridId: m.scope_grid_id,
    })),
    sessionExpiresAt: expiresAt,
  };
}
