import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

// Only the parts of ECharts these charts use, so the chunk stays small.
echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface CountItem {
  label: string;
  count: number;
  percent: number;
}

function optionOf(items: CountItem[], horizontal: boolean, share: (item: CountItem) => string): echarts.EChartsCoreOption {
  const categories = { type: 'category', data: items.map((i) => i.label), axisTick: { show: false }, inverse: horizontal, axisLabel: { width: 200, overflow: 'break' } };
  const values = { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#f0f0f0' } } };
  return {
    grid: { left: 8, right: horizontal ? 96 : 8, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: (params: { dataIndex: number }[]) => `${items[params[0].dataIndex].label}<br/>${share(items[params[0].dataIndex])}` },
    xAxis: horizontal ? values : categories,
    yAxis: horizontal ? categories : values,
    series: [{
      type: 'bar',
      data: items.map((i) => i.count),
      barMaxWidth: 28,
      itemStyle: { color: '#1677ff', borderRadius: horizontal ? [0, 4, 4, 0] : [4, 4, 0, 0] },
      label: { show: true, position: horizontal ? 'right' : 'top', formatter: ({ dataIndex }: { dataIndex: number }) => `${items[dataIndex].count} · ${items[dataIndex].percent}%` },
    }],
    animationDuration: 300,
  };
}

/**
 * Counts as bars: horizontal for choices (their labels are long), vertical for a scale's points.
 * The chart is made and disposed with the element, and follows its width.
 */
export function CountChart({ items, horizontal }: { items: CountItem[]; horizontal: boolean }) {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts>(undefined);
  useEffect(() => {
    const instance = echarts.init(element.current!);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current!);
    return () => {
      observer.disconnect();
      instance.dispose();
    };
  }, []);
  useEffect(() => {
    const share = (item: CountItem) => t('surveys.share', { count: item.count, percent: item.percent });
    chart.current?.setOption(optionOf(items, horizontal, share), true);
  }, [items, horizontal, t]);
  const height = horizontal ? Math.max(120, items.length * 40 + 32) : 220;
  return <div ref={element} style={{ width: '100%', height }} data-testid="count-chart" />;
}
