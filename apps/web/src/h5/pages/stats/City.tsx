import './stats.css';
import { previousMonth, shanghaiMonth, type CityOverview } from '@tongxin/domain';
import { ErrorBlock, List, PullToRefresh, Selector, Tag } from 'antd-mobile';
import { useState } from 'react';
import { t } from '../../../shared/i18n.ts';
import { Loading } from '../../components/Loading.tsx';
import { PageShell } from '../../components/PageShell.tsx';
import { useFetch } from '../../hooks/useFetch.ts';
import { pct, RateFigure } from './RateFigure.tsx';

type Period = 'month' | 'lastMonth';

/**
 * 全市总览 on the phone for the city administrator, read-only: the month's city totals and each alliance's cases, open,
 * overdue and 三率, from the console's GET /city/overview (the server refuses anyone else).
 */
export default function CityPage() {
  const [period, setPeriod] = useState<Period>('month');
  const now = shanghaiMonth(Date.now());
  const month = period === 'month' ? now : previousMonth(now);
  const o = useFetch<CityOverview>(`/city/overview?month=${month}`);
  const total = o.data?.total;

  return (
    <PageShell title={t('h5.city.title')}>
      <PullToRefresh onRefresh={o.reload}>
        <div className="tx-rate-period">
          <Selector
            columns={2}
            value={[period]}
            onChange={(v) => v[0] && setPeriod(v[0])}
            options={(['month', 'lastMonth'] as const).map((p) => ({ value: p, label: t(`h5.rates.period.${p}`) }))}
          />
        </div>
        {o.loading && <Loading />}
        {o.error && !o.data && <ErrorBlock status="default" title={o.error} description="" />}
        {total && o.data && (
          <>
            <section className="tx-card tx-rate-card" data-testid="city-total">
              <div className="tx-rate-figures">
                <RateFigure id="reported" label={t('h5.city.reported')} value={String(total.reported)} />
                <RateFigure id="open" label={t('h5.city.open')} value={String(total.open)} />
                <RateFigure id="overdue" label={t('h5.city.overdue')} value={String(total.overdue)} />
              </div>
              <div className="tx-rate-figures tx-city-rates">
                <RateFigure id="response" label={t('h5.rates.response')} value={total.rates.responseRate} />
                <RateFigure id="resolution" label={t('h5.rates.resolution')} value={total.rates.resolutionRate} />
                <RateFigure id="satisfaction" label={t('h5.rates.satisfaction')} value={total.rates.satisfactionRate} />
              </div>
            </section>
            <List header={t('h5.city.list', { n: o.data.alliances.length })} className="tx-rate-ranking">
              {o.data.alliances.map((a) => (
                <List.Item
                  key={a.allianceId}
                  data-testid="city-alliance"
                  extra={
                    a.overdue > 0 ? (
                      <Tag color="danger" fill="outline">
                        {t('h5.city.overdueTag', { n: a.overdue })}
                      </Tag>
                    ) : undefined
                  }
                  description={
                    <>
                      <div>{t('h5.city.cases', { reported: a.reported, open: a.open })}</div>
                      <div>
                        {t('h5.city.rates', {
                          response: pct(a.rates.responseRate),
                          resolution: pct(a.rates.resolutionRate),
                          satisfaction: pct(a.rates.satisfactionRate),
                        })}
                      </div>
                    </>
                  }
                >
                  {a.name}{' '}
                  <Tag color="primary" fill="outline">
                    {a.code}
                  </Tag>
                  {a.status === 'disabled' && <Tag className="tx-city-disabled">{t('status.disabled')}</Tag>}
                </List.Item>
              ))}
            </List>
            <div className="tx-hint tx-rate-formula">{t('h5.city.note')}</div>
          </>
        )}
      </PullToRefresh>
    </PageShell>
  );
}
