import type { PublicReportCreate, RateBody, TicketDetail } from '@tongxin/domain';
import type { z } from 'zod';
import type { Deps } from '../../lib/context.ts';
import { invalidField, notFound } from '../../lib/errors.ts';
import { shownText } from '../../lib/freeText.ts';
import { publicUploads } from '../files/index.ts';
import { createPublicTicket, rateByTrackingToken, ticketByTrackingToken } from '../tickets/index.ts';
import { buildWordFilter, sensitiveWordList, type WordFilter } from './sensitiveWords.ts';

export interface PublicAlliance {
  name: string;
  categories: { id: string; name: string }[];
  grids: { id: string; name: string; levelName: string }[];
}

async function activeAlliance(deps: Deps, code: string) {
  const a = await deps.db
    .selectFrom('alliances')
    .select(['id', 'code', 'name', 'grid_level_names', 'status'])
    .where('code', '=', code.trim().toUpperCase())
    .executeTakeFirst();
  if (!a || a.status !== 'active') throw notFound('alliance');
  return a;
}

/** What the public report form needs: the alliance's name, its active categories and its leaf grids. */
export async function publicAlliance(deps: Deps, code: string): Promise<PublicAlliance> {
  const a = await activeAlliance(deps, code);
  const [cats, grids] = await Promise.all([
    deps.db.selectFrom('categories').select(['id', 'name']).where('alliance_id', '=', a.id).where('active', '=', 1).orderBy('code').limit(500).execute(),
    deps.db
      .selectFrom('grids as g')
      .select(['g.id', 'g.name', 'g.level'])
      .where('g.alliance_id', '=', a.id)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('grids as c').select('c.id').whereRef('c.parent_id', '=', 'g.id'))))
      .orderBy('g.path')
      .limit(1000)
      .execute(),
  ]);
  let levelNames: string[] = [];
  try {
    levelNames = JSON.parse(a.grid_level_names) as string[];
  } catch {
    levelNames = [];
  }
  // a public form: names stored before names refused numbers are shown masked
  return {
    name: shownText(a.name),
    categories: cats.map((c) => ({ id: c.id, name: shownText(c.name) })),
    grids: grids.map((g) => {
      const level = Number(g.level);
      return { id: g.id, name: shownText(g.name), levelName: shownText(levelNames[level] ?? `第${level + 1}级`) };
    }),
  };
}

const filters = new WeakMap<Deps, WordFilter>();
/** The sensitive-word filter of this deployment (built-in words plus config.sensitiveWords). */
export function wordFilter(deps: Deps): WordFilter {
  let f = filters.get(deps);
  if (!f) {
    f = buildWordFilter(sensitiveWordList(deps.config.sensitiveWords ?? []));
    filters.set(deps, f);
  }
  return f;
}

/** The public report: alliance by code, photos only from public uploads, sensitive words replaced, then the tickets module's intake. */
export async function createPublicReport(
  deps: Deps,
  body: PublicReportCreate,
  meta: { requestId: string; ip: string | null },
): Promise<{ number: string; trackingUrl: string; filtered: boolean }> {
  const a = await activeAlliance(deps, body.allianceCode);
  const photos = [...new Set(body.photos ?? [])];
  if (photos.length > 0) {
    const ok = await publicUploads(deps, photos);
    if (photos.some((id) => !ok.has(id))) throw invalidField('photos', 'unknown_file', 'a photo does not exist');
  }
  const { text, hits } = wordFilter(deps).apply(body.description);
  // the count goes into the case's 'create' event, in the intake transaction
  const eventData = hits > 0 ? { sensitiveWordsFiltered: hits } : undefined;
  const { ticket, trackingToken } = await createPublicTicket(deps, { id: a.id, code: a.code }, { ...body, photos, description: text }, { ...meta, eventData });
  if (hits > 0) deps.log.info({ ticketId: ticket.id, hits, requestId: meta.requestId }, 'sensitive words replaced in a public report');
  return { number: ticket.number, trackingUrl: `/t/${trackingToken}`, filtered: hits > 0 };
}

/** The ticket behind a tracking token, or null (never says whether it ever existed). */
export async function ticketByToken(deps: Deps, token: string): Promise<TicketDetail | null> {
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) return null;
  return ticketByTrackingToken(deps, token);
}

/** Rates through the tickets module (the token is the reporter's credential). */
export async function rateByToken(deps: Deps, token: string, body: z.infer<typeof RateBody>, meta: { requestId: string; ip: string | null }): Promise<void> {
  await rateByTrackingToken(deps, token, body, meta);
}

/** Every file the tracking page may show: the ticket's photos and those of its timeline events. */
export function ticketFileIds(t: TicketDetail): Set<string> {
  const ids = new Set(t.photos.map((p) => p.id));
  for (const e of t.timeline) for (const p of e.photos) ids.add(p.id);
  return ids;
}
