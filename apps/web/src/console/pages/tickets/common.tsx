import { dueSoon, type Category, type TicketStatus } from '@tongxin/domain';
import { Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { t } from '../../../shared/i18n.ts';
import { useSession } from '../../auth/session.tsx';
import { fetchAll } from '../../lib/list.ts';
import { fmtTime } from '../../lib/time.ts';

/** Tag colour of each ticket status. */
export const STATUS_COLORS: Record<TicketStatus, string> = {
  submitted: 'gold',
  dispatched: 'blue',
  accepted: 'geekblue',
  resolved: 'cyan',
  closed: 'green',
  cancelled: 'default',
  merged: 'purple',
};

export function StatusTag({ status }: { status: TicketStatus }) {
  return <Tag color={STATUS_COLORS[status]}>{t(`ticketStatus.${status}`)}</Tag>;
}

/** The statuses in which a case's deadline clock runs (dispatched, not yet resolved). */
export const RUNNING: readonly TicketStatus[] = ['dispatched', 'accepted'];

/**
 * A deadline with a red 超期 tag (flagged overdue, or passed while its clock still runs) or an orange 临期 tag (the SLA
 * clock's warning rule, over the window that opened at `from`). `running`: the clock of this deadline still runs (the
 * case is not yet accepted, for the accept deadline; not yet resolved, for the case's).
 */
export function DueCell({ dueAt, from, overdue, running }: { dueAt: number | null; from: number | null; overdue: boolean; running: boolean }) {
  if (dueAt === null) return <>-</>;
  const now = Date.now();
  const late = overdue || (running && now > dueAt);
  const soon = running && !late && from !== null && dueSoon(now, dueAt, from);
  return (
    <span>
      {fmtTime(dueAt).slice(0, 16)} {late && <Tag color="red">{t('console.ticket.overdueTag')}</Tag>}
      {soon && <Tag color="orange">{t('console.ticket.soonTag')}</Tag>}
    </span>
  );
}

/** The alliance's categories (GET /categories), active and inactive; empty without ticket:read. */
export function useCategories() {
  const enabled = useSession().can('ticket:read');
  const [rows, setRows] = useState<Category[]>([]);
  const reload = useCallback(async () => {
    if (!enabled) return;
    setRows(await fetchAll<Category>('/categories'));
  }, [enabled]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { rows, reload };
}

/** A rate 0..1 as a percentage; null (no denominator) as '—'. */
export function pct(r: number | null | undefined): string {
  return r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`;
}
