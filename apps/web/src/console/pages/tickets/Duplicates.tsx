import type { Ticket } from '@tongxin/domain';
import { Alert, Button, Popconfirm, Space } from 'antd';
import { useEffect, useState } from 'react';
import { get } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { StatusTag } from './common.tsx';

/**
 * Open tickets of the same category within 100 m in the last 7 days (the case itself left out), looked up once a
 * category and a point are known: on intake, and in the drawer of a case waiting for dispatch, where `onMerge` merges
 * the case into one of them.
 */
export function Duplicates({
  categoryId,
  lng,
  lat,
  crs,
  excludeId,
  onOpen,
  onMerge,
}: {
  categoryId?: string;
  lng?: number;
  lat?: number;
  crs?: string;
  excludeId?: string;
  onOpen: (id: string) => void;
  onMerge?: (targetId: string) => void;
}) {
  const [items, setItems] = useState<Ticket[]>([]);
  useEffect(() => {
    if (!categoryId || typeof lng !== 'number' || typeof lat !== 'number') {
      setItems([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      get<{ items: Ticket[] }>('/tickets/duplicates', { categoryId, lng, lat, crs: crs ?? 'wgs84' })
        .then((r) => live && setItems(r.items.filter((d) => d.id !== excludeId)))
        .catch(() => live && setItems([]));
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [categoryId, lng, lat, crs, excludeId]);
  if (items.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="duplicates"
      message={t('console.ticket.duplicatesFound', { n: items.length })}
      description={
        <Space direction="vertical" size={2}>
          {items.map((d) => (
            <Space key={d.id} size={8} data-testid={`duplicate-${d.number}`}>
              <a onClick={() => onOpen(d.id)}>
                {d.number} <StatusTag status={d.status} /> {d.title}
              </a>
              {onMerge && (
                <Popconfirm title={t('console.ticket.mergeIntoConfirm', { number: d.number })} onConfirm={() => onMerge(d.id)}>
                  <Button size="small" type="link">
                    {t('console.ticket.mergeInto')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          ))}
        </Space>
      }
    />
  );
}
