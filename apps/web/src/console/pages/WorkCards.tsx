import { monthRange, shanghaiMonth, type MeResponse, type RatesResponse } from '@tongxin/domain';
import { Card, Col, Row, Statistic } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import { get } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { TICKET_QUEUES, type TicketQueue } from '../../shared/ticketQueues.ts';
import type { Paged } from '../lib/list.ts';

type Rates = z.infer<typeof RatesResponse>;

/** The queues a person works: the committee's (dispatchers) or a unit's. */
function queuesOf(me: MeResponse): TicketQueue[] {
  if (me.permissions.includes('ticket:dispatch')) return ['submitted', 'overdue', 'extension', 'resolved'];
  if (me.role?.dataScope === 'unit' && me.permissions.includes('ticket:read')) return ['dispatched', 'accepted', 'overdue'];
  return [];
}

const pct = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`);

/** 我的待办 (the closed loop's work queues, each opening the filtered ticket table) and this month's 三率, on the home page. */
export function WorkCards({ me }: { me: MeResponse }) {
  const navigate = useNavigate();
  const queues = me.currentAlliance ? queuesOf(me) : [];
  const showRates = !!me.currentAlliance && me.permissions.includes('stats:read');
  // a queue past the list's count cap shows "10000+"
  const [counts, setCounts] = useState<Partial<Record<TicketQueue, { total: number; capped: boolean } | null>>>({});
  const [rates, setRates] = useState<Rates['total'] | null>(null);

  useEffect(() => {
    let live = true;
    for (const q of queues)
      get<Paged<unknown>>('/tickets', { ...TICKET_QUEUES[q], pageSize: 1 })
        .then((r) => live && setCounts((s) => ({ ...s, [q]: { total: r.total, capped: r.totalCapped === true } })))
        .catch(() => live && setCounts((s) => ({ ...s, [q]: null })));
    if (showRates) {
      const { start, end } = monthRange(shanghaiMonth(Date.now()));
      get<Rates>('/stats/rates', { groupBy: 'month', from: start, to: end })
        .then((r) => live && setRates(r.total))
        .catch(() => undefined);
    }
    return () => {
      live = false;
    };
    // the queues follow from the alliance and the permissions
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me.currentAlliance?.id, me.permissions.join(',')]);

  if (queues.length === 0 && !showRates) return null;
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      {queues.length > 0 && (
        <Col xs={24} xl={showRates ? 14 : 24}>
          <Card title={t('console.dashboard.todo')} style={{ height: '100%' }}>
            <Row gutter={[16, 16]}>
              {queues.map((q) => (
                <Col key={q} xs={12} md={6}>
                  <Card
                    className="tx-stat-card"
                    size="small"
                    hoverable
                    data-testid={`queue-${q}`}
                    onClick={() => void navigate(`/tickets?${new URLSearchParams(TICKET_QUEUES[q]).toString()}`)}
                  >
                    <Statistic
                      title={t(`console.dashboard.queue.${q}`)}
                      value={counts[q]?.total ?? '-'}
                      loading={!(q in counts)}
                      suffix={counts[q]?.capped ? '+' : undefined}
                      valueStyle={q === 'overdue' && (counts[q]?.total ?? 0) > 0 ? { color: '#cf1322' } : undefined}
                    />
                  </Card>
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
      )}
      {showRates && (
        <Col xs={24} xl={queues.length > 0 ? 10 : 24}>
          <Card
            title={t('console.dashboard.ratesThisMonth')}
            extra={<a onClick={() => void navigate('/stats')}>{t('console.dashboard.ratesMore')}</a>}
            style={{ height: '100%' }}
            data-testid="home-rates"
          >
            <Row gutter={16}>
              <Col span={8}>
                <Statistic title={t('console.stats.responseRate')} value={pct(rates?.responseRate)} loading={rates === null} />
              </Col>
              <Col span={8}>
                <Statistic title={t('console.stats.resolutionRate')} value={pct(rates?.resolutionRate)} loading={rates === null} />
              </Col>
              <Col span={8}>
                <Statistic title={t('console.stats.satisfactionRate')} value={pct(rates?.satisfactionRate)} loading={rates === null} />
              </Col>
            </Row>
            {rates && (
              <div style={{ marginTop: 12, color: 'rgba(0,0,0,0.45)' }}>
                {t('console.dashboard.ratesCounts', { dispatched: rates.dispatched, rated: rates.rated })}
              </div>
            )}
          </Card>
        </Col>
      )}
    </Row>
  );
}
