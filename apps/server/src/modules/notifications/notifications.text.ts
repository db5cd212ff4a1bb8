/** The Chinese one-line texts of events (inbox summary, chat robots, SMS). UI labels live in the web locale files. */
import { maskFreeText, noticeTime, type InboxFacts, type NotificationEvent, type SystemNote } from '@tongxin/domain';

const LABELS: Record<NotificationEvent | 'test', string> = {
  create: '新工单',
  dispatch: '派单',
  accept: '接单',
  return: '退单',
  resolve: '办理反馈',
  rate: '评价',
  callback: '回访',
  escalate: '吹哨',
  cancel: '撤销',
  merge: '合并',
  request_extension: '延期申请',
  decide_extension: '延期审批',
  urge: '催办',
  comment: '留言',
  close_unrated: '未评价办结',
  sla_warning: '即将超时',
  accept_overdue: '超时未接单',
  overdue: '已超时',
  callback_due: '待回访',
  test: '测试消息',
};

/** The label of an event in square brackets, e.g. `【派单】`. */
export function eventLabel(event: string): string {
  return LABELS[event as NotificationEvent] ?? event;
}

/**
 * A time as Beijing time in Chinese, `11月27日 18:00`: the summary is the Chinese line (chat robots, SMS); the apps say
 * it in the reader's language from the item's facts, with the same noticeTime.
 */
export function shanghaiTime(ms: number): string {
  return noticeTime(ms, 'zh-CN');
}

export interface SummaryInput {
  event: string;
  number: string | null;
  title: string | null;
  actorName: string | null;
  note: string | null;
  data: Record<string, unknown>;
  /** the note is the SLA clock's own (systemNoteOf) */
  systemNote?: SystemNote | null;
}

const cut = (s: string, n: number) => ([...s].length > n ? `${[...s].slice(0, n).join('')}…` : s);

/** The detail after the ticket's name: what happened, in a few words. */
function detail(i: SummaryInput): string {
  const d = i.data;
  const due = typeof d.dueAt === 'number' ? shanghaiTime(d.dueAt) : null;
  switch (i.event) {
    case 'create':
      return '待派单';
    case 'dispatch':
      return due ? `已派单，办结时限 ${due}` : '已派单';
    case 'accept':
      return '承办单位已接单';
    case 'return':
      return '被退回，待重新派单';
    case 'resolve':
      return '承办单位已反馈办理结果';
    case 'rate':
    case 'callback': {
      const outcome = d.reopened ? '未解决，已重新交办' : '已办结';
      return typeof d.stars === 'number' ? `评价 ${d.stars} 星，${outcome}` : outcome;
    }
    case 'escalate':
      return '已吹哨，列入联席会议议题';
    case 'cancel':
      return '已撤销';
    case 'merge':
      return '已合并到其他工单';
    case 'request_extension':
      return typeof d.until === 'number' ? `申请延期至 ${shanghaiTime(d.until)}` : '申请延期';
    case 'decide_extension':
      return d.approve ? '延期申请已同意' : '延期申请被驳回';
    case 'urge':
      return '被催办';
    case 'comment':
      return '有新留言';
    case 'close_unrated':
      return '15 天未评价，已自动办结';
    case 'sla_warning':
      return due ? `即将超时，时限 ${due}` : '即将超时';
    case 'accept_overdue':
      return '超时未接单';
    case 'overdue':
      return due ? `已超时，时限 ${due}` : '已超时';
    case 'callback_due':
      return '7 天未评价，请回访';
    default:
      return eventLabel(i.event);
  }
}

/** What the summary's detail is made of (`detail` below), for the apps to say it in the user's language. */
export function factsOf(data: Record<string, unknown>, systemNote: SystemNote | null): InboxFacts {
  const f: InboxFacts = {};
  if (typeof data.dueAt === 'number') f.dueAt = data.dueAt;
  if (typeof data.stars === 'number') f.stars = data.stars;
  if (data.reopened !== undefined) f.reopened = !!data.reopened;
  if (typeof data.until === 'number') f.until = data.until;
  if (typeof data.approve === 'boolean') f.approve = data.approve;
  if (systemNote) f.systemNote = systemNote;
  return f;
}

/** `【派单】HHX-20261120-0001「门口垃圾堆放」已派单，办结时限 11月27日 18:00：请尽快核实处理`. */
export function summaryOf(i: SummaryInput): string {
  const name = `${i.number ?? ''}${i.title ? `「${cut(i.title, 30)}」` : ''}`;
  const what = detail(i);
  const text = i.note?.replace(/\s+/g, ' ').trim() ?? '';
  // The SLA clock's notes only restate the event ("超时未接单", "15 天未评价，自动办结"), and so do some of people's:
  // saying it twice reads as a bug.
  const note = text && !i.systemNote && !what.includes(text) ? `：${cut(text, 60)}` : '';
  // masked as a whole: collapsing the note's whitespace can join a number that a line break had split
  return maskFreeText(`【${eventLabel(i.event)}】${name}${what}${note}`);
}

/** The SMS a reporter without an account gets when their case is resolved (no link: the tracking token is stored only hashed). */
export function resolvedSms(allianceName: string, number: string): string {
  return `【${cut(allianceName, 16)}】您反映的问题（工单 ${number}）已办理并反馈结果，请通过提交时获得的查询链接查看并评价。`;
}
