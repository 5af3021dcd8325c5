import { Form, Input } from 'antd-mobile';
import { useTranslation } from 'react-i18next';

/** Where the resident lives and who they are: what a verifier checks, on sign-up and when applying again. */
export function ClaimFields() {
  const { t } = useTranslation();
  const required = { required: true, message: t('account.required') };
  return (
    <>
      <Form.Item name="address" label={t('register.address')} description={t('register.addressHint')} rules={[required, { min: 2, max: 100 }]}>
        <Input placeholder={t('register.addressPlaceholder')} clearable />
      </Form.Item>
      <Form.Item name="name" label={t('register.name')} description={t('register.nameHint')} rules={[required, { max: 40 }]}>
        <Input autoComplete="name" clearable />
      </Form.Item>
      <Form.Item name="phone" label={t('register.phone')} description={t('register.privacy')} rules={[required]}>
        <Input type="tel" inputMode="tel" autoComplete="tel" clearable />
      </Form.Item>
    </>
  );
}
