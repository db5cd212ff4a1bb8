import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect } from 'react';
import { useEChart } from '../../lib/useEChart.ts';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** The big screen's text colour on its dark background. */
export const SCREEN_TEXT = '#c9d8f0';
/** Series colours of the big screen: Party red first, then colours that read on dark blue. */
export const SCREEN_COLORS = ['#ff4d4f', '#faad14', '#36cfc9', '#40a9ff', '#73d13d', '#9254de', '#ff85c0', '#ffc069', '#5cdbd3'];

/** One ECharts chart that fills its panel, redrawn when `option` changes and resized with the panel. */
export function ScreenChart({ option, testId }: { option: echarts.EChartsCoreOption; testId?: string }) {
  const { el, chart } = useEChart();
  useEffect(() => {
    chart.current?.setOption({ color: SCREEN_COLORS, textStyle: { color: SCREEN_TEXT }, backgroundColor: 'transparent', ...option }, true);
  }, [option, chart]);
  return (
    <div className="screen-chart-box">
      <div ref={el} className="screen-chart" data-testid={testId} />
    </div>
  );
}
