import { Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TicketView } from '../../api/tickets.ts';
import { currentDeadline, isBreached, isOpen, statusColor, useDuration, useNow } from './format.ts';

export function StatusTag({ ticket }: { ticket: Pick<TicketView, 'status' | 'outcome'> }) {
  const { t } = useTranslation();
  const outcome = ticket.status === 'closed' && ticket.outcome ? ` · ${t(`ticketsConsole.outcomes.${ticket.outcome}`)}` : '';
  return (
    <Tag color={statusColor[ticket.status]} style={{ marginInlineEnd: 0 }} data-testid="ticket-status">
      {t(`ticketsConsole.statuses.${ticket.status}`)}{outcome}
    </Tag>
  );
}

/** 时限: the time left on the current deadline, or how late it is; a deadline missed before stays flagged. */
export function DeadlineCell({ ticket }: { ticket: TicketView }) {
  const { t } = useTranslation();
  const now = useNow();
  const duration = useDuration();
  const deadline = isOpen(ticket) ? currentDeadline(ticket) : null;
  const late = deadline !== null && Date.parse(deadline.due) <= now;
  const missed = isBreached(ticket) && !late;
  if (!deadline && !missed) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Flex gap={4} wrap align="center" data-testid="ticket-deadline">
      {deadline && (
        <Typography.Text type={late ? 'danger' : undefined} strong={late} style={{ whiteSpace: 'nowrap' }}>
          {t(late ? 'ticketsConsole.deadline.late' : 'ticketsConsole.deadline.left', {
            kind: t(`ticketsConsole.deadline.kinds.${deadline.kind}`),
            time: duration(Math.abs(Date.parse(deadline.due) - now) / 60_000),
          })}
        </Typography.Text>
      )}
      {missed && <Tag color="error" style={{ marginInlineEnd: 0 }}>{t('ticketsConsole.deadline.breached')}</Tag>}
    </Flex>
  );
}
