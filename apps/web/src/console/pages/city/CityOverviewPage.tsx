import { ExportOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import type { CityAlliance, CityOverview } from '@tongxin/domain';
import { Alert, Button, Card, Col, DatePicker, Row, Spin, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { get } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { downloadXlsx } from '../../lib/download.ts';
import { showError } from '../../lib/errors.ts';
import { TZ, dayjs } from '../../lib/time.ts';
import { pct } from '../tickets/common.tsx';

type Rate = 'responseRate' | 'resolutionRate' | 'satisfactionRate';
const RATES: readonly Rate[] = ['responseRate', 'resolutionRate', 'satisfactionRate'];

/** A column sorted by a number of the row (rates without a denominator last). */
const byNumber = (f: (r: CityAlliance) => number | null) => (a: CityAlliance, b: CityAlliance) => (f(a) ?? -1) - (f(b) ?? -1);

/** Each rate's numerator / denominator, as the 三率 page words them. */
function rateOf(k: Rate, r: CityAlliance['rates']): string {
  if (k === 'responseRate') return t('console.stats.responseOf', { a: r.acceptedOnTime, b: r.responseDue });
  if (k === 'resolutionRate') return t('console.stats.resolutionOf', { a: r.ratedSolved, b: r.rated });
  return t('console.stats.satisfactionOf', { a: r.ratedSatisfied, b: r.rated });
}

/** Merchants per star, highest first, on one line: kept narrow so the table fits a 1440 px window without scrolling. */
function StarCounts({ stars }: { stars: CityAlliance['credit']['stars'] }) {
  const shown = stars.filter((s) => s.stars > 0 && s.count > 0).reverse();
  if (!shown.length) return <>—</>;
  return (
    <span data-testid="city-stars" style={{ whiteSpace: 'nowrap', fontSize: 12 }}>
      {shown.map((s) => (
        <span key={s.stars} title={t('console.city.starCount', { s: s.stars, n: s.count })} style={{ marginRight: 6 }}>
          <span style={{ color: '#faad14' }}>{s.stars}★</span>
          {s.count}
        </span>
      ))}
    </span>
  );
}

/** 全市总览: the city administrator's month of every alliance — total cards, a sortable table, its Excel export. */
export function CityOverviewPage() {
  const [month, setMonth] = useState<Dayjs>(() => dayjs().tz(TZ).startOf('month'));
  const [data, setData] = useState<CityOverview | null>(null);
  const [loading, setLoading] = useState(false);
  const [exporting, setExporting] = useState(false);
  const m = month.format('YYYY-MM');

  useEffect(() => {
    let live = true;
    setLoading(true);
    void get<CityOverview>('/city/overview', { month: m })
      .then((o) => live && setData(o))
      .catch((e: unknown) => live && showError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [m]);

  const exportTable = async () => {
    setExporting(true);
    try {
      await downloadXlsx('/city/overview/export', `city-overview-${m}.xlsx`, { month: m });
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  const columns: ColumnsType<CityAlliance> = [
    {
      title: t('console.city.alliance'),
      dataIndex: 'name',
      fixed: 'left',
      width: 168,
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
      render: (_v, r) => (
        <>
          {r.name} <Tag color="red">{r.code}</Tag>
          {r.status === 'disabled' && <Tag>{t('status.disabled')}</Tag>}
        </>
      ),
    },
    { title: t('console.city.reported'), dataIndex: 'reported', width: 88, align: 'right', sorter: byNumber((r) => r.reported) },
    { title: t('console.city.open'), dataIndex: 'open', width: 68, align: 'right', sorter: byNumber((r) => r.open) },
    { title: t('console.city.overdue'), dataIndex: 'overdue', width: 88, align: 'right', sorter: byNumber((r) => r.overdue) },
    ...RATES.map((k): ColumnsType<CityAlliance>[number] => ({
      title: t(`console.stats.${k}`),
      key: k,
      width: 80,
      align: 'right',
      sorter: byNumber((r) => r.rates[k]),
      render: (_v, r) => <span title={rateOf(k, r.rates)}>{pct(r.rates[k])}</span>,
    })),
    {
      title: t('console.city.satisfiedStars'),
      key: 'satisfiedStars',
      width: 116,
      align: 'right',
      // may wrap (in English): the star counts beside it may not
      render: (_v, r) =>
        t(r.settings.includeCallbacks ? 'console.city.starsWithCallbacks' : 'console.city.starsWithoutCallbacks', { n: r.settings.satisfiedStars }),
    },
    {
      title: t('console.city.merchants'),
      key: 'merchants',
      width: 92,
      align: 'right',
      sorter: byNumber((r) => r.credit.operating),
      render: (_v, r) => r.credit.operating,
    },
    { title: t('console.city.stars'), key: 'stars', render: (_v, r) => <StarCounts stars={r.credit.stars} /> },
  ];

  const total = data?.total;
  const cards: [string, string | number, string?][] = total
    ? [
        [t('console.city.reported'), total.reported],
        [t('console.city.open'), total.open],
        [t('console.city.overdue'), total.overdue],
        ...RATES.map((k): [string, string, string] => [t(`console.stats.${k}`), pct(total.rates[k]), rateOf(k, total.rates)]),
      ]
    : [];
  return (
    <PageContainer
      title={t('console.menu.city')}
      extra={[
        <DatePicker
          key="month"
          picker="month"
          allowClear={false}
          value={month}
          onChange={(v) => v && setMonth(v)}
          disabledDate={(d) => d.isAfter(dayjs().tz(TZ).endOf('month'))}
        />,
        <Button key="export" data-testid="city-export" icon={<ExportOutlined />} loading={exporting} disabled={!data} onClick={() => void exportTable()}>
          {t('console.city.export')}
        </Button>,
      ]}
    >
      <Spin spinning={loading}>
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          {cards.map(([title, value, sub]) => (
            <Col xs={12} md={8} xl={4} key={title}>
              <Card size="small" data-testid="city-card">
                <Statistic title={title} value={value} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {sub ?? '\u00a0'}
                </Typography.Text>
              </Card>
            </Col>
          ))}
        </Row>
        <Card title={t('console.city.table', { n: data?.alliances.length ?? 0 })} style={{ marginBottom: 16 }}>
          <Table<CityAlliance>
            data-testid="city-table"
            rowKey="allianceId"
            size="small"
            columns={columns}
            dataSource={data?.alliances ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            summary={() =>
              total ? (
                <Table.Summary fixed>
                  <Table.Summary.Row style={{ fontWeight: 600 }}>
                    <Table.Summary.Cell index={0}>{t('console.city.total')}</Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="right">
                      {total.reported}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={2} align="right">
                      {total.open}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={3} align="right">
                      {total.overdue}
                    </Table.Summary.Cell>
                    {RATES.map((k, i) => (
                      <Table.Summary.Cell key={k} index={4 + i} align="right">
                        {pct(total.rates[k])}
                      </Table.Summary.Cell>
                    ))}
                    <Table.Summary.Cell index={7} />
                    <Table.Summary.Cell index={8} align="right">
                      {total.credit.operating}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={9} />
                  </Table.Summary.Row>
                </Table.Summary>
              ) : null
            }
          />
        </Card>
      </Spin>
      <Alert type="info" showIcon message={t('console.city.note')} />
    </PageContainer>
  );
}
