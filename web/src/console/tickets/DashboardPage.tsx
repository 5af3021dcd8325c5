import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Empty, Flex, Input, Row, Segmented, Select, Spin, Table, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommunities } from '../../api/places.ts';
import { useTicketCategories } from '../../api/tickets.ts';
import { downloadMeasures, useTicketMeasures, type MeasureGroupBy, type MeasuresQuery, type MeasuresRow, type RankedMeasuresRow } from '../../api/ticketsConsole.ts';
import { ErrorAlert, errorText } from '../../components/ErrorResult.tsx';
import { Page } from '../../components/Page.tsx';
import { ticketsConsoleZhCN } from '../../i18n/ticketsConsole.zh-CN.ts';
import { formatRate, rateKeys, useDuration, useLabelLanguage } from './format.ts';
import './tickets.css';

const RatesChart = lazy(() => import('./RatesChart.tsx'));

type Preset = 'week' | 'month' | 'days30';
const presets: Preset[] = ['week', 'month', 'days30'];
const groupings: MeasureGroupBy[] = ['grid', 'community', 'subdistrict', 'department'];

/** A local calendar date as the API takes it: 2026-11-26. */
function isoDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** 本周 from Monday, 本月 from the 1st, 近30天 the 30 days up to today. */
function periodOf(preset: Preset, today = new Date()): { from: string; to: string } {
  const start = new Date(today);
  if (preset === 'week') start.setDate(today.getDate() - ((today.getDay() + 6) % 7));
  else if (preset === 'month') start.setDate(1);
  else start.setDate(today.getDate() - 29);
  return { from: isoDate(start), to: isoDate(today) };
}

/** The period, grouping, community and category the rates are measured over. */
function Controls({ query, onChange }: { query: MeasuresQuery; onChange: (next: MeasuresQuery) => void }) {
  const { t } = useTranslation();
  const communities = useCommunities();
  const categories = useTicketCategories();
  const language = useLabelLanguage();
  const preset = presets.find((p) => { const period = periodOf(p); return period.from === query.from && period.to === query.to; });
  const set = (patch: Partial<MeasuresQuery>) => onChange({ ...query, ...patch });
  return (
    <Flex wrap gap={8} align="center" style={{ marginBottom: 16 }}>
      <Segmented<Preset | 'custom'> value={preset ?? 'custom'} data-testid="period-preset"
        options={[...presets, 'custom' as const].map((p) => ({ value: p, label: t(`ticketsConsole.dashboard.presets.${p}`), disabled: p === 'custom' }))}
        onChange={(p) => p !== 'custom' && set(periodOf(p))} />
      <Flex gap={4} align="center">
        <Input type="date" aria-label={t('ticketsConsole.filters.from')} value={query.from} max={query.to} style={{ width: 150 }}
          onChange={(e) => e.target.value && set({ from: e.target.value })} data-testid="period-from" />
        <span>–</span>
        <Input type="date" aria-label={t('ticketsConsole.filters.to')} value={query.to} min={query.from} style={{ width: 150 }}
          onChange={(e) => e.target.value && set({ to: e.target.value })} data-testid="period-to" />
      </Flex>
      <Segmented<MeasureGroupBy> value={query.groupBy} onChange={(groupBy) => set({ groupBy })} data-testid="group-by"
        options={groupings.map((g) => ({ value: g, label: t(`ticketsConsole.dashboard.groupBy.${g}`) }))} />
      {(communities.data?.length ?? 0) > 1 && (
        <Select<number> allowClear style={{ minWidth: 150 }} placeholder={t('ticketsConsole.dashboard.allCommunities')} value={query.communityId}
          onChange={(communityId) => set({ communityId })} options={communities.data?.map((c) => ({ value: c.id, label: c.name }))} />
      )}
      <Select<string> allowClear style={{ minWidth: 140 }} placeholder={t('ticketsConsole.dashboard.allCategories')} value={query.categoryCode}
        onChange={(categoryCode) => set({ categoryCode })} options={categories.data?.map((c) => ({ value: c.code, label: c.name[language] }))} />
    </Flex>
  );
}

/** The three rates of the whole selection, big, with the counts they are made of. */
function RateCards({ total }: { total: MeasuresRow }) {
  const { t } = useTranslation();
  const none = t('common.none');
  const parts: Record<(typeof rateKeys)[number], [number, number]> = {
    responseRate: [total.acceptedInTime, total.dueForAcceptance],
    resolutionRate: [total.confirmedResolved, total.rated],
    satisfactionRate: [total.satisfied, total.rated],
  };
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      {rateKeys.map((key) => (
        <Col key={key} xs={24} sm={8}>
          <Card size="small" data-testid={`kpi-${key}`}>
            <Typography.Text type="secondary">{t(`ticketsConsole.dashboard.${key}`)}</Typography.Text>
            <div className="linli-kpi-value">{formatRate(total[key], none)}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`ticketsConsole.dashboard.parts.${key}`, { part: parts[key][0], whole: parts[key][1] })}
            </Typography.Text>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** The other figures of the whole selection: how many, how late, how long. */
function FigureCards({ total }: { total: MeasuresRow }) {
  const { t } = useTranslation();
  const duration = useDuration();
  const figures: [string, string][] = [
    [t('ticketsConsole.dashboard.tickets'), String(total.tickets)],
    [t('ticketsConsole.dashboard.overdueOpen'), String(total.overdueOpen)],
    [t('ticketsConsole.dashboard.avgAccept'), duration(total.avgAcceptMinutes)],
    [t('ticketsConsole.dashboard.avgArrive'), duration(total.avgArriveMinutes)],
    [t('ticketsConsole.dashboard.avgResolve'), duration(total.avgResolveMinutes)],
    [t('ticketsConsole.dashboard.noAnswer'), String(total.noAnswer)],
  ];
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
      {figures.map(([label, value]) => (
        <Col key={label} xs={12} sm={8} lg={4}>
          <Card size="small">
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{label}</Typography.Text>
            <div style={{ fontSize: 20, fontWeight: 600 }}>{value}</div>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

type ColumnKey = Exclude<keyof typeof ticketsConsoleZhCN.ticketsConsole.dashboard.columns, 'rank'>;

/** 排名: every figure of every group, best first as the server ranks them. */
function RankingTable({ rows, groupBy }: { rows: RankedMeasuresRow[]; groupBy: MeasureGroupBy }) {
  const { t } = useTranslation();
  const duration = useDuration();
  const none = t('common.none');
  const count = (key: ColumnKey) => ({ key, title: t(`ticketsConsole.dashboard.columns.${key}`), align: 'right' as const, dataIndex: key });
  const rate = (key: (typeof rateKeys)[number]) => ({ ...count(key), render: (value: number | null) => formatRate(value, none) });
  const minutes = (key: ColumnKey) => ({ ...count(key), render: (value: number | null) => duration(value) });
  const columns = [
    { key: 'rank', title: t('ticketsConsole.dashboard.columns.rank'), dataIndex: 'rank', fixed: 'start' as const, render: (value: number | null) => value ?? none },
    { key: 'name', title: t(`ticketsConsole.dashboard.groupBy.${groupBy}`), dataIndex: 'name', fixed: 'start' as const },
    count('tickets'), count('dueForAcceptance'), count('acceptedInTime'), rate('responseRate'),
    count('rated'), count('confirmedResolved'), rate('resolutionRate'), count('satisfied'), rate('satisfactionRate'),
    minutes('avgAcceptMinutes'), minutes('p90AcceptMinutes'), minutes('avgArriveMinutes'), minutes('p90ArriveMinutes'),
    minutes('avgResolveMinutes'), minutes('p90ResolveMinutes'), count('overdueOpen'), count('noAnswer'), count('closedNotResolved'),
  ];
  return (
    <Table<RankedMeasuresRow> rowKey="key" dataSource={rows} columns={columns} pagination={false} size="small" scroll={{ x: 'max-content' }} data-testid="ranking-table" />
  );
}

function ExportButton({ query }: { query: MeasuresQuery }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = () => {
    setBusy(true);
    downloadMeasures(query).catch((error: unknown) => void message.error(errorText(error))).finally(() => setBusy(false));
  };
  return <Button icon={<DownloadOutlined />} loading={busy} onClick={run} data-testid="measures-export">{t('ticketsConsole.dashboard.export')}</Button>;
}

/** 三率看板: response, resolution and satisfaction rates of the period, per grid, community, subdistrict or department. */
export default function DashboardPage() {
  const { t } = useTranslation();
  const [query, setQuery] = useState<MeasuresQuery>(() => ({ groupBy: 'grid', ...periodOf('days30') }));
  const measures = useTicketMeasures(query);
  const data = measures.data;
  return (
    <Page title={t('nav.ticketsDashboard')} extra={<ExportButton query={query} />}>
      <Controls query={query} onChange={setQuery} />
      <ErrorAlert error={measures.error} />
      {measures.isPending && <Spin />}
      {data && data.total.tickets === 0 && <Empty description={t('ticketsConsole.dashboard.empty')} data-testid="measures-empty" />}
      {data && data.total.tickets > 0 && (
        <>
          <RateCards total={data.total} />
          <FigureCards total={data.total} />
          <Card size="small" title={t('ticketsConsole.dashboard.chart')} style={{ marginBottom: 16 }}>
            <Suspense fallback={<Spin />}>
              <RatesChart rows={data.items} />
            </Suspense>
          </Card>
          <Card size="small" title={t('ticketsConsole.dashboard.ranking')}>
            <RankingTable rows={data.items} groupBy={data.groupBy} />
          </Card>
        </>
      )}
    </Page>
  );
}
