import {
  maskFreeText,
  publicCodeFrom,
  shanghaiYear,
  type IntegritySettings,
  type MerchantCard,
  type MonitoringFeedback,
  type MonitoringFeedbackCreate,
  type PublicComplaintForm,
} from '@tongxin/domain';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { shownText } from '../../lib/freeText.ts';
import { conflict, forbidden, invalidField, notFound } from '../../lib/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { listParams, paged, requireAllianceScope } from '../access/index.ts';
import { merchantScope } from '../merchants/index.ts';
import { storeImage } from '../files/index.ts';
import { buildWordFilter, sensitiveWordList } from '../public/index.ts';

type WordFilter = ReturnType<typeof buildWordFilter>;
import { createPublicTicket, createTicket } from '../tickets/index.ts';
import * as repo from './integrity.repo.ts';
import type { PageLang } from '../../lib/pageLang.ts';
import { merchantPageBytes, surnameOf, type PageView } from './integrity.page.ts';
import type { PosterView } from './integrity.poster.ts';

/** the year of the last call, reused while `now` stays inside it (the integrity page asks on every request) */
let lastYear = { year: 0, start: 0, end: 0 };

/** The current calendar year in Asia/Shanghai (domain shanghaiYear), remembered for the requests inside it. */
function currentYear(now: number): number {
  if (now < lastYear.start || now >= lastYear.end) lastYear = shanghaiYear(now);
  return lastYear.year;
}

function plaquesOf(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** A public code is opaque URL-safe text; anything else is simply unknown. */
export const PUBLIC_CODE = /^[A-Za-z0-9_-]{6,64}$/;

/** What /m/<code> shows, straight from the merchant's row (its credit summary is kept in the same transaction as the ledger), or null. */
/**
 * The promise as the public page shows it: the operator's full name (亮身份 texts often carry it) becomes the same
 * "周某" the page uses elsewhere, and phone and ID numbers are masked — the page reveals no personal data.
 */
export function publicPromise(promise: string | null, operatorName: string | null): string | null {
  if (!promise) return promise;
  const name = operatorName?.trim();
  const masked = name && [...name].length > 1 ? promise.split(name).join(surnameOf(name) ?? '') : promise;
  return maskFreeText(masked);
}

/** The page view of a row already read for `code` (null: unknown code or a suspended alliance). */
function viewOf<R extends repo.PageViewRow>(row: R | undefined, code: string, year: number): (PageView & { row: R }) | null {
  if (!row || row.alliance_status !== 'active') return null;
  return {
    row,
    code,
    // public, no login: a name written before names refused numbers shows them masked
    name: shownText(row.name),
    allianceName: shownText(row.alliance_name),
    plaques: plaquesOf(row.plaques),
    stars: row.credit_stars === null ? null : Number(row.credit_stars),
    points: Number(row.credit_points),
    flag: row.credit_flag,
    promise: publicPromise(row.promise, row.operator_name),
    partyMember: Number(row.party_member_operator) === 1,
    operatorSurname: surnameOf(row.operator_name),
    upheld: Number(row.upheld),
    year,
    operating: row.status !== 'closed',
  };
}

/** What /m/<code> shows, or null for an unknown code. */
export async function pageView(deps: Deps, reader: repo.PageReader, code: string): Promise<(PageView & { row: repo.PageRow }) | null> {
  if (!PUBLIC_CODE.test(code)) return null;
  const year = currentYear(deps.clock.now());
  return viewOf(await reader.read(code, year), code, year);
}

/**
 * The HTML of /m/<code> (200) as UTF-8, or null for an unknown code, read fresh on every request: no process keeps
 * rendered pages, so none can be stale. (A cache of rendered pages, validated by SQLite's data version, was measured
 * away: with the row found by rowid it saved nothing on popular shops and cost 6 µs a page on the rest.)
 */
export async function publicPageHtml(deps: Deps, reader: repo.PageReader, code: string, lang: PageLang = 'zh'): Promise<Buffer | null> {
  if (reader.readNow) return publicPageHtmlNow(deps, reader.readNow, code, lang);
  const v = await pageView(deps, reader, code);
  return v ? merchantPageBytes(v, lang) : null;
}

/** publicPageHtml without a promise, for a reader that reads synchronously (SQLite): the raw /m/ handler's path. */
export function publicPageHtmlNow(deps: Deps, readNow: NonNullable<repo.PageReader['readNow']>, code: string, lang: PageLang = 'zh'): Buffer | null {
  if (!PUBLIC_CODE.test(code)) return null;
  const year = currentYear(deps.clock.now());
  const v = viewOf(readNow(code, year), code, year);
  // bytes: the length and the socket write then need no second pass over the text
  return v ? merchantPageBytes(v, lang) : null;
}

const filters = new WeakMap<Deps, WordFilter>();
function wordFilter(deps: Deps): WordFilter {
  let f = filters.get(deps);
  if (!f) {
    f = buildWordFilter(sensitiveWordList(deps.config.sensitiveWords));
    filters.set(deps, f);
  }
  return f;
}

/**
 * A complaint from the integrity page: the sensitive-word filter, the optional photo stored as a public upload, then
 * the tickets module's public intake as a 投诉 (消费纠纷) concerning this merchant, in its grid.
 */
export async function fileComplaint(
  deps: Deps,
  row: repo.PageRow,
  form: PublicComplaintForm,
  photo: Buffer | null,
  meta: { requestId: string; ip: string | null },
): Promise<{ number: string; trackingUrl: string }> {
  const categoryId = await repo.categoryFor(deps.db, row.alliance_id, 'XFJF');
  if (!categoryId) throw conflict('the alliance has no active category');
  const photos = photo && photo.length > 0 ? [(await storeImage(deps, { allianceId: null, userId: null }, photo)).id] : [];
  const { text, hits } = wordFilter(deps).apply(form.description);
  if (hits > 0) deps.log.info({ merchantId: row.merchant_id, hits, requestId: meta.requestId }, 'sensitive words replaced in a merchant complaint');
  const { ticket, trackingToken } = await createPublicTicket(
    deps,
    { id: row.alliance_id, code: row.alliance_code },
    {
      allianceCode: row.alliance_code,
      kind: 'complaint',
      categoryId,
      description: text,
      photos,
      address: row.address,
      gridId: row.grid_id,
      reporterPhone: form.phone,
      consent: true,
      merchantId: row.merchant_id,
      merchantName: row.name,
    },
    { ...meta, eventData: hits > 0 ? { sensitiveWordsFiltered: hits } : undefined },
  );
  return { number: ticket.number, trackingUrl: `/t/${trackingToken}` };
}

function card(r: repo.CardRow): MerchantCard {
  return {
    id: r.id,
    name: shownText(r.name),
    creditCode: r.credit_code,
    address: shownText(r.address),
    gridName: shownText(r.grid_name),
    status: r.status,
    creditPoints: Number(r.credit_points),
    creditStars: r.credit_stars === null ? null : Number(r.credit_stars),
    creditFlag: r.credit_flag,
    plaques: plaquesOf(r.plaques),
    partyMemberOperator: Number(r.party_member_operator) === 1,
    monitoringPoint: Number(r.monitoring_point) === 1,
    publicCode: r.public_code,
    upheldComplaintsThisYear: Number(r.upheld),
  };
}

/** The inspector's lookup by name fragment, credit code, public code or the URL read from a QR. */
export async function lookupMerchants(deps: Deps, a: TenantActor, q: string): Promise<{ items: MerchantCard[] }> {
  const scope = await merchantScope(deps.db, a);
  const rows = await repo.lookupCards(deps.db, a.allianceId, scope, currentYear(deps.clock.now()), { text: q, code: publicCodeFrom(q) });
  return { items: rows.map(card) };
}

/** One merchant's card in scope, or 404. */
export async function merchantCard(deps: Deps, a: TenantActor, id: string): Promise<MerchantCard> {
  const scope = await merchantScope(deps.db, a);
  const r = await repo.cardById(deps.db, a.allianceId, scope, currentYear(deps.clock.now()), id);
  if (!r) throw notFound('merchant');
  return card(r);
}

const toPoster = (r: repo.CardRow, allianceName: string, base: string): PosterView => ({
  // a poster hangs in the shop window: numbers in an old name masked as on the public page
  name: shownText(r.name),
  allianceName,
  plaques: plaquesOf(r.plaques),
  stars: r.credit_stars === null ? null : Number(r.credit_stars),
  partyMember: Number(r.party_member_operator) === 1,
  url: `${base}/m/${r.public_code}`,
});

async function allianceName(deps: Deps, id: string): Promise<string> {
  const a = await deps.db.selectFrom('alliances').select('name').where('id', '=', id).executeTakeFirstOrThrow();
  return shownText(a.name);
}

/** The poster of one merchant in scope (404 outside it). */
export async function posterOf(deps: Deps, a: TenantActor, id: string, base: string): Promise<{ title: string; items: PosterView[] }> {
  const scope = await merchantScope(deps.db, a);
  const r = await repo.cardById(deps.db, a.allianceId, scope, 0, id);
  if (!r) throw notFound('merchant');
  return { title: `${shownText(r.name)} · 诚信二维码`, items: [toPoster(r, await allianceName(deps, a.allianceId), base)] };
}

/** The alliance's 随手拍 poster: its name and the address of its public report form. */
export async function reportPosterOf(deps: Deps, a: TenantActor, base: string): Promise<{ allianceName: string; url: string }> {
  const row = await deps.db.selectFrom('alliances').select(['name', 'code']).where('id', '=', a.allianceId).executeTakeFirstOrThrow();
  return { allianceName: shownText(row.name), url: `${base}/h5/report?a=${encodeURIComponent(row.code)}` };
}

/** Most posters one batch print holds. */
export const POSTER_BATCH_MAX = 500;

/** The posters of the operating merchants of a grid subtree, within the actor's scope. */
export async function postersOfGrid(deps: Deps, a: TenantActor, gridId: string, base: string): Promise<{ title: string; items: PosterView[] }> {
  const g = await repo.gridOf(deps.db, a.allianceId, gridId);
  if (!g) throw invalidField('gridId', 'unknown_reference', 'gridId does not exist in this alliance');
  const scope = await merchantScope(deps.db, a);
  const rows = await repo.cardsOfGrid(deps.db, a.allianceId, scope, 0, g.path, POSTER_BATCH_MAX);
  const name = await allianceName(deps, a.allianceId);
  return { title: `${shownText(g.name)} · 诚信二维码`, items: rows.map((r) => toPoster(r, name, base)) };
}

/** Who receives confidential conduct feedback in this alliance. */
export async function getSettings(deps: Deps, a: TenantActor): Promise<IntegritySettings> {
  const s = await repo.settingsOf(deps.db, a.allianceId);
  return { confidentialContactUserId: s?.confidential_contact_user_id ?? null, confidentialContactName: shownText(s?.display_name ?? null) };
}

/**
 * Names the designated contact (a member of the alliance); their open confidential tickets move to them. Audited.
 * The contact receives every monitoring point's feedback of the alliance, so naming one is the alliance's act, like its
 * credit rules: an admin with a narrower data scope is refused before anything is read.
 */
export async function updateSettings(deps: Deps, a: TenantActor, userId: string | null): Promise<IntegritySettings> {
  requireAllianceScope(a, "the confidential contact is the alliance's: naming one needs the alliance data scope");
  if (userId) {
    const perms = await repo.memberPermissions(deps.db, a.allianceId, userId);
    if (!perms) throw invalidField('confidentialContactUserId', 'unknown_reference', 'the user is not a member of this alliance');
    // the contact alone sees the feedback: without 派单 it could never be handled
    if (!perms.includes('ticket:dispatch'))
      throw invalidField('confidentialContactUserId', 'cannot_dispatch', 'the contact must be able to dispatch cases (ticket:dispatch)');
  }
  const before = await repo.settingsOf(deps.db, a.allianceId);
  await deps.db.transaction().execute(async (trx) => {
    await repo.saveSettings(trx, a.allianceId, userId, a.userId, deps.clock.now());
    await appendAudit(trx, deps, a, {
      action: 'integrity.settings.update',
      entity: 'integrity_settings',
      entityId: a.allianceId,
      before: { confidentialContactUserId: before?.confidential_contact_user_id ?? null },
      after: { confidentialContactUserId: userId },
    });
  });
  return getSettings(deps, a);
}

/** The monitoring points the signed-in liaison (their user's person) looks after. */
export async function myMonitoringPoints(deps: Deps, a: TenantActor) {
  if (!a.personId) return { items: [] };
  const rows = await repo.monitoringPointsOf(deps.db, a.allianceId, a.personId);
  return { items: rows.map((r) => ({ merchantId: r.id, name: shownText(r.name), address: shownText(r.address), gridName: r.grid_name })) };
}

/** Units a liaison may name as the one a feedback concerns. */
export async function feedbackUnits(deps: Deps, a: TenantActor) {
  return { items: (await repo.unitOptions(deps.db, a.allianceId)).map((u) => ({ ...u, name: shownText(u.name) })) };
}

/**
 * Monitoring-point feedback: only the merchant's 居务联络员 files it, as a 'feedback' ticket about the merchant.
 * Conduct feedback is confidential: routed to the designated contact and hidden from everyone else (ticketScope),
 * above all from the unit it concerns; with no contact named it is refused (409) rather than exposed.
 */
export async function fileFeedback(deps: Deps, a: TenantActor, body: MonitoringFeedbackCreate): Promise<MonitoringFeedback> {
  const m = await repo.merchantForFeedback(deps.db, a.allianceId, body.merchantId);
  if (!m) throw invalidField('merchantId', 'unknown_reference', 'merchantId does not exist in this alliance');
  if (Number(m.monitoring_point) !== 1 || !a.personId || m.liaison_person_id !== a.personId)
    throw forbidden('only the liaison of this monitoring point files its feedback');
  if (body.concernedUnitId && !(await repo.unitExists(deps.db, a.allianceId, body.concernedUnitId)))
    throw invalidField('concernedUnitId', 'unknown_reference', 'concernedUnitId does not exist in this alliance');
  const conduct = body.topic === 'conduct';
  let confidential: { contactUserId: string; concernedUnitId: string | null } | null = null;
  if (conduct) {
    const s = await repo.settingsOf(deps.db, a.allianceId);
    if (!s?.confidential_contact_user_id)
      throw conflict('no designated contact for confidential feedback is set for this alliance', { code: 'NO_CONFIDENTIAL_CONTACT' });
    confidential = { contactUserId: s.confidential_contact_user_id, concernedUnitId: body.concernedUnitId ?? null };
  }
  const categoryId = await repo.categoryFor(deps.db, a.allianceId, 'SHFW');
  if (!categoryId) throw conflict('the alliance has no active category');
  // the photos are checked (and kept) in the intake's transaction
  const t = await createTicket(deps, a, {
    kind: 'feedback',
    categoryId,
    title: `${conduct ? '作风反馈' : '服务反馈'}：${m.name}`.slice(0, 60),
    description: body.description,
    photos: body.photos,
    address: m.address,
    gridId: m.grid_id,
    merchantName: m.name,
    reporterName: null,
    merchantId: m.id,
    feedbackTopic: body.topic,
    confidential,
  });
  return {
    id: t.id,
    number: t.number,
    merchantId: m.id,
    merchantName: shownText(m.name),
    topic: body.topic,
    confidential: conduct,
    status: t.status,
    description: t.description,
    createdAt: t.createdAt,
  };
}

/** The feedback the signed-in liaison filed, newest first. */
export async function myFeedback(deps: Deps, a: TenantActor, q: { page: number; pageSize: number }) {
  if (!a.userId) return paged([], 0);
  const { offset, limit } = listParams(q);
  const r = await repo.feedbackOf(deps.db, a.allianceId, a.userId, offset, limit);
  return paged(
    r.items.map((t): MonitoringFeedback => ({
      id: t.id,
      number: t.number,
      merchantId: t.merchant_id as string,
      merchantName: shownText(t.merchant_name ?? ''),
      topic: t.feedback_topic === 'conduct' ? 'conduct' : 'service',
      confidential: Number(t.confidential) === 1,
      status: t.status,
      description: t.description,
      createdAt: Number(t.created_at),
    })),
    r.total,
  );
}
