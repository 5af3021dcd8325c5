import { Button, ErrorBlock, InfiniteScroll } from 'antd-mobile';
import { CameraOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMyTickets } from '../../api/tickets.ts';
import { MobileError, MobileLoading } from '../MobileStates.tsx';
import { TicketCard } from './TicketCard.tsx';
import './tickets.css';

/** 随手拍: the way to report, then 我的反映 — what I reported or follow, newest first, page by page. */
export function MyTicketsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const tickets = useMyTickets();
  const report = (
    <Button block color="primary" size="large" onClick={() => navigate('/m/tickets/new')} data-testid="report-start">
      <CameraOutline /> {t('tickets.mine.report')}
    </Button>
  );
  if (tickets.isPending) return <MobileLoading />;
  if (tickets.isError) return <MobileError error={tickets.error} onRetry={() => void tickets.refetch()} />;
  if (!tickets.items.length) {
    return (
      <ErrorBlock status="empty" title={t('tickets.mine.empty')} description={t('tickets.mine.emptyHint')} data-testid="my-tickets-empty">
        {report}
      </ErrorBlock>
    );
  }
  return (
    <>
      <div className="linli-m-lead">
        {report}
        <div className="linli-m-hint">{t('tickets.mine.reportHint')}</div>
      </div>
      <h2 className="linli-m-heading">{t('tickets.mine.title')}</h2>
      {tickets.items.map((ticket) => (
        <TicketCard key={ticket.id} ticket={ticket} onClick={() => navigate(`/m/tickets/${ticket.id}`)} />
      ))}
      <InfiniteScroll loadMore={async () => void (await tickets.fetchNextPage())} hasMore={tickets.hasNextPage} />
    </>
  );
}
