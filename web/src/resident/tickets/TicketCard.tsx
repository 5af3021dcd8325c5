import { Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { TicketView } from '../../api/tickets.ts';
import { useLocale } from '../../i18n/index.ts';
import { Countdown } from './Countdown.tsx';
import { useLabelLanguage } from './labels.ts';

const statusColor: Record<TicketView['status'], string> = {
  submitted: 'warning', dispatched: 'primary', accepted: 'primary', on_site: 'primary', resolved: 'success', closed: 'default', merged: 'default', withdrawn: 'default',
};

export function StatusTag({ ticket }: { ticket: Pick<TicketView, 'status'> }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor[ticket.status]} fill="outline" data-testid="ticket-status">
      {t(`tickets.statuses.${ticket.status}`)}
    </Tag>
  );
}

/** One ticket in a phone list: category, status, the running deadline, what and where, and `extra` (a distance). */
export function TicketCard({ ticket, onClick, extra }: { ticket: TicketView; onClick: () => void; extra?: React.ReactNode }) {
  const language = useLabelLanguage();
  const locale = useLocale();
  return (
    <div className="linli-m-card" role="button" tabIndex={0} onClick={onClick} onKeyDown={(e) => e.key === 'Enter' && onClick()} data-testid="ticket-card" data-ticket-id={ticket.id}>
      <div className="linli-m-card-head">
        <strong>{ticket.categoryName[language]}</strong>
        <StatusTag ticket={ticket} />
      </div>
      <div className="linli-m-card-text">{ticket.description}</div>
      {/* Without an address, the community and grid still say roughly where. */}
      <div className="linli-m-hint">{ticket.address || [ticket.communityName, ticket.gridName].filter(Boolean).join(' · ')}</div>
      <div className="linli-m-card-foot">
        <Countdown ticket={ticket} />
        {extra}
        <span className="linli-m-hint">{new Date(ticket.createdAt).toLocaleString(locale, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })}</span>
      </div>
    </div>
  );
}
