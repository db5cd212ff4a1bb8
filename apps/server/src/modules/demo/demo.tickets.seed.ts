/**
 * Plays the demo's closed-loop cases (demo.tickets.ts) through the real HTTP API: each reporter account
 * reports, the committee dispatches, the lead unit's handler accepts / returns / resolves / asks for an
 * extension / 吹哨, the reporter rates (or staff call back). Everything happens "now" on the server's clock;
 * one documented SQL step at the end (ageTickets) then moves each case's timestamps back so that the
 * timeline reads like days of work and some cases are overdue. It changes times only — never a status — and
 * leaves audit_log alone (its records keep the real times, so the chain still verifies). The deadlines that the
 * events recorded in their data (dispatch/rating dueAt and acceptDueAt, extension until/previousDueAt) move with
 * them, so the timeline shows the same 办结时限 as the case. The JSON is parsed and rewritten in JS (SQLite and PG alike).
 * The numbers then follow the aged days (demo.tickets.numbers.ts).
 */
import { shanghaiDate, shanghaiDayStart } from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.ts';
import type { Db } from '../../db/index.ts';
import type { DemoAlliance } from './demo.data.ts';
import { DemoApi, need, type Created } from './demo.seed.ts';
import { DEMO_PASSWORD } from './demo.data.ts';
import { DEMO_TICKET_SETS, type DemoTicket } from './demo.tickets.ts';
import { evidencePhoto } from './demo.evidence.ts';
import { renumberByCreationDay } from './demo.tickets.numbers.ts';

const HOUR = 3_600_000;

/**
 * The scene a phone photo of a 随手拍 or 隐患 shows, by category (demo.evidence.ts): the reporter takes it with the
 * report, and the handler resolves with a photo of the tidy shopfront, as units do in the seeds' 反馈.
 */
const CASE_SCENES: Record<string, string> = {
  ZDJY: 'road_occupation',
  YY: 'fume',
  ZY: 'noise',
  HJWS: 'frontage_duties',
  SRHJ: 'frontage_duties',
  TCGL: 'parking',
  XFYH: 'fire_hazard',
};
const TIDY = 'tidy';

/** The drawn photos, rendered once per process (each upload re-encodes its own copy, as the phone's would). */
const rendered = new Map<string, Promise<Buffer>>();
function scene(code: string): Promise<Buffer> {
  let p = rendered.get(code);
  if (!p) rendered.set(code, (p = evidencePhoto(code)));
  return p;
}

/** Whether the demo case carries photos: a report or hazard of a category with a scene. */
const photographed = (t: DemoTicket): boolean => (t.kind === 'report' || t.kind === 'hazard') && CASE_SCENES[t.cat] !== undefined;

interface Detail {
  id: string;
  dueAt: number | null;
  timeline: Array<{ id: string }>;
}

/** Gap in hours before each step, before scaling into the case's age. */
const GAP: Record<string, number> = {
  dispatch: 1,
  accept: 2,
  return: 3,
  resolve: 40,
  rate: 20,
  callback: 30,
  escalate: 20,
  request_extension: 30,
  merge: 1.5,
  cancel: 3,
  urge: 24,
};

/** One case's planned event times: event id → epoch ms. */
type Plan = Map<string, number>;

/** Which events record deadlines in their data, and whether those move with the event itself or with the case's deadline. */
const EVENT_DEADLINE_KEYS: Record<string, 'own' | 'case'> = {
  dispatch: 'own',
  rate: 'own',
  callback: 'own',
  request_extension: 'case',
  decide_extension: 'case',
};
const DEADLINE_FIELDS = ['dueAt', 'acceptDueAt', 'until', 'previousDueAt'] as const;

/** The event's data JSON with its deadline fields moved by delta, or null when nothing changes. */
function shiftedData(action: string, raw: string | null, delta: number): string | null {
  if (raw === null || delta === 0 || EVENT_DEADLINE_KEYS[action] === undefined) return null;
  const data = JSON.parse(raw) as Record<string, unknown>;
  let changed = false;
  for (const k of DEADLINE_FIELDS) {
    const v = data[k];
    if (typeof v === 'number') {
      data[k] = v + delta;
      changed = true;
    }
  }
  return changed ? JSON.stringify(data) : null;
}

/** Moves a returned dispatch (kept under its return event's id) to the planned times of its return, dispatch and acceptance. */
async function retimeReturned(
  trx: Db,
  returnEventId: string,
  at: number,
  dispatch: { at: number; delta: number },
  accept: { at: number } | undefined,
): Promise<void> {
  const row = await trx.selectFrom('returned_dispatches').select(['accept_due_at', 'accepted_at']).where('id', '=', returnEventId).executeTakeFirst();
  if (!row) return;
  await trx
    .updateTable('returned_dispatches')
    .set({
      returned_at: at,
      dispatched_at: dispatch.at,
      accept_due_at: row.accept_due_at === null ? null : Number(row.accept_due_at) + dispatch.delta,
      accepted_at: row.accepted_at === null || accept === undefined || accept.at < dispatch.at ? row.accepted_at : accept.at,
    })
    .where('id', '=', returnEventId)
    .execute();
}

/** Sets the event times: each planned event gets its time; any other event (merged_in) follows the previous one by a minute. */
async function ageTickets(deps: Deps, plans: Map<string, Plan>, alliance: { id: string; code: string }): Promise<void> {
  if (plans.size === 0) return;
  await deps.db.transaction().execute(async (trx) => {
    for (const [ticketId, plan] of plans) {
      const events = await trx
        .selectFrom('ticket_events')
        .select(['id', 'at', 'action', 'data', 'to_status'])
        .where('ticket_id', '=', ticketId)
        .orderBy('at')
        .orderBy('id')
        .execute();
      const t = await trx.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow();
      const last: Record<string, { at: number; delta: number }> = {};
      let prev: number | null = null;
      const deltas = new Map<string, number>();
      for (const e of events) {
        const old = Number(e.at);
        const at: number = plan.get(e.id) ?? (prev === null ? old : prev + 60_000);
        prev = at;
        // a returned dispatch (kept for 响应率) takes the times of its dispatch, its acceptance and the return itself
        if (e.action === 'return' && last.dispatch) await retimeReturned(trx, e.id, at, last.dispatch, last.accept);
        last[e.action] = { at, delta: at - old };
        // only a rating that reopened the case set a new deadline (one that closed it did not)
        if ((e.action === 'rate' || e.action === 'callback') && e.to_status !== 'closed') last.reopen = { at, delta: at - old };
        deltas.set(e.id, at - old);
        if (at !== old) await trx.updateTable('ticket_events').set({ at }).where('id', '=', e.id).execute();
      }
      const dispatch = last.dispatch;
      // the deadline was set by the last dispatch, or by a reopening rating after it
      const dueSetter = [last.dispatch, last.reopen].filter((x) => x !== undefined).sort((a, b) => b.at - a.at)[0];
      for (const e of events) {
        // a dispatch or reopening rating computed its deadlines from its own time; extension dates follow the case's deadline
        const own = EVENT_DEADLINE_KEYS[e.action] === 'own' ? deltas.get(e.id) : dueSetter?.delta;
        const data = shiftedData(e.action, e.data, own ?? 0);
        if (data !== null) await trx.updateTable('ticket_events').set({ data }).where('id', '=', e.id).execute();
      }
      const ts = (v: number | null, d: { delta: number } | undefined) => (v === null || d === undefined ? v : Number(v) + d.delta);
      const at = (k: string, v: number | null) => (v === null || last[k] === undefined ? v : last[k].at);
      const closer = last.rate ?? last.callback;
      await trx
        .updateTable('tickets')
        .set({
          created_at: last.create?.at ?? Number(t.created_at),
          updated_at: prev ?? Number(t.updated_at),
          dispatched_at: at('dispatch', t.dispatched_at),
          accept_due_at: ts(t.accept_due_at, dispatch),
          due_at: ts(t.due_at, dueSetter),
          extension_until: ts(t.extension_until, dueSetter),
          accepted_at: at('accept', t.accepted_at),
          resolved_at: at('resolve', t.resolved_at),
          rated_at: t.rated_at === null || !closer ? t.rated_at : closer.at,
          closed_at: t.closed_at === null || !closer ? t.closed_at : closer.at,
        })
        .where('id', '=', ticketId)
        .execute();
      if (last.request_extension) {
        const ext = await trx.selectFrom('ticket_extensions').select(['id', 'until']).where('ticket_id', '=', ticketId).execute();
        for (const x of ext)
          await trx
            .updateTable('ticket_extensions')
            .set({ created_at: last.request_extension.at, until: Number(x.until) + (dueSetter?.delta ?? 0) })
            .where('id', '=', x.id)
            .execute();
      }
      if (last.escalate) await trx.updateTable('agenda_candidates').set({ created_at: last.escalate.at }).where('ticket_id', '=', ticketId).execute();
    }
    await renumberByCreationDay(trx, alliance.id, alliance.code);
  });
}

/** Creates the demo tickets of one alliance; returns how many. */
export async function seedTickets(app: FastifyInstance, deps: Deps, a: DemoAlliance, c: Created): Promise<number> {
  const set = DEMO_TICKET_SETS.find((s) => s.alliance === a.code);
  if (!set) return 0;
  const sessions = new Map<string, DemoApi>();
  const as = async (username: string): Promise<DemoApi> => {
    let s = sessions.get(username);
    if (!s) {
      s = await DemoApi.login(app, username, DEMO_PASSWORD);
      sessions.set(username, s);
    }
    return s;
  };
  const handlerOf = (unitKey: string): string => {
    const acc = a.accounts.find((x) => x.role === 'unit_handler' && x.unit === unitKey);
    if (!acc) throw new Error(`demo seed: ${a.code} has no handler account for unit ${unitKey}`);
    return acc.username;
  };
  const staff = await as(set.dispatcher);
  const cats = await staff.call<{ items: Array<{ id: string; code: string; acceptHours: number }> }>('GET', '/api/v1/categories?pageSize=200');
  const cat = (code: string) => {
    const x = cats.items.find((y) => y.code === code);
    if (!x) throw new Error(`demo seed: no category ${code}`);
    return x;
  };
  const ids = new Map<string, string>();
  const plans = new Map<string, Plan>();
  const now = deps.clock.now();

  const points = new Map<string, { lng: number; lat: number; crs: 'wgs84' }>();
  for (const [i, t] of set.tickets.entries()) {
    const reporter = await as(t.by);
    const withPoint = t.kind === 'report' || t.kind === 'hazard';
    const nearBy = t.near ? points.get(t.near) : undefined;
    // ~20 m east of the case it repeats, else scattered around the alliance's origin
    const location = !withPoint
      ? null
      : nearBy
        ? { ...nearBy, lng: nearBy.lng + 0.0002 }
        : { lng: set.origin[0] + ((i % 7) - 3) * 0.0009, lat: set.origin[1] + ((i % 5) - 2) * 0.0007, crs: 'wgs84' as const };
    if (location) points.set(t.key, location);
    const photos = photographed(t) ? [await reporter.upload(await scene(CASE_SCENES[t.cat]!), `${t.key}.jpg`)] : [];
    const created = await reporter.call<Detail>('POST', '/api/v1/tickets', {
      kind: t.kind,
      categoryId: cat(t.cat).id,
      title: t.title,
      description: t.desc,
      address: t.address,
      gridId: need(c.grids, t.grid, 'grid'),
      merchantName: t.merchant ?? null,
      urgent: t.urgent ?? false,
      location,
      photos,
      ...(t.caller ? { reporterName: t.caller } : {}),
    });
    ids.set(t.key, created.id);
    // each step: the account that takes it, the action, the body; the event it wrote gets a planned time
    const steps = plan(t, set.dispatcher, handlerOf, c, ids);
    const reported = reportedAt(now, t.days, i);
    const age = (now - reported) / HOUR;
    const total = steps.reduce((sum, s) => sum + gapOf(s.action, t, cat(t.cat).acceptHours), 0);
    const scale = total > age * 0.95 ? (age * 0.95) / total : 1;
    let at = reported;
    const p: Plan = new Map([[created.timeline[0]!.id, at]]);
    let due = created.dueAt;
    for (const s of steps) {
      const planned = typeof s.body === 'function' ? s.body(due) : s.body;
      const body =
        s.action === 'resolve' && photographed(t) ? { ...planned, photos: [await (await as(s.by)).upload(await scene(TIDY), `${t.key}-done.jpg`)] } : planned;
      const d = await (await as(s.by)).call<Detail>('POST', `/api/v1/tickets/${created.id}/actions/${s.action}`, body);
      due = d.dueAt;
      at += gapOf(s.action, t, cat(t.cat).acceptHours) * scale * HOUR;
      // the target of a merge gets a merged_in event: the newest event of the ticket we act on is ours
      const mine = d.timeline.filter((e) => !p.has(e.id));
      const ev = mine[mine.length - 1];
      if (ev) p.set(ev.id, Math.round(at));
    }
    plans.set(created.id, p);
  }
  await ageTickets(deps, plans, { id: c.allianceId, code: a.code });
  return set.tickets.length;
}

/**
 * When a demo case was reported: `days` before now, and for a case of an earlier day at an office hour of that day
 * (08:30–19:30 Shanghai, varied per case), so lists do not show every case at the clock time of the seeding.
 */
function reportedAt(now: number, days: number, i: number): number {
  const at = now - days * 24 * HOUR;
  if (days < 1) return at;
  return Math.min(now - HOUR, shanghaiDayStart(shanghaiDate(at)) + Math.round((8.5 + ((i * 37) % 110) / 10) * HOUR));
}

function gapOf(action: string, t: DemoTicket, acceptHours: number): number {
  if (action === 'accept' && t.late) return acceptHours + 3;
  if (action === 'return' && t.lateReturn) return acceptHours + 3;
  if (action === 'accept' && t.urgent) return 0.5;
  return GAP[action] ?? 1;
}

interface Step {
  by: string;
  action: string;
  body: object | ((due: number | null) => object);
}

function plan(t: DemoTicket, dispatcher: string, handlerOf: (u: string) => string, c: Created, ids: Map<string, string>): Step[] {
  const unit = (k: string) => need(c.units, k, 'unit');
  const dispatch = (k: string, note?: string): Step => ({
    by: dispatcher,
    action: 'dispatch',
    body: { leadUnitId: unit(k), assistUnitIds: (t.assist ?? []).map((x) => unit(x)), ...(note ? { note } : {}) },
  });
  const lead = t.unit ? handlerOf(t.unit) : '';
  const accept: Step = { by: lead, action: 'accept', body: {} };
  const resolve = (feedback: string): Step => ({ by: lead, action: 'resolve', body: { feedback } });
  // the reporter rates their own case; staff call back the people whose case they took (phone, walk-in)
  const rate = (stars: number, solved: boolean, comment?: string): Step =>
    t.caller || t.by === dispatcher
      ? { by: dispatcher, action: 'callback', body: { stars, solved, comment: comment ?? null, note: '电话回访' } }
      : { by: t.by, action: 'rate', body: { stars, solved, comment: comment ?? null } };
  const fb = t.feedback ?? '已现场核实并处理完毕。';
  if (t.flow === 'submitted' || t.flow === 'merged' || t.flow === 'cancelled') {
    if (t.flow === 'submitted') return [];
    if (t.flow === 'merged')
      return [{ by: dispatcher, action: 'merge', body: { targetId: ids.get(t.mergeInto ?? '') ?? '', note: '同一地点同一问题，合并办理。' } }];
    return [{ by: t.caller || t.by === dispatcher ? dispatcher : t.by, action: 'cancel', body: { reason: t.reason ?? '已自行解决。' } }];
  }
  if (t.flow === 'returned') {
    return [
      dispatch(t.wrongUnit ?? ''),
      { by: handlerOf(t.wrongUnit ?? ''), action: 'return', body: { reason: t.returnReason ?? '不属于本单位职责。' } },
      dispatch(t.unit ?? '', '根据退单意见改派。'),
      { by: lead, action: 'accept', body: {} },
    ];
  }
  const handling = [dispatch(t.unit ?? ''), accept];
  if (t.urge) handling.push({ by: dispatcher, action: 'urge', body: { level: 'supervise', note: '已超期，请加快办理并报告进度。' } });
  switch (t.flow) {
    case 'dispatched':
      return [handling[0]!];
    case 'accepted':
      return handling;
    case 'resolved':
      return [...handling, resolve(fb)];
    case 'closed':
      return [...handling, resolve(fb), rate(t.stars ?? 5, true, t.comment)];
    case 'reopened':
      return [
        ...handling,
        resolve(fb),
        rate(t.stars ?? 2, false, t.comment),
        resolve('已第二次到场处理，现场问题已全部解决，并与反映人当面确认。'),
        rate(4, true, '第二次处理到位了。'),
      ];
    case 'extension':
      return [
        ...handling,
        {
          by: lead,
          action: 'request_extension',
          body: (due: number | null) => ({ until: (due ?? Date.now()) + 14 * 24 * HOUR, reason: t.reason ?? '需要延期。' }),
        },
      ];
    case 'escalated':
      return [...handling, { by: lead, action: 'escalate', body: { reason: t.reason ?? '需联席会议协调。' } }];
  }
}
