import { App, Button, Checkbox, Flex, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasPermission, useCurrentUser } from '../../api/auth.ts';
import { useAlarmAssignees, useAlarmStep, type AlarmDetail, type AlarmStep, type AlarmStepBodies } from '../../api/devices.ts';
import { showFieldErrors } from '../../api/fieldErrors.ts';
import { ErrorAlert, errorText } from '../../components/ErrorResult.tsx';

type FormStep = Exclude<AlarmStep, 'acknowledge'>;
interface StepValues {
  reason?: string;
  falseAlarm?: boolean;
  userId?: number;
  text?: string;
}

/** The people an alarm can be handed to: those who answer alarms where it is, found by name. */
function AssigneeField({ alarm }: { alarm: AlarmDetail }) {
  const { t } = useTranslation();
  const [q, setQ] = useState<string>();
  const people = useAlarmAssignees(alarm.id, q);
  const options = (people.data ?? []).map((person) => ({ value: person.id, label: `${person.displayName} · ${person.areas}` }));
  return (
    <Form.Item name="userId" label={t('devices.alarm.assignee')} rules={[{ required: true, message: t('devices.alarm.assigneeRequired') }]}>
      <Select showSearch={{ filterOption: false, onSearch: (text) => setQ(text.trim() || undefined) }} loading={people.isFetching} options={options}
        data-testid="alarm-assignee" />
    </Form.Item>
  );
}

const stepForms: { [S in FormStep]: { Fields: (props: { alarm: AlarmDetail }) => React.ReactNode; body: (v: StepValues) => AlarmStepBodies[S] } } = {
  clear: {
    Fields: function ClearFields() {
      const { t } = useTranslation();
      return (
        <>
          <Form.Item name="reason" label={t('devices.alarm.clearReason')} rules={[{ required: true, whitespace: true, message: t('devices.alarm.clearReasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={500} showCount autoFocus data-testid="alarm-clear-reason" />
          </Form.Item>
          <Form.Item name="falseAlarm" valuePropName="checked" extra={t('devices.alarm.falseAlarmHint')}>
            <Checkbox data-testid="alarm-false-alarm">{t('devices.alarm.falseAlarm')}</Checkbox>
          </Form.Item>
        </>
      );
    },
    body: (v) => ({ reason: v.reason!.trim(), falseAlarm: v.falseAlarm ?? false }),
  },
  assign: { Fields: AssigneeField, body: (v) => ({ userId: v.userId! }) },
  comments: {
    Fields: function CommentFields() {
      const { t } = useTranslation();
      return (
        <Form.Item name="text" label={t('devices.alarm.comment')} rules={[{ required: true, whitespace: true, message: t('devices.alarm.commentRequired') }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount autoFocus data-testid="alarm-comment-text" />
        </Form.Item>
      );
    },
    body: (v) => ({ text: v.text!.trim() }),
  },
};

/** A step with a form in a dialog; the server's field errors land on their fields. */
function FormButton({ alarm, step }: { alarm: AlarmDetail; step: FormStep }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<StepValues>();
  const mutation = useAlarmStep(step);
  const label = t(`devices.alarm.actions.${step}`);
  const { Fields, body } = stepForms[step];
  const submit = (values: StepValues) =>
    mutation.mutate({ id: alarm.id, body: body(values) }, {
      onSuccess: () => {
        setOpen(false);
        void message.success(t('devices.alarm.done', { action: label }));
      },
      onError: (error) => showFieldErrors(form, error),
    });
  const show = () => {
    mutation.reset();
    setOpen(true);
  };
  return (
    <>
      <Button onClick={show} danger={step === 'clear'} data-testid={`alarm-${step}`}>{label}</Button>
      <Modal open={open} title={label} okText={label} cancelText={t('common.cancel')} confirmLoading={mutation.isPending} onOk={() => form.submit()}
        onCancel={() => setOpen(false)} destroyOnHidden okButtonProps={{ 'data-testid': `alarm-${step}-submit` }}>
        <ErrorAlert error={mutation.error} />
        <Form<StepValues> form={form} layout="vertical" onFinish={submit} preserve={false} requiredMark={false}>
          <Fields alarm={alarm} />
        </Form>
      </Modal>
    </>
  );
}

/** 接警: one click, since seconds count; it also accepts the alarm's ticket, which stops the escalation. */
function AcknowledgeButton({ alarm }: { alarm: AlarmDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mutation = useAlarmStep('acknowledge');
  const take = () => mutation.mutate({ id: alarm.id, body: undefined }, {
    onSuccess: () => void message.success(t('devices.alarm.done', { action: t('devices.alarm.actions.acknowledge') })),
    onError: (error) => void message.error(errorText(error)),
  });
  return (
    <Button type="primary" danger={alarm.severity === 'critical'} size="large" loading={mutation.isPending} onClick={take} data-testid="alarm-acknowledge">
      {t('devices.alarm.actions.acknowledge')}
    </Button>
  );
}

/** What the user may do with the alarm now: answer it, clear it, hand it on, note something. */
export function AlarmActions({ alarm }: { alarm: AlarmDetail }) {
  const me = useCurrentUser();
  if (!hasPermission(me, 'alarms.handle')) return null;
  return (
    <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }} data-testid="alarm-actions">
      {!alarm.acknowledged && <AcknowledgeButton alarm={alarm} />}
      {alarm.active && <FormButton alarm={alarm} step="clear" />}
      {alarm.active && <FormButton alarm={alarm} step="assign" />}
      <FormButton alarm={alarm} step="comments" />
    </Flex>
  );
}
