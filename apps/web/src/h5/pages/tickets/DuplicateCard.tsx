import type { Ticket, TicketDetail } from '@tongxin/domain';
import { Button, Dialog, List, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { t } from '../../../shared/i18n.ts';
import { useFetch } from '../../hooks/useFetch.ts';
import { statusColor, statusLabel } from './labels.ts';

/**
 * A case waiting for dispatch: the open cases of its category within 100 m from the last 7 days, each to open or to
 * merge this one into (the committee on the phone sees the same warning as in the console's drawer).
 */
export function DuplicateCard({ tk, onMerge }: { tk: TicketDetail; onMerge: (targetId: string) => Promise<boolean> }) {
  const navigate = useNavigate();
  const loc = tk.location;
  const query = loc ? new URLSearchParams({ categoryId: tk.categoryId, lng: String(loc.lng), lat: String(loc.lat), crs: loc.crs }).toString() : '';
  const { data } = useFetch<{ items: Ticket[] }>(`/tickets/duplicates?${query}`);
  const items = (data?.items ?? []).filter((d) => d.id !== tk.id);
  if (!loc || items.length === 0) return null;
  const merge = async (d: Ticket) => {
    if (await Dialog.confirm({ content: t('h5.ticket.mergeIntoConfirm', { number: d.number }) })) await onMerge(d.id);
  };
  return (
    <List
      mode="card"
      header={<span style={{ color: 'var(--adm-color-warning)' }}>{t('h5.ticket.duplicates', { n: items.length })}</span>}
      data-testid="duplicates"
    >
      {items.map((d) => (
        <List.Item
          key={d.id}
          onClick={() => navigate(`/tickets/${d.id}`)}
          description={d.number}
          extra={
            <Button
              size="mini"
              color="warning"
              fill="outline"
              onClick={(e) => {
                e.stopPropagation();
                void merge(d);
              }}
            >
              {t('h5.ticket.mergeInto')}
            </Button>
          }
        >
          {d.title}{' '}
          <Tag color={statusColor(d.status)} fill="outline">
            {statusLabel(d.status)}
          </Tag>
        </List.Item>
      ))}
    </List>
  );
}
