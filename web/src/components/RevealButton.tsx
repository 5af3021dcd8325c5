import { Alert, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRevealResident } from '../api/people.ts';
import type { ResidentRevealed, RevealBody } from '../api/types.ts';
import { ErrorAlert } from './ErrorResult.tsx';

/** 查看: asks why (the reason goes to the audit log), then hands back the resident in full. */
export function RevealButton({ residentId, onRevealed }: { residentId: number; onRevealed: (resident: ResidentRevealed) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<RevealBody>();
  const reveal = useRevealResident();
  const submit = (body: RevealBody) =>
    reveal.mutate(
      { id: residentId, ...body },
      {
        onSuccess: (resident) => {
          setOpen(false);
          onRevealed(resident);
        },
      },
    );
  return (
    <>
      <Button size="small" type="link" onClick={() => setOpen(true)} data-testid="reveal">
        {t('resident.reveal')}
      </Button>
      <Modal
        open={open}
        title={t('resident.revealTitle')}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={reveal.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Alert type="warning" showIcon title={t('resident.revealHint')} style={{ marginBottom: 16 }} />
        <ErrorAlert error={reveal.error} />
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          <Form.Item name="reason" label={t('resident.reason')} rules={[{ required: true, min: 2, whitespace: true, message: t('resident.reasonRequired') }]}>
            <Input.TextArea rows={2} maxLength={200} showCount autoFocus data-testid="reveal-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
