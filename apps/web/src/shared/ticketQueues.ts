/**
 * The closed loop's work queues as GET /tickets filters, shared by the H5 tiles and lists and the console's home page,
 * so a count and the list it opens always agree.
 */
export const TICKET_QUEUES = {
  /** 待派单: new cases and cases a unit returned */
  submitted: { status: 'submitted' },
  /** 已超期: still open past the deadline → 催办/督办 */
  overdue: { overdue: 'true', open: 'true' },
  /** 延期待审: a unit asked for more time */
  extension: { extensionPending: 'true' },
  /** 待评价: handled, waiting for the reporter's rating or a 回访 */
  resolved: { status: 'resolved' },
  /** 待接单 (a unit's view) */
  dispatched: { status: 'dispatched' },
  /** 办理中 (a unit's view) */
  accepted: { status: 'accepted' },
} as const satisfies Record<string, Record<string, string>>;

export type TicketQueue = keyof typeof TICKET_QUEUES;
