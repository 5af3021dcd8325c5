import { PlusOutlined } from '@ant-design/icons';
import { Form, Upload, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';

export const MAX_PHOTOS = 6;

/** The files of the photos picked, to send with the form (the server checks and shrinks them). */
export function pickedFiles(list: UploadFile[] | undefined): File[] {
  return (list ?? []).map((file) => file.originFileObj).filter((file): file is NonNullable<typeof file> => file !== undefined);
}

/** 现场照片: up to six photos, kept in the browser until the form is sent. */
export function PhotoPicker({ name = 'photos', testId }: { name?: string; testId: string }) {
  const { t } = useTranslation();
  // The test id on a box around the field: antd's Upload does not pass it on to its file input.
  return (
    <div data-testid={testId}>
      <Form.Item
        name={name}
        label={t('projects.note.photos')}
        extra={t('projects.note.photosHint')}
        valuePropName="fileList"
        getValueFromEvent={(event: { fileList: UploadFile[] }) => event.fileList.slice(0, MAX_PHOTOS)}
      >
        <Upload listType="picture-card" beforeUpload={() => false} accept="image/jpeg,image/png,image/webp" multiple maxCount={MAX_PHOTOS}>
          <div>
            <PlusOutlined />
            <div style={{ marginTop: 4 }}>{t('projects.note.addPhoto')}</div>
          </div>
        </Upload>
      </Form.Item>
    </div>
  );
}
