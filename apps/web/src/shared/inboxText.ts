import { maskFreeText, noticeTime, type InboxFacts, type InboxItem } from '@tongxin/domain';
import { currentLocale, t } from './i18n.ts';

const cut = (s: string, n: number) => ([...s].length > n ? `${[...s].slice(0, n).join('')}…` : s);

/**
 * What happened, in a few words of the user's language (the server's Chinese summary says the same); its times as that
 * language writes a date (noticeTime: 11月27日 18:00, Nov 27, 18:00), read from the facts when shown.
 */
export function inboxDetail(event: string, f: InboxFacts): string {
  const k = (key: string, vars?: Record<string, string | number>) => t(`notifications.detail.${key}`, vars);
  const time = (ms: number) => noticeTime(ms, currentLocale());
  const due = f.dueAt !== undefined ? time(f.dueAt) : null;
  switch (event) {
    case 'dispatch':
    case 'sla_warning':
    case 'overdue':
      return due ? k(`${event}Due`, { due }) : k(event);
    case 'rate':
    case 'callback':
      if (f.stars === undefined) return k(f.reopened ? 'reopened' : 'closed');
      return k(f.reopened ? 'ratedReopened' : 'ratedClosed', { stars: f.stars });
    case 'request_extension':
      return f.until !== undefined ? k('request_extensionUntil', { until: time(f.until) }) : k(event);
    case 'decide_extension':
      return k(f.approve ? 'extensionApproved' : 'extensionRejected');
    case 'create':
    case 'accept':
    case 'return':
    case 'resolve':
    case 'escalate':
    case 'cancel':
    case 'merge':
    case 'urge':
    case 'comment':
    case 'close_unrated':
    case 'accept_overdue':
    case 'callback_due':
      return k(event);
    default:
      return t(`notifications.event.${event}`);
  }
}

/**
 * An inbox item's one line in the user's language: the case, what happened and the note (the SLA clock's notes left
 * out: the event says them). An item without facts (a credit notice, or one of before) shows the server's summary.
 */
export function inboxSummary(x: InboxItem): string {
  if (!x.facts || !x.ticketId) return x.summary;
  const title = x.ticketTitle ? t('notifications.summary.title', { title: cut(x.ticketTitle, 30) }) : '';
  const what = inboxDetail(x.event, x.facts);
  const text = x.note?.replace(/\s+/g, ' ').trim() ?? '';
  // as the server's summary: a note that only restates the event is left out
  const note = text && !x.facts.systemNote && !what.includes(text) ? t('notifications.summary.note', { note: cut(text, 60) }) : '';
  const line = t('notifications.summary.line', { event: t(`notifications.event.${x.event}`), number: x.ticketNumber ?? '', title, what, note });
  // masked once more as a whole, as the server masks its summary: joining and cutting can make a number out of parts
  return maskFreeText(line);
}
