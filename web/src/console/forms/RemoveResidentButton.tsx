import { Alert, App, Button, Form, Modal, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRemoveResident } from '../../api/people.ts';
import type { RemovalReason } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { zhCN } from '../../i18n/zh-CN.ts';

const reasons = Object.keys(zhCN.editing.resident.reasons) as RemovalReason[];

/** 迁出/注销: choose why the resident leaves the registry, then confirm. */
export function RemoveResidentButton({ residentId }: { residentId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: RemovalReason }>();
  const remove = useRemoveResident();
  const close = () => {
    remove.reset();
    setOpen(false);
  };
  const submit = ({ reason }: { reason: RemovalReason }) =>
    remove.mutate(
      { id: residentId, reason },
      {
        onSuccess: () => {
          void message.success(t('editing.resident.removed'));
          close();
        },
      },
    );
  return (
    <>
      <Button size="small" type="link" danger onClick={() => setOpen(true)} data-testid="resident-remove">
        {t('editing.resident.remove')}
      </Button>
      <Modal
        open={open}
        title={t('editing.resident.removeTitle')}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, 'data-testid': 'resident-remove-submit' }}
        confirmLoading={remove.isPending}
        onOk={() => form.submit()}
        onCancel={close}
        destroyOnHidden
      >
        <Alert type="warning" showIcon title={t('editing.resident.removeHint')} style={{ marginBottom: 16 }} />
        <ErrorAlert error={remove.error} />
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          <Form.Item name="reason" label={t('editing.resident.reason')} rules={[{ required: true, message: t('editing.required') }]}>
            <Radio.Group options={reasons.map((value) => ({ value, label: t(`editing.resident.reasons.${value}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
