import type { TicketStatus } from '@tongxin/domain';
import { t } from '../../../shared/i18n.ts';

/** The first of the keys that has a translation, else the last key's raw value. */
export function label(keys: string[], fallback: string): string {
  for (const k of keys) {
    const s = t(k);
    if (s !== k) return s;
  }
  return fallback;
}

export const statusLabel = (s: string) => label([`ticketStatus.${s}`], s);
export const kindLabel = (k: string) => label([`ticketKind.${k}`], k);
/** A timeline event or action: ticketAction.* (shared), else the h5 names of clock events (create, overdue…). */
export const actionLabel = (a: string) => label([`ticketAction.${a}`, `h5.ticket.event.${a}`], a);

const STATUS_COLOR: Record<TicketStatus, string> = {
  submitted: 'default',
  dispatched: 'warning',
  accepted: 'primary',
  resolved: '#2f9e44',
  closed: 'success',
  cancelled: 'default',
  merged: 'default',
};
export const statusColor = (s: TicketStatus) => STATUS_COLOR[s] ?? 'default';

/** The last moment (23:59:59 Asia/Shanghai) of the calendar day the date picker shows. */
export function endOfShanghaiDay(d: Date): number {
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), 23, 59, 59) - 8 * 3600_000;
}
