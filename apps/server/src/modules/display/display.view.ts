import { DISPLAY_AUTH_SCHEME, DISPLAY_SECTION_READS, type DashboardOverview, type DisplayInfo, type Permission } from '@tongxin/domain';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { sha256 } from '../../lib/crypto.ts';
import { unauthenticated } from '../../lib/errors.ts';
import { looksLikeSecretToken } from '../../lib/secretToken.ts';
import { touchToken } from '../revocableTokens/index.ts';
import { overview } from '../stats/index.ts';
import * as repo from './display.repo.ts';
import { creatorReads, sectionsNow } from './displayLinks.service.ts';
import { shownText } from '../../lib/freeText.ts';

// writing last_used_at on every minute's refresh of every screen would turn each read into a write
const TOUCH_EVERY_MS = 10 * 60_000;

interface Opened {
  actor: TenantActor;
  info: DisplayInfo;
}

/** The token of an `Authorization: Display <token>` header, or null. */
function tokenOf(header: string | undefined): string | null {
  if (!header) return null;
  const [scheme, token, ...rest] = header.trim().split(/\s+/);
  // an auth scheme's name is case-insensitive (RFC 9110 11.1)
  return scheme?.toLowerCase() === DISPLAY_AUTH_SCHEME.toLowerCase() && token && rest.length === 0 ? token : null;
}

/**
 * Opens a display link from its header: 401 for no token, an unknown, expired or revoked one, a disabled alliance, or
 * a creator who may no longer hand the screen out (left, disabled, or lost the rights to create it). The actor it
 * yields reads the alliance as a whole with `stats:read` and the reads of the link's sections its creator still
 * holds, and nothing else; it exists only inside the display routes (the auth plugin never turns this header into an
 * actor).
 */
async function open(deps: Deps, header: string | undefined, meta: { requestId: string; ip: string | null }): Promise<Opened> {
  const token = tokenOf(header);
  if (!token || !looksLikeSecretToken('txd', token)) throw unauthenticated('display link required');
  const l = await repo.findByHash(deps.db, sha256(token));
  const now = deps.clock.now();
  if (!l || l.revoked_at !== null || Number(l.expires_at) <= now || l.alliance_status !== 'active') {
    throw unauthenticated('this display link is revoked, expired or unknown');
  }
  const reads = await creatorReads(deps, l, meta);
  if (!reads) throw unauthenticated('the creator of this display link may no longer hand it out');
  await touchToken(deps.db, 'display_links', l, now, TOUCH_EVERY_MS);
  const permissions = new Set<Permission>(['stats:read', ...sectionsNow(l.sections, reads).map((s) => DISPLAY_SECTION_READS[s])]);
  return {
    actor: {
      userId: null,
      name: `Display:${l.name}`,
      allianceId: l.alliance_id,
      permissions,
      scope: 'alliance',
      unitId: null,
      scopeOrgId: null,
      scopeGridId: null,
      personId: null,
      isCityAdmin: false,
      apiKeyId: null,
      requestId: meta.requestId,
      ip: meta.ip,
    },
    info: { allianceName: shownText(l.alliance_name), name: l.name, expiresAt: Number(l.expires_at) },
  };
}

/** What the wall screen names in its header. */
export async function displayInfo(deps: Deps, header: string | undefined, meta: { requestId: string; ip: string | null }): Promise<DisplayInfo> {
  return (await open(deps, header, meta)).info;
}

/** The big screen of the link's alliance this month: the console's own overview, read as the link's actor. */
export async function displayOverview(deps: Deps, header: string | undefined, meta: { requestId: string; ip: string | null }): Promise<DashboardOverview> {
  return overview(deps, (await open(deps, header, meta)).actor, {});
}
