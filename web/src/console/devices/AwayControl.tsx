import { AutoComplete, App, Button, Flex, Form, Input, Modal, Popconfirm, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSetAway, type Away, type CareCard } from '../../api/devices.ts';
import { showFieldErrors } from '../../api/fieldErrors.ts';
import { ErrorAlert, errorText } from '../../components/ErrorResult.tsx';

/** Today as the API's China date (the console runs in China). */
function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * 外出: while a household is away (in hospital, at a child's home) inactivity alarms are held back until
 * the date; 已回家 ends it. Either way the next silent day is judged as it should be.
 */
export function AwayControl({ card }: { card: CareCard }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Away>();
  const away = useSetAway();
  const reasons = (t('devices.care.awayReasons', { returnObjects: true }) as string[]).map((value) => ({ value }));
  const set = (body: Away | null) =>
    away.mutateAsync({ householdId: card.householdId, away: body }).then(() => {
      setOpen(false);
      void message.success(t(body ? 'devices.care.awaySet' : 'devices.care.backHome'));
    });
  if (card.awayUntil) {
    return (
      <Flex gap={6} align="center" wrap>
        <Tag color="purple" style={{ marginInlineEnd: 0 }} data-testid="care-away">
          {t('devices.care.awayUntil', { until: card.awayUntil, reason: card.awayReason ?? '' })}
        </Tag>
        <Popconfirm title={t('devices.care.backHomeConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')}
          onConfirm={() => set(null).catch((error: unknown) => void message.error(errorText(error)))}>
          <Button size="small" loading={away.isPending} data-testid="care-back-home">{t('devices.care.backHomeButton')}</Button>
        </Popconfirm>
      </Flex>
    );
  }
  return (
    <>
      <Button size="small" onClick={() => { away.reset(); setOpen(true); }} data-testid="care-set-away">{t('devices.care.setAway')}</Button>
      <Modal open={open} title={t('devices.care.setAwayTitle', { household: card.householdLabel })} okText={t('common.confirm')} cancelText={t('common.cancel')}
        confirmLoading={away.isPending} onOk={() => form.submit()} onCancel={() => setOpen(false)} destroyOnHidden okButtonProps={{ 'data-testid': 'away-save' }}>
        <ErrorAlert error={away.error} />
        <Form<Away> form={form} layout="vertical" requiredMark={false} preserve={false}
          onFinish={(values) => set({ until: values.until, reason: values.reason.trim() }).catch((error: unknown) => showFieldErrors(form, error))}>
          <Form.Item name="until" label={t('devices.care.until')} extra={t('devices.care.untilHint')} rules={[{ required: true, message: t('devices.care.untilRequired') }]}>
            <Input type="date" min={today()} data-testid="away-until" />
          </Form.Item>
          <Form.Item name="reason" label={t('devices.care.awayReason')} rules={[{ required: true, whitespace: true, message: t('devices.care.awayReasonRequired') }]}>
            <AutoComplete options={reasons} maxLength={200} data-testid="away-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
