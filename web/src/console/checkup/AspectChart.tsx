import { BarChart, RadarChart } from 'echarts/charts';
import { GridComponent, RadarComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

// Only the parts drawn here: the whole of ECharts is several times larger.
echarts.use([RadarChart, BarChart, RadarComponent, GridComponent, TooltipComponent, CanvasRenderer]);

export interface AspectScore {
  name: string;
  /** 0–100; null when none of its indicators could be measured. */
  score: number | null;
  measured: number;
  total: number;
}

interface AspectChartProps {
  aspects: AspectScore[];
  type: 'radar' | 'bar';
  height: number;
}

const scoreColor = (score: number) => (score >= 80 ? '#52c41a' : score >= 50 ? '#fa8c16' : '#f5222d');

/** Long aspect names broken into lines, so that a phone-wide radar keeps them inside the picture. */
function wrap(text: string, width: number): string {
  if (/\s/.test(text)) {
    const lines: string[] = [];
    for (const word of text.split(/\s+/)) {
      const last = lines.at(-1);
      if (last !== undefined && (last + ' ' + word).length <= width * 2) lines[lines.length - 1] = `${last} ${word}`;
      else lines.push(word);
    }
    return lines.join('\n');
  }
  return text.replace(new RegExp(`(.{${width}})(?=.)`, 'gu'), '$1\n');
}

function useOption(aspects: AspectScore[], type: 'radar' | 'bar'): echarts.EChartsCoreOption {
  const { t } = useTranslation();
  return useMemo(() => chartOption(aspects, type, t), [aspects, type, t]);
}

function chartOption(aspects: AspectScore[], type: 'radar' | 'bar', t: TFunction): echarts.EChartsCoreOption {
  const label = (a: AspectScore) =>
    a.score === null ? t('checkup.chart.notMeasured') : `${a.score} · ${t('checkup.chart.measured', { measured: a.measured, total: a.total })}`;
  if (type === 'radar') {
    return {
      tooltip: { trigger: 'item', formatter: () => aspects.map((a) => `${a.name}: ${label(a)}`).join('<br/>') },
      radar: {
        radius: '62%',
        indicator: aspects.map((a) => ({ name: wrap(a.name, 6), max: 100 })),
        axisName: { color: '#595959', fontSize: 12 },
        splitNumber: 4,
      },
      series: [{
        type: 'radar',
        name: t('checkup.chart.score'),
        data: [{ value: aspects.map((a) => a.score ?? 0), name: t('checkup.chart.score') }],
        areaStyle: { opacity: 0.2 },
        symbolSize: 5,
      }],
    };
  }
  return {
    grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: 100, interval: 25 },
    yAxis: { type: 'category', inverse: true, data: aspects.map((a) => wrap(a.name, 8)), axisTick: { show: false } },
    series: [{
      type: 'bar',
      barMaxWidth: 18,
      data: aspects.map((a) => ({ value: a.score ?? 0, itemStyle: { color: a.score === null ? '#d9d9d9' : scoreColor(a.score) } })),
      label: { show: true, position: 'right', formatter: ({ dataIndex }: { dataIndex: number }) => (aspects[dataIndex].score === null ? t('checkup.chart.notMeasured') : String(aspects[dataIndex].score)) },
    }],
  };
}

/** The aspects' scores as a radar (the checkup page) or bars (the report). Loaded lazily: ECharts is large. */
export default function AspectChart({ aspects, type, height }: AspectChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts>(undefined);
  const option = useOption(aspects, type);

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

  return <div ref={container} className="linli-aspect-chart" style={{ width: '100%', height }} data-testid={`aspect-chart-${type}`} />;
}
