import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSaveStandard, type StandardDetail, type StandardDocument, type StandardSave } from '../../api/checkup.ts';
import { codePattern } from './CloneModal.tsx';
import { useStandardOwners } from './communityOptions.ts';
import { ProblemList } from './problems.tsx';

interface StandardFile {
  fileName: string;
  document: StandardDocument;
  code?: string;
  name?: string;
  note?: string;
}

const submitTestId = { 'data-testid': 'standard-import-submit' };

type Fields = Pick<StandardSave, 'code' | 'name' | 'note' | 'areaId'>;

/** A standard file as 导出 JSON writes it ({ code, name, note, document }), or a bare document. */
function readStandardFile(fileName: string, text: string): StandardFile {
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const document = (parsed && typeof parsed === 'object' && 'document' in parsed ? parsed.document : parsed) as StandardDocument;
  const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { fileName, document, code: str(parsed.code), name: str(parsed.name), note: str(parsed.note) };
}

/** 导入 JSON: reads a standard file in the browser and saves it (a known code gets its next version). The server says what is wrong, and where. */
export function ImportButton({ onImported }: { onImported: (saved: StandardDetail) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<StandardFile>();
  const [badFile, setBadFile] = useState<string>();
  const [form] = Form.useForm<Fields>();
  const save = useSaveStandard();
  const owners = useStandardOwners();

  const choose = async (chosen: File | undefined) => {
    if (!chosen) return;
    setBadFile(undefined);
    save.reset();
    try {
      setFile(readStandardFile(chosen.name, await chosen.text()));
    } catch (error) {
      setBadFile(t('standards.badJson', { message: error instanceof Error ? error.message : String(error) }));
      setFile({ fileName: chosen.name, document: { aspects: [] } });
    } finally {
      if (input.current) input.current.value = '';
    }
  };
  const submit = (fields: Fields) =>
    file &&
    save.mutate(
      { ...fields, note: fields.note || undefined, document: file.document },
      {
        onSuccess: (saved) => {
          void message.success(t('standards.imported', { code: saved.code, version: saved.version }));
          setFile(undefined);
          onImported(saved);
        },
      },
    );

  return (
    <>
      <input ref={input} type="file" accept=".json,application/json" hidden onChange={(event) => void choose(event.target.files?.[0])} data-testid="standard-import-file" />
      <Button icon={<UploadOutlined />} onClick={() => input.current?.click()} data-testid="standard-import">
        {t('standards.importJson')}
      </Button>
      <Modal
        open={file !== undefined}
        title={t('standards.importTitle')}
        okText={t('standards.importJson')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: badFile !== undefined, ...submitTestId }}
        confirmLoading={save.isPending}
        onOk={() => form.submit()}
        onCancel={() => setFile(undefined)}
        destroyOnHidden
        width={640}
      >
        <Typography.Paragraph type="secondary">
          {file && t('standards.importFile', { name: file.fileName })} {t('standards.importHint')}
        </Typography.Paragraph>
        {badFile && <Alert type="error" showIcon title={badFile} style={{ marginBottom: 12 }} />}
        <ProblemList error={save.error} document={file?.document} />
        {file && !badFile && (
          <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ code: file.code, name: file.name, note: file.note, areaId: owners.communities.only }}>
            <Form.Item name="code" label={t('standards.code')} extra={t('standards.cloneCodeHint')} rules={[{ required: true, pattern: codePattern, message: t('standards.cloneCodeHint') }]}>
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item name="name" label={t('standards.name')} rules={[{ required: true, whitespace: true, message: t('standards.required') }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="areaId" label={t('standards.cloneArea')}>
              <Select allowClear placeholder={owners.isAdmin ? t('standards.nationwide') : undefined} options={owners.options} />
            </Form.Item>
            <Form.Item name="note" label={t('standards.note')}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </>
  );
}
