/**
 * An alliance's evaluation rounds over the generated period and the plaques they leave, played the way
 * credit.rounds.ts plays them: each round ranks the operating merchants with enough points (党员经营户 and 先锋商户
 * rounds: party-member operators only) by the star score, best first, up to rounds.maxCandidates newcomers plus every
 * current holder; the committee approves the first few; approved newcomers get the plaque with a 授牌通知, approved
 * holders have it renewed, and the rest stay undecided. Between rounds an upheld complaint takes a revocable plaque
 * down (优进绌退) with a 摘牌通知. Rounds: 联盟推荐商家 every quarter of the last year (Yiwu's seed), and this year's
 * 诚信放心店, 示范户, 先锋商户 and 党员经营户亮牌. Each round scores a merchant as it stood then (points from its ledger,
 * complaints upheld before it; ratings: the present average) with a little noise, so the lists change from quarter to quarter. The merchants rows get their plaques afterwards (applyPlaques).
 */
import { DEFAULT_CREDIT_SETTINGS, cycleAt, plaqueLabel, starScore, type PlaqueKind } from '@tongxin/domain';
import type { Db } from '../../../db/index.ts';
import { newId } from '../../../lib/ids.ts';
import type { Rand } from './rng.ts';
import type { Sink } from './sink.ts';
import { CREDIT_NOTICES, CREDIT_PLAQUES, CREDIT_ROUND_CANDIDATES, CREDIT_ROUNDS } from './specs.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const SHANGHAI = 8 * HOUR;
const COMMITTEE = '商圈党委';
const settings = DEFAULT_CREDIT_SETTINGS;

/** What a round ranks a merchant by, collected while the merchant is written (merchants.ts). */
export interface RankFacts {
  id: string;
  name: string;
  created: number;
  operating: boolean;
  partyMember: boolean;
  /** the 十二分制 points the merchant had at a time (its ledger) */
  pointsAt: (at: number) => number;
  ratingAverage: number | null;
  /** complaints upheld in the present cycle */
  upheld: number;
  upheldAt: Array<{ at: number; number: string }>;
}

interface Round {
  name: string;
  kind: PlaqueKind;
  at: number;
  validUntil: number | null;
  approve: number;
  partyOnly: boolean;
}

interface Plaque {
  id: string;
  merchantId: string;
  kind: PlaqueKind;
  roundId: string;
  grantedAt: number;
  validUntil: number | null;
  revokedAt: number | null;
  reason: string | null;
}

const QUARTERS = ['一', '二', '三', '四'];

/** Start of the Shanghai quarter `offset` quarters from the one holding `t`, epoch ms. */
function quarterStart(t: number, offset = 0): { at: number; label: string } {
  const local = new Date(t + SHANGHAI);
  const q = Math.floor(local.getUTCMonth() / 3) + offset;
  const year = local.getUTCFullYear() + Math.floor(q / 4);
  const qi = ((q % 4) + 4) % 4;
  return { at: Date.UTC(year, qi * 3, 1) - SHANGHAI, label: `${year}年第${QUARTERS[qi]}季度` };
}

/** The rounds of the generated period, oldest first; none ends after `now`. */
function plannedRounds(now: number): Round[] {
  const rounds: Round[] = [];
  // a round opens a few days into its period and is decided a week later
  const opened = (start: number) => Math.min(start + 5 * DAY, now - 8 * DAY);
  for (let q = -3; q <= 0; q++) {
    const { at, label } = quarterStart(now, q);
    rounds.push({
      name: `${label}“联盟推荐商家”评比`,
      kind: 'recommended',
      at: opened(at),
      validUntil: quarterStart(now, q + 1).at,
      approve: 8,
      partyOnly: false,
    });
  }
  const year = new Date(now + SHANGHAI).getUTCFullYear();
  const yearStart = Date.UTC(year, 0, 1) - SHANGHAI;
  const yearEnd = Date.UTC(year + 1, 0, 1) - SHANGHAI;
  const y = opened(yearStart + 10 * DAY);
  rounds.push(
    { name: `${year}年度党员经营户亮牌`, kind: 'party_member', at: y, validUntil: null, approve: Number.MAX_SAFE_INTEGER, partyOnly: true },
    { name: `${year}年度“诚信放心店”评选`, kind: 'trusted', at: y + HOUR, validUntil: yearEnd, approve: 20, partyOnly: false },
    { name: `${year}年度“示范户”评选`, kind: 'demonstration', at: y + 2 * HOUR, validUntil: yearEnd, approve: 6, partyOnly: false },
    { name: `${year}年度“先锋商户”评选`, kind: 'pioneer', at: y + 3 * HOUR, validUntil: yearEnd, approve: 3, partyOnly: true },
  );
  return rounds.sort((a, b) => a.at - b.at);
}

/** Writes the alliance's rounds, candidates, plaques and notices; returns each merchant's plaques held now (grant order). */
export function writeRounds(
  sink: Sink,
  rand: Rand,
  allianceId: string,
  ranked: readonly RankFacts[],
  now: number,
  /** case numbers renumbered since the merchants' facts were taken (numbers.ts) */
  renamed: ReadonlyMap<string, string>,
): Map<string, PlaqueKind[]> {
  const plaques: Plaque[] = [];
  const byId = new Map(ranked.map((m) => [m.id, m]));
  const notice = (m: RankFacts, kind: string, title: string, body: string, data: object, at: number) =>
    sink.add(CREDIT_NOTICES, [newId(at), allianceId, m.id, 'merchant', kind, title, body, JSON.stringify(data), at]);
  const up = (p: Plaque, at: number) => p.revokedAt === null && (p.validUntil === null || p.validUntil > at) && p.grantedAt <= at;
  // 优进绌退: an upheld complaint after the grant takes a revocable plaque down at the verdict
  const revokeUntil = (at: number) => {
    for (const p of plaques) {
      if (!settings.revocablePlaques.includes(p.kind) || p.revokedAt !== null) continue;
      const m = byId.get(p.merchantId) as RankFacts;
      const hit = m.upheldAt.filter((u) => u.at > p.grantedAt && u.at <= at && (p.validUntil === null || u.at < p.validUntil)).sort((a, b) => a.at - b.at)[0];
      if (!hit) continue;
      p.revokedAt = hit.at;
      p.reason = `消费投诉属实（${renamed.get(hit.number) ?? hit.number}）`;
      notice(
        m,
        'plaque_revoked',
        `摘牌通知：${plaqueLabel(p.kind)}`,
        `根据优进绌退机制，贵店“${plaqueLabel(p.kind)}”标牌予以摘除。原因：${p.reason}。如有异议，可在规定期限内提出申诉。`,
        { plaqueId: p.id, kind: p.kind },
        hit.at,
      );
    }
  };

  for (const r of plannedRounds(now)) {
    revokeUntil(r.at);
    const roundId = newId(r.at);
    const decidedAt = r.at + 6 * DAY;
    const finishedAt = r.at + 7 * DAY;
    const held = new Map(plaques.filter((p) => p.kind === r.kind && up(p, r.at)).map((p) => [p.merchantId, p]));
    let newcomers = 0;
    const cycleStart = cycleAt(settings.cycle, r.at).startsAt;
    const chosen = ranked
      .filter((m) => m.created < r.at)
      .map((m) => {
        // scored as the round saw it: points then, complaints upheld in its cycle before it (ratings: the present ones)
        const upheld = m.upheldAt.filter((u) => u.at >= cycleStart && u.at < r.at).length;
        const points = m.pointsAt(r.at);
        const s = starScore(settings.stars, { points, upheldComplaints: upheld, ratingAverage: m.ratingAverage, participation: 0 });
        const score = Math.max(0, Math.min(100, s.score + Math.round((rand() - 0.5) * 10)));
        return { m, upheld, points, stars: s.stars, score, holder: held.has(m.id) };
      })
      .filter((x) => x.holder || (x.m.operating && x.points >= settings.rounds.minPoints && (!r.partyOnly || x.m.partyMember)))
      .sort((a, b) => b.score - a.score || b.points - a.points || a.m.created - b.m.created)
      .filter((x) => x.holder || newcomers++ < settings.rounds.maxCandidates);
    sink.add(CREDIT_ROUNDS, [roundId, allianceId, r.name, r.kind, 'finished', r.validUntil, null, COMMITTEE, r.at, finishedAt]);
    chosen.forEach((x, i) => {
      const approved = i < r.approve && x.upheld === 0 && x.points >= settings.rounds.minPoints;
      sink.add(CREDIT_ROUND_CANDIDATES, [
        roundId,
        x.m.id,
        allianceId,
        i + 1,
        x.score,
        x.stars,
        x.points,
        x.upheld,
        x.holder ? 1 : 0,
        approved ? 'approved' : 'pending',
        null,
        approved ? COMMITTEE : null,
        approved ? decidedAt : null,
      ]);
      if (!approved) return;
      const plaque = held.get(x.m.id);
      if (plaque) {
        plaque.validUntil = r.validUntil;
        return;
      }
      const p: Plaque = {
        id: newId(finishedAt),
        merchantId: x.m.id,
        kind: r.kind,
        roundId,
        grantedAt: finishedAt,
        validUntil: r.validUntil,
        revokedAt: null,
        reason: null,
      };
      plaques.push(p);
      notice(
        x.m,
        'plaque_granted',
        `授牌通知：${plaqueLabel(r.kind)}`,
        `经“${r.name}”评议，贵店获评“${plaqueLabel(r.kind)}”。`,
        { roundId, kind: r.kind },
        finishedAt,
      );
    });
  }
  revokeUntil(now);

  const held = new Map<string, PlaqueKind[]>();
  for (const p of plaques) {
    sink.add(CREDIT_PLAQUES, [
      p.id,
      allianceId,
      p.merchantId,
      p.kind,
      p.roundId,
      p.grantedAt,
      p.validUntil,
      p.revokedAt,
      p.reason,
      p.revokedAt === null ? null : COMMITTEE,
    ]);
    if (!up(p, now)) continue;
    const kinds = held.get(p.merchantId) ?? [];
    if (!kinds.includes(p.kind)) kinds.push(p.kind);
    held.set(p.merchantId, kinds);
  }
  return held;
}

/** Writes the plaques held onto the merchants rows (written earlier with none), one statement per distinct set. */
export async function applyPlaques(db: Db, held: ReadonlyMap<string, readonly PlaqueKind[]>): Promise<void> {
  const bySet = new Map<string, string[]>();
  for (const [id, kinds] of held) {
    const key = JSON.stringify(kinds);
    bySet.set(key, [...(bySet.get(key) ?? []), id]);
  }
  await db.transaction().execute(async (trx) => {
    for (const [plaques, ids] of bySet)
      for (let i = 0; i < ids.length; i += 500)
        await trx
          .updateTable('merchants')
          .set({ plaques })
          .where('id', 'in', ids.slice(i, i + 500))
          .execute();
  });
}
