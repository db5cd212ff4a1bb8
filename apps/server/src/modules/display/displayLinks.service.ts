import {
  type Permission,
  DISPLAY_SECTION_READS,
  DISPLAY_SECTIONS,
  type DisplayLink,
  type DisplayLinkCreate,
  type DisplayLinkCreated,
  type DisplaySection,
  type PageQuery,
} from '@tongxin/domain';
import type { Actor, Deps, TenantActor } from '../../lib/context.ts';
import { sha256 } from '../../lib/crypto.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { newSecretToken, TOKEN_PREFIX_LENGTH } from '../../lib/secretToken.ts';
import { listParams, paged, requireAllianceScope, requireTenant } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import { actorFor } from '../auth/index.ts';
import * as repo from './display.repo.ts';

const DAY = 86_400_000;

/** The sections stored on a link (a JSON array), unknown names dropped. */
export function parseSections(json: string): DisplaySection[] {
  try {
    const arr = JSON.parse(json) as unknown;
    return Array.isArray(arr) ? DISPLAY_SECTIONS.filter((s) => arr.includes(s)) : [];
  } catch {
    return [];
  }
}

/** What a link's creator may read of its alliance now, or null when the creator may no longer hand its screen out. */
export async function creatorReads(
  deps: Deps,
  link: { created_by: string | null; alliance_id: string },
  meta: { requestId: string; ip: string | null },
): Promise<ReadonlySet<Permission> | null> {
  if (link.created_by === null) return null;
  const c = await actorFor(deps, link.created_by, link.alliance_id, meta);
  // the same test as creating one: an active account, alliance-wide, managing the alliance and reading its figures
  const holds = c?.allianceId === link.alliance_id && c.scope === 'alliance' && c.permissions.has('alliance:write') && c.permissions.has('stats:read');
  return holds ? c.permissions : null;
}

/** The sections a link shows now: those stored on it that its creator can still read. */
export function sectionsNow(stored: string, reads: ReadonlySet<Permission>): DisplaySection[] {
  return parseSections(stored).filter((s) => reads.has(DISPLAY_SECTION_READS[s]));
}

/**
 * Who manages display links: whoever manages the alliance's settings (alliance:write) across the whole alliance (a link
 * shows alliance-wide figures, so a narrower scope may not hand them out). 401/403 before any row is read.
 */
export function requireDisplayManager(actor: Actor | null): TenantActor {
  const a = requireTenant(actor, 'alliance:write');
  requireAllianceScope(a, 'display links show the whole alliance: only an alliance-wide administrator manages them');
  return a;
}

/** The API view of a link: never the token nor its hash. `creatorHolds`: whether its creator may still hand it out. */
export function toDisplayLink(r: repo.DisplayLinkRow, creatorHolds: boolean): DisplayLink {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    sections: parseSections(r.sections),
    createdByName: r.created_by_name ?? null,
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
    creatorHolds,
  };
}

/** The API view of a stored link, asking whether its creator still holds the rights to hand it out. */
async function viewOf(deps: Deps, a: TenantActor, r: repo.DisplayLinkRow): Promise<DisplayLink> {
  const reads = await creatorReads(deps, { created_by: r.created_by, alliance_id: a.allianceId }, a);
  return toDisplayLink(r, reads !== null);
}

/** The alliance's display links, newest first. */
export async function listDisplayLinks(deps: Deps, a: TenantActor, q: PageQuery) {
  const { offset, limit } = listParams(q);
  const r = await repo.list(deps.db, a.allianceId, q.q, offset, limit);
  return paged(await Promise.all(r.items.map((x) => viewOf(deps, a, x))), r.total);
}

/**
 * Creates a link to the alliance's big screen, valid `days` days. It carries the sections its creator may read now
 * (DISPLAY_SECTION_READS); it shows no more than the creator can still read, and nothing once the creator may no longer
 * hand it out (creatorReads). The token is returned once and only its hash stored.
 */
export async function createDisplayLink(deps: Deps, a: TenantActor, body: DisplayLinkCreate): Promise<DisplayLinkCreated> {
  requireTenant(a, 'stats:read');
  // a link follows its creator's rights, so it needs a person to follow (an API key has none)
  if (a.userId === null) throw new AppError('FORBIDDEN', 403, 'a display link is created by a person, not an API key', { reason: 'person_required' });
  const now = deps.clock.now();
  const token = newSecretToken('txd');
  const id = newId(now);
  const sections = DISPLAY_SECTIONS.filter((s) => a.permissions.has(DISPLAY_SECTION_READS[s]));
  return deps.db.transaction().execute(async (trx) => {
    await repo.insert(trx, {
      id,
      alliance_id: a.allianceId,
      name: body.name,
      prefix: token.slice(0, TOKEN_PREFIX_LENGTH),
      token_hash: sha256(token),
      sections: JSON.stringify(sections),
      created_by: a.userId,
      created_at: now,
      expires_at: now + body.days * DAY,
      last_used_at: null,
      revoked_at: null,
    });
    const row = await repo.get(trx, a.allianceId, id);
    if (!row) throw new Error('display link vanished');
    const view = toDisplayLink(row, true);
    await appendAudit(trx, deps, a, { action: 'display_link.create', entity: 'display_link', entityId: id, after: view });
    return { ...view, token };
  });
}

/** Revokes a link: the screen showing it stops at its next refresh (within a minute). Revoking twice is harmless. */
export async function revokeDisplayLink(deps: Deps, a: TenantActor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, id);
    if (!row) throw notFound('display link');
    if (row.revoked_at !== null) return;
    const now = deps.clock.now();
    const view = await viewOf({ ...deps, db: trx }, a, row);
    await repo.revoke(trx, id, now);
    await appendAudit(trx, deps, a, {
      action: 'display_link.revoke',
      entity: 'display_link',
      entityId: id,
      before: view,
      after: { ...view, revokedAt: now },
    });
  });
}
