import { PageContainer } from '@ant-design/pro-components';
import type { RateRow, RatesResponse } from '@tongxin/domain';
import { Alert, Card, Col, DatePicker, Empty, Row, Segmented, Space, Spin, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { get } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { rateGroupName } from '../../../shared/rateGroups.ts';
import { showError } from '../../lib/errors.ts';
import { TZ, dayjs } from '../../lib/time.ts';
import { useSession } from '../../auth/session.tsx';
import { RateSettingsForm } from './RateSettingsForm.tsx';
import { RatesChart } from './RatesChart.tsx';
import { pct } from './common.tsx';

type Row = z.infer<typeof RateRow>;
type Rates = z.infer<typeof RatesResponse>;
type GroupBy = 'lead_unit' | 'assist_unit' | 'grid' | 'category' | 'month';
const GROUPS: GroupBy[] = ['lead_unit', 'assist_unit', 'grid', 'category', 'month'];

/** 三率统计: 响应率, 解决率 and 满意率 by lead unit, assisting unit, grid, category or month, and the on-time ranking. */
export function StatsPage() {
  const [groupBy, setGroupBy] = useState<GroupBy>('lead_unit');
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(() => {
    const now = dayjs().tz(TZ);
    return [now.startOf('month'), now];
  });
  const [rates, setRates] = useState<Rates | null>(null);
  const [ranking, setRanking] = useState<Row[]>([]);
  const [loading, setLoading] = useState(false);
  const [reload, setReload] = useState(0);
  const { can } = useSession();

  const from = range ? dayjs.tz(range[0].format('YYYY-MM-DD'), TZ).startOf('day').valueOf() : undefined;
  const to = range ? dayjs.tz(range[1].format('YYYY-MM-DD'), TZ).endOf('day').valueOf() : undefined;

  useEffect(() => {
    let live = true;
    setLoading(true);
    void Promise.all([get<Rates>('/stats/rates', { groupBy, from, to }), get<{ items: Row[] }>('/stats/ranking', { from, to })])
      .then(([r, k]) => {
        if (!live) return;
        setRates({ ...r, rows: r.rows.map((row) => ({ ...row, name: rateGroupName(groupBy, row) })) });
        setRanking(k.items);
      })
      .catch((e: unknown) => live && showError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [groupBy, from, to, reload]);

  const columns: ColumnsType<Row> = [
    { title: t(`console.stats.group.${groupBy}`), dataIndex: 'name', fixed: 'left', width: 180 },
    // wide enough for the English header ("Dispatched" broke inside the word at 90 px)
    { title: t('console.stats.dispatched'), dataIndex: 'dispatched', width: 104, align: 'right' },
    { title: t('console.stats.responseDue'), dataIndex: 'responseDue', width: 100, align: 'right' },
    { title: t('console.stats.acceptedOnTime'), dataIndex: 'acceptedOnTime', width: 110, align: 'right' },
    { title: t('console.stats.responseRate'), dataIndex: 'responseRate', width: 100, align: 'right', render: (v: number | null) => pct(v) },
    { title: t('console.stats.rated'), dataIndex: 'rated', width: 90, align: 'right' },
    { title: t('console.stats.ratedSolved'), dataIndex: 'ratedSolved', width: 100, align: 'right' },
    { title: t('console.stats.resolutionRate'), dataIndex: 'resolutionRate', width: 100, align: 'right', render: (v: number | null) => pct(v) },
    { title: t('console.stats.ratedSatisfied'), dataIndex: 'ratedSatisfied', width: 100, align: 'right' },
    { title: t('console.stats.satisfactionRate'), dataIndex: 'satisfactionRate', width: 100, align: 'right', render: (v: number | null) => pct(v) },
    { title: t('console.stats.resolved'), dataIndex: 'resolved', width: 90, align: 'right' },
    { title: t('console.stats.onTimeRate'), dataIndex: 'onTimeRate', width: 100, align: 'right', render: (v: number | null) => pct(v) },
  ];

  const rankingColumns: ColumnsType<Row> = [
    { title: t('console.stats.rank'), key: 'rank', width: 70, render: (_v, _r, i) => i + 1 },
    { title: t('console.stats.group.lead_unit'), dataIndex: 'name' },
    { title: t('console.stats.resolved'), dataIndex: 'resolved', width: 100, align: 'right' },
    { title: t('console.stats.resolvedOnTime'), dataIndex: 'resolvedOnTime', width: 110, align: 'right' },
    { title: t('console.stats.onTimeRate'), dataIndex: 'onTimeRate', width: 110, align: 'right', render: (v: number | null) => pct(v) },
    { title: t('console.stats.satisfactionRate'), dataIndex: 'satisfactionRate', width: 110, align: 'right', render: (v: number | null) => pct(v) },
  ];

  const total = rates?.total;
  return (
    <PageContainer title={t('console.menu.stats')}>
      <Card style={{ marginBottom: 16 }}>
        <Space wrap size={16}>
          <Segmented<GroupBy> value={groupBy} onChange={setGroupBy} options={GROUPS.map((g) => ({ value: g, label: t(`console.stats.group.${g}`) }))} />
          <DatePicker.RangePicker
            value={range}
            onChange={(v) => setRange(v && v[0] && v[1] ? [v[0], v[1]] : null)}
            presets={[
              { label: t('console.stats.thisMonth'), value: [dayjs().tz(TZ).startOf('month'), dayjs().tz(TZ)] },
              { label: t('console.stats.last30'), value: [dayjs().tz(TZ).subtract(29, 'day'), dayjs().tz(TZ)] },
              { label: t('console.stats.thisYear'), value: [dayjs().tz(TZ).startOf('year'), dayjs().tz(TZ)] },
            ]}
          />
        </Space>
      </Card>
      <Spin spinning={loading}>
        <Row gutter={16} style={{ marginBottom: 16 }}>
          {(
            [
              ['responseRate', total?.responseRate, t('console.stats.responseOf', { a: total?.acceptedOnTime ?? 0, b: total?.responseDue ?? 0 })],
              ['resolutionRate', total?.resolutionRate, t('console.stats.resolutionOf', { a: total?.ratedSolved ?? 0, b: total?.rated ?? 0 })],
              ['satisfactionRate', total?.satisfactionRate, t('console.stats.satisfactionOf', { a: total?.ratedSatisfied ?? 0, b: total?.rated ?? 0 })],
            ] as const
          ).map(([k, v, sub]) => (
            <Col xs={24} md={8} key={k}>
              <Card>
                <Statistic title={t(`console.stats.${k}`)} value={pct(v)} valueStyle={{ color: '#a8071a' }} />
                <Typography.Text type="secondary">{sub}</Typography.Text>
              </Card>
            </Col>
          ))}
        </Row>
        <Card title={t('console.stats.chart')} style={{ marginBottom: 16 }}>
          {rates && rates.rows.length > 0 ? <RatesChart rows={rates.rows} /> : <Empty />}
        </Card>
        <Card title={t('console.stats.table')} style={{ marginBottom: 16 }}>
          <Table<Row> rowKey="key" size="small" columns={columns} dataSource={rates?.rows ?? []} pagination={false} scroll={{ x: 1100 }} />
        </Card>
        <Card title={t('console.stats.ranking')} style={{ marginBottom: 16 }}>
          <Table<Row> rowKey="key" size="small" columns={rankingColumns} dataSource={ranking} pagination={false} />
        </Card>
      </Spin>
      <Alert
        type="info"
        showIcon
        message={t('console.stats.formulas')}
        action={rates && can('category:write') ? <RateSettingsForm value={rates.settings} onSaved={() => setReload((n) => n + 1)} /> : undefined}
        description={
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            <li>{t('console.stats.formula.response')}</li>
            <li>{t('console.stats.formula.resolution')}</li>
            <li>{t('console.stats.formula.satisfaction', { n: rates?.settings.satisfiedStars ?? 4 })}</li>
            <li>{t(rates?.settings.includeCallbacks === false ? 'console.stats.formula.callbacksOff' : 'console.stats.formula.callbacksOn')}</li>
            <li>{t('console.stats.formula.excluded')}</li>
          </ul>
        }
      />
    </PageContainer>
  );
}
