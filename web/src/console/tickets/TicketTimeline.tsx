import { Flex, Image, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAreas } from '../../api/places.ts';
import { useDepartments } from '../../api/projects.ts';
import { ticketPhotoUrl, type TicketDetail, type TicketEventView } from '../../api/tickets.ts';
import { ticketsConsoleZhCN } from '../../i18n/ticketsConsole.zh-CN.ts';
import { formatMoment, levelKeys } from './format.ts';

type EventKind = keyof typeof ticketsConsoleZhCN.ticketsConsole.events;
const isKnownKind = (kind: string): kind is EventKind => Object.hasOwn(ticketsConsoleZhCN.ticketsConsole.events, kind);
const numberOf = (value: unknown) => (typeof value === 'number' ? value : undefined);

/** Missed deadlines in red, escalations and returns in orange, whistles in purple, the end in green. */
function colorOf(e: TicketEventView): string {
  if (e.kind === 'breached') return 'red';
  if (e.kind === 'escalated' || e.kind === 'returned' || e.kind === 'reopened') return 'orange';
  if (e.kind === 'whistled') return 'purple';
  if (e.kind === 'resolved' || e.kind === 'closed' || (e.kind === 'rated' && e.details.resolved === true)) return 'green';
  return e.kind === 'note' || e.kind === 'subscribed' ? 'gray' : 'blue';
}

/** Names for the grids and departments that event details carry as ids. */
function useNames(ticket: TicketDetail) {
  const grids = useAreas({ level: 'grid', parentId: ticket.communityId });
  const departments = useDepartments();
  const grid = (id: unknown) => grids.data?.find((g) => g.id === id)?.name;
  const department = (id: unknown) => departments.data?.find((d) => d.id === id)?.name;
  return { grid, department };
}

/** What happened, in a line: the step, and to whom or what it went. */
function useHeadline(ticket: TicketDetail) {
  const { t } = useTranslation();
  const names = useNames(ticket);
  /** Who a ticket was handed to: the grid, community or department by name, else the rung of the ladder. */
  const holder = (details: Record<string, unknown>) => {
    const level = numberOf(details.level);
    if (level === undefined) return '';
    const name = level === 0 ? names.grid(details.areaId) : level === 1 ? ticket.communityName : level === 3 ? names.department(details.departmentId) : undefined;
    return name ?? t(`ticketsConsole.levels.${levelKeys[level]}`);
  };
  /** The level the ticket was at when the event happened: that of the last hand-over before it. */
  const levelAt = (e: TicketEventView) =>
    numberOf(ticket.timeline.filter((x) => x.id < e.id && numberOf(x.details.level) !== undefined).at(-1)?.details.level);
  return (e: TicketEventView): string => {
    const d = e.details;
    if (!isKnownKind(e.kind)) return e.kind;
    switch (e.kind) {
      // A whistled department reports (报到) when it accepts.
      case 'accepted': return t(levelAt(e) === 3 ? 'ticketsConsole.timeline.reported' : 'ticketsConsole.events.accepted');
      case 'created': return t('ticketsConsole.events.created', { source: t(`ticketsConsole.sources.${ticket.source}`) });
      case 'dispatched': case 'escalated': case 'whistled': case 'returned': case 'reopened':
        return t(`ticketsConsole.events.${e.kind}`, { to: holder(d) });
      case 'breached': return t('ticketsConsole.events.breached', { kind: t(`ticketsConsole.deadline.kinds.${d.deadline === 'arrive' || d.deadline === 'resolve' ? d.deadline : 'accept'}`) });
      case 'merged': return t('ticketsConsole.events.merged', { id: numberOf(d.intoId) ?? '' });
      case 'regridded': return t('ticketsConsole.events.regridded', { from: names.grid(d.fromGridId) ?? t('common.none'), to: names.grid(d.gridId) ?? '' });
      case 'closed': return t('ticketsConsole.events.closed', { outcome: t(`ticketsConsole.outcomes.${d.outcome === 'not_resolved' || d.outcome === 'no_answer' ? d.outcome : 'resolved'}`) });
      case 'rated': return t(d.byReporter ? 'ticketsConsole.timeline.ratedByReporter' : 'ticketsConsole.events.rated', {
        rating: t(`ticketsConsole.ratings.${d.rating === 'basically_satisfied' || d.rating === 'not_satisfied' ? d.rating : 'satisfied'}`),
        resolved: t(d.resolved ? 'ticketsConsole.rate.resolvedYes' : 'ticketsConsole.rate.resolvedNo'),
      });
      default: return t(`ticketsConsole.events.${e.kind}`);
    }
  };
}

/** The deadline a step set or missed, under its headline. */
function useDueLine() {
  const { t } = useTranslation();
  return (e: TicketEventView): string | null => {
    if (e.kind === 'breached' && typeof e.details.due === 'string') return t('ticketsConsole.timeline.wasDue', { at: formatMoment(e.details.due) });
    if (typeof e.details.acceptDue === 'string') return t('ticketsConsole.timeline.acceptBy', { at: formatMoment(e.details.acceptDue) });
    return null;
  };
}

function Photos({ ticketId, event }: { ticketId: number; event: TicketEventView }) {
  if (!event.photos.length || event.kind === 'created') return null;
  return (
    <Image.PreviewGroup>
      <Flex gap={8} wrap style={{ marginTop: 8 }}>
        {event.photos.map((photo) => (
          <Image key={photo.id} src={ticketPhotoUrl(ticketId, photo.id)} width={96} height={72} style={{ objectFit: 'cover', borderRadius: 4 }} data-testid="timeline-photo" />
        ))}
      </Flex>
    </Image.PreviewGroup>
  );
}

/** 办理过程: every step newest first, who took it and when, why, and the deadlines set and missed. */
export function TicketTimeline({ ticket }: { ticket: TicketDetail }) {
  const headline = useHeadline(ticket);
  const dueLine = useDueLine();
  const items = [...ticket.timeline].reverse().map((event) => {
    const due = dueLine(event);
    return {
      key: event.id,
      color: colorOf(event),
      content: (
        <div data-testid={`timeline-${event.kind}`}>
          <Typography.Text strong type={event.kind === 'breached' ? 'danger' : undefined}>{headline(event)}</Typography.Text>
          {due && <Typography.Text type={event.kind === 'breached' ? 'danger' : 'secondary'}> · {due}</Typography.Text>}
          {event.body && <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{event.body}</Typography.Paragraph>}
          <Photos ticketId={ticket.id} event={event} />
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatMoment(event.at)} · {event.actorName}</Typography.Text>
          </div>
        </div>
      ),
    };
  });
  return <Timeline items={items} data-testid="ticket-timeline" />;
}
