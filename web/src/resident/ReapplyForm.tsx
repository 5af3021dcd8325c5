import { Button, Form, NoticeBar, Space } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useReapply } from '../api/accounts.ts';
import { fieldErrors, showFieldErrors } from '../api/fieldErrors.ts';
import type { ClaimBody } from '../api/types.ts';
import { errorText } from '../components/ErrorResult.tsx';
import { ClaimFields } from './ClaimFields.tsx';

/** After a rejection: correct the address (or name, phone) and apply again. */
export function ReapplyForm() {
  const { t } = useTranslation();
  const [form] = Form.useForm<ClaimBody>();
  const reapply = useReapply();
  const placed = fieldErrors(reapply.error, {}).length > 0;
  return (
    <Form
      form={form}
      layout="vertical"
      mode="card"
      requiredMarkStyle="none"
      className="linli-m-form"
      onFinish={(values) => reapply.mutate(values, { onError: (error) => showFieldErrors(form, error) })}
      footer={
        <Space direction="vertical" block>
          {reapply.error && !placed && <NoticeBar color="error" wrap content={errorText(reapply.error)} />}
          <Button block type="submit" color="primary" size="large" loading={reapply.isPending} data-testid="reapply-submit">
            {t('myClaim.reapply')}
          </Button>
        </Space>
      }
    >
      <Form.Header>{t('myClaim.reapplyTitle')}</Form.Header>
      <ClaimFields />
    </Form>
  );
}
