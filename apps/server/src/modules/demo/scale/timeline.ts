import { newId } from '../../../lib/ids.ts';
import { pick, type Rand } from './rng.ts';
import type { Sink } from './sink.ts';
import { TICKET_EVENTS } from './specs.ts';

const HOUR = 3_600_000;

/** What a generated case went through, as writeTicket decided it (epoch ms; null where it did not happen). */
export interface CaseHistory {
  ticketId: string;
  allianceId: string;
  kind: string;
  status: string;
  reporterName: string | null;
  created: number;
  dispatched: number | null;
  accepted: number | null;
  resolved: number | null;
  closed: number | null;
  leadUnitId: string | null;
  due: number | null;
  stars: number | null;
  solved: number | null;
  byCallback: number | null;
  unrated: number;
  reopenCount: number;
  /** a first dispatch to a wrong unit that returned the case, before the dispatch above */
  returned: ReturnedDispatch | null;
}

/** A dispatch that ended in a 退单 (the row of returned_dispatches, under the return event's id). */
export interface ReturnedDispatch {
  id: string;
  unitId: string;
  dispatched: number;
  acceptDue: number;
  returnedAt: number;
}

/** Names the timeline shows: committee staff of the alliance and each unit's name by id. */
export interface TimelineNames {
  staff: readonly string[];
  unitName: ReadonlyMap<string, string>;
  /** the handler who acts for a unit, by unit id, where known (the demo's accounts); else the unit acts under its name */
  handlerName?: ReadonlyMap<string, string>;
}

const ACCEPT_NOTES = ['已现场核实，正在协调处理', '已联系当事商户，限期整改', '已安排人员处置', '已转交片区网格员跟进'];
const RESOLVE_NOTES = ['已处理完毕，现场已恢复', '经协调，商户已整改到位', '已清理完毕并加强巡查', '问题已解决，已电话告知反映人'];
const RETURN_NOTES = ['不属于本单位职责范围，请改派', '经核实为其他部门管辖事项', '该点位不在本单位管理范围'];
const LOW_RATING_NOTES = ['问题仍未解决', '处理不及时', '整改后又出现'];

/**
 * The case's timeline, in the shape the tickets module writes (tickets.actions.ts): 提交, 派单, 接单, 反馈 and 评单 or
 * 未评价 closing, 撤销/合并 — with a reopen round (a low rating back to 处理中, then another 反馈) for reopened cases.
 * Times are those of the case row; events of one case are strictly increasing.
 */
export function writeTimeline(sink: Sink, rand: Rand, h: CaseHistory, names: TimelineNames): void {
  let last = -1;
  const event = (
    action: string,
    at: number,
    actor: { name: string | null; unitId?: string | null },
    from: string | null,
    to: string | null,
    note: string | null,
    data: unknown,
    id?: string,
  ) => {
    const t = Math.max(at, last + 1);
    last = t;
    sink.add(TICKET_EVENTS, [
      id ?? newId(t),
      h.allianceId,
      h.ticketId,
      action,
      t,
      null,
      actor.name,
      actor.unitId ?? null,
      from,
      to,
      note,
      '[]',
      data === null ? null : JSON.stringify(data),
    ]);
  };
  const staff = () => ({ name: pick(rand, names.staff) });
  const actorFor = (unitId: string) => ({ name: names.handlerName?.get(unitId) ?? names.unitName.get(unitId) ?? null, unitId });
  const unit = h.leadUnitId ? actorFor(h.leadUnitId) : { name: null, unitId: null };
  event('create', h.created, { name: h.reporterName ?? '匿名群众' }, null, 'submitted', null, { kind: h.kind, source: h.reporterName ? 'staff' : 'public' });
  if (h.status === 'cancelled') return event('cancel', h.closed ?? h.created + HOUR, staff(), 'submitted', 'cancelled', '重复反映，已撤销', null);
  if (h.status === 'merged') return event('merge', h.closed ?? h.created + HOUR, staff(), 'submitted', 'merged', '与同类工单合并办理', null);
  if (h.dispatched === null) return;
  const r = h.returned;
  if (r) {
    const wrong = actorFor(r.unitId);
    event('dispatch', r.dispatched, staff(), 'submitted', 'dispatched', null, { leadUnitId: r.unitId, acceptDueAt: r.acceptDue });
    event('return', r.returnedAt, wrong, 'dispatched', 'submitted', pick(rand, RETURN_NOTES), { leadUnitId: r.unitId }, r.id);
  }
  event('dispatch', h.dispatched, staff(), 'submitted', 'dispatched', null, { leadUnitId: h.leadUnitId, dueAt: h.due });
  if (h.accepted === null) return;
  event('accept', h.accepted, unit, 'dispatched', 'accepted', pick(rand, ACCEPT_NOTES), null);
  if (h.resolved === null) return;
  // each reopen: a feedback, a low rating that sends the case back, then work again before the final feedback
  const span = Math.max(h.resolved - h.accepted, h.reopenCount * 4);
  for (let i = 0; i < h.reopenCount; i++) {
    const at = h.accepted + Math.floor((span * (i + 1)) / (h.reopenCount + 2));
    event('resolve', at, unit, 'accepted', 'resolved', pick(rand, RESOLVE_NOTES), null);
    event('rate', at + 1 + Math.floor(rand() * 6 * HOUR), { name: h.reporterName ?? '匿名群众' }, 'resolved', 'accepted', pick(rand, LOW_RATING_NOTES), {
      stars: rand() < 0.5 ? 1 : 2,
      solved: false,
    });
  }
  event('resolve', h.resolved, unit, 'accepted', 'resolved', pick(rand, RESOLVE_NOTES), null);
  if (h.closed === null) return;
  if (h.unrated) return event('close_unrated', h.closed, { name: null }, 'resolved', 'closed', '15天未评价，系统自动办结', null);
  const rating = { stars: h.stars, solved: h.solved === 1 };
  if (h.byCallback) event('callback', h.closed, staff(), 'resolved', 'closed', '电话回访', rating);
  else event('rate', h.closed, { name: h.reporterName ?? '匿名群众' }, 'resolved', 'closed', null, rating);
}
