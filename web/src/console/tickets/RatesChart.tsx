import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { RankedMeasuresRow } from '../../api/ticketsConsole.ts';
import { rateKeys } from './format.ts';

// Only the parts drawn here: the whole of ECharts is several times larger.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const rateColors = ['#1677ff', '#52c41a', '#fa8c16'];
const percentOf = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

function optionOf(rows: RankedMeasuresRow[], t: TFunction): echarts.EChartsCoreOption {
  return {
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value: number | null) => (value === null ? t('common.none') : String(value)) },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisTick: { show: false }, axisLabel: { interval: 0, width: 80, overflow: 'truncate' } },
    yAxis: [
      { type: 'value', max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { lineStyle: { color: '#f0f0f0' } } },
      { type: 'value', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      ...rateKeys.map((key, i) => ({
        type: 'bar', name: t(`ticketsConsole.dashboard.${key}`), data: rows.map((r) => percentOf(r[key])), barMaxWidth: 18,
        itemStyle: { color: rateColors[i], borderRadius: [3, 3, 0, 0] },
      })),
      { type: 'line', name: t('ticketsConsole.dashboard.tickets'), yAxisIndex: 1, data: rows.map((r) => r.tickets), itemStyle: { color: '#8c8c8c' }, symbolSize: 6 },
    ],
    animationDuration: 300,
  };
}

/** The three rates per group as bars (percent, left axis), the tickets counted as a line (right axis). Loaded lazily. */
export default function RatesChart({ rows }: { rows: RankedMeasuresRow[] }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts>(undefined);
  const option = useMemo(() => optionOf(rows, t), [rows, t]);

  useEffect(() => {
    const created = echarts.init(container.current!);
    chart.current = created;
    const observer = new ResizeObserver(() => created.resize());
    observer.observe(container.current!);
    return () => {
      observer.disconnect();
      created.dispose();
      chart.current = undefined;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={container} style={{ width: '100%', height: 320 }} data-testid="rates-chart" />;
}
