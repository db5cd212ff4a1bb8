import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect } from 'react';
import { t } from '../../../shared/i18n.ts';
import { useEChart } from '../../lib/useEChart.ts';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface ChartRow {
  name: string;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
}

const pctOrNull = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

/** The three rates of each row as grouped bars (percent); a missing rate (no denominator) draws no bar. */
export function RatesChart({ rows }: { rows: ChartRow[] }) {
  const { el, chart } = useEChart();

  useEffect(() => {
    chart.current?.setOption(
      {
        color: ['#cf1322', '#1677ff', '#52c41a'],
        tooltip: {
          trigger: 'axis',
          valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—'),
        },
        legend: { top: 0 },
        grid: { left: 48, right: 16, top: 36, bottom: rows.length > 6 ? 72 : 32 },
        xAxis: {
          type: 'category',
          data: rows.map((r) => r.name),
          axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0, width: 100, overflow: 'truncate' },
        },
        yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        series: [
          { name: t('console.stats.responseRate'), type: 'bar', data: rows.map((r) => pctOrNull(r.responseRate)) },
          { name: t('console.stats.resolutionRate'), type: 'bar', data: rows.map((r) => pctOrNull(r.resolutionRate)) },
          { name: t('console.stats.satisfactionRate'), type: 'bar', data: rows.map((r) => pctOrNull(r.satisfactionRate)) },
        ],
      },
      true,
    );
  }, [rows, chart]);

  return <div ref={el} style={{ width: '100%', height: 320 }} data-testid="rates-chart" />;
}
