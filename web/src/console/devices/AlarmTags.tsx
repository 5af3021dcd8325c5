import { Flex, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { AlarmSeverity, AlarmView } from '../../api/devices.ts';
import { formatMoment, severityColor, useAgo } from './format.ts';

export function SeverityTag({ severity }: { severity: AlarmSeverity }) {
  const { t } = useTranslation();
  return <Tag color={severityColor[severity]} style={{ marginInlineEnd: 0 }} data-testid="alarm-severity">{t(`devices.severities.${severity}`)}</Tag>;
}

/** Where the alarm stands: active or cleared (a false alarm says so), answered or not. */
export function AlarmStateTags({ alarm }: { alarm: Pick<AlarmView, 'active' | 'acknowledged' | 'falseAlarm'> }) {
  const { t } = useTranslation();
  const cleared = alarm.falseAlarm ? t('devices.alarm.falseAlarm') : t('devices.alarm.cleared');
  return (
    <Flex gap={4} wrap data-testid="alarm-state">
      {alarm.active ? <Tag color="error" style={{ marginInlineEnd: 0 }}>{t('devices.alarm.active')}</Tag> : <Tag style={{ marginInlineEnd: 0 }}>{cleared}</Tag>}
      {alarm.acknowledged
        ? <Tag color="success" style={{ marginInlineEnd: 0 }}>{t('devices.alarm.acknowledged')}</Tag>
        : <Tag color="warning" style={{ marginInlineEnd: 0 }}>{t('devices.alarm.unacknowledged')}</Tag>}
    </Flex>
  );
}

/** "5 分钟前", with the exact moment on hover. */
export function Ago({ at, danger }: { at: string | null; danger?: boolean }) {
  const ago = useAgo();
  const text = <Typography.Text type={danger ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }}>{ago(at)}</Typography.Text>;
  return at ? <Tooltip title={formatMoment(at)}>{text}</Tooltip> : text;
}

/** The moment and how long ago, kept on one line each: 2026-11-27 04:45 (5 分钟前). */
export function MomentAgo({ at }: { at: string }) {
  const ago = useAgo();
  return (
    <Flex gap={4} wrap component="span">
      <span style={{ whiteSpace: 'nowrap' }}>{formatMoment(at)}</span>
      <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>({ago(at)})</Typography.Text>
    </Flex>
  );
}

/** The ticket an alarm opened, as a link into the service loop. */
export function TicketLink({ ticketId }: { ticketId: number | null }) {
  const { t } = useTranslation();
  if (ticketId === null) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Link to={`/tickets/${ticketId}`} onClick={(event) => event.stopPropagation()} data-testid="alarm-ticket-link">
      {t('devices.alarm.ticket', { id: ticketId })}
    </Link>
  );
}
