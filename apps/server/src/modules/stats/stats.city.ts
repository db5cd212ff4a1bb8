import { type CityAlliance, type CityFigures, type CityOverview, type DashboardCredit, maskFreeText, monthRange, shanghaiMonth } from '@tongxin/domain';
import type { Deps } from '../../lib/context.ts';
import type { PageLang } from '../../lib/pageLang.ts';
import { allAlliances } from '../alliances/index.ts';
import * as repo from './stats.overview.repo.ts';
import { pastCache } from './stats.pastCache.ts';
import { EMPTY_FACTS, type FactRow } from './stats.repo.ts';
import { addFacts, allianceFacts, toRateRow } from './stats.service.ts';

const ALLIANCE_WIDE = { kind: 'alliance' } as const;

type AllianceMonth = Awaited<ReturnType<typeof readAllianceMonth>>;

/** One alliance's month: cases reported in it, open and overdue now, the 三率 facts of its cases, merchant credit now. */
async function readAllianceMonth(deps: Deps, allianceId: string, start: number, end: number, now: number) {
  const w = { allianceId, scope: ALLIANCE_WIDE };
  const [reported, open, rates, credit] = await Promise.all([
    repo.createdBetween(deps.db, w, start, end),
    repo.openCounts(deps.db, w, now),
    allianceFacts(deps, allianceId, start, end),
    repo.creditCounts(deps.db, allianceId),
  ]);
  return { reported, ...open, ...rates, credit };
}

// four queries an alliance, for every alliance of the city: a past month's are kept a while (its open, overdue and
// credit figures are then those of when it was read, as its month's figures change only by late ratings)
const past = pastCache<AllianceMonth>();

/** An alliance's month, a past one from the cache while it is fresh; the current (or a later) month always read afresh. */
async function allianceMonth(deps: Deps, allianceId: string, month: string, now: number): Promise<AllianceMonth> {
  const { start, end } = monthRange(month);
  if (month >= shanghaiMonth(now)) return readAllianceMonth(deps, allianceId, start, end, now);
  const key = `${allianceId}|${month}`;
  const hit = past.get(key, now);
  if (hit) return hit;
  const value = await readAllianceMonth(deps, allianceId, start, end, now);
  past.set(key, now, value);
  return value;
}

/** Two alliances' merchant credit summed, star by star. */
function addCredit(a: DashboardCredit, b: DashboardCredit): DashboardCredit {
  return {
    merchants: a.merchants + b.merchants,
    operating: a.operating + b.operating,
    monitoringPoints: a.monitoringPoints + b.monitoringPoints,
    redFlags: a.redFlags + b.redFlags,
    yellowFlags: a.yellowFlags + b.yellowFlags,
    stars: a.stars.map((s) => ({ stars: s.stars, count: s.count + (b.stars.find((x) => x.stars === s.stars)?.count ?? 0) })),
  };
}

const NO_CREDIT: DashboardCredit = {
  merchants: 0,
  operating: 0,
  monitoringPoints: 0,
  redFlags: 0,
  yellowFlags: 0,
  stars: [0, 1, 2, 3, 4, 5].map((stars) => ({ stars, count: 0 })),
};

/**
 * 全市总览 for a city administrator (the route checks the caller): every alliance's month, disabled ones included and marked,
 * and the city's totals. Each alliance's 三率 are its own page's, with its own settings; the city's rates come from the
 * summed numerators and denominators (never an average of rates, as the settings differ).
 */
export async function cityOverview(deps: Deps, q: { month?: string | undefined }): Promise<CityOverview> {
  const now = deps.clock.now();
  const month = q.month ?? shanghaiMonth(now);
  const alliances = await allAlliances(deps);
  const months = await Promise.all(alliances.map((x) => allianceMonth(deps, x.id, month, now)));
  const rows: CityAlliance[] = alliances.map((x, i) => {
    const m = months[i] as AllianceMonth;
    const name = maskFreeText(x.name);
    return {
      allianceId: x.id,
      code: x.code,
      name,
      status: x.status,
      settings: m.settings,
      reported: m.reported,
      open: m.open,
      overdue: m.overdue,
      rates: toRateRow(m.facts, name),
      credit: m.credit,
    };
  });
  let facts: FactRow = { key: 'total', ...EMPTY_FACTS };
  const total: Omit<CityFigures, 'rates'> = { reported: 0, open: 0, overdue: 0, credit: NO_CREDIT };
  for (const m of months) {
    facts = addFacts(facts, m.facts);
    total.reported += m.reported;
    total.open += m.open;
    total.overdue += m.overdue;
    total.credit = addCredit(total.credit, m.credit);
  }
  return { month, generatedAt: now, alliances: rows, total: { ...total, rates: toRateRow(facts, '合计') } };
}

// exceljs costs ~10 MB of memory: loaded on the first export, not at start
const xlsx = () => import('./stats.city.xlsx.ts');

/** The city overview's table of a month as a workbook in `lang`, with its file name. */
export async function exportCityOverview(deps: Deps, q: { month?: string | undefined }, lang: PageLang): Promise<{ name: string; content: Buffer }> {
  const [o, x] = await Promise.all([cityOverview(deps, q), xlsx()]);
  return { name: x.cityFileName(o.month, lang), content: await x.writeCityOverview(o, lang) };
}
