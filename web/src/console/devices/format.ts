import { useTranslation } from 'react-i18next';
import type { AlarmSeverity, AlarmView, DeviceStateValue } from '../../api/devices.ts';
import { devicesZhCN } from '../../i18n/devices.zh-CN.ts';
import { useNow } from '../tickets/format.ts';

export { formatMoment } from '../projects/format.ts';
export { useLabelLanguage, useNow } from '../tickets/format.ts';

// The label sets name every value of the server's enums (checked there), so their keys are the lists to offer.
export const severities = Object.keys(devicesZhCN.devices.severities) as AlarmSeverity[];
export const deviceStates = Object.keys(devicesZhCN.devices.states) as DeviceStateValue[];

/** Red for a call for help, orange for a household in trouble, gold and blue for what can wait; the same on tags and the map. */
export const severityColor: Record<AlarmSeverity, string> = {
  critical: '#f5222d',
  major: '#fa541c',
  minor: '#faad14',
  warning: '#1677ff',
};

export const stateColor: Record<DeviceStateValue, string> = { online: 'success', lost: 'error', unknown: 'default' };

/** Where an alarm is: the household it was raised for, else the device's own label, else its id. */
export const placeOf = (alarm: Pick<AlarmView, 'householdLabel' | 'deviceLabel' | 'deviceId'>) =>
  alarm.householdLabel ?? (alarm.deviceLabel || alarm.deviceId);

/** An unanswered call for help: what the board must not let anyone miss. */
export const isUnansweredCritical = (alarm: Pick<AlarmView, 'severity' | 'acknowledged' | 'active'>) =>
  alarm.severity === 'critical' && alarm.active && !alarm.acknowledged;

/** Minutes since a moment, as of `now`. */
export const minutesSince = (iso: string, now: number) => Math.max(0, (now - Date.parse(iso)) / 60_000);

/** How long ago, as people say it on duty: 刚刚, 5 分钟前, 3 小时前, 2 天前; ticking with the clock. */
export function useAgo(): (iso: string | null) => string {
  const { t } = useTranslation();
  const now = useNow();
  return (iso) => {
    if (iso === null) return t('devices.ago.never');
    const minutes = Math.floor(minutesSince(iso, now));
    if (minutes < 1) return t('devices.ago.now');
    if (minutes < 60) return t('devices.ago.minutes', { count: minutes });
    if (minutes < 48 * 60) return t('devices.ago.hours', { count: Math.floor(minutes / 60) });
    return t('devices.ago.days', { count: Math.floor(minutes / 1440) });
  };
}
