// Bulk-seeds N tickets straight into a migrated SQLite database that already holds the demo (never through the
// API): realistic, skewed distributions over alliances, categories, grids, lead units and statuses, created_at spread
// over the last 12 months, the lifecycle timestamps and ratings the 三率 read, and assisting units for some.
// One transaction per 50,000 rows with prepared statements.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BATCH = 50_000;

/** Deterministic PRNG (mulberry32) so two runs seed the same shape. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from items with Zipf-like weights 1/(i+1)^s (a few categories and grids carry most cases). */
function zipfPicker(items, s, rand) {
  const w = items.map((_, i) => 1 / Math.pow(i + 1, s));
  const total = w.reduce((x, y) => x + y, 0);
  const cum = [];
  let acc = 0;
  for (const x of w) cum.push((acc += x / total));
  return () => {
    const r = rand();
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return items[lo];
  };
}

function weighted(pairs, rand) {
  const total = pairs.reduce((x, [, w]) => x + w, 0);
  const r = rand() * total;
  let acc = 0;
  for (const [v, w] of pairs) if (r < (acc += w)) return v;
  return pairs[pairs.length - 1][0];
}

const STATUS_NEW = [
  ['submitted', 30],
  ['dispatched', 30],
  ['accepted', 30],
  ['resolved', 10],
];
const STATUS_MONTH = [
  ['submitted', 3],
  ['dispatched', 7],
  ['accepted', 25],
  ['resolved', 25],
  ['closed', 35],
  ['cancelled', 3],
  ['merged', 2],
];
const STATUS_OLD = [
  ['accepted', 3],
  ['resolved', 4],
  ['closed', 85],
  ['cancelled', 5],
  ['merged', 3],
];
const KINDS = [
  ['report', 45],
  ['complaint', 20],
  ['need', 15],
  ['hazard', 10],
  ['wish', 4],
  ['errand', 3],
  ['feedback', 3],
];
const STARS = [
  [5, 55],
  [4, 28],
  [3, 10],
  [2, 4],
  [1, 3],
];
const TEXTS = [
  '南京东路步行街门口共享单车乱停放，占用盲道，请尽快清理。',
  '商户油烟直排，影响楼上居民生活，多次沟通无果。',
  '路灯不亮已经一周，晚上行人经过很不安全。',
  '店铺门前占道经营，消防通道被堵塞。',
  '垃圾分类点满溢未及时清运，气味很大。',
  '外卖电动车在人行道上逆行，存在安全隐患。',
  '希望社区组织一次老人智能手机使用培训。',
  '井盖松动，车辆经过时声音很大，担心有人踩空。',
  '夜间装修噪音扰民，已经持续三天。',
  '商场门口台阶破损，雨天容易滑倒。',
];

const dayOf = (ms) => {
  const d = new Date(ms + 8 * HOUR);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
};

/** A UUIDv7-shaped id from the creation time and a pool of random bytes. */
function idMaker() {
  let pool = randomBytes(1 << 20);
  let at = 0;
  return (ms) => {
    if (at + 10 > pool.length) {
      pool = randomBytes(1 << 20);
      at = 0;
    }
    const r = pool.toString('hex', at, at + 10);
    at += 10;
    const t = ms.toString(16).padStart(12, '0');
    return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${r.slice(0, 3)}-${((parseInt(r[3], 16) & 3) | 8).toString(16)}${r.slice(4, 7)}-${r.slice(7, 19).padEnd(12, '0')}`;
  };
}

/**
 * Seeds `count` tickets into the SQLite file at `file`. Returns what the scenarios query with (the busiest
 * alliance's busiest category, a past month) and the seeding time.
 */
export function seedTickets(file, count, now = Date.now()) {
  const started = performance.now();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // setup, not measured
  const rand = rng(20260101);
  const alliances = db.prepare('select id, code from alliances order by code').all();
  if (alliances.length === 0) throw new Error('no alliances: seed the demo first');
  const per = alliances.map((a) => {
    const cats = db.prepare('select id, default_lead_unit_id as lead from categories where alliance_id = ? and active = 1 order by code').all(a.id);
    const grids = db.prepare('select id from grids where alliance_id = ? order by path').all(a.id);
    const units = db.prepare('select id from units where alliance_id = ? order by id').all(a.id);
    const staff = db.prepare('select user_id as id from memberships where alliance_id = ?').all(a.id);
    if (!cats.length || !units.length) throw new Error(`alliance ${a.code} has no categories or units`);
    return {
      ...a,
      cats,
      units,
      staff,
      pickCat: zipfPicker(cats, 1.1, rand),
      pickGrid: grids.length ? zipfPicker(grids, 0.8, rand) : () => null,
      pickUnit: zipfPicker(units, 0.7, rand),
      seq: new Map(),
    };
  });
  // the first alliance (by code: HHX in the demo) carries most of the volume
  const share = per.map((a, i) => [a, i === 0 ? 60 : 40 / Math.max(1, per.length - 1)]);

  const insTicket = db.prepare(`insert into tickets (id, alliance_id, number, kind, status, category_id, title, description, photos,
      grid_id, urgent, anonymous, lead_unit_id, accept_due_at, due_at, overdue, accept_overdue, rating_stars, rating_solved, rated_at,
      closed_unrated, created_by, created_at, updated_at, dispatched_at, accepted_at, resolved_at, closed_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insUnit = db.prepare('insert into ticket_units (alliance_id, ticket_id, unit_id) values (?, ?, ?)');
  const newId = idMaker();
  const span = 365 * DAY;
  const start = now - span;
  let assisting = 0;

  const batch = db.transaction((from, to) => {
    for (let i = from; i < to; i++) {
      const a = weighted(share, rand);
      // roughly uniform over the year, in insertion order, more in the daytime
      const base = start + Math.floor((span * (i + rand())) / count);
      const hourShift = rand() < 0.8 ? 0 : -Math.floor(rand() * 8) * HOUR;
      const created = Math.max(start, Math.min(now - 60_000, base + hourShift));
      const age = now - created;
      const status = weighted(age < 3 * DAY ? STATUS_NEW : age < 30 * DAY ? STATUS_MONTH : STATUS_OLD, rand);
      const cat = a.pickCat();
      const day = dayOf(created);
      const seq = (a.seq.get(day) ?? 10_000) + 1;
      a.seq.set(day, seq);
      const text = TEXTS[Math.floor(rand() * TEXTS.length)];
      const reached = (s) => status !== 'submitted' && !(status === 'cancelled' && s > 0) && !(status === 'merged' && s > 0);
      let dispatched = null;
      let accepted = null;
      let resolved = null;
      let closed = null;
      let acceptDue = null;
      let due = null;
      let lead = null;
      if (reached(0)) {
        dispatched = created + Math.floor((0.2 + rand() * 20) * HOUR);
        acceptDue = dispatched + 4 * HOUR;
        due = dispatched + (3 + Math.floor(rand() * 10)) * DAY;
        lead = cat.lead && rand() < 0.8 ? cat.lead : a.pickUnit().id;
      }
      if (dispatched && status !== 'dispatched') accepted = dispatched + Math.floor((0.1 + rand() * (rand() < 0.9 ? 3.5 : 20)) * HOUR);
      if (accepted && (status === 'resolved' || status === 'closed')) resolved = accepted + Math.floor((0.3 + rand() * (rand() < 0.85 ? 5 : 15)) * DAY);
      if (resolved && status === 'closed') closed = resolved + Math.floor(rand() * 7 * DAY);
      if (status === 'cancelled') closed = created + Math.floor(rand() * 2 * DAY);
      const clamp = (t) => (t === null ? null : Math.min(t, now - 1000));
      [dispatched, accepted, resolved, closed] = [clamp(dispatched), clamp(accepted), clamp(resolved), clamp(closed)];
      let stars = null;
      let solved = null;
      let ratedAt = null;
      let unrated = 0;
      if (status === 'closed') {
        if (rand() < 0.8) {
          stars = weighted(STARS, rand);
          solved = rand() < (stars >= 3 ? 0.92 : 0.3) ? 1 : 0;
          ratedAt = closed;
        } else unrated = 1;
      }
      const overdue = due !== null && (resolved ?? now) > due ? 1 : 0;
      const acceptOverdue = acceptDue !== null && (accepted ?? now) > acceptDue ? 1 : 0;
      const id = newId(created);
      const staff = a.staff.length ? a.staff[Math.floor(rand() * a.staff.length)].id : null;
      insTicket.run(
        id,
        a.id,
        `${a.code}-${day}-${seq}`,
        weighted(KINDS, rand),
        status,
        cat.id,
        [...text].slice(0, 30).join(''),
        text,
        a.pickGrid()?.id ?? null,
        rand() < 0.05 ? 1 : 0,
        lead,
        acceptDue,
        due,
        overdue,
        acceptOverdue,
        stars,
        solved,
        ratedAt,
        unrated,
        staff,
        created,
        closed ?? resolved ?? accepted ?? dispatched ?? created,
        dispatched,
        accepted,
        resolved,
        closed,
      );
      if (lead && a.units.length > 1 && rand() < 0.15) {
        const n = rand() < 0.7 ? 1 : 2;
        const used = new Set([lead]);
        for (let k = 0; k < n; k++) {
          const u = a.pickUnit().id;
          if (used.has(u)) continue;
          used.add(u);
          insUnit.run(a.id, id, u);
          assisting++;
        }
      }
    }
  });
  for (let from = 0; from < count; from += BATCH) batch(from, Math.min(count, from + BATCH));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const first = per[0];
  // the previous full calendar month in Shanghai time
  const d = new Date(now + 8 * HOUR);
  const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1) - 8 * HOUR;
  const monthEnd = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - 8 * HOUR;
  return {
    seconds: (performance.now() - started) / 1000,
    assistingRows: assisting,
    allianceCode: first.code,
    categoryId: first.cats[0].id,
    monthStart,
    monthEnd,
  };
}
