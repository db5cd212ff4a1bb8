import type { ResourceSuggestion, TicketDetail } from '@tongxin/domain';
import { Button, Empty, List, Popconfirm, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { get, post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { useSession } from '../../auth/session.tsx';
import { showError } from '../../lib/errors.ts';
import { dayjs } from '../../lib/time.ts';

/** What the dispatch form holds when a suggestion is chosen (its deadline, responsible person, assisting units and note carry over). */
export interface DispatchDraft {
  leadUnitId?: unknown;
  responsiblePersonId?: unknown;
  assistUnitIds?: unknown;
  dueAt?: unknown;
  note?: unknown;
}

const km = (m: number) => (m < 1000 ? `${m} m` : `${(m / 1000).toFixed(1)} km`);

/**
 * 资源推荐 in the dispatch dialog: the alliance's resources ranked for this need (category, jieba text similarity,
 * distance). Choosing one dispatches the ticket to the resource's unit and opens the project in one step.
 */
export function ResourceSuggestions({ ticket, draft, onDone }: { ticket: TicketDetail; draft: () => DispatchDraft; onDone: (t: TicketDetail) => void }) {
  const { can } = useSession();
  const [items, setItems] = useState<ResourceSuggestion[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const allowed = can('resource:read');

  useEffect(() => {
    if (!allowed) return;
    let live = true;
    get<{ items: ResourceSuggestion[] }>(`/tickets/${ticket.id}/resource-suggestions`, { limit: 5 })
      .then((r) => live && setItems(r.items))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [ticket.id, allowed]);

  if (!allowed) return null;

  const choose = async (s: ResourceSuggestion) => {
    const d = draft();
    const unit = s.resource.unitId;
    const due = d.dueAt ? (dayjs.isDayjs(d.dueAt) ? d.dueAt : dayjs(d.dueAt as string)).format('YYYY-MM-DD') : undefined;
    const body = {
      resourceId: s.resource.id,
      ...(due ? { deadline: due } : {}),
      // the responsible person picked in the form belongs to the lead unit picked there
      responsiblePersonId: d.leadUnitId === unit && typeof d.responsiblePersonId === 'string' ? d.responsiblePersonId : null,
      assistUnitIds: Array.isArray(d.assistUnitIds) ? (d.assistUnitIds as string[]).filter((u) => u !== unit) : [],
      ...(typeof d.note === 'string' && d.note.trim() ? { note: d.note } : {}),
    };
    setBusy(s.resource.id);
    try {
      const r = await post<{ ticket: TicketDetail }>(`/tickets/${ticket.id}/dispatch-with-resource`, body);
      onDone(r.ticket);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div style={{ marginBottom: 16 }}>
      <Typography.Text strong>{t('resources.suggest.title')}</Typography.Text>
      <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
        {t('resources.suggest.hint')}
      </Typography.Text>
      {items === null ? (
        <div>
          <Spin size="small" />
        </div>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('resources.suggest.none')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(s) => (
            <List.Item
              actions={[
                <Popconfirm key="go" title={t('resources.suggest.confirm', { unit: s.resource.unitName })} onConfirm={() => choose(s)}>
                  <Button size="small" type="link" loading={busy === s.resource.id}>
                    {t('resources.suggest.choose')}
                  </Button>
                </Popconfirm>,
              ]}
            >
              <Space direction="vertical" size={0}>
                <Space size={4} wrap>
                  <Tag color="cyan">{t(`resourceCategory.${s.resource.category}`)}</Tag>
                  <Typography.Text strong>{s.resource.title}</Typography.Text>
                  <Typography.Text type="secondary">{s.resource.unitName}</Typography.Text>
                </Space>
                <Tooltip
                  title={t('resources.suggest.parts', {
                    category: s.categoryScore.toFixed(2),
                    text: s.textScore.toFixed(2),
                    distance: s.distanceScore.toFixed(2),
                  })}
                >
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('resources.suggest.score', { score: s.score.toFixed(2) })}
                    {s.distance !== null && ` · ${km(s.distance)}`}
                    {s.matchedTokens.length > 0 && ` · ${s.matchedTokens.slice(0, 5).join(' ')}`}
                  </Typography.Text>
                </Tooltip>
              </Space>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
