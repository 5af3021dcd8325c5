import { EnvironmentOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Empty, Flex, Grid, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useCurrentUser } from '../../api/auth.ts';
import { useAlarmBoard, useDevicesOnMap, useUnansweredCritical, type AlarmFilters as Filters, type AlarmView } from '../../api/devices.ts';
import { useCommunities } from '../../api/places.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { Page } from '../../components/Page.tsx';
import { AlarmDrawer } from './AlarmDrawer.tsx';
import { AlarmFilters } from './AlarmFilters.tsx';
import { AlarmMap } from './AlarmMap.tsx';
import { Ago, AlarmStateTags, SeverityTag, TicketLink } from './AlarmTags.tsx';
import { AnswerKpiCard } from './AnswerKpiCard.tsx';
import { isUnansweredCritical, placeOf, useAgo, useLabelLanguage } from './format.ts';
import './devices.css';

/** A duty officer's screen: asked again every 5 seconds. */
const refreshMs = 5_000;

function TypeCell({ alarm }: { alarm: AlarmView }) {
  const language = useLabelLanguage();
  return (
    <Flex gap={6} align="center" wrap>
      <SeverityTag severity={alarm.severity} />
      <Typography.Text strong>{alarm.name[language]}</Typography.Text>
    </Flex>
  );
}

/** A phone's one cell: the facts stacked within the screen. */
function PhoneCell({ alarm }: { alarm: AlarmView }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={4} style={{ maxWidth: 'calc(100vw - 56px)' }}>
      <Flex gap={6} align="center" wrap><TypeCell alarm={alarm} /><AlarmStateTags alarm={alarm} /></Flex>
      <Typography.Text>{placeOf(alarm)}</Typography.Text>
      <Flex gap={8} wrap style={{ fontSize: 12 }}>
        <Typography.Text type="secondary">{t('devices.alarm.firstAt')}</Typography.Text><Ago at={alarm.firstAt} danger={isUnansweredCritical(alarm)} />
        {alarm.occurrences > 1 && <Typography.Text type="secondary">{t('devices.alarm.times', { count: alarm.occurrences })}</Typography.Text>}
        <TicketLink ticketId={alarm.ticketId} />
      </Flex>
    </Flex>
  );
}

function useColumns() {
  const { t } = useTranslation();
  const wide = Grid.useBreakpoint().md ?? true;
  if (!wide) return [{ key: 'alarm', title: t('devices.alarm.column'), render: (_: unknown, a: AlarmView) => <PhoneCell alarm={a} /> }];
  return [
    { key: 'type', title: t('devices.alarm.type'), render: (_: unknown, a: AlarmView) => <TypeCell alarm={a} /> },
    { key: 'place', title: t('devices.alarm.place'), render: (_: unknown, a: AlarmView) => placeOf(a) },
    { key: 'first', title: t('devices.alarm.firstAt'), render: (_: unknown, a: AlarmView) => <Ago at={a.firstAt} danger={isUnansweredCritical(a)} /> },
    { key: 'last', title: t('devices.alarm.lastAt'), render: (_: unknown, a: AlarmView) => <Ago at={a.lastAt} /> },
    { key: 'occurrences', title: t('devices.alarm.occurrences'), align: 'right' as const, render: (_: unknown, a: AlarmView) => a.occurrences },
    { key: 'state', title: t('devices.alarm.state'), render: (_: unknown, a: AlarmView) => <AlarmStateTags alarm={a} /> },
    { key: 'assignee', title: t('devices.alarm.assignee'), render: (_: unknown, a: AlarmView) => a.assigneeName ?? t('common.none') },
    { key: 'ticket', title: t('devices.alarm.ticketColumn'), render: (_: unknown, a: AlarmView) => <TicketLink ticketId={a.ticketId} /> },
  ];
}

/** Calls for help nobody has answered, in red above everything, each a click away from its drawer. */
function UnansweredBanner({ alarms, onOpen }: { alarms: AlarmView[]; onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  const ago = useAgo();
  if (!alarms.length) return null;
  const list = (
    <Flex gap={8} wrap>
      {alarms.slice(0, 5).map((a) => (
        <Button key={a.id} size="small" danger onClick={() => onOpen(a.id)} data-testid={`unanswered-${a.id}`}>
          {a.name[language]} · {placeOf(a)} · {ago(a.firstAt)}
        </Button>
      ))}
    </Flex>
  );
  return (
    <Alert type="error" showIcon className="linli-alarm-banner" style={{ marginBottom: 12 }} data-testid="unanswered-banner"
      title={t('devices.alarm.unansweredBanner', { count: alarms.length })} description={list} />
  );
}

/** Active alarms first, then newest first (the server sends newest first). */
function boardOrder(items: AlarmView[]): AlarmView[] {
  return [...items].sort((a, b) => Number(b.active) - Number(a.active));
}

const alarmIdOf = (param: string | undefined) => {
  const id = Number(param);
  return Number.isInteger(id) && id > 0 ? id : undefined;
};

/**
 * 告警: the page a duty officer keeps open. Unanswered calls for help in a red banner, the answer KPI,
 * the alarms on the map beside their list, asked again every 5 s; an alarm opens at /alarms/:id.
 */
export default function AlarmsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const alarmId = alarmIdOf(useParams().id);
  const [filters, setFilters] = useState<Filters>({ status: 'active' });
  const wide = Grid.useBreakpoint().lg ?? true;
  // On a phone the list comes first: the map is a tap away, and the KPI goes below the list.
  const [showMap, setShowMap] = useState(() => window.matchMedia('(min-width: 992px)').matches);
  const communities = useCommunities();
  const communityId = filters.communityId ?? communities.only;
  const board = useAlarmBoard(filters, refreshMs);
  const unanswered = useUnansweredCritical(filters.communityId, refreshMs);
  const devices = useDevicesOnMap(showMap ? communityId : undefined);
  const items = useMemo(() => boardOrder(board.data?.items ?? []), [board.data]);
  const columns = useColumns();
  const open = (id: number | undefined) => navigate(id === undefined ? '/alarms' : `/alarms/${id}`);
  const count = unanswered.data?.length ?? 0;
  const title = (
    <Flex gap={8} align="center">
      {t('nav.alarms')}
      <Badge count={count} title={t('devices.alarm.unansweredBanner', { count })} data-testid="unanswered-count" />
    </Flex>
  );
  const toggle = (
    <Button icon={<EnvironmentOutlined />} onClick={() => setShowMap(!showMap)} data-testid="map-toggle">
      {t(showMap ? 'ticketsConsole.hideMap' : 'ticketsConsole.showMap')}
    </Button>
  );
  const kpi = <AnswerKpiCard communityId={filters.communityId} />;
  return (
    <Page title={title} extra={toggle}>
      <UnansweredBanner alarms={unanswered.data ?? []} onOpen={open} />
      {wide && kpi}
      <AlarmFilters value={filters} onChange={setFilters} />
      <div className={showMap ? 'linli-device-split' : undefined}>
        {showMap && (
          <div className="linli-device-map-box">
            <AlarmMap areaId={filters.gridId ?? communityId ?? me.roles[0]?.areaId} devices={devices.data ?? []} alarms={items} onAlarmClick={open} />
          </div>
        )}
        <div style={{ minWidth: 0 }}>
          <ErrorAlert error={board.error} />
          <Table<AlarmView> rowKey="id" dataSource={items} columns={columns} loading={board.isPending} pagination={false} size="middle" scroll={{ x: 'max-content' }}
            rowClassName={(a) => (isUnansweredCritical(a) ? 'linli-alarm-row-critical' : '')}
            onRow={(a) => ({ onClick: () => open(a.id), style: { cursor: 'pointer' } })}
            locale={{ emptyText: <Empty description={t('devices.alarm.empty')} data-testid="alarms-empty" /> }}
            footer={board.data?.nextCursor ? () => <Typography.Text type="secondary">{t('devices.alarm.latestOnly', { count: items.length })}</Typography.Text> : undefined} />
        </div>
      </div>
      {!wide && kpi}
      <AlarmDrawer alarmId={alarmId} onClose={() => open(undefined)} />
    </Page>
  );
}
