import { Steps } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { CategoryView, TicketStatus, TicketView } from '../../api/tickets.ts';

const milestones = ['received', 'dispatched', 'accepted', 'arrived', 'resolved', 'rated'] as const;
type Milestone = (typeof milestones)[number];

/** The last milestone a status has passed; merged and withdrawn tickets show no steps. */
const passed: Partial<Record<TicketStatus, Milestone>> = {
  submitted: 'received', dispatched: 'dispatched', accepted: 'accepted', on_site: 'arrived', resolved: 'resolved', closed: 'rated',
};

/** 受理 → 派单 → 签收 → 到场 → 办结 → 评价: done steps ticked, the one awaited highlighted. */
export function StatusSteps({ ticket, category }: { ticket: TicketView; category: CategoryView | undefined }) {
  const { t } = useTranslation();
  const last = passed[ticket.status];
  if (!last) return null;
  // A category with no on-site limit has no 到场 step, unless someone recorded arriving all the same.
  const withArrival = ticket.arrivedAt !== null || ticket.arriveDue !== null || (category?.arriveMinutes ?? null) !== null;
  const steps = milestones.filter((m) => m !== 'arrived' || withArrival);
  const current = steps.indexOf(last === 'arrived' && !withArrival ? 'accepted' : last) + 1;
  return (
    <Steps current={current} className="linli-m-steps" data-testid="ticket-steps">
      {steps.map((m) => (
        <Steps.Step key={m} title={t(`tickets.steps.${m}`)} />
      ))}
    </Steps>
  );
}
