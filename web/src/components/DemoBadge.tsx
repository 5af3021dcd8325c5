import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useConfig } from '../api/auth.ts';

/** Says loudly that the data is made up, whenever the server runs the demo. */
export function DemoBadge() {
  const { t } = useTranslation();
  const config = useConfig();
  if (!config.data?.demo) return null;
  return (
    <Tooltip title={t('app.demoBadgeHint')}>
      <Tag color="orange" variant="solid" style={{ marginInlineEnd: 0, fontWeight: 600 }} data-testid="demo-badge">
        {t('app.demoBadge')}
      </Tag>
    </Tooltip>
  );
}
