import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketView } from '../../api/tickets.ts';

/** The time now, ticking every `intervalMs`: a countdown on screen moves by the second. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export type DeadlineKind = 'accept' | 'arrive' | 'resolve';

/**
 * The deadline the ticket works against in its status: accepting while dispatched, arriving once
 * accepted (categories without an on-site limit go straight to resolving), resolving on site.
 * Null once it is resolved or over.
 */
export function workingDeadline(t: Pick<TicketView, 'status' | 'acceptDue' | 'arriveDue' | 'resolveDue'>): { kind: DeadlineKind; due: number } | null {
  const at = (kind: DeadlineKind, due: string | null) => (due === null ? null : { kind, due: Date.parse(due) });
  switch (t.status) {
    case 'submitted':
    case 'dispatched':
      return at('accept', t.acceptDue);
    case 'accepted':
      return at('arrive', t.arriveDue) ?? at('resolve', t.resolveDue);
    case 'on_site':
      return at('resolve', t.resolveDue);
    default:
      return null;
  }
}

/** A span of time as a countdown reads it: 6 天 3 小时, 1 小时 5 分钟, 12 分钟; whole minutes, never negative. */
export function useSpanText(): (ms: number) => string {
  const { t } = useTranslation();
  return (ms) => {
    const minutes = Math.max(0, Math.floor(ms / 60_000));
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    if (days > 0) return t('tickets.duration.days', { days, hours });
    if (hours > 0) return t('tickets.duration.hours', { hours, minutes: minutes % 60 });
    return t('tickets.duration.minutes', { minutes });
  };
}
