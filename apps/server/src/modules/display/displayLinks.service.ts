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
import { AppError } from '../../lib/errors.ts';
import { shownText } from '../../lib/freeText.ts';
import { requireAllianceScope, requireTenant } from '../access/index.ts';
import { actorFor } from '../auth/index.ts';
import { createToken, listTokens, revokeToken, type Revocable } from '../revocableTokens/index.ts';
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
    createdByName: shownText(r.created_by_name ?? null),
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

/** Display links as revocable tokens (`txd_…`). */
const DISPLAY_LINKS: Revocable<repo.DisplayLinkRow, DisplayLink> = {
  table: 'display_links',
  kind: 'txd',
  entity: 'display_link',
  action: 'display_link',
  what: 'display link',
  get: repo.get,
  list: repo.list,
  view: viewOf,
};

/** The alliance's display links, newest first. */
export function listDisplayLinks(deps: Deps, a: TenantActor, q: PageQuery) {
  return listTokens(deps, a, DISPLAY_LINKS, q);
}

/**
 * Creates a link to the alliance's big screen, valid `days` days. It carries the sections its creator may read now
 * (DISPLAY_SECTION_READS); it shows no more than the creator can still read, and nothing once the creator may no longer
 * hand it out (creatorReads). The token is returned once and only its hash stored.
 */
export async function createDisplayLink(deps: Deps, a: TenantActor, body: DisplayLinkCreate): Promise<DisplayLinkCreated> {
  requireTenant(a, 'stats:read');
  // a link follows its creator's rights, so it needs a person to follow (an API key has none)
  const createdBy = a.userId;
  if (createdBy === null) throw new AppError('FORBIDDEN', 403, 'a display link is created by a person, not an API key', { reason: 'person_required' });
  const sections = DISPLAY_SECTIONS.filter((s) => a.permissions.has(DISPLAY_SECTION_READS[s]));
  const { view, token } = await createToken(
    deps,
    a,
    DISPLAY_LINKS,
    (trx, t) =>
      repo.insert(trx, {
        id: t.id,
        alliance_id: a.allianceId,
        name: body.name,
        prefix: t.prefix,
        token_hash: t.hash,
        sections: JSON.stringify(sections),
        created_by: createdBy,
        created_at: t.now,
        expires_at: t.now + body.days * DAY,
        last_used_at: null,
        revoked_at: null,
      }),
    // its creator is the caller, who holds the rights to hand it out (checked above and by the route)
    (row) => toDisplayLink(row, true),
  );
  return { ...view, token };
}

/** Revokes a link: the screen showing it stops at its next refresh (within a minute). Revoking twice is harmless. */
export function revokeDisplayLink(deps: Deps, a: TenantActor, id: string): Promise<void> {
  return revokeToken(deps, a, DISPLAY_LINKS, id);
}
