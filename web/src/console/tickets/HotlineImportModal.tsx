import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Modal, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { downloadHotlineTemplate, useHotlineImport, type HotlineImportReport } from '../../api/tickets.ts';
import { ImportErrors } from '../imports/ImportErrors.tsx';

/**
 * 导入 12345 工单: choose the hotline centre's spreadsheet, check it (nothing is written), read the errors
 * by row and column, then import every case in one go. A case number imported before is skipped, not doubled.
 */
export function HotlineImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const upload = useHotlineImport();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [checked, setChecked] = useState<HotlineImportReport>();
  const file = files[0]?.originFileObj as File | undefined;
  const close = () => {
    setFiles([]);
    setChecked(undefined);
    upload.reset();
    onClose();
  };
  const check = async () => setChecked(await upload.mutateAsync({ file: file!, dryRun: true }));
  const commit = async () => {
    const report = await upload.mutateAsync({ file: file!, dryRun: false });
    message.success(t('ticketsConsole.hotline.done', { count: report.created }));
    close();
  };
  const ready = checked !== undefined && checked.errors.length === 0 && checked.created > 0;
  const failed = upload.error && isApiError(upload.error) ? upload.error.message : undefined;
  const footer = (
    <Flex justify="space-between" wrap gap={8}>
      <Button icon={<DownloadOutlined />} onClick={() => void downloadHotlineTemplate()}>{t('ticketsConsole.hotline.template')}</Button>
      <Flex gap={8}>
        <Button onClick={() => void check()} disabled={!file} loading={upload.isPending && !ready} data-testid="hotline-check">{t('ticketsConsole.hotline.check')}</Button>
        <Button type="primary" onClick={() => void commit()} disabled={!ready} loading={upload.isPending && ready} data-testid="hotline-commit">
          {t('ticketsConsole.hotline.commit', { count: checked?.created ?? 0 })}
        </Button>
      </Flex>
    </Flex>
  );
  return (
    <Modal open={open} title={t('ticketsConsole.hotline.title')} onCancel={close} footer={footer} width="min(720px, calc(100vw - 16px))" destroyOnHidden>
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('ticketsConsole.hotline.intro')}</Typography.Paragraph>
        <Upload beforeUpload={() => false} maxCount={1} accept=".csv,.xlsx" fileList={files}
          onChange={({ fileList }) => { setFiles(fileList.slice(-1)); setChecked(undefined); }}>
          <Button icon={<UploadOutlined />} data-testid="hotline-file">{t('ticketsConsole.hotline.choose')}</Button>
        </Upload>
        {failed && <Alert type="error" showIcon message={failed} />}
        {checked && (
          <Alert
            type={checked.errors.length ? 'error' : 'success'} showIcon data-testid="hotline-summary"
            message={checked.errors.length ? t('ticketsConsole.hotline.invalid', { count: checked.errors.length })
              : t('ticketsConsole.hotline.rows', { total: checked.rowsTotal, created: checked.created })}
            description={checked.skipped.length ? t('ticketsConsole.hotline.skipped', { count: checked.skipped.length }) : undefined}
          />
        )}
        {checked && checked.errors.length > 0 && <ImportErrors errors={checked.errors} />}
      </Flex>
    </Modal>
  );
}
