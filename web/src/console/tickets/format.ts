import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketSource, TicketStatus, TicketView } from '../../api/tickets.ts';
import { useLocale } from '../../i18n/index.ts';
import { ticketsConsoleZhCN } from '../../i18n/ticketsConsole.zh-CN.ts';

export { formatMoment } from '../projects/format.ts';

/** One colour per status, the same on the map and on the tags: warm while waiting, cool while handled, grey once over. */
export const statusColor: Record<TicketStatus, string> = {
  submitted: '#fa8c16',
  dispatched: '#1677ff',
  accepted: '#13c2c2',
  on_site: '#722ed1',
  resolved: '#52c41a',
  closed: '#8c8c8c',
  merged: '#bfbfbf',
  withdrawn: '#bfbfbf',
};

// The label sets name every value of the server's enums (checked there), so their keys are the lists to offer.
export const ticketStatuses = Object.keys(ticketsConsoleZhCN.ticketsConsole.statuses) as TicketStatus[];
export const ticketSources = Object.keys(ticketsConsoleZhCN.ticketsConsole.sources) as TicketSource[];

/** The ladder's rungs by level (0 grid … 3 a whistled department), as i18n keys. */
export const levelKeys = ['grid', 'community', 'subdistrict', 'department'] as const;
export type LevelKey = (typeof levelKeys)[number];

const openStatuses: TicketStatus[] = ['submitted', 'dispatched', 'accepted', 'on_site'];
export const isOpen = (t: Pick<TicketView, 'status'>) => openStatuses.includes(t.status);

/** Whether any deadline of the ticket was missed; a missed deadline stays missed. */
export const isBreached = (t: TicketView) => t.acceptBreached || t.arriveBreached || t.resolveBreached;

export type DeadlineKind = 'accept' | 'arrive' | 'resolve';

/** The deadline the ticket works against now: the earliest one still set. */
export function currentDeadline(t: TicketView): { kind: DeadlineKind; due: string } | null {
  const dues = ([['accept', t.acceptDue], ['arrive', t.arriveDue], ['resolve', t.resolveDue]] as const)
    .filter((entry): entry is [DeadlineKind, string] => entry[1] !== null)
    .sort((a, b) => Date.parse(a[1]) - Date.parse(b[1]));
  return dues.length ? { kind: dues[0][0], due: dues[0][1] } : null;
}

/** The time now, ticking every half minute, for countdowns. */
export function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** A length of time as people say it: 2 天 3 小时, 3 小时 5 分, 12 分钟. */
export function useDuration(): (minutes: number | null) => string {
  const { t } = useTranslation();
  return (minutes) => {
    if (minutes === null) return t('common.none');
    const m = Math.max(0, Math.round(minutes));
    const days = Math.floor(m / 1440);
    const hours = Math.floor((m % 1440) / 60);
    if (days > 0) return t('ticketsConsole.duration.days', { days, hours });
    if (hours > 0) return t('ticketsConsole.duration.hours', { hours, minutes: m % 60 });
    return t('ticketsConsole.duration.minutes', { minutes: m });
  };
}

/** The language of `{ zh, en }` labels that arrive as data (category names). */
export function useLabelLanguage(): 'zh' | 'en' {
  return useLocale() === 'en' ? 'en' : 'zh';
}

/** Who holds the ticket now: the rung of the ladder with the grid, community or department, and the person who accepted it. */
export function useAssignee(): (t: TicketView) => { where: string; who: string | null } {
  const { t: translate } = useTranslation();
  return (t) => {
    const holder = t.level === 3 ? t.assigneeDepartmentName : t.assigneeAreaName;
    return { where: [translate(`ticketsConsole.levels.${levelKeys[t.level]}`), holder].filter(Boolean).join(' · '), who: t.assigneeUserName };
  };
}

/** The three rates (三率) of the service loop: accepted in time, confirmed resolved, satisfied. */
export const rateKeys = ['responseRate', 'resolutionRate', 'satisfactionRate'] as const;

/** A share 0..1 as a percentage with one decimal; none when there was nothing to count. */
export function formatRate(rate: number | null, none: string): string {
  return rate === null ? none : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}
