/** Evaluation rounds (诚信遴选 / 联盟推荐商家评比): ranked candidates, committee decisions, plaques granted and taken down. */
import {
  CREDIT_MAX_POINTS,
  cycleAt,
  starScore,
  type CandidateDecision,
  type EvaluationRound,
  type RoundCandidate,
  type RoundCreate,
  type RoundDetail,
} from '@tongxin/domain';
import type { CreditRoundCandidateTable, CreditRoundTable } from '../../db/tables/credit.ts';
import type { MerchantTable } from '../../db/types.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { conflict, invalidField, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { shownText } from '../../lib/freeText.ts';
import { listParams, paged, requireAllianceScope } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import { addNotice, openAccount, plaqueName, refreshSummary, revokeWithNotice } from './credit.ledger.ts';
import * as repo from './credit.repo.ts';
import * as orepo from './credit.objections.repo.ts';
import { inTx } from './credit.service.ts';
import { ids } from './credit.view.ts';

const MONTH_MS = 30 * 86_400_000;

function toRound(r: CreditRoundTable, c: { n: number; approved: number; rejected: number } | undefined): EvaluationRound {
  return {
    id: r.id,
    name: shownText(r.name),
    plaqueKind: r.plaque_kind as EvaluationRound['plaqueKind'],
    status: r.status as EvaluationRound['status'],
    validUntil: r.valid_until === null ? null : Number(r.valid_until),
    createdAt: Number(r.created_at),
    createdByName: shownText(r.created_by_name),
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
    candidates: c?.n ?? 0,
    approved: c?.approved ?? 0,
    rejected: c?.rejected ?? 0,
  };
}

/**
 * A round is the alliance's act: it ranks every operating shop of the alliance against each other, takes every holder
 * of the plaque, and grants or takes down the alliance's plaques. A round of the shops one grid reaches would be another
 * competition (other ranks, holders elsewhere left out), and its detail shows the scores of shops out of reach, so the
 * decider's scope cannot narrow it: the committee (alliance scope) runs it. Checked before any row is read, so an
 * unknown round answers the same and nothing tells whether it exists.
 */
const committeeOnly = (a: TenantActor) => requireAllianceScope(a, 'evaluation rounds are run by the committee: they need the alliance data scope');

/** The alliance's evaluation rounds, newest first (alliance data scope only). */
export async function listRounds(deps: Deps, a: TenantActor, q: { page: number; pageSize: number; status?: string | undefined }) {
  committeeOnly(a);
  const { offset, limit } = listParams(q);
  const r = await orepo.listRounds(deps.db, a.allianceId, q.status, offset, limit);
  const counts = await orepo.roundCounts(
    deps.db,
    r.items.map((x) => x.id),
  );
  return paged(
    r.items.map((x) => toRound(x, counts.get(x.id))),
    r.total,
  );
}

/** One round with its ranked candidates (alliance data scope only). */
export async function getRound(deps: Deps, a: TenantActor, id: string): Promise<RoundDetail> {
  committeeOnly(a);
  const r = await orepo.roundById(deps.db, a.allianceId, id);
  if (!r) throw notFound('round');
  const counts = await orepo.roundCounts(deps.db, [id]);
  const items: RoundCandidate[] = (await orepo.candidatesOf(deps.db, id)).map((c) => ({
    merchantId: c.merchant_id,
    merchantName: shownText(c.merchant_name),
    rank: Number(c.rank),
    score: Number(c.score),
    stars: Number(c.stars),
    points: Number(c.points),
    upheldComplaints: Number(c.upheld_complaints),
    holder: Number(c.holder) === 1,
    decision: c.decision as RoundCandidate['decision'],
    note: shownText(c.note),
    decidedAt: c.decided_at === null ? null : Number(c.decided_at),
    decidedByName: shownText(c.decided_by_name),
  }));
  return { ...toRound(r, counts.get(id)), items };
}

/**
 * Opens a round and ranks its candidates by the star score (docs/CREDIT.md): operating merchants with at least
 * rounds.minPoints (党员经营户 rounds: party-member operators only), best first, up to rounds.maxCandidates — plus every
 * current holder of the plaque, whom the committee keeps or takes down (优进绌退). Alliance data scope only.
 */
export async function createRound(deps: Deps, a: TenantActor, body: RoundCreate): Promise<RoundDetail> {
  committeeOnly(a);
  // a plaque valid until a past day would be announced as granted and never shown
  if (body.validUntil != null && body.validUntil <= deps.clock.now()) throw invalidField('validUntil', 'in_past', 'validUntil must be in the future');
  const id = await inTx(deps, a, async (t) => {
    const s = t.settings;
    const row: CreditRoundTable = {
      id: newId(t.now),
      alliance_id: a.allianceId,
      name: body.name,
      plaque_kind: body.plaqueKind,
      status: 'open',
      valid_until: body.validUntil ?? null,
      created_by: a.userId,
      created_by_name: a.name,
      created_at: t.now,
      finished_at: null,
    };
    await orepo.insertRound(t.trx, row);
    const facts = await repo.alliancefacts(t.trx, a.allianceId, cycleAt(s.cycle, t.now).startsAt, t.now - s.stars.windowMonths * MONTH_MS);
    const scored = (await orepo.rankableMerchants(t.trx, a.allianceId))
      .map((m) => {
        const points = Math.min(CREDIT_MAX_POINTS, Number(m.credit_points));
        const upheld = facts.upheld.get(m.id) ?? 0;
        const r = starScore(s.stars, {
          points,
          upheldComplaints: upheld,
          ratingAverage: facts.rating.get(m.id) ?? null,
          participation: m.operator_person_id ? (facts.participation.get(m.operator_person_id) ?? 0) : 0,
        });
        return { m, points, upheld, ...r, holder: ids(m.plaques).includes(body.plaqueKind) };
      })
      .filter((x) => x.holder || (x.points >= s.rounds.minPoints && (body.plaqueKind !== 'party_member' || Number(x.m.party_member_operator) === 1)))
      .sort((x, y) => y.score - x.score || y.points - x.points || x.m.name.localeCompare(y.m.name, 'zh-CN'));
    let newcomers = 0;
    const chosen = scored.filter((x) => x.holder || newcomers++ < s.rounds.maxCandidates);
    const rows: CreditRoundCandidateTable[] = chosen.map((x, i) => ({
      round_id: row.id,
      merchant_id: x.m.id,
      alliance_id: a.allianceId,
      rank: i + 1,
      score: x.score,
      stars: x.stars,
      points: x.points,
      upheld_complaints: x.upheld,
      holder: x.holder ? 1 : 0,
      decision: 'pending',
      note: null,
      decided_by_name: null,
      decided_at: null,
    }));
    await orepo.insertCandidates(t.trx, rows);
    await appendAudit(t.trx, deps, a, {
      action: 'credit.round_create',
      entity: 'credit_round',
      entityId: row.id,
      after: { name: row.name, plaqueKind: row.plaque_kind, candidates: rows.length },
    });
    return row.id;
  });
  return getRound(deps, a, id);
}

/** The committee approves or rejects one candidate of an open round (alliance data scope only). */
export async function decideCandidate(deps: Deps, a: TenantActor, roundId: string, merchantId: string, body: CandidateDecision): Promise<RoundDetail> {
  committeeOnly(a);
  await inTx(deps, a, async (t) => {
    const r = await orepo.roundById(t.trx, a.allianceId, roundId);
    if (!r) throw notFound('round');
    if (r.status !== 'open') throw conflict('the round is finished', { reason: 'round_finished' });
    const ok = await orepo.decideCandidate(t.trx, roundId, merchantId, {
      decision: body.approve ? 'approved' : 'rejected',
      note: body.note ?? null,
      decided_by_name: a.name,
      decided_at: t.now,
    });
    if (!ok) throw notFound('candidate');
    await appendAudit(t.trx, deps, a, {
      action: 'credit.round_decide',
      entity: 'credit_round',
      entityId: roundId,
      after: { merchantId, approve: body.approve },
    });
  });
  return getRound(deps, a, roundId);
}

/**
 * Finishes a round: approved newcomers get the plaque (valid until the round's date, if any), approved holders keep it
 * (renewed), rejected holders lose it as 测评不满意 with a notice; undecided candidates change nothing. Alliance data
 * scope only.
 */
export async function finishRound(deps: Deps, a: TenantActor, roundId: string): Promise<RoundDetail> {
  committeeOnly(a);
  await inTx(deps, a, async (t) => {
    const r = await orepo.roundById(t.trx, a.allianceId, roundId);
    if (!r) throw notFound('round');
    if (!(await orepo.finishRound(t.trx, roundId, t.now))) throw conflict('the round is finished', { reason: 'round_finished' });
    const kind = r.plaque_kind;
    for (const c of await orepo.candidatesOf(t.trx, roundId)) {
      if (c.decision === 'pending') continue;
      const m = (await repo.merchantById(t.trx, c.merchant_id)) as MerchantTable;
      const opened = await openAccount(t, m);
      const held = (await repo.activePlaques(t.trx, m.id, t.now)).filter((p) => p.kind === kind);
      if (c.decision === 'approved') {
        if (held.length) {
          for (const p of held) await repo.renewPlaque(t.trx, p.id, r.valid_until);
        } else {
          await repo.insertPlaque(t.trx, {
            id: newId(t.now),
            alliance_id: a.allianceId,
            merchant_id: m.id,
            kind,
            round_id: roundId,
            granted_at: t.now,
            valid_until: r.valid_until,
            revoked_at: null,
            revoke_reason: null,
            revoked_by_name: null,
          });
          await addNotice(t, m, 'merchant', 'plaque_granted', `授牌通知：${plaqueName(kind)}`, `经“${r.name}”评议，贵店获评“${plaqueName(kind)}”。`, {
            roundId,
            kind,
          });
          await appendAudit(t.trx, deps, a, { action: 'credit.plaque_grant', entity: 'merchant', entityId: m.id, after: { plaque: kind, roundId } });
        }
      } else if (held.length) {
        await revokeWithNotice(t, m, [kind], `“${r.name}”测评不满意${c.note ? `：${c.note}` : ''}`);
      }
      await refreshSummary(t, m, opened);
    }
    await appendAudit(t.trx, deps, a, { action: 'credit.round_finish', entity: 'credit_round', entityId: roundId, after: { status: 'finished' } });
  });
  return getRound(deps, a, roundId);
}
