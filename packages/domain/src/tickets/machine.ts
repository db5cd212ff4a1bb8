/** The closed loop's state machine (DESIGN.md "The closed loop"), shared by the server (to enforce) and the apps (to show actions). */

export const TICKET_KINDS = [
  'need', // 需求
  'report', // 随手拍
  'complaint', // 投诉维权
  'hazard', // 隐患
  'wish', // 微心愿
  'errand', // 红色代办
  'feedback', // 监测点反馈
] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

export const TICKET_STATUSES = [
  'submitted', // 已点单
  'dispatched', // 已派单
  'accepted', // 已接单 (also after a reopen)
  'resolved', // 已反馈
  'closed', // 已办结
  'cancelled', // 已撤销
  'merged', // 已合并
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TERMINAL_STATUSES: readonly TicketStatus[] = ['closed', 'cancelled', 'merged'];

/** Every action a person (or the SLA clock) can take on a ticket; each becomes a timeline event. */
export const TICKET_ACTIONS = [
  'dispatch', // 派单: committee → lead unit (+ assisting units), deadline
  'accept', // 接单: lead unit
  'return', // 退单: lead unit, with reason → back to submitted
  'resolve', // 反馈: lead unit, feedback + photos
  'rate', // 评单: the reporter; ≥3 stars and solved closes, otherwise reopens
  'callback', // 回访: staff record the rating on the reporter's behalf (same effect as rate)
  'close_unrated', // 15 days without a rating: closed as 未评价 (SLA clock)
  'escalate', // 吹哨: onto the next joint meeting's agenda (status unchanged)
  'cancel', // 撤销: the reporter (or staff) before dispatch
  'merge', // 合并重复: into another open ticket (terminal)
  'request_extension', // 延期申请: lead unit
  'decide_extension', // 延期审批: committee approves or rejects
  'urge', // 催办/督办: committee chases the handler (status unchanged)
  'comment', // 备注: anyone who can see the ticket
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/**
 * Timeline entries whose note the reporter and the public read: their own words, the handling feedback, the rating, why
 * a case was cancelled or merged, the verdict on a complaint. The notes of the others (a dispatch instruction, a 退单
 * reason, 吹哨, 催办/督办, an extension request) are the handlers' own: the reporter sees that they happened, not the note.
 */
export const REPORTER_NOTE_ACTIONS: ReadonlySet<string> = new Set([
  'create',
  'resolve',
  'rate',
  'callback',
  'cancel',
  'merge',
  'close',
  'close_unrated',
  'reopen',
  'verdict',
]);

/**
 * Timeline entries the reporter and the public never see: staff remarks (备注), and a 吹哨 item taken onto a joint
 * meeting's agenda (列入联席会议议题) or released from it — the meeting is the committee's internal business.
 */
export const STAFF_ONLY_ACTIONS: ReadonlySet<string> = new Set(['comment', 'agenda_take', 'agenda_release']);

/** Who may take an action: the committee (dispatchers), the lead unit's handlers, the reporter, or the system clock. */
export type ActionParty = 'committee' | 'lead_unit' | 'reporter' | 'system' | 'viewer';

interface Rule {
  from: readonly TicketStatus[];
  /** the status after the action; 'same' keeps it; 'by_rating' depends on the rating */
  to: TicketStatus | 'same' | 'by_rating';
  parties: readonly ActionParty[];
}

const OPEN: readonly TicketStatus[] = ['submitted', 'dispatched', 'accepted', 'resolved'];

export const TICKET_RULES: Record<TicketAction, Rule> = {
  dispatch: { from: ['submitted'], to: 'dispatched', parties: ['committee'] },
  // the lead unit's own act: staff accepting on its behalf would mark the unit responsive (响应率) when it was not
  accept: { from: ['dispatched'], to: 'accepted', parties: ['lead_unit'] },
  return: { from: ['dispatched', 'accepted'], to: 'submitted', parties: ['lead_unit'] },
  resolve: { from: ['accepted'], to: 'resolved', parties: ['lead_unit'] },
  rate: { from: ['resolved'], to: 'by_rating', parties: ['reporter'] },
  callback: { from: ['resolved'], to: 'by_rating', parties: ['committee'] },
  close_unrated: { from: ['resolved'], to: 'closed', parties: ['system'] },
  escalate: { from: ['dispatched', 'accepted'], to: 'same', parties: ['committee', 'lead_unit', 'system'] },
  cancel: { from: ['submitted'], to: 'cancelled', parties: ['reporter', 'committee'] },
  merge: { from: ['submitted', 'dispatched'], to: 'merged', parties: ['committee'] },
  request_extension: { from: ['accepted'], to: 'same', parties: ['lead_unit'] },
  decide_extension: { from: ['accepted'], to: 'same', parties: ['committee'] },
  urge: { from: ['dispatched', 'accepted'], to: 'same', parties: ['committee'] },
  comment: { from: OPEN, to: 'same', parties: ['committee', 'lead_unit', 'reporter'] },
};

/** A rating closes the ticket when it has at least 3 stars and the problem is solved; otherwise it reopens (back to accepted). */
export function statusAfterRating(stars: number, solved: boolean): TicketStatus {
  return stars >= 3 && solved ? 'closed' : 'accepted';
}

/** The status after an action, or null when the action is illegal in this status (→ 409 ILLEGAL_TRANSITION). */
export function nextStatus(status: TicketStatus, action: TicketAction, rating?: { stars: number; solved: boolean }): TicketStatus | null {
  const rule = TICKET_RULES[action];
  if (!rule.from.includes(status)) return null;
  if (rule.to === 'same') return status;
  if (rule.to === 'by_rating') return rating ? statusAfterRating(rating.stars, rating.solved) : null;
  return rule.to;
}

/** Extra state an action depends on besides the status. */
export interface TicketFacts {
  status: TicketStatus;
  /** a pending 延期申请 blocks another request and is what decide_extension decides */
  extensionPending: boolean;
  /** already 吹哨 for the current deadline: no second one until a reopen sets a new deadline */
  escalated?: boolean;
}

/** The actions the given parties may take now; the apps show exactly these buttons. */
export function allowedActions(t: TicketFacts, parties: readonly ActionParty[]): TicketAction[] {
  return TICKET_ACTIONS.filter((a) => {
    const rule = TICKET_RULES[a];
    if (!rule.from.includes(t.status)) return false;
    if (!rule.parties.some((p) => parties.includes(p))) return false;
    if (a === 'request_extension' && t.extensionPending) return false;
    if (a === 'decide_extension' && !t.extensionPending) return false;
    if (a === 'escalate' && t.escalated) return false;
    return true;
  });
}
