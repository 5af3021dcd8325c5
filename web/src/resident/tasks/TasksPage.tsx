import { ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useTicketQueue, type TicketView } from '../../api/tickets.ts';
import { MobileError, MobileLoading } from '../MobileStates.tsx';
import { usePosition } from '../tickets/position.ts';
import { TicketCard } from '../tickets/TicketCard.tsx';
import { byDeadline, taskRefreshMs, useDistanceText } from './queue.ts';
import '../tickets/tickets.css';

const queueFilters = { mine: true, open: true };

/** 我的任务: the open tickets in my hands, the most urgent first, each with its countdown and how far it is. */
export function TasksPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queue = useTicketQueue(queueFilters, taskRefreshMs);
  const distance = useDistanceText(usePosition());
  if (queue.isPending) return <MobileLoading />;
  if (queue.isError) return <MobileError error={queue.error} onRetry={() => void queue.refetch()} />;
  if (!queue.data.length) return <ErrorBlock status="empty" title={t('tasks.empty')} description={t('tasks.emptyHint')} data-testid="tasks-empty" />;
  const sorted = [...queue.data].sort(byDeadline);
  // Resolved tickets wait for the resident's rating, not for the worker: listed apart, after the work.
  const inHand = sorted.filter((task) => task.status !== 'resolved');
  const awaitingRating = sorted.filter((task) => task.status === 'resolved');
  const card = (task: TicketView) => {
    const away = distance(task.location);
    return (
      <TicketCard
        key={task.id}
        ticket={task}
        onClick={() => navigate(`/m/tasks/${task.id}`)}
        extra={away && <span className="linli-m-hint" data-testid="task-distance">{away}</span>}
      />
    );
  };
  return (
    <>
      <div className="linli-m-hint linli-m-lead">{inHand.length ? t('tasks.count', { count: inHand.length }) : t('tasks.empty')}</div>
      {inHand.map(card)}
      {awaitingRating.length > 0 && <h2 className="linli-m-heading">{t('tasks.awaitingRating', { count: awaitingRating.length })}</h2>}
      {awaitingRating.map(card)}
    </>
  );
}
