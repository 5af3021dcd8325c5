import { List, Space, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { TicketView } from '../../api/tickets.ts';
import { useLocale } from '../../i18n/index.ts';
import { Countdown } from './Countdown.tsx';
import { useLabelLanguage } from './labels.ts';
import { StatusTag } from './TicketCard.tsx';
import { workingDeadline } from './ticketTime.ts';

/** The head of a ticket on the phone: what, where, when, who has it now, and the deadline running. */
export function TicketSummary({ ticket, children }: { ticket: TicketView; children?: React.ReactNode }) {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  const locale = useLocale();
  const none = t('common.none');
  const handler = [ticket.level === 3 ? ticket.assigneeDepartmentName : ticket.assigneeAreaName, ticket.assigneeUserName].filter(Boolean).join(' · ');
  return (
    <List className="linli-m-summary" data-testid="ticket-summary">
      <List.Item
        title={t('tickets.number', { id: ticket.id })}
        extra={<StatusTag ticket={ticket} />}
        description={
          <Space wrap>
            {ticket.anonymous && <Tag fill="outline">{t('tickets.anonymous')}</Tag>}
            {ticket.outcome && <Tag fill="outline">{t(`tickets.outcomes.${ticket.outcome}`)}</Tag>}
          </Space>
        }
      >
        <strong>{ticket.categoryName[language]}</strong>
      </List.Item>
      <List.Item>
        <div className="linli-m-card-text">{ticket.description}</div>
      </List.Item>
      {workingDeadline(ticket) && <List.Item extra={<Countdown ticket={ticket} />}>{t('tickets.detail.deadline')}</List.Item>}
      <List.Item extra={ticket.address || t('tickets.noAddress')}>{t('tickets.detail.address')}</List.Item>
      <List.Item extra={new Date(ticket.createdAt).toLocaleString(locale)}>{t('tickets.detail.reportedAt')}</List.Item>
      <List.Item extra={handler || none}>{t('tickets.detail.handler')}</List.Item>
      {children}
    </List>
  );
}
