import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download } from '../api/client.ts';
import type { ExportFormat, ExportQuery, ImportKind } from '../api/types.ts';


/** Downloads what the user may see of one community, in the format they pick. */
export function ExportButton({ kind, communityId, formats }: { kind: ImportKind; communityId?: number; formats: ExportFormat[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (communityId: number, format: ExportFormat) => {
    setBusy(true);
    try {
      const query: ExportQuery = { communityId, format };
      await download(`/api/exports/${kind}`, query, `${kind}.${format}`);
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  const button = (
    <Button icon={<DownloadOutlined />} loading={busy} disabled={communityId === undefined} data-testid="export">
      {t('exports.button')}
    </Button>
  );
  if (communityId === undefined) return <Tooltip title={t('exports.needCommunity')}>{button}</Tooltip>;
  const items = formats.map((format) => ({ key: format, label: t(`exports.formats.${format}`), onClick: () => void run(communityId, format) }));
  return (
    <Dropdown menu={{ items }} trigger={['click']}>
      {button}
    </Dropdown>
  );
}
