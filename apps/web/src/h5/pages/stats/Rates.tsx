import './stats.css';
import { monthRange, previousMonth, shanghaiMonth, shanghaiMonthStart, type RateRow, type RatesResponse } from '@tongxin/domain';
import { ErrorBlock, List, PullToRefresh, Selector, Tabs, Tag } from 'antd-mobile';
import { useState } from 'react';
import type { z } from 'zod';
import { t } from '../../../shared/i18n.ts';
import { rateGroupName } from '../../../shared/rateGroups.ts';
import { Loading } from '../../components/Loading.tsx';
import { PageShell } from '../../components/PageShell.tsx';
import { useFetch } from '../../hooks/useFetch.ts';
import { pct, RateFigure } from './RateFigure.tsx';

type Row = z.infer<typeof RateRow>;
type Rates = z.infer<typeof RatesResponse>;
type Period = 'month' | 'lastMonth' | 'year';
/** lead units in the order of the on-time ranking; grids and categories by volume */
type By = 'unit' | 'grid' | 'category';

/** [from, to) of a period in Asia/Shanghai, as the stats API reads it (to is exclusive). */
function periodRange(p: Period, now = Date.now()): { from: number; to: number } {
  const month = shanghaiMonth(now);
  if (p === 'month') return { from: monthRange(month).start, to: monthRange(month).end };
  if (p === 'lastMonth') {
    const r = monthRange(previousMonth(month));
    return { from: r.start, to: r.end };
  }
  const y = Number(month.slice(0, 4));
  return { from: shanghaiMonthStart(y, 1), to: shanghaiMonthStart(y + 1, 1) };
}

/** 三率 on the phone for leaders and staff: this month, last month or this year; the alliance's figures and the units' on-time ranking. */
export default function RatesPage() {
  const [period, setPeriod] = useState<Period>('month');
  const [by, setBy] = useState<By>('unit');
  const { from, to } = periodRange(period);
  const rates = useFetch<Rates>(`/stats/rates?groupBy=${by === 'unit' ? 'lead_unit' : by}&from=${from}&to=${to}`);
  const ranking = useFetch<{ items: Row[] }>(`/stats/ranking?from=${from}&to=${to}`);
  const reload = async () => {
    await Promise.all([rates.reload(), ranking.reload()]);
  };
  const total = rates.data?.total;
  const rows = by === 'unit' ? (ranking.data?.items ?? []) : [...(rates.data?.rows ?? [])].sort((x, y) => y.dispatched - x.dispatched);
  const ranked = rows.filter((r) => r.dispatched > 0);

  return (
    <PageShell title={t('h5.rates.title')}>
      <PullToRefresh onRefresh={reload}>
        <div className="tx-rate-period">
          <Selector
            columns={3}
            value={[period]}
            onChange={(v) => v[0] && setPeriod(v[0])}
            options={(['month', 'lastMonth', 'year'] as const).map((p) => ({ value: p, label: t(`h5.rates.period.${p}`) }))}
          />
        </div>
        {(rates.loading || ranking.loading) && <Loading />}
        {rates.error && !rates.data && <ErrorBlock status="default" title={rates.error} description="" />}
        {total && (
          <>
            <section className="tx-card tx-rate-card">
              <div className="tx-rate-figures">
                <RateFigure id="response" label={t('h5.rates.response')} value={total.responseRate} />
                <RateFigure id="resolution" label={t('h5.rates.resolution')} value={total.resolutionRate} />
                <RateFigure id="satisfaction" label={t('h5.rates.satisfaction')} value={total.satisfactionRate} />
              </div>
              <div className="tx-hint tx-rate-counts">
                {t('h5.rates.counts', { dispatched: total.dispatched, rated: total.rated, onTime: pct(total.onTimeRate) })}
              </div>
            </section>
            <Tabs activeKey={by} onChange={(k) => setBy(k as By)} className="tx-rate-by">
              {(['unit', 'grid', 'category'] as const).map((k) => (
                <Tabs.Tab key={k} title={t(`h5.rates.by.${k}`)} />
              ))}
            </Tabs>
            <List header={t(`h5.rates.list.${by}`)} className="tx-rate-ranking">
              {ranked.length === 0 && <List.Item>{t('h5.rates.empty')}</List.Item>}
              {ranked.map((r, i) => (
                <List.Item
                  key={r.key}
                  data-testid={`rate-${by}`}
                  prefix={by === 'unit' ? <span className={`tx-rank tx-rank-${Math.min(i + 1, 4)}`}>{i + 1}</span> : undefined}
                  extra={
                    <Tag color={r.onTimeRate === null ? 'default' : r.onTimeRate < 0.8 ? 'danger' : 'success'} fill="outline">
                      {t('h5.rates.onTime', { rate: pct(r.onTimeRate) })}
                    </Tag>
                  }
                  description={t('h5.rates.unitLine', {
                    dispatched: r.dispatched,
                    response: pct(r.responseRate),
                    resolution: pct(r.resolutionRate),
                    satisfaction: pct(r.satisfactionRate),
                  })}
                >
                  {rateGroupName(by === 'unit' ? 'lead_unit' : by, r)}
                </List.Item>
              ))}
            </List>
            <div className="tx-hint tx-rate-formula">
              {t('h5.rates.formula', { stars: rates.data?.settings.satisfiedStars ?? 4 })}
              {t(rates.data?.settings.includeCallbacks ? 'h5.rates.callbacksOn' : 'h5.rates.callbacksOff')}
            </div>
          </>
        )}
      </PullToRefresh>
    </PageShell>
  );
}
