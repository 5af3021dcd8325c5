import { App, Button, Card, Form, Input, InputNumber, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAddNote, type ProjectDetail } from '../../api/projects.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { PhotoPicker, pickedFiles } from './PhotoPicker.tsx';

interface Values {
  text?: string;
  progressPercent?: number | null;
  photos?: UploadFile[];
}

/** 添加进展: what happened on site, the progress now, and photos. */
export function NoteForm({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const addNote = useAddNote();
  const submit = (values: Values) => {
    const photos = pickedFiles(values.photos);
    const text = values.text?.trim();
    if (!text && !photos.length) return form.setFields([{ name: 'text', errors: [t('projects.note.empty')] }]);
    // The progress is sent only when it changed, so a note alone does not rewrite it.
    const progressPercent = values.progressPercent === project.progressPercent ? undefined : (values.progressPercent ?? undefined);
    addNote.mutate({ id: project.id, text, progressPercent, photos }, {
      onSuccess: () => {
        form.resetFields();
        void message.success(t('projects.note.added'));
      },
    });
  };
  return (
    <Card size="small" title={t('projects.note.title')} style={{ marginBottom: 16 }}>
      <ErrorAlert error={addNote.error} />
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ progressPercent: project.progressPercent }} requiredMark={false}>
        <Form.Item name="text" label={t('projects.note.text')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="note-text" />
        </Form.Item>
        <Form.Item name="progressPercent" label={t('projects.note.progress')}>
          <InputNumber min={0} max={100} precision={0} style={{ width: 140 }} data-testid="note-progress" />
        </Form.Item>
        <PhotoPicker testId="note-photos" />
        <Button type="primary" htmlType="submit" loading={addNote.isPending} data-testid="note-submit">
          {t('projects.note.submit')}
        </Button>
      </Form>
    </Card>
  );
}
