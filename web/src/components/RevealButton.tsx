import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RevealBody } from '../api/types.ts';
import { ErrorAlert } from './ErrorResult.tsx';

/**
 * 查看: asks why, then hands back what `reveal` answers in full (a resident, a care contact); the
 * server writes the reason to the audit log before it answers.
 */
export function RevealButton<T>({ reveal: send, onRevealed }: { reveal: (body: RevealBody) => Promise<T>; onRevealed: (revealed: T) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<RevealBody>();
  const reveal = useMutation({ mutationFn: send });
  const submit = (body: RevealBody) =>
    reveal.mutate(body, {
      onSuccess: (revealed) => {
        setOpen(false);
        onRevealed(revealed);
      },
    });
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
