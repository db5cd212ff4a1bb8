import type { MerchantCredit } from '@tongxin/domain';
import { LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { t } from '../../../shared/i18n.ts';
import { dayjs, TZ } from '../../lib/time.ts';

const DAY = 86_400_000;

echarts.use([LineChart, GridComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

/** Points over time as a step line (one series per cycle, so a reset to 12 does not draw a slope); loaded lazily. */
export default function CreditChart({ history }: { history: MerchantCredit['history'] }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current);
    const cycles = [...new Set(history.map((h) => h.cycleId))];
    const now = Date.now();
    // one label per day at most (a busy day must not repeat its date); the year only when the chart spans two
    const years = new Set([...history.map((h) => dayjs(h.at).tz(TZ).year()), dayjs(now).tz(TZ).year()]);
    const fmt = years.size > 1 ? 'YYYY-MM-DD' : 'MM-DD';
    c.setOption({
      color: ['#cf1322'],
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${String(v)} ${t('merchants.credit.pointsUnit')}` },
      grid: { left: 36, right: 16, top: 16, bottom: 28 },
      xAxis: {
        type: 'time',
        minInterval: DAY,
        axisLabel: { hideOverlap: true, formatter: (v: number) => dayjs(v).tz(TZ).format(fmt) },
        axisPointer: { label: { formatter: (p: { value: number }) => dayjs(p.value).tz(TZ).format('YYYY-MM-DD HH:mm') } },
      },
      yAxis: { type: 'value', min: 0, max: 12, interval: 3 },
      series: cycles.map((id, i) => {
        // in time order: the ledger is listed newest first, and entries can share a moment
        const pts = history
          .filter((h) => h.cycleId === id)
          .sort((x, y) => x.at - y.at)
          .map((h) => [h.at, h.points]);
        // the running cycle's line reaches today
        const last = pts[pts.length - 1];
        if (i === cycles.length - 1 && last) pts.push([now, last[1] as number]);
        return {
          type: 'line',
          step: 'end',
          symbolSize: 6,
          data: pts,
          ...(i === 0 ? { markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#faad14' }, data: [{ yAxis: 6 }] } } : {}),
        };
      }),
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
    };
  }, [history]);
  return <div ref={el} style={{ height: 220, width: '100%' }} data-testid="credit-chart" />;
}
