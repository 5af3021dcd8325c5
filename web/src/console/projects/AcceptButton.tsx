import { Alert, App, Button, Form, Input, Modal, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAcceptProject, type ProjectDetail } from '../../api/projects.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { PhotoPicker, pickedFiles } from './PhotoPicker.tsx';

interface Values {
  note?: string;
  photos?: UploadFile[];
}

/** 验收: the acceptance note and photos of a completed project; the server records who accepted. */
export function AcceptButton({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const accept = useAcceptProject();
  const submit = (values: Values) =>
    accept.mutate({ id: project.id, note: values.note?.trim(), photos: pickedFiles(values.photos) }, {
      onSuccess: () => {
        setOpen(false);
        void message.success(t('projects.accept.done'));
      },
    });
  return (
    <>
      <Button
        type="primary"
        onClick={() => {
          accept.reset();
          setOpen(true);
        }}
        data-testid="project-accept"
      >
        {t('projects.accept.button')}
      </Button>
      <Modal
        open={open}
        title={t('projects.accept.title')}
        okText={t('projects.accept.submit')}
        okButtonProps={{ 'data-testid': 'project-accept-confirm' }}
        cancelText={t('common.cancel')}
        confirmLoading={accept.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Alert type="info" showIcon title={t('projects.accept.hint')} style={{ marginBottom: 16 }} />
        <ErrorAlert error={accept.error} />
        <Form<Values> form={form} layout="vertical" onFinish={submit} preserve={false}>
          <Form.Item name="note" label={t('projects.accept.note')} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount data-testid="accept-note" />
          </Form.Item>
          <PhotoPicker testId="accept-photos" />
        </Form>
      </Modal>
    </>
  );
}
