import { useEffect, useRef, type CSSProperties } from 'react';
import * as echarts from 'echarts/core';
import { HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

// Only the parts the dashboard draws (lines, a heat map, their axes, legend, tooltip, colour scale): the
// full echarts build would add about 1 MB to the statistics chunk.
echarts.use([
  LineChart,
  HeatmapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type { EChartsOption };

/**
 * An ECharts chart on a canvas, resized with its container. (A dozen lines of our own instead of
 * echarts-for-react, whose ES build imports tslib without declaring it.) The container carries
 * data-rendered="true" once the chart has drawn, for tests.
 */
export function Chart({
  option,
  height,
  testId,
  style,
}: {
  option: EChartsOption;
  height: number;
  testId?: string;
  style?: CSSProperties;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    chart.on('finished', () => el.setAttribute('data-rendered', 'true'));
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    // Printing changes the page width: redraw at the printed size.
    const onPrint = () => chart.resize();
    window.addEventListener('beforeprint', onPrint);
    window.addEventListener('afterprint', onPrint);
    return () => {
      window.removeEventListener('beforeprint', onPrint);
      window.removeEventListener('afterprint', onPrint);
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} data-testid={testId} style={{ height, width: '100%', ...style }} />;
}
