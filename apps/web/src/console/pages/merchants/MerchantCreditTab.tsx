import type { CreditEntry, CreditObjection, MerchantCredit, PlaqueRecord } from '@tongxin/domain';
import { Button, Card, Descriptions, Empty, Image, Rate, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { get } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { useSession } from '../../auth/session.tsx';
import { showError } from '../../lib/errors.ts';
import { fmtLastDay, fmtTime } from '../../lib/time.ts';
import { EntryForm } from '../credit/EntryForm.tsx';
import { ObjectionDecideForm, ObjectionFileForm } from '../credit/ObjectionForms.tsx';
import { PromiseForm } from '../credit/PromiseForm.tsx';

// echarts loads only when a credit tab is opened
const CreditChart = lazy(() => import('../credit/CreditChart.tsx'));

const FLAG_COLORS: Record<string, string> = { red: 'red', yellow: 'gold' };
const KIND_COLORS: Record<string, string> = { deduction: 'red', restoration: 'green', correction: 'blue', reversal: 'purple' };
const DAY = 86_400_000;

type Dialog =
  | { kind: 'entry'; entry: 'deduction' | 'restoration'; corrects?: CreditEntry }
  | { kind: 'promise' }
  | { kind: 'object'; target: { entryId: string } | { ticketId: string } }
  | { kind: 'decide'; objection: CreditObjection }
  | null;

/** The credit part of a merchant's detail drawer: summary, chart, ledger, deduct/restore, promise, objections, flags. */
export function MerchantCreditTab({ merchantId }: { merchantId: string }) {
  const { can } = useSession();
  const [data, setData] = useState<MerchantCredit | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const load = useCallback(async () => {
    try {
      setData(await get<MerchantCredit>(`/merchants/${merchantId}/credit`));
    } catch (e) {
      showError(e);
    }
  }, [merchantId]);
  useEffect(() => {
    void load();
  }, [load]);
  if (!data) return <Spin />;
  const done = () => {
    setDialog(null);
    void load();
  };
  const write = can('credit:write');
  const objected = new Set(data.objections.map((o) => o.entryId).filter(Boolean));
  const now = Date.now();
  const columns = [
    { title: t('merchants.credit.at'), dataIndex: 'at', width: 140, render: (v: number) => fmtTime(v) },
    {
      title: t('merchants.credit.kind'),
      dataIndex: 'kind',
      width: 84,
      render: (v: string) => <Tag color={KIND_COLORS[v]}>{t(`merchants.credit.kind.${v}`)}</Tag>,
    },
    { title: t('merchants.credit.item'), dataIndex: 'itemName', width: 150, ellipsis: true, render: (v: string | null, r: CreditEntry) => v ?? r.note ?? '-' },
    {
      title: t('merchants.credit.delta'),
      dataIndex: 'delta',
      width: 72,
      render: (v: number, r: CreditEntry) => (
        <span
          title={t('merchants.credit.askedApplied', { asked: r.pointsAsked, applied: r.pointsApplied })}
          style={{ color: v < 0 ? '#cf1322' : v > 0 ? '#389e0d' : '#8c8c8c' }}
        >
          {v > 0 ? `+${v}` : v}
          {r.pointsAsked !== r.pointsApplied && ` (${r.pointsAsked})`}
        </span>
      ),
    },
    // wide enough for the English header ("Balance") not to break inside the word
    { title: t('merchants.credit.balance'), dataIndex: 'balanceAfter', width: 84 },
    { title: t('merchants.credit.place'), dataIndex: 'place', width: 130, ellipsis: true, render: (v: string | null) => v ?? '-' },
    { title: t('merchants.credit.inspector'), dataIndex: 'inspectorName', width: 84, ellipsis: true },
    {
      title: t('merchants.credit.photos'),
      dataIndex: 'photos',
      width: 100,
      render: (_v: unknown, r: CreditEntry) => (
        <Image.PreviewGroup>
          {r.photos.map((p) => (
            <Image key={p.id} src={p.thumbUrl} preview={{ src: p.url }} width={36} height={36} />
          ))}
        </Image.PreviewGroup>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 160,
      // kept in view at the right edge: 更正 and 异议申诉 must never scroll out of a narrow drawer
      fixed: 'right' as const,
      render: (_v: unknown, r: CreditEntry) => (
        <Space size={0} wrap>
          {write && r.cycleId === data.cycle.id && (r.kind === 'deduction' || r.kind === 'restoration') && (
            <Button size="small" type="link" onClick={() => setDialog({ kind: 'entry', entry: r.delta < 0 ? 'restoration' : 'deduction', corrects: r })}>
              {t('merchants.credit.correct')}
            </Button>
          )}
          {r.kind === 'deduction' && !objected.has(r.id) && now <= r.at + data.objectionDays * DAY && (
            <Button size="small" type="link" onClick={() => setDialog({ kind: 'object', target: { entryId: r.id } })}>
              {t('merchants.credit.objectionFile')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12} data-testid="merchant-credit">
      <Card size="small">
        <Space size={32} wrap align="start">
          <Statistic title={t('merchants.credit.pointsOf', { cycle: data.cycle.label })} value={data.points} suffix="/ 12" />
          <div>
            <Typography.Text type="secondary">{t('merchants.credit.stars')}</Typography.Text>
            <div title={t('merchants.credit.score', { score: data.starFacts.score })}>
              <Rate disabled value={data.stars} />
            </div>
          </div>
          <div>
            <Typography.Text type="secondary">{t('merchants.credit.flag')}</Typography.Text>
            <div>{data.flag ? <Tag color={FLAG_COLORS[data.flag]}>{t(`merchants.credit.flag.${data.flag}`)}</Tag> : '-'}</div>
          </div>
          <div>
            <Typography.Text type="secondary">{t('merchants.credit.plaques')}</Typography.Text>
            <div>
              {data.plaques.length
                ? data.plaques.map((p) => (
                    <Tag key={p} color="red">
                      {t(`merchants.credit.plaque.${p}`)}
                    </Tag>
                  ))
                : '-'}
            </div>
          </div>
        </Space>
        <Descriptions size="small" column={4} style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('merchants.credit.upheldComplaints')}>{data.starFacts.upheldComplaints}</Descriptions.Item>
          <Descriptions.Item label={t('merchants.credit.rating')}>{data.starFacts.ratingAverage ?? '-'}</Descriptions.Item>
          <Descriptions.Item label={t('merchants.credit.participation')}>{data.starFacts.participation}</Descriptions.Item>
          <Descriptions.Item label={t('merchants.credit.flagHistory')}>
            {data.flags
              .filter((f) => f.flag)
              .slice(0, 6)
              .map((f) => (
                <Tag key={f.month} color={FLAG_COLORS[f.flag as string]}>
                  {f.month}
                </Tag>
              ))}
          </Descriptions.Item>
        </Descriptions>
        <Suspense fallback={<Spin />}>
          <CreditChart history={data.history} />
        </Suspense>
      </Card>
      <Card
        size="small"
        title={t('merchants.credit.ledger')}
        extra={
          write && (
            <Space>
              <Button danger onClick={() => setDialog({ kind: 'entry', entry: 'deduction' })}>
                {t('merchants.credit.deduct')}
              </Button>
              <Button onClick={() => setDialog({ kind: 'entry', entry: 'restoration' })}>{t('merchants.credit.restore')}</Button>
            </Space>
          )
        }
      >
        <Table<CreditEntry> rowKey="id" size="small" dataSource={data.entries} columns={columns} pagination={{ pageSize: 10 }} scroll={{ x: 1004 }} />
      </Card>
      <Card
        size="small"
        title={t('merchants.credit.promise')}
        extra={
          can('merchant:write') && (
            <Button size="small" onClick={() => setDialog({ kind: 'promise' })}>
              {t('merchants.credit.promiseEdit')}
            </Button>
          )
        }
      >
        {data.promise ? (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>{data.promise}</Typography.Paragraph>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
        {data.promises.length > 1 && (
          <Typography.Text type="secondary">
            {t('merchants.credit.promiseHistory', { n: data.promises.length - 1, at: fmtTime(data.promises[1]?.createdAt) })}
          </Typography.Text>
        )}
      </Card>
      <Card size="small" title={t('merchants.credit.plaqueHistory')}>
        <Table<PlaqueRecord>
          rowKey="id"
          size="small"
          dataSource={data.plaqueRecords}
          pagination={false}
          locale={{ emptyText: t('merchants.credit.noPlaqueRecords') }}
          columns={[
            { title: t('merchants.credit.plaques'), dataIndex: 'kind', width: 130, render: (v: string) => t(`merchants.credit.plaque.${v}`) },
            { title: t('merchants.credit.grantedAt'), dataIndex: 'grantedAt', width: 150, render: (v: number) => fmtTime(v) },
            { title: t('merchants.credit.validUntil'), dataIndex: 'validUntil', width: 110, render: (v: number | null) => (v ? fmtLastDay(v) : '-') },
            {
              title: t('merchants.credit.status'),
              key: 'state',
              width: 90,
              render: (_v, p) => {
                const state = p.revokedAt !== null ? 'revoked' : p.validUntil !== null && p.validUntil <= now ? 'expired' : 'active';
                return <Tag color={state === 'active' ? 'red' : undefined}>{t(`merchants.credit.plaqueState.${state}`)}</Tag>;
              },
            },
            { title: t('merchants.credit.revokedAt'), dataIndex: 'revokedAt', width: 150, render: (v: number | null) => (v ? fmtTime(v) : '-') },
            { title: t('merchants.credit.revokeReason'), dataIndex: 'revokeReason', render: (v: string | null) => v ?? '-' },
          ]}
        />
      </Card>
      <Card size="small" title={t('merchants.credit.objections')}>
        <Table<CreditObjection>
          rowKey="id"
          size="small"
          dataSource={data.objections}
          pagination={false}
          locale={{ emptyText: t('merchants.credit.noObjections') }}
          columns={[
            { title: t('merchants.credit.at'), dataIndex: 'filedAt', width: 160, render: (v: number) => fmtTime(v) },
            { title: t('merchants.credit.objectionReason'), dataIndex: 'reason' },
            { title: t('merchants.credit.objectionTarget'), key: 'target', render: (_v, o) => o.ticketNumber ?? t('merchants.credit.kind.deduction') },
            { title: t('merchants.credit.status'), dataIndex: 'status', width: 90, render: (v: string) => <Tag>{t(`merchants.credit.objection.${v}`)}</Tag> },
            { title: t('merchants.credit.decisionNote'), dataIndex: 'decisionNote', render: (v: string | null) => v ?? '-' },
            {
              title: t('common.actions'),
              key: 'a',
              width: 90,
              render: (_v, o) =>
                o.status === 'pending' && can('credit:decide') ? (
                  <Button size="small" type="link" onClick={() => setDialog({ kind: 'decide', objection: o })}>
                    {t('merchants.credit.objectionDecide')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      {dialog?.kind === 'entry' && (
        <EntryForm merchantId={merchantId} kind={dialog.entry} corrects={dialog.corrects ?? null} onClose={() => setDialog(null)} onDone={done} />
      )}
      {dialog?.kind === 'promise' && (
        <PromiseForm
          merchantId={merchantId}
          initial={data.promises[0] ? { identity: data.promises[0].identity, duty: data.promises[0].duty, pledge: data.promises[0].pledge } : undefined}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      )}
      {dialog?.kind === 'object' && <ObjectionFileForm merchantId={merchantId} target={dialog.target} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'decide' && <ObjectionDecideForm objection={dialog.objection} onClose={() => setDialog(null)} onDone={done} />}
    </Space>
  );
}
