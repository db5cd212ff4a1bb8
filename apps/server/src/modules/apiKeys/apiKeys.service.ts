import { PERMISSIONS, type ApiKey, type ApiKeyCreate, type PageQuery, type Permission } from '@tongxin/domain';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { forbidden, invalidField } from '../../lib/errors.ts';
import { createToken, listTokens, revokeToken, type Revocable } from '../revocableTokens/index.ts';
import * as repo from './apiKeys.repo.ts';
import { shownText } from '../../lib/freeText.ts';

function parsePermissions(json: string): Permission[] {
  try {
    const arr = JSON.parse(json) as unknown;
    return Array.isArray(arr) ? (arr.filter((p) => (PERMISSIONS as readonly string[]).includes(p as string)) as Permission[]) : [];
  } catch {
    return [];
  }
}

/** The API view of a key: never the secret nor its hash. */
export function toApiKey(r: repo.ApiKeyRow): ApiKey {
  return {
    id: r.id,
    name: shownText(r.name),
    prefix: r.prefix,
    roleId: r.role_id,
    roleName: shownText(r.role_name),
    createdAt: Number(r.created_at),
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  };
}

/** API keys as revocable tokens (`txk_…`). */
const API_KEYS: Revocable<repo.ApiKeyRow, ApiKey> = {
  table: 'api_keys',
  kind: 'txk',
  entity: 'api_key',
  action: 'apikey',
  what: 'api key',
  get: repo.get,
  list: repo.list,
  view: (_deps, _a, r) => toApiKey(r),
};

/** The alliance's keys, newest first. */
export function listApiKeys(deps: Deps, a: TenantActor, q: PageQuery) {
  return listTokens(deps, a, API_KEYS, q);
}

/** Creates a key bound to the current alliance and a role of it; the secret is returned once and only its hash stored. */
export async function createApiKey(deps: Deps, a: TenantActor, body: ApiKeyCreate): Promise<ApiKey & { secret: string }> {
  const { view, token } = await createToken(
    deps,
    a,
    API_KEYS,
    async (trx, t) => {
      const role = await repo.findRole(trx, a.allianceId, body.roleId);
      if (!role) throw invalidField('roleId', 'unknown_reference', 'roleId does not exist in this alliance');
      if (!a.isCityAdmin) {
        const missing = parsePermissions(role.permissions).filter((p) => !a.permissions.has(p));
        if (missing.length) throw forbidden(`cannot grant permissions you do not hold: ${missing.join(', ')}`);
      }
      await repo.insert(trx, {
        id: t.id,
        alliance_id: a.allianceId,
        name: body.name,
        prefix: t.prefix,
        key_hash: t.hash,
        role_id: role.id,
        created_by: a.userId,
        created_at: t.now,
        last_used_at: null,
        revoked_at: null,
      });
    },
    toApiKey,
  );
  return { ...view, secret: token };
}

/** Revokes a key: it stops working at once (the key is looked up on every request). Revoking twice is harmless. */
export function revokeApiKey(deps: Deps, a: TenantActor, id: string): Promise<void> {
  return revokeToken(deps, a, API_KEYS, id);
}
