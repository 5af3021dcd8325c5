import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRejectClaim } from '../../api/accounts.ts';
import type { RejectBody } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';

/** 驳回: asks for the reason, which the applicant will read on their phone. */
export function RejectButton({ claimId }: { claimId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<RejectBody>();
  const reject = useRejectClaim();
  const submit = ({ reason }: RejectBody) =>
    reject.mutate(
      { id: claimId, reason: reason.trim() },
      {
        onSuccess: () => {
          setOpen(false);
          void message.success(t('claims.rejected'));
        },
      },
    );
  return (
    <>
      <Button
        danger
        onClick={() => {
          reject.reset();
          setOpen(true);
        }}
        data-testid="claim-reject"
      >
        {t('claims.reject')}
      </Button>
      <Modal
        open={open}
        title={t('claims.rejectTitle')}
        okText={t('claims.reject')}
        okButtonProps={{ danger: true, 'data-testid': 'claim-reject-confirm' }}
        cancelText={t('common.cancel')}
        confirmLoading={reject.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Alert type="info" showIcon title={t('claims.rejectHint')} style={{ marginBottom: 16 }} />
        <ErrorAlert error={reject.error} />
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          <Form.Item
            name="reason"
            label={t('claims.decisionNote')}
            rules={[{ required: true, min: 2, max: 200, whitespace: true, message: t('claims.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={200} showCount autoFocus data-testid="claim-reject-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
