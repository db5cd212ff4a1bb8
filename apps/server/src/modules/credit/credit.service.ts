/** Settings, catalogue, ledger entries, the merchant's credit record, promises and notices. */
import {
  CreditSettings,
  deductionApplied,
  promiseText,
  restorationApplied,
  shanghaiMonth,
  starScore,
  type CreditEntry,
  type CreditEntryCreate,
  type CreditItem,
  type CreditItemCreate,
  type CreditItemUpdate,
  type CreditNotice,
  type MerchantCredit,
  type PlaqueKind,
  type PromiseBody,
  type PromiseRecord,
} from '@tongxin/domain';
import type { Expression, SqlBool } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { MerchantTable } from '../../db/types.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { conflict, invalidField, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { keptName, keptText, shownText } from '../../lib/freeText.ts';
import { changesRow } from '../../lib/patch.ts';
import { listParams, paged, requireAllianceScope } from '../access/index.ts';
import { merchantScope } from '../merchants/index.ts';
import { appendAudit } from '../audit/index.ts';
import { photoHolderReach } from '../files/index.ts';
import { assertPhotos } from '../tickets/index.ts';
import { appendEntry, balanceOf, isFresh, loadSettings, openAccount, refreshSummary, starFactsOf, touch, type Tx } from './credit.ledger.ts';
import * as repo from './credit.repo.ts';
import * as orepo from './credit.objections.repo.ts';
import { ids, toCycle, toEntry, toItem, toObjection, toPlaque, toPromise } from './credit.view.ts';

/** Runs `fn` in one transaction with the alliance's settings loaded. */
export async function inTx<T>(deps: Deps, a: TenantActor, fn: (t: Tx) => Promise<T>): Promise<T> {
  return deps.db.transaction().execute(async (trx) => fn({ deps, trx, actor: a, now: deps.clock.now(), settings: await loadSettings(trx, a.allianceId) }));
}

// the evidence of a deduction or an objection is shown to who can read the merchant's record
photoHolderReach(
  'merchant',
  async (db, a, holders) =>
    a.permissions.has('merchant:read') &&
    !!(await db
      .selectFrom('merchants')
      .select('id')
      .where('id', 'in', holders)
      .where('alliance_id', '=', a.allianceId)
      .where(await merchantScope(db, a))
      .limit(1)
      .executeTakeFirst()),
);

/** The merchant if the actor reaches it (tenant + data scope; `scope` when the caller resolved it already), else 404. */
export async function reachMerchant(db: Db, a: TenantActor, id: string, scope?: Expression<SqlBool>): Promise<MerchantTable> {
  const m = await repo.visibleMerchant(db, a.allianceId, scope ?? (await merchantScope(db, a)), id);
  if (!m) throw notFound('merchant');
  return m;
}

// ---- settings

export async function getSettings(deps: Deps, a: TenantActor): Promise<CreditSettings> {
  return loadSettings(deps.db, a.allianceId);
}

/**
 * The credit settings and the deduction catalogue are the alliance's rules: every shop of the alliance is measured by
 * the same cycle, objection period, consequences, flags, stars and items, whichever grid it trades in. A decider whose
 * scope is an org, grid or unit cannot change them for shops it does not reach, and narrowing a change to its own shops
 * would give the alliance two rule books; the committee (alliance scope) keeps them. Reading them stays open to
 * `merchant:read` (inspectors deduct by the catalogue). Checked before any row is read or written.
 */
const rulesAreTheAlliances = (a: TenantActor) => requireAllianceScope(a, "the credit rules are the alliance's: changing them needs the alliance data scope");

/** Replaces the alliance's credit settings (alliance data scope only). */
export async function putSettings(deps: Deps, a: TenantActor, body: CreditSettings): Promise<CreditSettings> {
  rulesAreTheAlliances(a);
  return inTx(deps, a, async (t) => {
    const before = t.settings;
    await repo.saveSettings(t.trx, a.allianceId, JSON.stringify(body), t.now);
    await appendAudit(t.trx, deps, a, { action: 'credit.settings', entity: 'credit_settings', entityId: a.allianceId, before, after: body });
    return body;
  });
}

// ---- catalogue

/** The alliance's catalogue: a pure read (the defaults are written when the alliance is created). */
export async function listCatalogue(deps: Deps, a: TenantActor): Promise<{ items: CreditItem[] }> {
  return { items: (await repo.listItems(deps.db, a.allianceId)).map(toItem) };
}

/** Adds an item to the alliance's deduction catalogue (alliance data scope only). */
export async function createItem(deps: Deps, a: TenantActor, body: CreditItemCreate): Promise<CreditItem> {
  rulesAreTheAlliances(a);
  return inTx(deps, a, async (t) => {
    if (await repo.itemByCode(t.trx, a.allianceId, body.code)) throw invalidField('code', 'duplicate', 'an item with this code exists');
    const row = {
      id: newId(t.now),
      alliance_id: a.allianceId,
      code: body.code,
      name: body.name,
      points: body.points,
      active: body.active === false ? 0 : 1,
      sort_order: ((await repo.countItems(t.trx, a.allianceId)) + 1) * 10,
      created_at: t.now,
      updated_at: t.now,
    };
    await repo.insertItem(t.trx, row);
    await appendAudit(t.trx, deps, a, { action: 'credit.item_create', entity: 'credit_item', entityId: row.id, after: toItem(row) });
    return toItem(row);
  });
}

/** Renames, re-weighs or (de)activates a catalogue item (alliance data scope only); an unknown item answers the same 403. */
export async function updateItem(deps: Deps, a: TenantActor, id: string, body: CreditItemUpdate): Promise<CreditItem> {
  rulesAreTheAlliances(a);
  return inTx(deps, a, async (t) => {
    const row = await repo.itemById(t.trx, a.allianceId, id);
    if (!row) throw notFound('credit item');
    const changes = {
      ...(body.name !== undefined ? { name: keptName('name', row.name, body.name) } : {}),
      ...(body.points !== undefined ? { points: body.points } : {}),
      ...(body.active !== undefined ? { active: body.active ? 1 : 0 } : {}),
    };
    if (!changesRow(row, changes)) return toItem(row);
    const patch = { ...changes, updated_at: t.now };
    await repo.updateItem(t.trx, id, patch);
    const after = toItem({ ...row, ...patch });
    await appendAudit(t.trx, deps, a, { action: 'credit.item_update', entity: 'credit_item', entityId: id, before: toItem(row), after });
    return after;
  });
}

// ---- ledger entries

/** Records an inspector's deduction, a restoration after rectification, or a correction of an earlier entry. */
export async function recordEntry(deps: Deps, a: TenantActor, merchantId: string, body: CreditEntryCreate): Promise<CreditEntry> {
  const m = await reachMerchant(deps.db, a, merchantId);
  if (m.status === 'closed') throw conflict('the merchant is closed', { status: m.status });
  return inTx(deps, a, async (t) => {
    const photos = await assertPhotos(t.trx, a.allianceId, body.photos, { kind: 'merchant', id: m.id, by: a.userId });
    const opened = await openAccount(t, m);
    const before = await balanceOf(t.trx, opened.cycle);
    const common = { photos, place: body.place ?? null, note: body.note ?? null };
    let row;
    if (body.correctsEntryId) {
      const target = await repo.entryOf(t.trx, m.id, body.correctsEntryId);
      if (!target) throw invalidField('correctsEntryId', 'unknown_reference', 'no such entry of this merchant');
      if (target.cycle_id !== opened.cycle.id) throw invalidField('correctsEntryId', 'other_cycle', 'only entries of the current cycle can be corrected');
      const targetDelta = Number(target.delta);
      const restores = body.kind === 'restoration';
      if ((restores && targetDelta >= 0) || (!restores && targetDelta <= 0))
        throw invalidField('correctsEntryId', 'same_direction', 'a correction must change points the other way');
      const left = Math.abs(targetDelta) - (await repo.correctedPoints(t.trx, target.id));
      const asked = body.points as number;
      if (asked > left) throw invalidField('points', 'exceeds_corrected', `at most ${Math.max(0, left)} points can be corrected`);
      const applied = restores ? restorationApplied(before, asked, left) : deductionApplied(before, asked);
      row = await appendEntry(t, m, opened, before, {
        kind: 'correction',
        item: target.item_id ? { id: target.item_id, code: target.item_code ?? '', name: target.item_name ?? '' } : null,
        asked,
        applied,
        delta: restores ? applied : -applied,
        correctsEntryId: target.id,
        ...common,
      });
    } else if (body.kind === 'deduction') {
      const item = await repo.itemById(t.trx, a.allianceId, body.itemId as string);
      if (!item) throw invalidField('itemId', 'unknown_reference', 'itemId does not exist in this alliance');
      if (Number(item.active) !== 1) throw invalidField('itemId', 'inactive', 'this catalogue item is not in use');
      if (body.points !== undefined && body.points > Number(item.points))
        throw invalidField('points', 'exceeds_item', `at most ${item.points} points for this item`);
      const asked = body.points ?? Number(item.points);
      const applied = deductionApplied(before, asked);
      row = await appendEntry(t, m, opened, before, { kind: 'deduction', item, asked, applied, delta: -applied, ...common });
    } else {
      const asked = body.points as number;
      const applied = restorationApplied(before, asked);
      row = await appendEntry(t, m, opened, before, { kind: 'restoration', item: null, asked, applied, delta: applied, ...common });
    }
    await refreshSummary(t, m, opened);
    return toEntry(row);
  });
}

// ---- the record

/** A merchant's credit record; brings a stale summary (new cycle or month) up to date first. */
export async function getCredit(deps: Deps, a: TenantActor, merchantId: string): Promise<MerchantCredit> {
  let m = await reachMerchant(deps.db, a, merchantId);
  const now = deps.clock.now();
  if (!(await isFresh(deps.db, m.id, now))) {
    await touch(deps, a, m.id);
    m = (await repo.merchantById(deps.db, m.id)) as MerchantTable;
  }
  const db = deps.db;
  const settings = await loadSettings(db, a.allianceId);
  const acct = await repo.account(db, m.id);
  const cycles = await repo.cyclesOf(db, m.id);
  const current = cycles.find((c) => c.id === acct?.cycle_id) ?? cycles[0];
  if (!current) throw new Error('credit cycle missing');
  const facts = await starFactsOf(db, settings, m, current, Number(m.credit_points), now);
  const entries = await repo.entriesOf(db, m.id, 500);
  // chart: every cycle starts at its opening points; each entry adds a point
  const chronological = [...entries].reverse();
  const history: MerchantCredit['history'] = [];
  for (const c of [...cycles].reverse()) {
    history.push({
      at: Number(c.starts_at) < Number(m.created_at) ? Number(m.created_at) : Number(c.starts_at),
      points: Number(c.opening_points),
      cycleId: c.id,
    });
    for (const e of chronological) if (e.cycle_id === c.id) history.push({ at: Number(e.at), points: Number(e.balance_after), cycleId: c.id });
  }
  const flags = await repo.flagsOf(db, m.id, 12);
  const promises = await orepo.promisesOf(db, m.id);
  const objections = await orepo.objectionsOfMerchant(db, m.id);
  return {
    merchantId: m.id,
    merchantName: shownText(m.name),
    cycle: toCycle(current),
    points: Number(m.credit_points),
    stars: Number(m.credit_stars ?? starScore(settings.stars, { ...facts }).stars),
    starFacts: facts,
    flag: (m.credit_flag as MerchantCredit['flag']) ?? null,
    flagMonth: shanghaiMonth(now),
    plaques: ids(m.plaques) as PlaqueKind[],
    plaqueRecords: (await repo.plaquesOf(db, m.id)).map(toPlaque),
    promise: shownText(m.promise),
    promises: promises.map(toPromise),
    entries: entries.map(toEntry),
    history,
    cycles: cycles.map(toCycle),
    flags: flags.map((f) => ({ month: f.month, flag: (f.flag as 'red' | 'yellow' | null) ?? null, reasons: ids(f.reasons) })),
    // the complaint's title is the complainant's words: the committee reads it, the shop sees the case number
    objections: objections.map(toObjection).map((o) => (a.permissions.has('credit:decide') ? o : { ...o, ticketTitle: null })),
    objectionDays: settings.objectionDays,
  };
}

// ---- promise

/** Sets the merchant's 承诺 (亮身份、亮职责、亮承诺); the old text stays in the history. */
export async function setPromise(deps: Deps, a: TenantActor, merchantId: string, body: PromiseBody): Promise<PromiseRecord> {
  const m = await reachMerchant(deps.db, a, merchantId);
  return inTx(deps, a, async (t) => {
    // the form starts from the current promise as shown (numbers masked): a part sent back unchanged keeps its numbers
    const [last] = await orepo.promisesOf(t.trx, m.id);
    const kept: PromiseBody = {
      identity: keptText(last?.identity ?? null, body.identity),
      duty: keptText(last?.duty ?? null, body.duty),
      pledge: keptText(last?.pledge ?? null, body.pledge),
    };
    const text = promiseText(kept);
    const row = {
      id: newId(t.now),
      alliance_id: a.allianceId,
      merchant_id: m.id,
      identity: kept.identity,
      duty: kept.duty,
      pledge: kept.pledge,
      text,
      created_by: a.userId,
      created_by_name: a.name,
      created_at: t.now,
    };
    await orepo.insertPromise(t.trx, row);
    await repo.setMerchantPromise(t.trx, m.id, text, t.now);
    await appendAudit(t.trx, deps, a, {
      action: 'credit.promise',
      entity: 'merchant',
      entityId: m.id,
      before: { promise: m.promise },
      after: { promise: text },
    });
    return toPromise(row);
  });
}

// ---- notices

/** Notices to the committee (audience committee) or to merchants, newest first: of the merchants within the actor's data scope (merchantScope). */
export async function listNotices(deps: Deps, a: TenantActor, q: { page: number; pageSize: number; audience?: 'merchant' | 'committee' | undefined }) {
  const { offset, limit } = listParams(q);
  // credit:decide is not the whole alliance: a decider with an org/grid/unit scope reads the notices of the shops it reaches
  const r = await orepo.notices(deps.db, a.allianceId, await merchantScope(deps.db, a), { audience: q.audience }, offset, limit);
  return paged(r.items.map(toNotice), r.total);
}

/** The notices a merchant received (its operator sees them through merchant:read and the 'own' scope). */
export async function merchantNotices(deps: Deps, a: TenantActor, merchantId: string, q: { page: number; pageSize: number }) {
  const scope = await merchantScope(deps.db, a);
  const m = await reachMerchant(deps.db, a, merchantId, scope);
  const { offset, limit } = listParams(q);
  const r = await orepo.notices(deps.db, a.allianceId, scope, { audience: 'merchant', merchantId: m.id }, offset, limit);
  return paged(r.items.map(toNotice), r.total);
}

function toNotice(r: orepo.NoticeRow): CreditNotice {
  return {
    id: r.id,
    merchantId: r.merchant_id,
    merchantName: shownText(r.merchant_name),
    audience: r.audience as CreditNotice['audience'],
    kind: r.kind,
    title: r.title,
    body: shownText(r.body),
    createdAt: Number(r.created_at),
  };
}
