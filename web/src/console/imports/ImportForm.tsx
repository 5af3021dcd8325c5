import { UploadOutlined } from '@ant-design/icons';
import { Button, Form, Select, Upload, type UploadFile } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommunities } from '../../api/places.ts';
import type { ImportKind } from '../../api/types.ts';
import { zhCN } from '../../i18n/zh-CN.ts';

export interface ImportChoice {
  kind: ImportKind;
  /** Areas may be imported above any community (a new community with its grids). */
  communityId?: number;
  file: File;
}

interface FormValues {
  kind: ImportKind;
  communityId?: number;
  files: UploadFile[];
}

const kinds = Object.keys(zhCN.imports.kinds) as ImportKind[];

/** Step one: what is being imported, into which community, from which file. */
export function ImportForm({ busy, onCheck }: { busy: boolean; onCheck: (choice: ImportChoice) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const communities = useCommunities();
  useEffect(() => {
    if (communities.only !== undefined && form.getFieldValue('communityId') === undefined) form.setFieldValue('communityId', communities.only);
  }, [communities.only, form]);
  const kind = Form.useWatch('kind', form);
  const submit = ({ kind, communityId, files }: FormValues) => onCheck({ kind, communityId, file: files[0].originFileObj as File });
  return (
    <Form<FormValues> form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 480 }} initialValues={{ kind: 'households' }}>
      <Form.Item name="kind" label={t('imports.kind')} rules={[{ required: true }]}>
        <Select options={kinds.map((value) => ({ value, label: t(`imports.kinds.${value}`) }))} />
      </Form.Item>
      <Form.Item name="communityId" label={t('imports.community')} rules={[{ required: kind !== 'areas', message: t('area.chooseCommunity') }]}>
        <Select
          allowClear
          placeholder={t('area.chooseCommunity')}
          loading={communities.isPending}
          options={communities.data?.map((area) => ({ value: area.id, label: area.name }))}
        />
      </Form.Item>
      <Form.Item
        name="files"
        label={t('imports.file')}
        extra={t('imports.fileHint')}
        valuePropName="fileList"
        getValueFromEvent={(event: { fileList: UploadFile[] }) => event.fileList.slice(-1)}
        rules={[{ required: true, message: t('imports.fileRequired') }]}
      >
        <Upload beforeUpload={() => false} maxCount={1} accept=".csv,.xlsx,.geojson,.json">
          <Button icon={<UploadOutlined />}>{t('imports.chooseFile')}</Button>
        </Upload>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="import-check">
        {t('imports.check')}
      </Button>
    </Form>
  );
}
