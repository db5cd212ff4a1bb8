/** 异议申诉 against a deduction or an upheld complaint, and the committee's complaint verdict (with the one-step deduction). */
import {
  CONSUMER_COMPLAINT_ITEM,
  deductionApplied,
  objectionOpen,
  restorationApplied,
  type ComplaintVerdict,
  type ComplaintVerdictBody,
  type CreditObjection,
  type ObjectionCreate,
  type ObjectionDecision,
  type ObjectionQuery,
  type PlaqueKind,
  type VerdictState,
} from '@tongxin/domain';
import type { CreditEntryTable } from '../../db/tables/credit.ts';
import type { MerchantTable } from '../../db/types.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { AppError, conflict, forbidden, invalidField, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { listParams, paged, resolveScope } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import { merchantScope } from '../merchants/index.ts';
import { appendTicketEvent, assertPhotos, ticketScope } from '../tickets/index.ts';
import { addNotice, appendEntry, balanceOf, openAccount, refreshSummary, revokeWithNotice, type Tx } from './credit.ledger.ts';
import * as repo from './credit.repo.ts';
import * as orepo from './credit.objections.repo.ts';
import { inTx, reachMerchant } from './credit.service.ts';
import { toEntry, toObjection } from './credit.view.ts';
import { shownText } from '../../lib/freeText.ts';

const DAY = 86_400_000;

/** Writes the reversing entry of a deduction (what it took, less what corrections already gave back). */
async function reverse(t: Tx, m: MerchantTable, target: CreditEntryTable, objectionId: string, note: string): Promise<CreditEntryTable> {
  const opened = await openAccount(t, m);
  const before = await balanceOf(t.trx, opened.cycle);
  const left = Math.max(0, Number(target.points_applied) - (await repo.correctedPoints(t.trx, target.id)));
  const applied = restorationApplied(before, left, left);
  return appendEntry(t, m, opened, before, {
    kind: 'reversal',
    item: target.item_id ? { id: target.item_id, code: target.item_code ?? '', name: target.item_name ?? '' } : null,
    asked: left,
    applied,
    delta: applied,
    correctsEntryId: target.id,
    ticketId: target.ticket_id,
    objectionId,
    note,
  });
}

/** Files an objection: the merchant's operator or an inspector on their behalf, within the configured days. */
export async function fileObjection(deps: Deps, a: TenantActor, merchantId: string, body: ObjectionCreate): Promise<CreditObjection> {
  const scope = await merchantScope(deps.db, a);
  const m = await reachMerchant(deps.db, a, merchantId, scope);
  const isOperator = !!a.personId && a.personId === m.operator_person_id;
  if (!isOperator && !a.permissions.has('credit:write')) throw forbidden('only the merchant or an inspector files an objection');
  return inTx(deps, a, async (t) => {
    let openedAt: number;
    if (body.entryId) {
      const e = await repo.entryOf(t.trx, m.id, body.entryId);
      if (!e) throw invalidField('entryId', 'unknown_reference', 'no such entry of this merchant');
      if (e.kind !== 'deduction') throw invalidField('entryId', 'not_a_deduction', 'objections are filed against deductions');
      openedAt = Number(e.at);
    } else {
      const tk = await orepo.ticketOf(t.trx, a.allianceId, body.ticketId as string);
      if (!tk || tk.merchant_id !== m.id || tk.complaint_verdict !== 'upheld')
        throw invalidField('ticketId', 'not_upheld', 'no upheld complaint about this merchant');
      openedAt = Number(tk.verdict_at);
    }
    const photos = await assertPhotos(t.trx, a.allianceId, body.photos, { kind: 'merchant', id: m.id, by: a.userId });
    if (!objectionOpen(t.settings.objectionDays, openedAt, t.now))
      throw new AppError('CONFLICT', 409, 'the objection period has ended', {
        reason: 'objection_window_closed',
        deadline: openedAt + t.settings.objectionDays * DAY,
      });
    if (await orepo.objectionFor(t.trx, body)) throw conflict('an objection against this was already filed', { reason: 'objection_exists' });
    const row = {
      id: newId(t.now),
      alliance_id: a.allianceId,
      merchant_id: m.id,
      entry_id: body.entryId ?? null,
      ticket_id: body.ticketId ?? null,
      reason: body.reason,
      photos: JSON.stringify(photos),
      status: 'pending',
      filed_by: a.userId,
      filed_by_name: a.name,
      filed_at: t.now,
      decided_by_name: null,
      decided_at: null,
      decision_note: null,
      reversal_entry_id: null,
    };
    await orepo.insertObjection(t.trx, row);
    await addNotice(t, m, 'committee', 'objection_filed', `${m.name} 提出异议申诉`, body.reason, { objectionId: row.id });
    await appendAudit(t.trx, deps, a, {
      action: 'credit.objection_file',
      entity: 'merchant',
      entityId: m.id,
      after: { objectionId: row.id, entryId: row.entry_id, ticketId: row.ticket_id },
    });
    const view = await orepo.objectionById(t.trx, a.allianceId, row.id, scope);
    return toObjection(view as NonNullable<typeof view>);
  });
}

/** The objection queue: the alliance's objections about merchants within the actor's data scope (merchantScope). */
export async function listObjections(deps: Deps, a: TenantActor, q: ObjectionQuery) {
  const { offset, limit } = listParams(q);
  // credit:decide is not the whole alliance: a decider with an org/grid/unit scope works the queue of the shops it reaches
  const r = await orepo.listObjections(deps.db, a.allianceId, await merchantScope(deps.db, a), q, offset, limit);
  return paged(r.items.map(toObjection), r.total);
}

/** The committee decides; an upheld objection writes the reversing entry (and overturns an upheld complaint). */
export async function decideObjection(deps: Deps, a: TenantActor, id: string, body: ObjectionDecision): Promise<CreditObjection> {
  return inTx(deps, a, async (t) => {
    // an objection about a shop out of the decider's scope is 404, as the queue does not list it
    const scope = await merchantScope(t.trx, a);
    const o = await orepo.objectionById(t.trx, a.allianceId, id, scope);
    if (!o) throw notFound('objection');
    const status = body.upheld ? 'upheld' : 'rejected';
    const won = await orepo.decideObjection(t.trx, id, { status, decided_by_name: a.name, decided_at: t.now, decision_note: body.note });
    if (!won) throw conflict('the objection was already decided', { status: o.status });
    const m = (await repo.merchantById(t.trx, o.merchant_id)) as MerchantTable;
    if (body.upheld) {
      let target: CreditEntryTable | undefined;
      if (o.entry_id) target = await repo.entryOf(t.trx, m.id, o.entry_id);
      if (o.ticket_id) {
        await orepo.overturnVerdict(t.trx, o.ticket_id, o.merchant_id, t.now);
        await appendTicketEvent(t.trx, {
          allianceId: a.allianceId,
          ticketId: o.ticket_id,
          action: 'verdict_overturned',
          at: t.now,
          actor: { userId: a.userId, name: a.name, unitId: a.unitId },
          fromStatus: null,
          toStatus: null,
          note: body.note,
          data: { objectionId: id },
        });
        target = await repo.deductionOfTicket(t.trx, o.ticket_id);
      }
      if (target) {
        const rev = await reverse(t, m, target, id, `异议成立：${body.note}`);
        await orepo.setObjectionReversal(t.trx, id, rev.id);
      }
    }
    await refreshSummary(t, m, await openAccount(t, m));
    await addNotice(t, m, 'merchant', 'objection_decided', body.upheld ? '异议申诉成立' : '异议申诉不成立', body.note, {
      objectionId: id,
      upheld: body.upheld,
    });
    await appendAudit(t.trx, deps, a, { action: 'credit.objection_decide', entity: 'merchant', entityId: m.id, after: { objectionId: id, status } });
    const view = await orepo.objectionById(t.trx, a.allianceId, id, scope);
    return toObjection(view as NonNullable<typeof view>);
  });
}

/**
 * The committee's verdict on a complaint about a registered merchant, once, on a ticket within the decider's scope
 * (ticketScope). Upheld: the configured plaques come down (优进绌退); with deduct, the 消费投诉属实 item is deducted in the
 * same transaction.
 */
export async function giveVerdict(deps: Deps, a: TenantActor, ticketId: string, body: ComplaintVerdictBody): Promise<ComplaintVerdict> {
  return inTx(deps, a, async (t) => {
    // the ticket as the decider reads it (verdictState's scope): a complaint out of reach is 404 and nothing is written
    const scope = ticketScope(await resolveScope(t.trx, a), a.userId);
    const tk = await orepo.ticketInScope(t.trx, a.allianceId, ticketId, scope);
    if (!tk) throw notFound('ticket');
    if (tk.kind !== 'complaint' || !tk.merchant_id)
      throw conflict('only a complaint about a registered merchant takes a verdict', { reason: 'not_merchant_complaint' });
    if (tk.status === 'cancelled' || tk.status === 'merged') throw conflict(`the ticket is ${tk.status}`, { reason: 'ticket_closed', status: tk.status });
    await orepo.lockTicketRow(t.trx, deps.dbKind, tk.id);
    const verdict = body.upheld ? 'upheld' : 'rejected';
    if (!(await orepo.setVerdict(t.trx, tk.id, tk.merchant_id, verdict, t.now)))
      throw conflict('a verdict was already given', { reason: 'verdict_exists', verdict: tk.complaint_verdict });
    await appendTicketEvent(t.trx, {
      allianceId: a.allianceId,
      ticketId: tk.id,
      action: 'verdict',
      at: t.now,
      actor: { userId: a.userId, name: a.name, unitId: a.unitId },
      fromStatus: null,
      toStatus: null,
      note: body.note ?? null,
      data: { verdict, deduct: !!body.deduct },
    });
    const m = (await repo.merchantById(t.trx, tk.merchant_id)) as MerchantTable;
    const opened = await openAccount(t, m);
    let entry: CreditEntryTable | null = null;
    if (body.upheld && body.deduct) {
      const item = await repo.itemByCode(t.trx, a.allianceId, CONSUMER_COMPLAINT_ITEM);
      if (!item || Number(item.active) !== 1) throw conflict('the 消费投诉属实 catalogue item is not in use', { reason: 'item_inactive' });
      const before = await balanceOf(t.trx, opened.cycle);
      const applied = deductionApplied(before, Number(item.points));
      entry = await appendEntry(t, m, opened, before, {
        kind: 'deduction',
        item,
        asked: Number(item.points),
        applied,
        delta: -applied,
        ticketId: tk.id,
        note: `投诉属实（${tk.number}）${body.note ? `：${body.note}` : ''}`,
      });
    }
    if (body.upheld && t.settings.revokeOnUpheldComplaint) await revokeWithNotice(t, m, t.settings.revocablePlaques, `消费投诉属实（${tk.number}）`);
    const s = await refreshSummary(t, m, opened);
    await appendAudit(t.trx, deps, a, {
      action: 'ticket.verdict',
      entity: 'ticket',
      entityId: tk.id,
      after: { verdict, merchantId: m.id, entryId: entry?.id ?? null },
    });
    return {
      ticketId: tk.id,
      merchantId: m.id,
      verdict,
      verdictAt: t.now,
      entry: entry ? toEntry(entry) : null,
      points: s.points,
      stars: s.stars,
      flag: s.flag as ComplaintVerdict['flag'],
      plaques: s.plaques as PlaqueKind[],
    };
  });
}

/** The verdict state of a ticket the actor can read (the ticket drawer shows the verdict button from it). */
export async function verdictState(deps: Deps, a: TenantActor, ticketId: string): Promise<VerdictState> {
  const scope = await resolveScope(deps.db, a);
  const r = await orepo.verdictRow(deps.db, a.allianceId, ticketId, ticketScope(scope, a.userId));
  if (!r) throw notFound('ticket');
  return {
    ticketId: r.id,
    kind: r.kind,
    merchantId: r.merchant_id,
    merchantName: shownText(r.merchant_name),
    verdict: (r.complaint_verdict as VerdictState['verdict']) ?? null,
    verdictAt: r.verdict_at === null ? null : Number(r.verdict_at),
  };
}
