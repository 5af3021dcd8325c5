import { PhoneOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, List, Modal, Radio, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLogCall, type CallOutcomeValue, type CareCall, type CareCard } from '../../api/devices.ts';
import { showFieldErrors } from '../../api/fieldErrors.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { devicesZhCN } from '../../i18n/devices.zh-CN.ts';
import { Ago } from './AlarmTags.tsx';
import { useLabelLanguage } from './format.ts';

const outcomes = Object.keys(devicesZhCN.devices.care.outcomes) as CallOutcomeValue[];
/** Someone was reached (or seen at the door): the chain can stop here. */
const reached: CallOutcomeValue[] = ['answered', 'visited'];

/** 拨打记录: who was called (the chain's first by default), what came of it, and the open alarm it was about. */
export function LogCallButton({ card }: { card: CareCard }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const language = useLabelLanguage();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<CareCall>();
  const log = useLogCall();
  const contacts = [...card.contacts].sort((a, b) => a.position - b.position);
  const submit = (values: CareCall) =>
    log.mutate({ householdId: card.householdId, ...values, note: values.note?.trim() || undefined }, {
      onSuccess: () => {
        setOpen(false);
        void message.success(t('devices.care.callLogged'));
      },
      onError: (error) => showFieldErrors(form, error),
    });
  return (
    <>
      <Button size="small" type="primary" icon={<PhoneOutlined />} disabled={!contacts.length} onClick={() => { log.reset(); setOpen(true); }}
        data-testid="call-log">{t('devices.care.logCall')}</Button>
      <Modal open={open} title={t('devices.care.logCallTitle', { household: card.householdLabel })} okText={t('editing.save')} cancelText={t('common.cancel')}
        confirmLoading={log.isPending} onOk={() => form.submit()} onCancel={() => setOpen(false)} destroyOnHidden okButtonProps={{ 'data-testid': 'call-save' }}>
        <ErrorAlert error={log.error} />
        <Form<CareCall> form={form} layout="vertical" onFinish={submit} preserve={false} requiredMark={false}
          initialValues={{ contactId: contacts[0]?.id, alarmId: card.openAlarms[0]?.id }}>
          <Form.Item name="contactId" label={t('devices.care.contact')} rules={[{ required: true }]}>
            <Select options={contacts.map((c) => ({ value: c.id, label: `${t(`devices.care.roles.${c.role}`)} · ${c.name} · ${c.phone}` }))} data-testid="call-contact" />
          </Form.Item>
          <Form.Item name="outcome" label={t('devices.care.outcome')} rules={[{ required: true, message: t('devices.care.outcomeRequired') }]}>
            <Radio.Group options={outcomes.map((o) => ({ value: o, label: t(`devices.care.outcomes.${o}`) }))} data-testid="call-outcome" />
          </Form.Item>
          {card.openAlarms.length > 0 && (
            <Form.Item name="alarmId" label={t('devices.care.aboutAlarm')}>
              <Select allowClear options={card.openAlarms.map((a) => ({ value: a.id, label: `#${a.id} ${a.name[language]}` }))} />
            </Form.Item>
          )}
          <Form.Item name="note" label={t('devices.care.note')}>
            <Input.TextArea rows={2} maxLength={500} showCount data-testid="call-note" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** The last calls, newest first: when, whom, what came of it. */
export function RecentCalls({ card }: { card: CareCard }) {
  const { t } = useTranslation();
  if (!card.recentCalls.length) return <Typography.Text type="secondary">{t('devices.care.noCalls')}</Typography.Text>;
  return (
    <List size="small" split={false} dataSource={card.recentCalls} data-testid="care-calls"
      renderItem={(call) => (
        <List.Item style={{ padding: '2px 0', display: 'block' }}>
          <Typography.Text style={{ fontSize: 12 }}>
            <Ago at={call.at} /> · {t(`devices.care.roles.${call.role}`)} {call.contactName}{' '}
            <Tag color={reached.includes(call.outcome) ? 'success' : 'warning'} style={{ marginInlineEnd: 0 }}>{t(`devices.care.outcomes.${call.outcome}`)}</Tag>
            {call.note && <Typography.Text type="secondary"> · {call.note}</Typography.Text>}
            <Typography.Text type="secondary"> · {call.actorName}</Typography.Text>
          </Typography.Text>
        </List.Item>
      )} />
  );
}
