import { Button, Form, Selector, Space, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showFieldErrors } from '../../api/fieldErrors.ts';
import { useTicketStep, type TicketDetail, type TicketRating } from '../../api/tickets.ts';
import { StepPopup } from './StepPopup.tsx';

const ratings: TicketRating[] = ['satisfied', 'basically_satisfied', 'not_satisfied'];

interface RateValues {
  solved: ('yes' | 'no')[];
  rating: TicketRating[];
  comment?: string;
}

/** 评价: was it solved, how satisfied, a comment. "Not solved" sends it back to be handled again. */
function RateAction({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<RateValues>();
  const rate = useTicketStep('rate');
  const solved = Form.useWatch('solved', form) as RateValues['solved'] | undefined;
  const submit = (values: RateValues) =>
    rate.mutate(
      { id: ticket.id, body: { resolved: values.solved[0] === 'yes', rating: values.rating[0], comment: values.comment?.trim() || undefined } },
      {
        onSuccess: () => {
          setOpen(false);
          Toast.show({ icon: 'success', content: t('tickets.detail.rated') });
        },
        onError: (error) => showFieldErrors(form, error),
      },
    );
  return (
    <>
      <Button block color="primary" size="large" onClick={() => setOpen(true)} data-testid="action-rate">
        {t('tickets.detail.rate')}
      </Button>
      <StepPopup<RateValues>
        visible={open}
        onClose={() => setOpen(false)}
        title={t('tickets.detail.rateTitle')}
        form={form}
        onFinish={submit}
        error={rate.error}
        pending={rate.isPending}
        submitText={t('tickets.detail.rateSubmit')}
        submitTestId="rate-submit"
      >
        <Form.Item
          name="solved"
          label={t('tickets.detail.solved')}
          description={solved?.[0] === 'no' ? t('tickets.detail.notSolvedHint') : undefined}
          rules={[{ required: true, message: t('tickets.detail.solvedRequired') }]}
          data-testid="rate-solved"
        >
          <Selector<'yes' | 'no'> columns={2} options={[{ value: 'yes', label: t('tickets.detail.yes') }, { value: 'no', label: t('tickets.detail.no') }]} />
        </Form.Item>
        <Form.Item name="rating" label={t('tickets.detail.satisfaction')} rules={[{ required: true, message: t('tickets.detail.ratingRequired') }]} data-testid="rate-rating">
          <Selector<TicketRating> columns={3} options={ratings.map((value) => ({ value, label: t(`tickets.ratings.${value}`) }))} />
        </Form.Item>
        <Form.Item name="comment" label={t('tickets.detail.comment')}>
          <TextArea rows={2} maxLength={1000} showCount />
        </Form.Item>
      </StepPopup>
    </>
  );
}

/** A step that takes a reason: 撤回 (the reason optional) and 重新办理 (the reason required). */
function ReasonAction({ ticket, action }: { ticket: TicketDetail; action: 'withdraw' | 'reopen' }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason?: string }>();
  const step = useTicketStep(action);
  const text = action === 'withdraw'
    ? { button: t('tickets.detail.withdraw'), title: t('tickets.detail.withdrawTitle'), label: t('tickets.detail.withdrawReason'), done: t('tickets.detail.withdrawnDone') }
    : { button: t('tickets.detail.reopen'), title: t('tickets.detail.reopenTitle'), label: t('tickets.detail.reopenReason'), done: t('tickets.detail.reopened') };
  const submit = ({ reason }: { reason?: string }) =>
    step.mutate(
      { id: ticket.id, body: { reason: reason?.trim() ?? '' } },
      {
        onSuccess: () => {
          setOpen(false);
          Toast.show({ icon: 'success', content: text.done });
        },
        onError: (error) => showFieldErrors(form, error),
      },
    );
  return (
    <>
      <Button block color={action === 'withdraw' ? 'danger' : 'warning'} fill="outline" size="large" onClick={() => setOpen(true)} data-testid={`action-${action}`}>
        {text.button}
      </Button>
      <StepPopup<{ reason?: string }>
        visible={open}
        onClose={() => setOpen(false)}
        title={text.title}
        form={form}
        onFinish={submit}
        error={step.error}
        pending={step.isPending}
        submitText={text.button}
        submitTestId={`${action}-submit`}
      >
        <Form.Item
          name="reason"
          label={text.label}
          rules={action === 'reopen' ? [{ required: true, whitespace: true, message: t('tickets.detail.reopenRequired') }] : undefined}
        >
          <TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </StepPopup>
    </>
  );
}

/** What the reporter may do now, as the server lists it in `actions`: rate, reopen, withdraw. */
export function ResidentActions({ ticket }: { ticket: TicketDetail }) {
  const may = (action: string) => ticket.actions.includes(action);
  if (!['rate', 'reopen', 'withdraw'].some(may)) return null;
  return (
    <Space direction="vertical" block className="linli-m-actions">
      {may('rate') && <RateAction ticket={ticket} />}
      {may('reopen') && <ReasonAction ticket={ticket} action="reopen" />}
      {may('withdraw') && <ReasonAction ticket={ticket} action="withdraw" />}
    </Space>
  );
}
