import { Alert, App, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { showFieldErrors } from '../../api/fieldErrors.ts';
import { useCreateWebhook, useUpdateWebhook, type WebhookCreate, type WebhookCreated, type WebhookView } from '../../api/notifications.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';

type Values = Required<WebhookCreate>;

/** New (no `webhook`) or edit: name, address, and the events it takes. A new one's secret is handed to `onCreated`. */
export function WebhookFormModal({ open, webhook, onClose, onCreated }: {
  open: boolean;
  webhook?: WebhookView;
  onClose: () => void;
  onCreated: (created: WebhookCreated) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const mutation = webhook ? update : create;
  const submit = (values: Values) => {
    const body = { ...values, name: values.name.trim(), url: values.url.trim() };
    const onError = (error: unknown) => showFieldErrors(form, error);
    if (webhook) {
      const onSuccess = () => {
        void message.success(t('webhooks.saved'));
        onClose();
      };
      update.mutate({ id: webhook.id, ...body }, { onSuccess, onError });
    } else {
      const onSuccess = (created: WebhookCreated) => {
        onClose();
        onCreated(created);
      };
      create.mutate(body, { onSuccess, onError });
    }
  };
  return (
    <Modal
      open={open}
      title={t(webhook ? 'webhooks.editTitle' : 'webhooks.createTitle')}
      okText={t(webhook ? 'webhooks.save' : 'webhooks.new')}
      okButtonProps={{ 'data-testid': 'webhook-submit' }}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterOpenChange={(visible) => visible || mutation.reset()}
      destroyOnHidden
    >
      <ErrorAlert error={mutation.error} />
      <Form<Values> form={form} layout="vertical" onFinish={submit} preserve={false}
        initialValues={{ name: webhook?.name, url: webhook?.url, events: webhook?.events ?? [] }}>
        <Form.Item name="name" label={t('webhooks.name')} rules={[{ required: true, whitespace: true, max: 100, message: t('webhooks.nameRequired') }]}>
          <Input maxLength={100} autoFocus data-testid="webhook-name" />
        </Form.Item>
        <Form.Item name="url" label={t('webhooks.url')} rules={[{ required: true, pattern: /^https?:\/\/\S+$/, message: t('webhooks.urlInvalid') }]}>
          <Input maxLength={2000} placeholder="https://" inputMode="url" data-testid="webhook-url" />
        </Form.Item>
        <Form.Item name="events" label={t('webhooks.events')} extra={t('webhooks.eventsHint')}>
          <Select mode="tags" tokenSeparators={[',', ' ']} placeholder={t('webhooks.allEvents')} open={false} suffixIcon={null} data-testid="webhook-events" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The signing secret of a new webhook, shown this once with a copy button. */
export function SecretModal({ created, onClose }: { created: WebhookCreated | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={created !== undefined}
      title={t('webhooks.secretTitle')}
      closable={false}
      maskClosable={false}
      footer={<Button type="primary" onClick={onClose} data-testid="webhook-secret-done">{t('webhooks.secretDone')}</Button>}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('webhooks.secretHint')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph strong>{created?.name}</Typography.Paragraph>
      <Typography.Paragraph code copyable={{ text: created?.secret, tooltips: [t('webhooks.copy'), t('webhooks.copied')] }}
        style={{ wordBreak: 'break-all' }} data-testid="webhook-secret">
        {created?.secret}
      </Typography.Paragraph>
    </Modal>
  );
}
