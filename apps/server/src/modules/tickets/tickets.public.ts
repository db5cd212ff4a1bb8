import { PUBLIC_REPORTER_ACTOR_NAME, type PublicReportCreate, type RateBody, type TicketDetail, type TicketStatus } from '@tongxin/domain';
import type { z } from 'zod';
import type { Deps } from '../../lib/context.ts';
import { sha256 } from '../../lib/crypto.ts';
import { notFound } from '../../lib/errors.ts';
import { newId, newToken } from '../../lib/ids.ts';
import { parseActionBody, runTransition, type ActingActor } from './tickets.actions.ts';
import { intake, intakeDetail } from './tickets.service.ts';
import { detailOf, joinedTickets, type Viewer } from './tickets.view.ts';
import { shownText } from '../../lib/freeText.ts';

/** The tracking page's view: the reporter party, every phone/ID number masked, no staff names. */
const TOKEN_VIEW: Viewer = { parties: ['reporter'], isReporter: true, publicView: true };
const REPORTER = PUBLIC_REPORTER_ACTOR_NAME;

/**
 * The account-less report: an anonymous reporter with an optional phone. Returns the ticket and the private
 * tracking token (32 random bytes, base64url); only its sha256 is stored.
 */
export async function createPublicTicket(
  deps: Deps,
  alliance: { id: string; code: string },
  body: PublicReportCreate & { merchantId?: string | null; merchantName?: string | null },
  meta: { requestId: string; ip: string | null; eventData?: Record<string, unknown> },
): Promise<{ ticket: TicketDetail; trackingToken: string }> {
  const trackingToken = newToken(32);
  const actor = { userId: null, name: REPORTER, allianceId: alliance.id, unitId: null, requestId: meta.requestId, ip: meta.ip };
  const r = await intake(
    deps,
    alliance.code,
    { actor, reporterUserId: null, anonymous: true, trackingHash: sha256(trackingToken), eventData: meta.eventData },
    { ...body, title: null },
  );
  return { ticket: intakeDetail(deps, r, TOKEN_VIEW), trackingToken };
}

function validToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{20,100}$/.test(token);
}

/** The ticket of a tracking token as the tracking page shows it, or null. */
export async function ticketByTrackingToken(deps: Deps, token: string): Promise<TicketDetail | null> {
  if (!validToken(token)) return null;
  const row = await joinedTickets(deps.db).where('tickets.tracking_hash', '=', sha256(token)).executeTakeFirst();
  return row ? detailOf(deps, deps.db, row, TOKEN_VIEW) : null;
}

/** The reporter's rating through the tracking token (same effect as `rate`); 404 for an unknown token, 409 unless resolved. */
export async function rateByTrackingToken(
  deps: Deps,
  token: string,
  body: z.input<typeof RateBody>,
  meta: { requestId?: string; ip?: string | null } = {},
): Promise<TicketDetail> {
  const parsed = parseActionBody('rate', body);
  const hash = validToken(token) ? sha256(token) : null;
  const t = hash ? await deps.db.selectFrom('tickets').select(['id', 'alliance_id']).where('tracking_hash', '=', hash).executeTakeFirst() : undefined;
  if (!hash || !t) throw notFound('ticket');
  const actor: ActingActor = {
    userId: null,
    name: REPORTER,
    allianceId: t.alliance_id,
    unitId: null,
    requestId: meta.requestId ?? `token-${newId()}`,
    ip: meta.ip ?? null,
  };
  const row = await runTransition(deps, { actor, parties: () => ['reporter'], trackingHash: hash }, t.id, 'rate', parsed);
  return detailOf(deps, deps.db, row, TOKEN_VIEW);
}

/**
 * Where a merged case is handled now, as its reporter may see it: the other case's number, status and lead unit, never
 * its text or reporter. Null unless the case was merged.
 */
export async function mergedTargetOf(
  deps: Deps,
  t: Pick<TicketDetail, 'status' | 'mergedIntoId' | 'allianceId'>,
): Promise<{ number: string; status: TicketStatus; leadUnitName: string | null } | null> {
  if (t.status !== 'merged' || !t.mergedIntoId) return null;
  const r = await joinedTickets(deps.db).where('tickets.id', '=', t.mergedIntoId).where('tickets.alliance_id', '=', t.allianceId).executeTakeFirst();
  // confidential feedback is nobody else's to follow
  return r && Number(r.confidential) !== 1 ? { number: r.number, status: r.status as TicketStatus, leadUnitName: shownText(r.lead_unit_name) } : null;
}
