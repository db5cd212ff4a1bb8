import { PERMISSIONS, type ApiKey, type ApiKeyCreate, type PageQuery, type Permission } from '@tongxin/domain';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { sha256 } from '../../lib/crypto.ts';
import { forbidden, invalidField, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { newSecretToken, TOKEN_PREFIX_LENGTH } from '../../lib/secretToken.ts';
import { listParams, paged } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import * as repo from './apiKeys.repo.ts';

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
    name: r.name,
    prefix: r.prefix,
    roleId: r.role_id,
    roleName: r.role_name,
    createdAt: Number(r.created_at),
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  };
}

export async function listApiKeys(deps: Deps, a: TenantActor, q: PageQuery) {
  const { offset, limit } = listParams(q);
  const r = await repo.list(deps.db, a.allianceId, q.q, offset, limit);
  return paged(r.items.map(toApiKey), r.total);
}

/** Creates a key bound to the current alliance and a role of it; the secret is returned once and only its hash stored. */
export async function createApiKey(deps: Deps, a: TenantActor, body: ApiKeyCreate): Promise<ApiKey & { secret: string }> {
  const now = deps.clock.now();
  const secret = newSecretToken('txk');
  const id = newId(now);
  return deps.db.transaction().execute(async (trx) => {
    const role = await repo.findRole(trx, a.allianceId, body.roleId);
    if (!role) throw invalidField('roleId', 'unknown_reference', 'roleId does not exist in this alliance');
    if (!a.isCityAdmin) {
      const missing = parsePermissions(role.permissions).filter((p) => !a.permissions.has(p));
      if (missing.length) throw forbidden(`cannot grant permissions you do not hold: ${missing.join(', ')}`);
    }
    await repo.insert(trx, {
      id,
      alliance_id: a.allianceId,
      name: body.name,
      prefix: secret.slice(0, TOKEN_PREFIX_LENGTH),
      key_hash: sha256(secret),
      role_id: role.id,
      created_by: a.userId,
      created_at: now,
      last_used_at: null,
      revoked_at: null,
    });
    const row = await repo.get(trx, a.allianceId, id);
    if (!row) throw new Error('api key vanished');
    const view = toApiKey(row);
    await appendAudit(trx, deps, a, { action: 'apikey.create', entity: 'api_key', entityId: id, after: view });
    return { ...view, secret };
  });
}

/** Revokes a key: it stops working at once (the key is looked up on every request). Revoking twice is harmless. */
export async function revokeApiKey(deps: Deps, a: TenantActor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, id);
    if (!row) throw notFound('api key');
    if (row.revoked_at !== null) return;
    const now = deps.clock.now();
    await repo.revoke(trx, id, now);
    await appendAudit(trx, deps, a, {
      action: 'apikey.revoke',
      entity: 'api_key',
      entityId: id,
      before: toApiKey(row),
      after: toApiKey({ ...row, revoked_at: now }),
    });
  });
}
