import type { DashboardOverview } from '@tongxin/domain';
import { t } from '../../../shared/i18n.ts';
import { SCREEN_TEXT } from './ScreenChart.tsx';

const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);
const axis = { axisLine: { lineStyle: { color: '#3a5a8c' } }, axisLabel: { color: SCREEN_TEXT }, splitLine: { lineStyle: { color: 'rgba(58,90,140,0.35)' } } };

/** Twelve months: cases taken in and closed (bars), 满意率 and 解决率 (lines, right axis). */
export function trendOption(o: DashboardOverview) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: SCREEN_TEXT } },
    grid: { left: 40, right: 44, top: 32, bottom: 24 },
    xAxis: { type: 'category', data: o.trend.map((p) => p.month.slice(2).replace('-', '/')), ...axis },
    yAxis: [
      { type: 'value', minInterval: 1, ...axis },
      { type: 'value', min: 0, max: 100, axisLabel: { color: SCREEN_TEXT, formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { name: t('screen.created'), type: 'bar', barMaxWidth: 14, data: o.trend.map((p) => p.created) },
      { name: t('screen.closed'), type: 'bar', barMaxWidth: 14, data: o.trend.map((p) => p.closed) },
      {
        name: t('console.stats.satisfactionRate'),
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        connectNulls: true,
        data: o.trend.map((p) => pct(p.satisfactionRate)),
      },
      {
        name: t('console.stats.resolutionRate'),
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        connectNulls: true,
        data: o.trend.map((p) => pct(p.resolutionRate)),
      },
    ],
  };
}

/** The month's cases by category, as a ring. */
export function categoryOption(o: DashboardOverview, name: (s: { key: string; name: string }) => string) {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    series: [
      {
        type: 'pie',
        radius: ['34%', '56%'],
        center: ['50%', '52%'],
        avoidLabelOverlap: true,
        label: { color: SCREEN_TEXT, formatter: '{b}\n{c}', alignTo: 'edge', edgeDistance: 6, width: 72, overflow: 'truncate' },
        labelLine: { lineStyle: { color: '#3a5a8c' } },
        data: o.byCategory.map((s) => ({ name: name(s), value: s.count })),
      },
    ],
  };
}

/** Open cases per grid, largest at the top. */
export function gridOption(o: DashboardOverview, name: (s: { key: string; name: string }) => string) {
  const rows = [...o.openByGrid].reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, ...axis },
    yAxis: { type: 'category', data: rows.map(name), ...axis, axisLabel: { color: SCREEN_TEXT, width: 110, overflow: 'truncate' } },
    series: [{ type: 'bar', barMaxWidth: 14, label: { show: true, position: 'right', color: SCREEN_TEXT }, data: rows.map((s) => s.count) }],
  };
}

/** Operating merchants by 星级 (0: not rated yet). */
export function starsOption(o: DashboardOverview) {
  const stars = o.credit?.stars ?? [];
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 8, top: 20, bottom: 4, containLabel: true },
    xAxis: { type: 'category', data: stars.map((s) => (s.stars === 0 ? t('screen.unrated') : t('screen.stars', { n: s.stars }))), ...axis },
    yAxis: { type: 'value', minInterval: 1, ...axis },
    series: [
      {
        type: 'bar',
        barMaxWidth: 22,
        itemStyle: { color: '#faad14' },
        label: { show: true, position: 'top', color: SCREEN_TEXT },
        data: stars.map((s) => s.count),
      },
    ],
  };
}
