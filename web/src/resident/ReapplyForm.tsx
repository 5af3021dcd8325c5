import { Form } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useReapply } from '../api/accounts.ts';
import { showFieldErrors } from '../api/fieldErrors.ts';
import type { ClaimBody } from '../api/types.ts';
import { ClaimFields } from './ClaimFields.tsx';
import { MobileForm } from './MobileForm.tsx';

/** After a rejection: correct the address (or name, phone) and apply again. */
export function ReapplyForm() {
  const { t } = useTranslation();
  const [form] = Form.useForm<ClaimBody>();
  const reapply = useReapply();
  return (
    <MobileForm<ClaimBody>
      form={form}
      onFinish={(values) => reapply.mutate(values, { onError: (error) => showFieldErrors(form, error) })}
      error={reapply.error}
      pending={reapply.isPending}
      submitText={t('myClaim.reapply')}
      submitTestId="reapply-submit"
    >
      <Form.Header>{t('myClaim.reapplyTitle')}</Form.Header>
      <ClaimFields />
    </MobileForm>
  );
}
