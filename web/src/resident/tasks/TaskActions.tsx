import { Button, Form, Space, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showFieldErrors } from '../../api/fieldErrors.ts';
import { useTicketStep, type TicketDetail } from '../../api/tickets.ts';
import { errorText } from '../../components/ErrorResult.tsx';
import { PhotoField, pickedFiles, type PickedPhoto } from '../tickets/PhotoField.tsx';
import { StepPopup } from '../tickets/StepPopup.tsx';

const tapDone = { accept: 'tasks.accepted', arrive: 'tasks.arrived', resume: 'tasks.resumed' } as const;

/** 签收, 到场 and 恢复计时: one tap each, the moment counts against the deadline. */
function TapAction({ ticket, action }: { ticket: TicketDetail; action: keyof typeof tapDone }) {
  const { t } = useTranslation();
  const step = useTicketStep(action);
  const done = t(tapDone[action]);
  return (
    <Button
      block
      color="primary"
      size="large"
      loading={step.isPending}
      onClick={() =>
        step.mutate({ id: ticket.id, body: undefined }, {
          onSuccess: () => Toast.show({ icon: 'success', content: done }),
          onError: (error) => Toast.show({ icon: 'fail', content: errorText(error) }),
        })
      }
      data-testid={`action-${action}`}
    >
      {t(`tasks.${action}`)}
    </Button>
  );
}

interface NoteValues {
  note: string;
  photos?: PickedPhoto[];
}

/** 办结 and 添加进展: what was done, in words and photos. */
function NoteAction({ ticket, action }: { ticket: TicketDetail; action: 'resolve' | 'note' }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<NoteValues>();
  const step = useTicketStep(action);
  const resolving = action === 'resolve';
  const submit = (values: NoteValues) =>
    step.mutate(
      { id: ticket.id, body: { note: values.note.trim(), photos: pickedFiles(values.photos) } },
      {
        onSuccess: () => {
          setOpen(false);
          form.resetFields();
          Toast.show({ icon: 'success', content: resolving ? t('tasks.resolved') : t('tasks.noted') });
        },
        onError: (error) => showFieldErrors(form, error, { PHOTO_NOT_IMAGE: 'photos', TOO_MANY_FILES: 'photos' }),
      },
    );
  return (
    <>
      <Button block color={resolving ? 'success' : 'default'} size="large" onClick={() => setOpen(true)} data-testid={`action-${action}`}>
        {t(`tasks.${action}`)}
      </Button>
      <StepPopup<NoteValues>
        visible={open}
        onClose={() => setOpen(false)}
        title={resolving ? t('tasks.resolveTitle') : t('tasks.noteTitle')}
        form={form}
        onFinish={submit}
        error={step.error}
        pending={step.isPending}
        submitText={t('tasks.submit')}
        submitTestId={`${action}-submit`}
      >
        <Form.Item name="note" label={resolving ? t('tasks.resolveNote') : t('tasks.noteText')} rules={[{ required: true, whitespace: true, message: t('tasks.noteRequired') }]}>
          <TextArea rows={3} maxLength={2000} showCount placeholder={resolving ? t('tasks.resolveNotePlaceholder') : t('tasks.notePlaceholder')} data-testid={`${action}-note`} />
        </Form.Item>
        <Form.Item name="photos" label={t('tickets.photos')}>
          <PhotoField testId={`${action}-photos`} />
        </Form.Item>
      </StepPopup>
    </>
  );
}

/** 退回 (not ours: back to whoever dispatches above) and 暂停计时 (waiting for the resident), each with its reason. */
function ReasonAction({ ticket, action }: { ticket: TicketDetail; action: 'return' | 'pause' }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const step = useTicketStep(action);
  const text = action === 'return'
    ? { title: t('tasks.returnTitle'), label: t('tasks.returnReason'), placeholder: t('tasks.returnPlaceholder'), required: t('tasks.returnRequired'), done: t('tasks.returned'), hint: undefined }
    : { title: t('tasks.pauseTitle'), label: t('tasks.pauseReason'), placeholder: t('tasks.pausePlaceholder'), required: t('tasks.pauseRequired'), done: t('tasks.paused'), hint: t('tasks.pauseHint') };
  const submit = ({ reason }: { reason: string }) =>
    step.mutate({ id: ticket.id, body: { reason: reason.trim() } }, {
      onSuccess: () => {
        setOpen(false);
        form.resetFields();
        Toast.show({ icon: 'success', content: text.done });
      },
      onError: (error) => showFieldErrors(form, error),
    });
  return (
    <>
      <Button block color="warning" fill="outline" size="large" onClick={() => setOpen(true)} data-testid={`action-${action}`}>
        {t(`tasks.${action}`)}
      </Button>
      <StepPopup<{ reason: string }>
        visible={open}
        onClose={() => setOpen(false)}
        title={text.title}
        form={form}
        onFinish={submit}
        error={step.error}
        pending={step.isPending}
        submitText={t(`tasks.${action}`)}
        submitTestId={`${action}-submit`}
      >
        <Form.Item name="reason" label={text.label} description={text.hint} rules={[{ required: true, whitespace: true, message: text.required }]}>
          <TextArea rows={3} maxLength={500} showCount placeholder={text.placeholder} />
        </Form.Item>
      </StepPopup>
    </>
  );
}

/** Big buttons for the steps the server offers in `actions`, in the order the work goes. */
export function TaskActions({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const may = (action: string) => ticket.actions.includes(action);
  if (!['accept', 'arrive', 'resume', 'resolve', 'note', 'pause', 'return'].some(may)) return <div className="linli-m-hint linli-m-lead">{t('tasks.done')}</div>;
  return (
    <Space direction="vertical" block className="linli-m-actions">
      {may('accept') && <TapAction ticket={ticket} action="accept" />}
      {may('arrive') && <TapAction ticket={ticket} action="arrive" />}
      {may('resume') && <TapAction ticket={ticket} action="resume" />}
      {may('resolve') && <NoteAction ticket={ticket} action="resolve" />}
      {may('note') && <NoteAction ticket={ticket} action="note" />}
      {may('pause') && <ReasonAction ticket={ticket} action="pause" />}
      {may('return') && <ReasonAction ticket={ticket} action="return" />}
    </Space>
  );
}
