import { App, Button, Flex, Form, Modal, Popconfirm, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showFieldErrors } from '../../api/fieldErrors.ts';
import { useTicketStep, type StepBodies, type TicketDetail } from '../../api/tickets.ts';
import { ErrorAlert, errorText } from '../../components/ErrorResult.tsx';
import { pickedFiles } from '../projects/PhotoPicker.tsx';
import { CloseFields, DispatchFields, MergeFields, NoteFields, RateFields, ReasonField, RegridFields, WhistleFields, type StepValues } from './StepFields.tsx';

type QuickAction = 'accept' | 'arrive';
type FormAction = 'resolve' | 'note' | 'return' | 'dispatch' | 'whistle' | 'merge' | 'regrid' | 'close' | 'rate';
/** The steps the console offers; the phone screens take the others (pause, withdraw, reopen …). */
type ConsoleAction = QuickAction | FormAction;

const trimmed = (text: string | undefined) => text?.trim() || undefined;
const photosOf = (list: UploadFile[] | undefined) => pickedFiles(list);

/** Each step that asks for more than a click: its fields, and the body they make. */
const stepForms: { [A in FormAction]: { Fields: (props: { ticket: TicketDetail }) => React.ReactNode; body: (v: StepValues) => StepBodies[A] } } = {
  resolve: { Fields: () => <NoteFields required />, body: (v) => ({ note: v.note!.trim(), photos: photosOf(v.photos) }) },
  note: { Fields: () => <NoteFields required />, body: (v) => ({ note: v.note!.trim(), photos: photosOf(v.photos) }) },
  return: { Fields: () => <ReasonField required />, body: (v) => ({ reason: v.reason!.trim() }) },
  dispatch: {
    Fields: DispatchFields,
    body: (v) => ({ target: v.target!, gridId: v.target === 'grid' ? v.gridId : undefined, departmentId: v.target === 'department' ? v.departmentId : undefined, reason: trimmed(v.reason) }),
  },
  whistle: { Fields: WhistleFields, body: (v) => ({ departmentId: v.departmentId!, reason: v.reason!.trim() }) },
  merge: { Fields: MergeFields, body: (v) => ({ intoId: v.intoId!, reason: trimmed(v.reason) }) },
  regrid: { Fields: RegridFields, body: (v) => ({ gridId: v.gridId!, reason: trimmed(v.reason) }) },
  close: { Fields: CloseFields, body: (v) => ({ outcome: v.outcome!, reason: v.reason!.trim() }) },
  rate: { Fields: RateFields, body: (v) => ({ resolved: v.resolved!, rating: v.rating!, comment: trimmed(v.comment) }) },
};

const consoleActions = new Set<string>(['accept', 'arrive', ...Object.keys(stepForms)]);
const isConsoleAction = (action: string): action is ConsoleAction => consoleActions.has(action);
/** The step that moves the ticket on is the primary button. */
const forward = new Set<ConsoleAction>(['accept', 'arrive', 'resolve', 'rate']);

function useActionLabel(ticket: TicketDetail) {
  const { t } = useTranslation();
  return (action: ConsoleAction) => {
    // A department reports (报到) to a whistle; a ticket already sent is sent again (改派).
    if (action === 'accept' && ticket.level === 3) return t('ticketsConsole.actions.report');
    if (action === 'dispatch' && ticket.status !== 'submitted') return t('ticketsConsole.actions.redispatch');
    return t(`ticketsConsole.actions.${action}`);
  };
}

/** 签收 / 到场: one click, after a confirmation. */
function QuickButton({ ticket, action, label }: { ticket: TicketDetail; action: QuickAction; label: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const step = useTicketStep(action);
  const take = () => step.mutateAsync({ id: ticket.id, body: undefined }).then(
    () => void message.success(t('ticketsConsole.actions.done', { action: label })),
    (error: unknown) => void message.error(errorText(error)),
  );
  return (
    <Popconfirm title={t('ticketsConsole.actions.confirm', { action: label })} okText={t('common.confirm')} cancelText={t('common.cancel')}
      onConfirm={take} okButtonProps={{ 'data-testid': `action-${action}-confirm` }}>
      <Button type="primary" loading={step.isPending} data-testid={`action-${action}`}>{label}</Button>
    </Popconfirm>
  );
}

/** A step with a form in a dialog; the server's field errors land on their fields. */
function FormButton<A extends FormAction>({ ticket, action, label }: { ticket: TicketDetail; action: A; label: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<StepValues>();
  const step = useTicketStep(action);
  const { Fields, body } = stepForms[action];
  const submit = (values: StepValues) =>
    step.mutate({ id: ticket.id, body: body(values) }, {
      onSuccess: () => {
        setOpen(false);
        void message.success(t('ticketsConsole.actions.done', { action: label }));
      },
      onError: (error) => showFieldErrors(form, error),
    });
  const show = () => {
    step.reset();
    setOpen(true);
  };
  return (
    <>
      <Button type={forward.has(action) ? 'primary' : 'default'} onClick={show} data-testid={`action-${action}`}>{label}</Button>
      <Modal open={open} title={t('ticketsConsole.actions.title', { action: label, id: ticket.id })} okText={label} cancelText={t('common.cancel')}
        confirmLoading={step.isPending} onOk={() => form.submit()} onCancel={() => setOpen(false)} destroyOnHidden
        okButtonProps={{ 'data-testid': `action-${action}-submit` }}>
        <ErrorAlert error={step.error} />
        <Form<StepValues> form={form} layout="vertical" onFinish={submit} preserve={false} requiredMark={false}>
          <Fields ticket={ticket} />
        </Form>
      </Modal>
    </>
  );
}

/** What the user may do with the ticket now, as the server lists it: nothing else is offered. */
export function TicketActions({ ticket }: { ticket: TicketDetail }) {
  const label = useActionLabel(ticket);
  const actions = ticket.actions.filter(isConsoleAction);
  if (!actions.length) return null;
  return (
    <Flex gap={8} wrap style={{ marginBottom: 16 }} data-testid="ticket-actions">
      {actions.map((action) =>
        action === 'accept' || action === 'arrive'
          ? <QuickButton key={action} ticket={ticket} action={action} label={label(action)} />
          : <FormButton key={action} ticket={ticket} action={action} label={label(action)} />)}
    </Flex>
  );
}
