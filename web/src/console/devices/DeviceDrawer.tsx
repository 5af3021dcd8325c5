import { Alert, App, Button, Descriptions, Drawer, Flex, Popconfirm, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { hasPermission, useCurrentUser } from '../../api/auth.ts';
import { useDevice, useRotateSecret, type DeviceDetail, type ProvisionedDevice } from '../../api/devices.ts';
import { ErrorResult, errorText } from '../../components/ErrorResult.tsx';
import { useDrawerSize } from '../drawers/useDrawerSize.ts';
import { MomentAgo } from './AlarmTags.tsx';
import { Battery, DeviceStateTag, Signal } from './DeviceCells.tsx';
import { formatMoment, useLabelLanguage } from './format.ts';
import { rulesHref } from './ruleLevels.ts';

type RecentEvent = DeviceDetail['recentEvents'][number];

function Facts({ device }: { device: DeviceDetail }) {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  const none = t('common.none');
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 16 }} data-testid="device-facts">
      <Descriptions.Item label={t('devices.columns.kind')}>{device.kindName[language]}</Descriptions.Item>
      <Descriptions.Item label={t('devices.columns.place')}>{device.householdLabel ?? device.buildingName ?? none}</Descriptions.Item>
      <Descriptions.Item label={t('devices.provision.label')}>{device.label || none}</Descriptions.Item>
      <Descriptions.Item label={t('area.community')}>{device.communityName}</Descriptions.Item>
      <Descriptions.Item label={t('devices.provision.model')}>{device.model || none}</Descriptions.Item>
      <Descriptions.Item label={t('devices.columns.battery')}><Battery percent={device.battery} /></Descriptions.Item>
      <Descriptions.Item label={t('devices.columns.signal')}><Signal dbm={device.signal} /></Descriptions.Item>
      <Descriptions.Item label={t('devices.columns.lastSeen')}>
        {device.lastSeenAt ? <MomentAgo at={device.lastSeenAt} /> : t('devices.ago.never')}
      </Descriptions.Item>
      <Descriptions.Item label={t('devices.provision.installedOn')}>{device.installedOn ?? none}</Descriptions.Item>
      <Descriptions.Item label={t('devices.columns.openAlarms')}>
        {device.openAlarms > 0 ? <Link to="/alarms" style={{ color: '#cf1322' }}>{device.openAlarms}</Link> : 0}
      </Descriptions.Item>
      <Descriptions.Item label={t('nav.deviceRules')}>
        <Link to={rulesHref({ communityId: device.communityId, householdId: device.householdId ?? undefined, deviceId: device.id, kind: device.kind })}
          data-testid="device-rules-link">{t('devices.rules.link')}</Link>
      </Descriptions.Item>
    </Descriptions>
  );
}

/** The last payload that failed validation, with the error, so a wrong kind or firmware shows. */
function Malformed({ device }: { device: DeviceDetail }) {
  const { t } = useTranslation();
  if (device.malformedCount === 0) return null;
  return (
    <Alert type="error" showIcon style={{ marginBottom: 16 }} data-testid="device-malformed"
      title={t('devices.malformed.count', { count: device.malformedCount, at: device.lastMalformedAt ? formatMoment(device.lastMalformedAt) : '' })}
      description={device.lastMalformed && <Typography.Text code style={{ wordBreak: 'break-all' }}>{device.lastMalformed}</Typography.Text>} />
  );
}

/** Where the device publishes: the topics for MQTT, the address for an HTTP gateway. */
function Topics({ device }: { device: DeviceDetail }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [t('devices.topics.telemetry'), device.topics.telemetry],
    [t('devices.topics.event'), device.topics.event],
    [t('devices.topics.state'), device.topics.state],
    [t('devices.topics.gateway'), `POST /api/devices/${device.id}/messages`],
  ];
  return (
    <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }} data-testid="device-topics">
      {rows.map(([label, value]) => (
        <Descriptions.Item key={label} label={label}><Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{value}</Typography.Text></Descriptions.Item>
      ))}
    </Descriptions>
  );
}

function RecentEvents({ events }: { events: RecentEvent[] }) {
  const { t } = useTranslation();
  const columns = [
    { key: 'at', title: t('devices.events.at'), render: (_: unknown, e: RecentEvent) => formatMoment(e.at) },
    { key: 'type', title: t('devices.events.type'), dataIndex: 'type' },
    { key: 'seq', title: t('devices.events.seq'), dataIndex: 'seq', align: 'right' as const },
  ];
  return (
    <Table<RecentEvent> rowKey="seq" size="small" pagination={false} dataSource={events} columns={columns} scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('devices.events.empty') }} data-testid="device-events" />
  );
}

/** 重置密钥: the old secret stops at once, so it asks first. */
function RotateButton({ device, onRotated }: { device: DeviceDetail; onRotated: (answer: ProvisionedDevice) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rotate = useRotateSecret();
  const run = () => rotate.mutateAsync(device.id).then(onRotated, (error: unknown) => void message.error(errorText(error)));
  return (
    <Popconfirm title={t('devices.rotate.confirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={run}
      okButtonProps={{ 'data-testid': 'rotate-confirm' }}>
      <Button loading={rotate.isPending} data-testid="rotate-secret">{t('devices.rotate.button')}</Button>
    </Popconfirm>
  );
}

/** One device: its facts, what went wrong with its messages, where it publishes, and what it sent lately. */
export function DeviceDrawer({ deviceId, onClose, onRotated }: { deviceId: string | undefined; onClose: () => void; onRotated: (answer: ProvisionedDevice) => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const size = useDrawerSize(640);
  const query = useDevice(deviceId);
  const device = query.data;
  return (
    <Drawer open={deviceId !== undefined} onClose={onClose} size={size} destroyOnHidden data-testid="device-drawer"
      title={device && (
        <Flex gap={8} align="center" wrap>
          <span>{device.id}</span>
          <DeviceStateTag state={device.state} />
          {!device.active && <Tag style={{ marginInlineEnd: 0 }}>{t('devices.retired')}</Tag>}
        </Flex>
      )}
      extra={device && hasPermission(me, 'devices.manage') && <RotateButton device={device} onRotated={onRotated} />}>
      {query.isLoading && <Spin />}
      {query.isError && <ErrorResult error={query.error} onRetry={() => void query.refetch()} />}
      {device && (
        <>
          <Malformed device={device} />
          <Facts device={device} />
          <Typography.Title level={5}>{t('devices.topics.title')}</Typography.Title>
          <Topics device={device} />
          <Typography.Title level={5}>{t('devices.events.title')}</Typography.Title>
          <RecentEvents events={device.recentEvents} />
        </>
      )}
    </Drawer>
  );
}
