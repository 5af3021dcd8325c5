import { PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Checkbox, Empty, Flex, Grid, Input, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { hasPermission, useCurrentUser } from '../../api/auth.ts';
import { useDeviceKinds, useDevices, type DeviceFilters as Filters, type DeviceStateValue, type DeviceView, type ProvisionedDevice } from '../../api/devices.ts';
import { useCommunities } from '../../api/places.ts';
import { Page } from '../../components/Page.tsx';
import { PagedTable } from '../../components/PagedTable.tsx';
import { Ago } from './AlarmTags.tsx';
import { Battery, DeviceStateTag, Signal } from './DeviceCells.tsx';
import { DeviceDrawer } from './DeviceDrawer.tsx';
import { deviceStates, useLabelLanguage } from './format.ts';
import { ProvisionDrawer } from './ProvisionDrawer.tsx';
import { SecretModal } from './SecretModal.tsx';
import './devices.css';

function DeviceFilters({ value, onChange }: { value: Filters; onChange: (next: Filters) => void }) {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  const kinds = useDeviceKinds();
  const communities = useCommunities();
  const set = (patch: Filters) => onChange({ ...value, ...patch });
  return (
    <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
      <Input.Search allowClear placeholder={t('devices.filters.search')} onSearch={(q) => set({ q: q.trim() || undefined })} style={{ width: 220, maxWidth: '100%' }}
        data-testid="device-search" />
      {(communities.data?.length ?? 0) > 1 && (
        <Select<number> allowClear style={{ minWidth: 150 }} placeholder={t('area.chooseCommunity')} value={value.communityId}
          onChange={(communityId) => set({ communityId })} options={communities.data?.map((c) => ({ value: c.id, label: c.name }))} />
      )}
      <Select<string> allowClear style={{ minWidth: 140 }} placeholder={t('devices.filters.kind')} value={value.kind} onChange={(kind) => set({ kind })}
        options={kinds.data?.map((k) => ({ value: k.code, label: k.name[language] }))} data-testid="device-kind-filter" />
      <Select<DeviceStateValue> allowClear style={{ minWidth: 110 }} placeholder={t('devices.filters.state')} value={value.state} onChange={(state) => set({ state })}
        options={deviceStates.map((s) => ({ value: s, label: t(`devices.states.${s}`) }))} data-testid="device-state-filter" />
      <Checkbox checked={value.malformed === true} onChange={(e) => set({ malformed: e.target.checked || undefined })} data-testid="device-malformed-filter">
        {t('devices.filters.malformed')}
      </Checkbox>
    </Flex>
  );
}

function PlaceCell({ device }: { device: DeviceView }) {
  return (
    <Flex vertical>
      <Typography.Text>{device.householdLabel ?? device.buildingName ?? device.communityName}</Typography.Text>
      {device.label && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{device.label}</Typography.Text>}
    </Flex>
  );
}

function MalformedCell({ count }: { count: number }) {
  if (count === 0) return <Typography.Text type="secondary">0</Typography.Text>;
  return <Tag color="error" style={{ marginInlineEnd: 0 }} data-testid="malformed-count">{count}</Tag>;
}

function OpenAlarmsCell({ count }: { count: number }) {
  return count === 0 ? <Typography.Text type="secondary">0</Typography.Text> : <Badge count={count} />;
}

/** A phone's one cell: the facts stacked within the screen. */
function PhoneCell({ device }: { device: DeviceView }) {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  return (
    <Flex vertical gap={4} style={{ maxWidth: 'calc(100vw - 56px)' }}>
      <Flex gap={6} align="center" wrap>
        <Typography.Text strong>{device.kindName[language]}</Typography.Text>
        <DeviceStateTag state={device.state} />
        {device.openAlarms > 0 && <Tag color="error" style={{ marginInlineEnd: 0 }}>{t('devices.columns.openAlarmsCount', { count: device.openAlarms })}</Tag>}
        {device.malformedCount > 0 && <Tag color="error" style={{ marginInlineEnd: 0 }}>{t('devices.columns.malformedCount', { count: device.malformedCount })}</Tag>}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{device.id}</Typography.Text>
      <PlaceCell device={device} />
      <Flex gap={12} wrap style={{ fontSize: 12 }}><Battery percent={device.battery} /><Signal dbm={device.signal} /><Ago at={device.lastSeenAt} /></Flex>
    </Flex>
  );
}

function useColumns() {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  const wide = Grid.useBreakpoint().md ?? true;
  if (!wide) return [{ key: 'device', title: t('devices.columns.device'), render: (_: unknown, d: DeviceView) => <PhoneCell device={d} /> }];
  return [
    { key: 'id', title: t('devices.columns.id'), render: (_: unknown, d: DeviceView) => <Typography.Text code>{d.id}</Typography.Text> },
    { key: 'kind', title: t('devices.columns.kind'), render: (_: unknown, d: DeviceView) => d.kindName[language] },
    { key: 'place', title: t('devices.columns.place'), render: (_: unknown, d: DeviceView) => <PlaceCell device={d} /> },
    { key: 'state', title: t('devices.columns.state'), render: (_: unknown, d: DeviceView) => <DeviceStateTag state={d.state} /> },
    { key: 'battery', title: t('devices.columns.battery'), render: (_: unknown, d: DeviceView) => <Battery percent={d.battery} /> },
    { key: 'signal', title: t('devices.columns.signal'), render: (_: unknown, d: DeviceView) => <Signal dbm={d.signal} /> },
    { key: 'lastSeen', title: t('devices.columns.lastSeen'), render: (_: unknown, d: DeviceView) => <Ago at={d.lastSeenAt} danger={d.state === 'lost'} /> },
    { key: 'malformed', title: t('devices.columns.malformed'), align: 'right' as const, render: (_: unknown, d: DeviceView) => <MalformedCell count={d.malformedCount} /> },
    { key: 'openAlarms', title: t('devices.columns.openAlarms'), align: 'right' as const, render: (_: unknown, d: DeviceView) => <OpenAlarmsCell count={d.openAlarms} /> },
  ];
}

/**
 * 设备: the registry with its filters; a device opens in a drawer at /devices/:id. Staff who manage
 * devices register new ones (登记设备) and rotate secrets; a secret is shown once, in a dialog.
 */
export default function DevicesPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const deviceId = useParams().id;
  const [filters, setFilters] = useState<Filters>({});
  const [provisioning, setProvisioning] = useState(false);
  const [secret, setSecret] = useState<ProvisionedDevice>();
  const canManage = hasPermission(me, 'devices.manage');
  const list = useDevices(filters);
  const columns = useColumns();
  const open = (id: string | undefined) => navigate(id === undefined ? '/devices' : `/devices/${id}`);
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const empty = (
    <Empty data-testid="devices-empty"
      description={filtered ? t('devices.emptyFiltered') : t(canManage ? 'devices.empty' : 'devices.emptyReadOnly')} />
  );
  const provisionButton = canManage && (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setProvisioning(true)} data-testid="device-provision">{t('devices.provision.title')}</Button>
  );
  return (
    <Page title={t('nav.devices')} extra={provisionButton}>
      <DeviceFilters value={filters} onChange={setFilters} />
      <PagedTable<DeviceView> list={list} columns={columns} locale={{ emptyText: empty }}
        onRow={(d) => ({ onClick: () => open(d.id), style: { cursor: 'pointer' } })} />
      <DeviceDrawer deviceId={deviceId} onClose={() => open(undefined)} onRotated={setSecret} />
      <ProvisionDrawer open={provisioning} onClose={() => setProvisioning(false)} onProvisioned={setSecret} />
      {/* Once the secret is copied, the device it belongs to opens (a rotated one is open already). */}
      <SecretModal provisioned={secret} onClose={() => {
        open(secret?.device.id);
        setSecret(undefined);
      }} />
    </Page>
  );
}
