import { Descriptions, Drawer, Flex, Image, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ticketPhotoUrl, useTicket, type TicketDetail } from '../../api/tickets.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { useDrawerSize } from '../drawers/useDrawerSize.ts';
import { formatMoment, isOpen, useAssignee, useLabelLanguage, type DeadlineKind } from './format.ts';
import { TicketActions } from './TicketActions.tsx';
import { TicketMap } from './TicketMap.tsx';
import { DeadlineCell, StatusTag } from './TicketTags.tsx';
import { TicketTimeline } from './TicketTimeline.tsx';

const deadlineKinds: DeadlineKind[] = ['accept', 'arrive', 'resolve'];

/** A deadline with its state: met, missed (red), or still running. */
function Due({ ticket, kind }: { ticket: TicketDetail; kind: DeadlineKind }) {
  const { t } = useTranslation();
  const due = ticket[`${kind}Due`];
  const breached = ticket[`${kind}Breached`];
  if (!due && !breached) return null;
  return (
    <Flex gap={4} align="center" wrap>
      <Typography.Text>{t(`ticketsConsole.deadline.kinds.${kind}`)}</Typography.Text>
      {due && <Typography.Text type={breached ? 'danger' : 'secondary'}>{formatMoment(due)}</Typography.Text>}
      {breached && <Tag color="error" style={{ marginInlineEnd: 0 }}>{t('ticketsConsole.deadline.breached')}</Tag>}
    </Flex>
  );
}

/** The address of a linked picture when it is one a browser may open: a link from an integrator is not trusted to be (javascript:, data:). */
function webLink(url: string | null): string | undefined {
  return url !== null && /^https?:\/\//i.test(url) ? url : undefined;
}

function Facts({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  const assignee = useAssignee()(ticket);
  const none = t('common.none');
  const hasDeadlines = deadlineKinds.some((kind) => ticket[`${kind}Due`] !== null || ticket[`${kind}Breached`]);
  const rating = ticket.rating && `${t(`ticketsConsole.ratings.${ticket.rating}`)} · ${t(ticket.ratingResolved ? 'ticketsConsole.rate.resolvedYes' : 'ticketsConsole.rate.resolvedNo')}`;
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 16 }} data-testid="ticket-facts">
      <Descriptions.Item label={t('ticketsConsole.columns.category')}>{ticket.categoryName[language]}</Descriptions.Item>
      <Descriptions.Item label={t('ticketsConsole.columns.source')}>{t(`ticketsConsole.sources.${ticket.source}`)}</Descriptions.Item>
      <Descriptions.Item label={t('ticketsConsole.fields.community')}>{ticket.communityName}</Descriptions.Item>
      <Descriptions.Item label={t('ticketsConsole.columns.grid')}>{ticket.gridName ?? none}</Descriptions.Item>
      <Descriptions.Item label={t('ticketsConsole.columns.assignee')}>{[assignee.where, assignee.who].filter(Boolean).join(' · ')}</Descriptions.Item>
      <Descriptions.Item label={t('ticketsConsole.fields.priority')}>{t(`ticketsConsole.priorities.${ticket.priority}`)}</Descriptions.Item>
      <Descriptions.Item label={t('ticketsConsole.fields.reporter')}>{ticket.reporter ?? none}</Descriptions.Item>
      <Descriptions.Item label={t('ticketsConsole.columns.created')}>{formatMoment(ticket.createdAt)}</Descriptions.Item>
      <Descriptions.Item label={t('ticketsConsole.fields.address')}>{ticket.address || none}</Descriptions.Item>
      <Descriptions.Item label={t('ticketsConsole.columns.deadline')}>
        {hasDeadlines ? (
          <Flex vertical gap={2}>
            {isOpen(ticket) && <DeadlineCell ticket={ticket} />}
            {deadlineKinds.map((kind) => <Due key={kind} ticket={ticket} kind={kind} />)}
          </Flex>
        ) : none}
      </Descriptions.Item>
      {rating && <Descriptions.Item label={t('ticketsConsole.fields.rating')}>{rating}{ticket.ratingComment ? ` · ${ticket.ratingComment}` : ''}</Descriptions.Item>}
      {ticket.mergedInto !== null && <Descriptions.Item label={t('ticketsConsole.fields.mergedInto')}>#{ticket.mergedInto}</Descriptions.Item>}
      {ticket.externalId !== null && <Descriptions.Item label={t('ticketsConsole.fields.externalId')}>{ticket.externalId}</Descriptions.Item>}
      {ticket.answers.map((answer) => (
        <Descriptions.Item key={answer.code} label={answer.label[language]}>{answer.values.map((value) => value.name[language]).join('、')}</Descriptions.Item>
      ))}
      {webLink(ticket.mediaUrl) && (
        <Descriptions.Item label={t('ticketsConsole.fields.mediaUrl')}>
          <Typography.Link href={webLink(ticket.mediaUrl)} target="_blank" rel="noopener noreferrer" ellipsis>{ticket.mediaUrl}</Typography.Link>
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('ticketsConsole.columns.description')} span="filled">
        <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{ticket.description}</Typography.Text>
      </Descriptions.Item>
    </Descriptions>
  );
}

/** The photos sent with the report (those of later steps sit on the timeline beside their step). */
function ReportPhotos({ ticket }: { ticket: TicketDetail }) {
  const photos = ticket.timeline.find((e) => e.kind === 'created')?.photos ?? [];
  if (!photos.length) return null;
  return (
    <Image.PreviewGroup>
      <Flex gap={8} wrap style={{ marginBottom: 16 }} data-testid="ticket-photos">
        {photos.map((photo) => (
          <Image key={photo.id} src={ticketPhotoUrl(ticket.id, photo.id)} width={120} height={90} style={{ objectFit: 'cover', borderRadius: 4 }} />
        ))}
      </Flex>
    </Image.PreviewGroup>
  );
}

/** One ticket: where it stands, what the user may do next, the facts, photos, a pin on the map, and every step. */
export function TicketDrawer({ ticketId, onClose }: { ticketId: number | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const size = useDrawerSize(760);
  const query = useTicket(ticketId);
  const ticket = query.data;
  const title = ticket && (
    <Flex gap={8} align="center" wrap>
      <span>{t('ticketsConsole.detail.title', { id: ticket.id })}</span>
      <StatusTag ticket={ticket} />
    </Flex>
  );
  return (
    <Drawer open={ticketId !== undefined} onClose={onClose} size={size} title={title} destroyOnHidden data-testid="ticket-drawer">
      {query.isPending && <Spin />}
      {query.isError && <ErrorResult error={query.error} onRetry={() => void query.refetch()} />}
      {ticket && (
        <>
          <TicketActions ticket={ticket} />
          <Facts ticket={ticket} />
          <ReportPhotos ticket={ticket} />
          {ticket.location && (
            <div className="linli-ticket-pin-map">
              <TicketMap areaId={ticket.gridId ?? ticket.communityId} pin={ticket.location} testId="ticket-pin-map" />
            </div>
          )}
          <Typography.Title level={5}>{t('ticketsConsole.detail.timeline')}</Typography.Title>
          <TicketTimeline ticket={ticket} />
        </>
      )}
    </Drawer>
  );
}
