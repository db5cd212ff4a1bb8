import { ModalForm, PageContainer, ProFormDatePicker, ProFormSelect, ProFormText, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { PLAQUE_KINDS, RoundCreate, type EvaluationRound, type RoundCandidate, type RoundDetail } from '@tongxin/domain';
import { Button, Drawer, Popconfirm, Rate, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { get, post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { zodRule } from '../../../shared/zodRule.ts';
import { attempt, showError } from '../../lib/errors.ts';
import { listRequest } from '../../lib/list.ts';
import { dayjs, endOfDay, fmtLastDay, fmtTime } from '../../lib/time.ts';

const DECISION_COLORS: Record<string, string> = { approved: 'green', rejected: 'red', pending: 'default' };

function RoundForm({ onClose, onDone }: { onClose: () => void; onDone: (id: string) => void }) {
  return (
    <ModalForm<{ name: string; plaqueKind: string; validUntil?: string }>
      name="credit-round"
      title={t('merchants.credit.roundCreate')}
      open
      onOpenChange={(o) => !o && onClose()}
      onFinish={async (v) => {
        let id = '';
        const body = { name: v.name, plaqueKind: v.plaqueKind, validUntil: v.validUntil ? endOfDay(v.validUntil) : null };
        const ok = await attempt(async () => {
          id = (await post<RoundDetail>('/credit/rounds', body)).id;
        });
        if (ok) onDone(id);
        return ok;
      }}
    >
      <ProFormText
        name="name"
        label={t('merchants.credit.roundName')}
        placeholder={t('merchants.credit.roundNamePlaceholder')}
        rules={[{ required: true, message: t('issue.required') }, zodRule(RoundCreate, 'name')]}
      />
      <ProFormSelect
        name="plaqueKind"
        label={t('merchants.credit.plaques')}
        rules={[{ required: true, message: t('issue.required') }]}
        options={PLAQUE_KINDS.map((k) => ({ value: k, label: t(`merchants.credit.plaque.${k}`) }))}
      />
      <ProFormDatePicker
        name="validUntil"
        label={t('merchants.credit.validUntil')}
        tooltip={t('merchants.credit.validUntilHint')}
        // a plaque valid until a past day would never show (the server refuses it too)
        fieldProps={{ disabledDate: (d: dayjs.Dayjs) => endOfDay(d.format('YYYY-MM-DD')) <= Date.now() }}
      />
    </ModalForm>
  );
}

/** A round's ranked candidates: approve or reject each, then finish (plaques granted and taken down). */
function RoundDrawer({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged: () => void }) {
  const [round, setRound] = useState<RoundDetail | null>(null);
  const load = useCallback(() => get<RoundDetail>(`/credit/rounds/${id}`).then(setRound, showError), [id]);
  useEffect(() => {
    void load();
  }, [load]);
  const decide = async (c: RoundCandidate, approve: boolean) => {
    try {
      setRound(await post<RoundDetail>(`/credit/rounds/${id}/candidates/${c.merchantId}/decision`, { approve }));
    } catch (e) {
      showError(e);
    }
  };
  const open = round?.status === 'open';
  return (
    <Drawer
      open
      width={900}
      title={round ? `${round.name}（${t(`merchants.credit.plaque.${round.plaqueKind}`)}）` : ''}
      onClose={onClose}
      extra={
        open && (
          <Popconfirm
            title={t('merchants.credit.finishConfirm')}
            onConfirm={async () => {
              if (await attempt(() => post(`/credit/rounds/${id}/finish`))) {
                await load();
                onChanged();
              }
            }}
          >
            <Button type="primary">{t('merchants.credit.finish')}</Button>
          </Popconfirm>
        )
      }
    >
      <Table<RoundCandidate>
        rowKey="merchantId"
        size="small"
        dataSource={round?.items ?? []}
        loading={!round}
        pagination={false}
        columns={[
          { title: t('merchants.credit.rank'), dataIndex: 'rank', width: 60 },
          {
            title: t('merchants.registry.name'),
            dataIndex: 'merchantName',
            render: (v: string, c) =>
              c.holder ? (
                <Space>
                  {v}
                  <Tag color="red">{t('merchants.credit.holder')}</Tag>
                </Space>
              ) : (
                v
              ),
          },
          { title: t('merchants.credit.scoreCol'), dataIndex: 'score', width: 70 },
          { title: t('merchants.credit.stars'), dataIndex: 'stars', width: 130, render: (v: number) => <Rate disabled value={v} style={{ fontSize: 12 }} /> },
          { title: t('merchants.credit.points'), dataIndex: 'points', width: 60 },
          { title: t('merchants.credit.upheldComplaints'), dataIndex: 'upheldComplaints', width: 80 },
          {
            title: t('merchants.credit.decision'),
            dataIndex: 'decision',
            width: 90,
            render: (v: string) => <Tag color={DECISION_COLORS[v]}>{t(`merchants.credit.decision.${v}`)}</Tag>,
          },
          {
            title: t('common.actions'),
            key: 'a',
            width: 150,
            render: (_v, c) =>
              open && (
                <Space size={4}>
                  <Button size="small" type="link" onClick={() => void decide(c, true)}>
                    {c.holder ? t('merchants.credit.keep') : t('merchants.credit.approve')}
                  </Button>
                  <Button size="small" type="link" danger onClick={() => void decide(c, false)}>
                    {c.holder ? t('merchants.credit.revoke') : t('merchants.credit.reject')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Drawer>
  );
}

/** Evaluation rounds (诚信遴选, 联盟推荐商家 quarterly): list, create, decide, finish. */
export function RoundsPage() {
  const action = useRef<ActionType>(null);
  const [creating, setCreating] = useState(false);
  const [opened, setOpened] = useState<string | null>(null);
  const columns: ProColumns<EvaluationRound>[] = [
    { title: t('merchants.credit.roundName'), dataIndex: 'name', search: false, render: (_d, r) => <a onClick={() => setOpened(r.id)}>{r.name}</a> },
    {
      title: t('merchants.credit.plaques'),
      dataIndex: 'plaqueKind',
      search: false,
      width: 130,
      render: (_d, r) => <Tag color="red">{t(`merchants.credit.plaque.${r.plaqueKind}`)}</Tag>,
    },
    {
      title: t('merchants.credit.status'),
      dataIndex: 'status',
      width: 100,
      valueType: 'select',
      fieldProps: { options: ['open', 'finished'].map((s) => ({ value: s, label: t(`merchants.credit.round.${s}`) })) },
      render: (_d, r) => <Tag color={r.status === 'open' ? 'processing' : 'default'}>{t(`merchants.credit.round.${r.status}`)}</Tag>,
    },
    { title: t('merchants.credit.candidates'), dataIndex: 'candidates', search: false, width: 100, render: (_d, r) => `${r.approved} / ${r.candidates}` },
    { title: t('merchants.credit.validUntil'), dataIndex: 'validUntil', search: false, width: 130, render: (_d, r) => fmtLastDay(r.validUntil) },
    { title: t('merchants.credit.at'), dataIndex: 'createdAt', search: false, width: 170, render: (_d, r) => fmtTime(r.createdAt) },
  ];
  return (
    <PageContainer>
      <ProTable<EvaluationRound>
        rowKey="id"
        actionRef={action}
        columns={columns}
        request={listRequest<EvaluationRound>('/credit/rounds')}
        toolBarRender={() => [
          <Button key="new" type="primary" onClick={() => setCreating(true)}>
            {t('merchants.credit.roundCreate')}
          </Button>,
        ]}
      />
      {creating && (
        <RoundForm
          onClose={() => setCreating(false)}
          onDone={(id) => {
            setCreating(false);
            action.current?.reload();
            setOpened(id);
          }}
        />
      )}
      {opened && <RoundDrawer id={opened} onClose={() => setOpened(null)} onChanged={() => action.current?.reload()} />}
    </PageContainer>
  );
}
