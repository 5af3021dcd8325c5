import { useTranslation } from 'react-i18next';
import type { TicketView } from '../../api/tickets.ts';
import { useNow, useSpanText, workingDeadline } from './ticketTime.ts';

const minute = 60_000;
const hour = 60 * minute;

/** 05:09: minutes and seconds, for the last hour, when every second counts. */
function clock(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * The deadline the ticket works against, live: 签收剩余 00:42, or 签收已超时 3 分钟. Red once late
 * or within its last minute; stopped while the handler waits for the resident (paused); nothing once
 * the ticket is resolved or over.
 */
export function Countdown({ ticket }: { ticket: Pick<TicketView, 'status' | 'acceptDue' | 'arriveDue' | 'resolveDue' | 'pausedAt'> }) {
  const { t } = useTranslation();
  const now = useNow();
  const span = useSpanText();
  const deadline = workingDeadline(ticket);
  if (!deadline) return null;
  if (ticket.pausedAt) return <span className="linli-m-countdown" data-testid="countdown">{t('tickets.deadline.paused')}</span>;
  const left = deadline.due - now;
  const kind = t(`tickets.deadline.kinds.${deadline.kind}`);
  const late = left <= 0;
  // Late by a few seconds is late by a minute: the count of minutes late rounds up.
  const text = late
    ? t('tickets.deadline.late', { kind, time: span(-left + minute - 1) })
    : t('tickets.deadline.left', { kind, time: left < hour ? clock(left) : span(left) });
  const urgent = late || left < minute;
  return (
    <span className={urgent ? 'linli-m-countdown linli-m-countdown-urgent' : 'linli-m-countdown'} data-testid="countdown" data-late={late}>
      {text}
    </span>
  );
}
