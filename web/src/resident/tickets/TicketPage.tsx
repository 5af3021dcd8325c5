import { Button, ErrorBlock, List, Result } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api/client.ts';
import { useTicket, useTicketCategories, type TicketDetail } from '../../api/tickets.ts';
import { MobileError, MobileLoading } from '../MobileStates.tsx';
import { ResidentActions } from './ResidentActions.tsx';
import { StatusSteps } from './StatusSteps.tsx';
import { TicketSummary } from './TicketSummary.tsx';
import { TicketTimeline } from './TicketTimeline.tsx';
import './tickets.css';

/** Progress comes from others: the page asks again every half minute while it is open. */
const refreshMs = 30_000;

/** Why a merged or withdrawn ticket has no steps left; a merged one leads to where it is handled now. */
function Ended({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (ticket.status === 'withdrawn') return <Result status="info" title={t('tickets.statuses.withdrawn')} description={t('tickets.detail.withdrawn')} />;
  return (
    <Result
      status="info"
      title={t('tickets.statuses.merged')}
      description={
        <>
          <p>{t('tickets.detail.merged')}</p>
          {ticket.mergedInto && (
            <Button color="primary" fill="outline" onClick={() => navigate(`/m/tickets/${ticket.mergedInto}`)}>
              {t('tickets.detail.toMerged')}
            </Button>
          )}
        </>
      }
    />
  );
}

/** 反映详情: where my report stands — the steps, the deadline, every step taken — and what I may do. */
export function TicketPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const ticket = useTicket(id, refreshMs);
  const categories = useTicketCategories();
  if (ticket.isPending) return <MobileLoading />;
  if (isApiError(ticket.error, 'TICKET_NOT_FOUND')) return <ErrorBlock status="empty" title={ticket.error.message} description="" />;
  if (ticket.isError) return <MobileError error={ticket.error} onRetry={() => void ticket.refetch()} />;
  const data = ticket.data;
  const ended = data.status === 'merged' || data.status === 'withdrawn';
  return (
    <>
      {ended ? <Ended ticket={data} /> : <StatusSteps ticket={data} category={categories.data?.find((c) => c.code === data.categoryCode)} />}
      <TicketSummary ticket={data} />
      <ResidentActions ticket={data} />
      <List header={t('tickets.detail.timeline')}>
        <List.Item>
          <TicketTimeline ticket={data} />
        </List.Item>
      </List>
    </>
  );
}
