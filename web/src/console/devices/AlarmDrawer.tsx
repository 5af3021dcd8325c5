import { Descriptions, Drawer, Flex, Spin, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAlarm, type AlarmDetail } from '../../api/devices.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { devicesZhCN } from '../../i18n/devices.zh-CN.ts';
import { useDrawerSize } from '../drawers/useDrawerSize.ts';
import { AlarmActions } from './AlarmActions.tsx';
import { AlarmStateTags, MomentAgo, SeverityTag, TicketLink } from './AlarmTags.tsx';
import { formatMoment, placeOf, useLabelLanguage } from './format.ts';

type EventKind = keyof typeof devicesZhCN.devices.timeline;
type TimelineEntry = AlarmDetail['timeline'][number];
const isKnownKind = (kind: string): kind is EventKind => Object.hasOwn(devicesZhCN.devices.timeline, kind);

/** Plumbing of every message, which says nothing about what happened. */
const plumbing = new Set(['channel', 'ts', 'seq']);

/** What triggered the alarm, in one line: the reading's fields (type sos · battery 87) and the rule's own (hours 24). */
function readingText(details: Record<string, unknown>): string {
  const fields = Object.entries(details).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [[key, value] as const]);
  return fields
    .filter(([key, value]) => !plumbing.has(key) && value !== null && typeof value !== 'object')
    .map(([key, value]) => `${key} ${String(value)}`)
    .join(' · ');
}

function Facts({ alarm }: { alarm: AlarmDetail }) {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  const none = t('common.none');
  const reading = readingText(alarm.details);
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 16 }} data-testid="alarm-facts">
      <Descriptions.Item label={t('devices.alarm.type')}>{alarm.name[language]}</Descriptions.Item>
      <Descriptions.Item label={t('devices.alarm.place')}>{placeOf(alarm)}</Descriptions.Item>
      <Descriptions.Item label={t('devices.alarm.device')}>
        <Link to={`/devices/${alarm.deviceId}`} data-testid="alarm-device-link">{alarm.deviceId}</Link>
      </Descriptions.Item>
      <Descriptions.Item label={t('devices.alarm.occurrences')}>{alarm.occurrences}</Descriptions.Item>
      <Descriptions.Item label={t('devices.alarm.firstAt')}><MomentAgo at={alarm.firstAt} /></Descriptions.Item>
      <Descriptions.Item label={t('devices.alarm.lastAt')}><MomentAgo at={alarm.lastAt} /></Descriptions.Item>
      <Descriptions.Item label={t('devices.alarm.acknowledgedBy')}>
        {alarm.acknowledgedAt ? `${alarm.acknowledgedByName ?? t('devices.alarm.system')} · ${formatMoment(alarm.acknowledgedAt)}` : none}
      </Descriptions.Item>
      <Descriptions.Item label={t('devices.alarm.assignee')}>{alarm.assigneeName ?? none}</Descriptions.Item>
      <Descriptions.Item label={t('devices.alarm.ticketColumn')}><TicketLink ticketId={alarm.ticketId} /></Descriptions.Item>
      {alarm.clearedAt && <Descriptions.Item label={t('devices.alarm.clearedAt')}>{formatMoment(alarm.clearedAt)}</Descriptions.Item>}
      {reading && (
        <Descriptions.Item label={t('devices.alarm.reading')} span="filled">
          <Typography.Text code>{reading}</Typography.Text>
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** What happened, in a line. */
function useHeadline() {
  const { t } = useTranslation();
  return (e: TimelineEntry): React.ReactNode => {
    if (!isKnownKind(e.kind)) return e.kind;
    if (e.kind === 'ticket_opened' && typeof e.details.ticketId === 'number') {
      return <>{t('devices.timeline.ticket_opened')} <TicketLink ticketId={e.details.ticketId} /></>;
    }
    if (e.kind === 'assigned') return t('devices.alarm.assignedTo', { name: String(e.details.name ?? '') });
    if (e.kind === 'cleared' && e.details.falseAlarm === true) return t('devices.alarm.clearedFalse');
    if (e.kind === 'acknowledged' && typeof e.details.ticketId === 'number') return t('devices.alarm.acknowledgedByTicket', { id: e.details.ticketId });
    return t(`devices.timeline.${e.kind}`);
  };
}

const colorOf = (e: TimelineEntry) =>
  e.kind === 'raised' ? 'red' : e.kind === 'acknowledged' ? 'blue' : e.kind === 'cleared' ? 'green' : 'gray';

/** 处置过程: every entry newest first, who and when, with the reason or note. */
function AlarmTimeline({ alarm }: { alarm: AlarmDetail }) {
  const headline = useHeadline();
  const items = [...alarm.timeline].reverse().map((e) => {
    const reading = e.kind === 'raised' ? readingText(e.details) : '';
    return {
      key: e.id,
      color: colorOf(e),
      content: (
        <div data-testid={`alarm-timeline-${e.kind}`}>
          <Typography.Text strong>{headline(e)}</Typography.Text>
          {reading && <Typography.Text type="secondary" code style={{ marginInlineStart: 6 }}>{reading}</Typography.Text>}
          {e.body && <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{e.body}</Typography.Paragraph>}
          <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatMoment(e.at)} · {e.actorName}</Typography.Text></div>
        </div>
      ),
    };
  });
  return <Timeline items={items} data-testid="alarm-timeline" />;
}

/** One alarm: where it stands, what to do now, the facts, and every step taken. Kept current while open. */
export function AlarmDrawer({ alarmId, onClose }: { alarmId: number | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const size = useDrawerSize(640);
  const query = useAlarm(alarmId, 5_000);
  const alarm = query.data;
  const title = alarm && (
    <Flex gap={8} align="center" wrap>
      <span>{t('devices.alarm.title', { id: alarm.id })}</span>
      <SeverityTag severity={alarm.severity} />
      <AlarmStateTags alarm={alarm} />
    </Flex>
  );
  return (
    <Drawer open={alarmId !== undefined} onClose={onClose} size={size} title={title} destroyOnHidden data-testid="alarm-drawer">
      {query.isLoading && <Spin />}
      {query.isError && <ErrorResult error={query.error} onRetry={() => void query.refetch()} />}
      {alarm && (
        <>
          <AlarmActions alarm={alarm} />
          <Facts alarm={alarm} />
          <Typography.Title level={5}>{t('devices.alarm.timeline')}</Typography.Title>
          <AlarmTimeline alarm={alarm} />
        </>
      )}
    </Drawer>
  );
}
