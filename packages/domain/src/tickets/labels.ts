import type { TicketKind, TicketStatus } from './machine.ts';

// Names for what the server writes itself (Excel exports, the tracking page), Chinese and English; the apps take theirs
// from their locale files (the English ones here are the apps' en-US names).

export const TICKET_KIND_LABELS: Record<TicketKind, string> = {
  need: '需求',
  report: '随手拍',
  complaint: '投诉维权',
  hazard: '隐患',
  wish: '微心愿',
  errand: '红色代办',
  feedback: '监测点反馈',
};

export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  submitted: '已点单',
  dispatched: '已派单',
  accepted: '已接单',
  resolved: '已反馈',
  closed: '已办结',
  cancelled: '已撤销',
  merged: '已合并',
};

export const TICKET_KIND_LABELS_EN: Record<TicketKind, string> = {
  need: 'Need',
  report: 'Snapshot report',
  complaint: 'Complaint',
  hazard: 'Hazard',
  wish: 'Micro-wish',
  errand: 'Red errand',
  feedback: 'Monitoring-point feedback',
};

export const TICKET_STATUS_LABELS_EN: Record<TicketStatus, string> = {
  submitted: 'Submitted',
  dispatched: 'Dispatched',
  accepted: 'Accepted',
  resolved: 'Resolved',
  closed: 'Closed',
  cancelled: 'Cancelled',
  merged: 'Merged',
};
