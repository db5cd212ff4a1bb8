/**
 * The core every credit change goes through, inside the caller's transaction: the merchant's account and cycle
 * (opened and rolled over lazily), the append-only ledger, consequences that fire once per threshold and cycle,
 * notices, and the summary on the merchants row (points, stars, flag, plaques) rewritten in the same transaction.
 */
import {
  CREDIT_MAX_POINTS,
  DEFAULT_CREDIT_ITEMS,
  creditSettingsOf,
  crossedConsequences,
  cycleAt,
  monthRange,
  monthlyFlag,
  plaqueLabel,
  previousMonth,
  shanghaiMonth,
  starScore,
  type CreditEntryKind,
  type CreditSettings,
  type MonthFacts,
  type StarFacts,
} from '@tongxin/domain';
import type { Db } from '../../db/index.ts';
import type { CreditAccountTable, CreditCycleTable, CreditEntryTable, CreditItemTable } from '../../db/tables/credit.ts';
import type { MerchantTable } from '../../db/types.ts';
import type { Actor, Deps } from '../../lib/context.ts';
import { shownText } from '../../lib/freeText.ts';
import { newId } from '../../lib/ids.ts';
import { appendAudit } from '../audit/index.ts';
import { appendOutbox } from '../tickets/index.ts';
import * as repo from './credit.repo.ts';

const MONTH_MS = 30 * 86_400_000;

/** Who acts: a person, or the credit clock (userId null). */
export type CreditActor = Pick<Actor, 'userId' | 'name' | 'requestId' | 'ip'> & { allianceId: string };

/** Everything a change inside one transaction needs. */
export interface Tx {
  deps: Deps;
  trx: Db;
  actor: CreditActor;
  now: number;
  settings: CreditSettings;
}

/** The alliance's credit rules, or the documented defaults (stored JSON is re-validated; a bad row falls back). */
export async function loadSettings(db: Db, allianceId: string): Promise<CreditSettings> {
  return creditSettingsOf(await repo.settingsJson(db, allianceId));
}

/**
 * Writes the default deduction catalogue of a new alliance, in the transaction that creates it (alliances.service).
 * Seeded there, never on a read: a GET that wrote would fail on a read-only replica, and two first reads on PostgreSQL
 * raced each other. Alliances created before lie seeded by migration 0032_credit_catalogue_defaults.
 */
export async function seedDefaultCatalogue(db: Db, allianceId: string, now: number): Promise<void> {
  const rows: CreditItemTable[] = DEFAULT_CREDIT_ITEMS.map((it, i) => ({
    id: newId(now),
    alliance_id: allianceId,
    code: it.code,
    name: it.name,
    points: it.points,
    active: 1,
    sort_order: (i + 1) * 10,
    created_at: now,
    updated_at: now,
  }));
  await repo.insertItemsIfMissing(db, rows);
}

export interface Opened {
  account: CreditAccountTable;
  cycle: CreditCycleTable;
  /** true when a new cycle started during this call (points reset to 12) */
  rolled: boolean;
}

/**
 * Opens the merchant's account on first use and rolls it into the cycle containing `now` (closing the old cycle
 * with its final balance, starting the next at 12 points). Locks the account row on PostgreSQL.
 */
export async function openAccount(t: Tx, m: MerchantTable): Promise<Opened> {
  const { trx, now, settings } = t;
  let acct = await repo.lockAccount(trx, t.deps.dbKind, m.id);
  if (!acct) {
    const c = cycleAt(settings.cycle, now);
    const cycle = await repo.insertCycleIfMissing(trx, {
      id: newId(now),
      alliance_id: m.alliance_id,
      merchant_id: m.id,
      label: c.label,
      starts_at: c.startsAt,
      ends_at: c.endsAt,
      opening_points: CREDIT_MAX_POINTS,
      closing_points: null,
      closed_at: null,
    });
    await repo.insertAccountIfMissing(trx, {
      merchant_id: m.id,
      alliance_id: m.alliance_id,
      cycle_id: cycle.id,
      cycle_ends_at: Number(cycle.ends_at),
      flag_month: '0000-00',
      updated_at: now,
    });
    acct = await repo.lockAccount(trx, t.deps.dbKind, m.id);
    if (!acct) throw new Error('credit account vanished');
  }
  let cycle = await repo.cycleById(trx, acct.cycle_id);
  if (!cycle) throw new Error('credit cycle missing');
  let rolled = false;
  // a long-idle account may cross several cycles: each closes with the balance it had
  for (let guard = 0; Number(acct.cycle_ends_at) <= now && guard < 100; guard++) {
    const closing = await balanceOf(trx, cycle);
    const end = Number(cycle.ends_at);
    await repo.closeCycle(trx, cycle.id, closing, end);
    const next = cycleAt(settings.cycle, end);
    // a changed configuration starts the next cycle where the old one ended
    cycle = await repo.insertCycleIfMissing(trx, {
      id: newId(now),
      alliance_id: m.alliance_id,
      merchant_id: m.id,
      label: next.label,
      starts_at: end,
      ends_at: next.endsAt,
      opening_points: CREDIT_MAX_POINTS,
      closing_points: null,
      closed_at: null,
    });
    await repo.updateAccount(trx, m.id, { cycle_id: cycle.id, cycle_ends_at: Number(cycle.ends_at), updated_at: now });
    acct = { ...acct, cycle_id: cycle.id, cycle_ends_at: Number(cycle.ends_at) };
    rolled = true;
  }
  return { account: acct, cycle, rolled };
}

/** The balance of a cycle: the last entry's balance, or the opening points. */
export async function balanceOf(db: Db, cycle: CreditCycleTable): Promise<number> {
  const last = await repo.lastEntryOfCycle(db, cycle.id);
  return last ? Number(last.balance_after) : Number(cycle.opening_points);
}

/** The balance at an instant (end of a month): from the cycle containing it; 12 before any cycle. */
export async function pointsAt(db: Db, merchantId: string, at: number): Promise<number> {
  const cycle = await repo.cycleContaining(db, merchantId, at);
  if (!cycle) return CREDIT_MAX_POINTS;
  const last = await repo.lastEntryOfCycle(db, cycle.id, at);
  return last ? Number(last.balance_after) : Number(cycle.opening_points);
}

export interface EntryInput {
  kind: CreditEntryKind;
  item: Pick<CreditItemTable, 'id' | 'code' | 'name'> | null;
  asked: number;
  applied: number;
  /** signed change */
  delta: number;
  photos?: string[];
  place?: string | null;
  note?: string | null;
  correctsEntryId?: string | null;
  ticketId?: string | null;
  objectionId?: string | null;
}

/**
 * Appends one entry to the current cycle, fires the consequences a downward change crosses, and rewrites the
 * summary. The caller has computed `applied` with the domain's bounds from the balance it read under the lock.
 */
export async function appendEntry(t: Tx, m: MerchantTable, opened: Opened, before: number, e: EntryInput): Promise<CreditEntryTable> {
  const after = before + e.delta;
  const row: CreditEntryTable = {
    id: newId(t.now),
    alliance_id: m.alliance_id,
    merchant_id: m.id,
    cycle_id: opened.cycle.id,
    seq: await repo.nextSeq(t.trx, m.id),
    kind: e.kind,
    item_id: e.item?.id ?? null,
    item_code: e.item?.code ?? null,
    item_name: e.item?.name ?? null,
    points_asked: e.asked,
    points_applied: e.applied,
    delta: e.delta,
    balance_after: after,
    photos: JSON.stringify(e.photos ?? []),
    place: e.place ?? null,
    note: e.note ?? null,
    inspector_user_id: t.actor.userId,
    inspector_name: t.actor.name,
    corrects_entry_id: e.correctsEntryId ?? null,
    ticket_id: e.ticketId ?? null,
    objection_id: e.objectionId ?? null,
    at: t.now,
  };
  await repo.insertEntry(t.trx, row);
  await appendAudit(t.trx, t.deps, t.actor, {
    action: `credit.${e.kind}`,
    entity: 'merchant',
    entityId: m.id,
    after: {
      entryId: row.id,
      item: row.item_code,
      asked: e.asked,
      applied: e.applied,
      balance: after,
      correctsEntryId: row.corrects_entry_id,
      ticketId: row.ticket_id,
    },
  });
  if (e.delta < 0) await fireConsequences(t, m, opened.cycle, before, after, row.id);
  return row;
}

/** Runs each consequence whose threshold the change crosses, at most once per threshold and cycle. */
async function fireConsequences(t: Tx, m: MerchantTable, cycle: CreditCycleTable, before: number, after: number, entryId: string): Promise<void> {
  for (const c of crossedConsequences(t.settings.consequences, before, after)) {
    const first = await repo.claimFire(t.trx, {
      cycle_id: cycle.id,
      threshold: c.threshold,
      alliance_id: m.alliance_id,
      merchant_id: m.id,
      entry_id: entryId,
      actions: JSON.stringify(c.actions),
      fired_at: t.now,
    });
    if (!first) continue;
    if (c.actions.includes('yellow_flag')) {
      const month = shanghaiMonth(t.now);
      const existing = await repo.flagRow(t.trx, m.id, month);
      await repo.upsertFlag(t.trx, {
        merchant_id: m.id,
        month,
        alliance_id: m.alliance_id,
        flag: 'yellow',
        reasons: existing?.reasons ?? '["consequence"]',
        consequence_yellow: 1,
        computed_at: t.now,
      });
    }
    if (c.actions.includes('revoke_plaques'))
      await revokeWithNotice(t, m, t.settings.revocablePlaques, `十二分制分值降至 ${after} 分（阈值 ${c.threshold} 分）`);
    if (c.actions.includes('committee_notice'))
      await addNotice(
        t,
        m,
        'committee',
        'threshold',
        `${m.name} 信用分降至 ${after} 分`,
        `十二分制本周期分值已降至 ${after} 分，达到 ${c.threshold} 分处置线，请商圈党委研究处置。`,
        {
          threshold: c.threshold,
          points: after,
          entryId,
        },
      );
    await appendAudit(t.trx, t.deps, t.actor, {
      action: 'credit.consequence',
      entity: 'merchant',
      entityId: m.id,
      after: { threshold: c.threshold, actions: c.actions, points: after },
    });
  }
}

/** The Chinese name of a plaque kind (notices, posters): the integrity page's names. */
export const plaqueName = plaqueLabel;

/** Takes the given plaques down (优进绌退) and tells the merchant, one notice per plaque. */
export async function revokeWithNotice(t: Tx, m: MerchantTable, kinds: readonly string[], reason: string): Promise<string[]> {
  const hit = await repo.revokePlaques(t.trx, m.id, kinds, t.now, reason, t.actor.name);
  for (const p of hit) {
    await addNotice(
      t,
      m,
      'merchant',
      'plaque_revoked',
      `摘牌通知：${plaqueName(p.kind)}`,
      `根据优进绌退机制，贵店“${plaqueName(p.kind)}”标牌予以摘除。原因：${reason}。如有异议，可在规定期限内提出申诉。`,
      {
        plaqueId: p.id,
        kind: p.kind,
      },
    );
    await appendAudit(t.trx, t.deps, t.actor, { action: 'credit.plaque_revoke', entity: 'merchant', entityId: m.id, after: { plaque: p.kind, reason } });
  }
  return hit.map((p) => p.kind);
}

/** Stores a notice for the merchant (its operator lists it) or the committee, plus an outbox row for delivery. */
export async function addNotice(
  t: Tx,
  m: MerchantTable,
  audience: 'merchant' | 'committee',
  kind: string,
  title: string,
  body: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  const id = newId(t.now);
  await t.trx
    .insertInto('credit_notices')
    .values({ id, alliance_id: m.alliance_id, merchant_id: m.id, audience, kind, title, body, data: JSON.stringify(data), created_at: t.now })
    .execute();
  await appendOutbox(t.trx, t.now, m.alliance_id, `credit.notice.${audience}`, {
    ...data,
    noticeId: id,
    merchantId: m.id,
    // the notice goes out to webhooks and inboxes: a name written before names refused numbers goes masked
    merchantName: shownText(m.name),
    operatorPersonId: m.operator_person_id,
    kind,
    title,
    body,
  });
}

/** The star facts of a merchant now (docs/CREDIT.md "Stars"). */
export async function starFactsOf(
  db: Db,
  settings: CreditSettings,
  m: MerchantTable,
  cycle: CreditCycleTable,
  points: number,
  now: number,
): Promise<StarFacts> {
  const since = now - settings.stars.windowMonths * MONTH_MS;
  const upheld = await repo.upheldComplaints(db, m.id, Number(cycle.starts_at), now + 1);
  const rated = await repo.ratings(db, m.id, since);
  const part = await repo.participation(db, m.alliance_id, m.operator_person_id, since);
  const { score } = starScore(settings.stars, { points, upheldComplaints: upheld, ratingAverage: rated.avg, participation: part });
  return {
    score,
    points,
    upheldComplaints: upheld,
    ratingAverage: rated.avg === null ? null : Math.round(rated.avg * 100) / 100,
    ratingCount: rated.n,
    participation: part,
  };
}

async function monthFacts(db: Db, merchantId: string, month: string, now: number): Promise<MonthFacts> {
  const { start, end } = monthRange(month);
  const until = Math.min(end, now + 1);
  return {
    deductedPoints: await repo.deductedIn(db, merchantId, start, until),
    upheldComplaints: await repo.upheldComplaints(db, merchantId, start, until),
    endPoints: await pointsAt(db, merchantId, until - 1),
  };
}

/** What the merchants row (and this month's flag row) should say of a merchant at `now`, from the ledger and its facts. */
export interface CreditSummary {
  points: number;
  stars: number;
  flag: string | null;
  reasons: string[];
  consequenceYellow: number;
  month: string;
  plaques: string[];
}

/**
 * Derives the summary of a merchant in the given (current) cycle without writing anything: refreshSummary writes it,
 * and `tongxin recount` compares it with the stored row, so both derive it the same way.
 */
export async function deriveSummary(db: Db, settings: CreditSettings, m: MerchantTable, cycle: CreditCycleTable, now: number): Promise<CreditSummary> {
  const points = await balanceOf(db, cycle);
  const facts = await starFactsOf(db, settings, m, cycle, points, now);
  const { stars } = starScore(settings.stars, {
    points,
    upheldComplaints: facts.upheldComplaints,
    ratingAverage: facts.ratingAverage,
    participation: facts.participation,
  });
  const month = shanghaiMonth(now);
  const prev = previousMonth(month);
  const registeredAllOfPrev = Number(m.created_at) <= monthRange(prev).start;
  const existing = await repo.flagRow(db, m.id, month);
  const consequenceYellow = Number(existing?.consequence_yellow ?? 0);
  const f = monthlyFlag(settings.flags, {
    previous: await monthFacts(db, m.id, prev, now),
    registeredAllOfPrevious: registeredAllOfPrev,
    current: await monthFacts(db, m.id, month, now),
    consequenceYellow: consequenceYellow === 1,
  });
  const plaques = [...new Set((await repo.activePlaques(db, m.id, now)).map((p) => p.kind))];
  return { points, stars, flag: f.flag, reasons: f.reasons, consequenceYellow, month, plaques };
}

/**
 * Recomputes stars, this month's flag and the plaques held, and writes them with the points to the merchants row
 * (and the month's flag row) — called after every change and by the clock.
 */
export async function refreshSummary(
  t: Tx,
  m: MerchantTable,
  opened: Opened,
): Promise<{ points: number; stars: number; flag: string | null; plaques: string[] }> {
  const { trx, now } = t;
  const s = await deriveSummary(trx, t.settings, m, opened.cycle, now);
  await repo.upsertFlag(trx, {
    merchant_id: m.id,
    month: s.month,
    alliance_id: m.alliance_id,
    flag: s.flag,
    reasons: JSON.stringify(s.reasons),
    consequence_yellow: s.consequenceYellow,
    computed_at: now,
  });
  await repo.updateAccount(trx, m.id, { flag_month: s.month, updated_at: now });
  await repo.updateMerchantSummary(trx, m.id, {
    credit_points: s.points,
    credit_stars: s.stars,
    credit_flag: s.flag,
    plaques: JSON.stringify(s.plaques),
    updated_at: now,
  });
  return { points: s.points, stars: s.stars, flag: s.flag, plaques: s.plaques };
}

/** Opens/rolls the account and refreshes the summary in the caller's transaction. */
export async function touchIn(deps: Deps, trx: Db, actor: CreditActor, merchantId: string): Promise<void> {
  const m = await repo.merchantById(trx, merchantId);
  if (!m) return;
  const settings = await loadSettings(trx, m.alliance_id);
  const t: Tx = { deps, trx, actor: { ...actor, allianceId: m.alliance_id }, now: deps.clock.now(), settings };
  const opened = await openAccount(t, m);
  await refreshSummary(t, m, opened);
}

/** Opens/rolls the account and refreshes the summary in one transaction (clock, lazy read, plaque changes). */
export async function touch(deps: Deps, actor: CreditActor, merchantId: string): Promise<void> {
  await deps.db.transaction().execute((trx) => touchIn(deps, trx, actor, merchantId));
}

/** True when the stored summary still describes `now` (same cycle, same month): reads need not write. */
export async function isFresh(db: Db, merchantId: string, now: number): Promise<boolean> {
  const a = await repo.account(db, merchantId);
  return !!a && Number(a.cycle_ends_at) > now && a.flag_month === shanghaiMonth(now);
}
