import { ErrorBlock, List } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { isApiError } from '../../api/client.ts';
import { useReportAreas, useTicket, useTicketCategories, type ReportArea } from '../../api/tickets.ts';
import { MobileError, MobileLoading } from '../MobileStates.tsx';
import { PinMap } from '../tickets/PinMap.tsx';
import { usePosition } from '../tickets/position.ts';
import { StatusSteps } from '../tickets/StatusSteps.tsx';
import { TicketSummary } from '../tickets/TicketSummary.tsx';
import { TicketTimeline } from '../tickets/TicketTimeline.tsx';
import { taskRefreshMs, useDistanceText } from './queue.ts';
import { TaskActions } from './TaskActions.tsx';
import '../tickets/tickets.css';

const noAreas: ReportArea[] = [];

/** 任务详情: where to go and what was reported, the steps to take as big buttons, and the timeline. */
export function TaskPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const ticket = useTicket(id, taskRefreshMs);
  const categories = useTicketCategories();
  const areas = useReportAreas();
  const distance = useDistanceText(usePosition());
  if (ticket.isPending) return <MobileLoading />;
  if (isApiError(ticket.error, 'TICKET_NOT_FOUND')) return <ErrorBlock status="empty" title={ticket.error.message} description="" />;
  if (ticket.isError) return <MobileError error={ticket.error} onRetry={() => void ticket.refetch()} />;
  const data = ticket.data;
  const away = distance(data.location);
  return (
    <>
      <StatusSteps ticket={data} category={categories.data?.find((c) => c.code === data.categoryCode)} />
      <TaskActions ticket={data} />
      <TicketSummary ticket={data}>
        {data.reporter && <List.Item extra={data.reporter}>{t('tasks.reporter')}</List.Item>}
      </TicketSummary>
      {data.location && (
        <List header={away ?? undefined}>
          <List.Item>
            <PinMap areas={areas.data ?? noAreas} pin={data.location} centre={data.location} />
          </List.Item>
        </List>
      )}
      <List header={t('tickets.detail.timeline')}>
        <List.Item>
          <TicketTimeline ticket={data} />
        </List.Item>
      </List>
    </>
  );
}
