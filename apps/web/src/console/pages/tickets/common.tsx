import type { Category, TicketStatus } from '@tongxin/domain';
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

/** Within this many ms of the deadline a ticket counts as 临期 (about to breach). */
const SOON_MS = 24 * 3600 * 1000;

/** The deadline with a red 超期 or an orange 临期 tag. */
export function DueCell({ dueAt, overdue, open }: { dueAt: number | null; overdue: boolean; open: boolean }) {
  if (dueAt === null) return <>-</>;
  const soon = open && !overdue && dueAt - Date.now() < SOON_MS;
  return (
    <span>
      {fmtTime(dueAt).slice(0, 16)} {overdue && <Tag color="red">{t('console.ticket.overdueTag')}</Tag>}
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
