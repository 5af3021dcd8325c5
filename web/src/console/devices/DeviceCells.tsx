import { ThunderboltOutlined, SignalFilled } from '@ant-design/icons';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeviceStateValue } from '../../api/devices.ts';
import { stateColor } from './format.ts';

/** Below this a battery needs changing soon (the low-battery event comes from the device itself). */
const lowBattery = 20;
/** NB-IoT RSRP: below −110 dBm messages start to get lost, below −100 dBm it is weak. */
const signalBands = { poor: -110, weak: -100 };

export function DeviceStateTag({ state }: { state: DeviceStateValue }) {
  const { t } = useTranslation();
  return <Tag color={stateColor[state]} style={{ marginInlineEnd: 0 }} data-testid="device-state">{t(`devices.states.${state}`)}</Tag>;
}

export function Battery({ percent }: { percent: number | null }) {
  const { t } = useTranslation();
  if (percent === null) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Typography.Text type={percent < lowBattery ? 'danger' : undefined} strong={percent < lowBattery} style={{ whiteSpace: 'nowrap' }}>
      <ThunderboltOutlined /> {percent}%
    </Typography.Text>
  );
}

export function Signal({ dbm }: { dbm: number | null }) {
  const { t } = useTranslation();
  if (dbm === null) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const type = dbm < signalBands.poor ? 'danger' : dbm < signalBands.weak ? 'warning' : undefined;
  const band = dbm < signalBands.poor ? 'poor' : dbm < signalBands.weak ? 'weak' : 'good';
  return <Typography.Text type={type} title={t(`devices.signal.${band}`)} style={{ whiteSpace: 'nowrap' }}><SignalFilled /> {dbm} dBm</Typography.Text>;
}
