import { Steps } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { TicketDetail, TicketEventView, TicketRating } from '../../api/tickets.ts';
import { ticketsZhCN } from '../../i18n/tickets.zh-CN.ts';
import { useLocale } from '../../i18n/index.ts';
import { TicketPhotos } from './TicketPhotos.tsx';
import type { DeadlineKind } from './ticketTime.ts';

type EventKind = keyof typeof ticketsZhCN.tickets.events;
// The server's kinds are a CHECK list in its migration; one added there later reads as 处理 until labelled here.
const isLabelled = (kind: string): kind is EventKind => kind in ticketsZhCN.tickets.events;

/** What a step says beyond its name: the rating given, the deadline missed, or the words written with it. */
function useEventText() {
  const { t } = useTranslation();
  return (event: TicketEventView): string | null => {
    const details = event.details;
    if (event.kind === 'rated') {
      const rating = t(`tickets.ratings.${details.rating as TicketRating}`);
      const rated = t('tickets.ratedAs', { rating, solved: t(details.resolved ? 'tickets.solvedYes' : 'tickets.solvedNo') });
      return event.body ? `${rated}：${event.body}` : rated;
    }
    if (event.kind === 'breached') return t('tickets.deadline.missed', { kind: t(`tickets.deadline.kinds.${details.deadline as DeadlineKind}`) });
    return event.body;
  };
}

/** 处理进展: every step, newest first, with who took it, when, what they wrote and the photos they took. */
export function TicketTimeline({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const text = useEventText();
  const when = (at: string) => new Date(at).toLocaleString(locale, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const events = [...ticket.timeline].reverse();
  return (
    <Steps direction="vertical" current={events.length} className="linli-m-timeline" data-testid="ticket-timeline">
      {events.map((event) => (
        <Steps.Step
          key={event.id}
          data-testid={`timeline-${event.kind}`}
          status={event.kind === 'breached' ? 'error' : 'finish'}
          title={`${t(`tickets.events.${isLabelled(event.kind) ? event.kind : 'other'}`)} · ${event.actorName}`}
          description={
            <>
              <div>{when(event.at)}</div>
              {text(event) && <div className="linli-m-timeline-text">{text(event)}</div>}
              <TicketPhotos ticketId={ticket.id} photos={event.photos} />
            </>
          }
        />
      ))}
    </Steps>
  );
}
