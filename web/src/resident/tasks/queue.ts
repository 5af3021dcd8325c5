import { useTranslation } from 'react-i18next';
import type { LonLat, TicketView } from '../../api/tickets.ts';
import { metresBetween, type PositionState } from '../tickets/position.ts';
import { workingDeadline } from '../tickets/ticketTime.ts';

/** New work and others' steps must show up without a reload: the queue and a task are asked again this often. */
export const taskRefreshMs = 15_000;

/** Soonest deadline first; tickets with none running last. */
export function byDeadline(a: TicketView, b: TicketView): number {
  return (workingDeadline(a)?.due ?? Infinity) - (workingDeadline(b)?.due ?? Infinity) || a.id - b.id;
}

/** 距您 350 米 / 距您 1.2 公里, when both the phone's position and the ticket's place are known. */
export function useDistanceText(position: PositionState): (place: LonLat | null) => string | null {
  const { t } = useTranslation();
  return (place) => {
    if (position.status !== 'found' || !place) return null;
    const metres = metresBetween(position.at, place);
    const distance = metres < 1000 ? t('tasks.metres', { metres: Math.round(metres / 10) * 10 }) : t('tasks.kilometres', { km: (metres / 1000).toFixed(1) });
    return t('tasks.distance', { distance });
  };
}
