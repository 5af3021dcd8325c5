import { Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showFieldErrors } from '../../api/fieldErrors.ts';
import { useDeviceKinds, useProvisionDevice, type ProvisionedDevice } from '../../api/devices.ts';
import { useCommunities } from '../../api/places.ts';
import { HouseholdPicker, type HouseholdPick } from '../claims/HouseholdPicker.tsx';
import { FormDrawer } from '../forms/FormDrawer.tsx';
import { useLabelLanguage } from './format.ts';

interface Values {
  id: string;
  kind: string;
  communityId: number;
  label?: string;
  model?: string;
  installedOn?: string;
}

/** The server's device id rule (`DeviceId` in devices/schema.ts): it is also the MQTT username. */
const deviceIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
const fieldOfCode = { DEVICE_EXISTS: 'id', DEVICE_KIND_UNKNOWN: 'kind' } as const;

/**
 * 登记设备: the manufacturer's id, the kind, and where it is installed (a household, or a building for a
 * shared device); the answer's secret goes to `onProvisioned`, which shows it once.
 */
export function ProvisionDrawer({ open, onClose, onProvisioned }: { open: boolean; onClose: () => void; onProvisioned: (answer: ProvisionedDevice) => void }) {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  const [form] = Form.useForm<Values>();
  const [place, setPlace] = useState<HouseholdPick>({});
  const kinds = useDeviceKinds();
  const communities = useCommunities();
  const provision = useProvisionDevice();
  const communityId = Form.useWatch('communityId', form);
  const close = () => {
    provision.reset();
    setPlace({});
    onClose();
  };
  const submit = ({ label, model, installedOn, ...values }: Values) =>
    provision.mutate({
      ...values, id: values.id.trim(), householdId: place.householdId, buildingId: place.householdId === undefined ? place.buildingId : undefined,
      label: label?.trim() || undefined, model: model?.trim() || undefined, installedOn: installedOn || undefined,
    }, {
      onSuccess: (answer) => {
        close();
        onProvisioned(answer);
      },
      onError: (error) => showFieldErrors(form, error, fieldOfCode),
    });
  const required = { required: true, message: t('devices.provision.required') };
  return (
    <FormDrawer open={open} title={t('devices.provision.title')} form={form} onClose={close} submitting={provision.isPending} error={provision.error}
      fieldOfCode={fieldOfCode} submitTestId="provision-submit">
      <Form<Values> form={form} layout="vertical" onFinish={submit} clearOnDestroy requiredMark={false} initialValues={{ communityId: communities.only }}>
        <Form.Item name="id" label={t('devices.provision.id')} extra={t('devices.provision.idHint')}
          rules={[required, { pattern: deviceIdPattern, message: t('devices.provision.idPattern') }]}>
          <Input autoComplete="off" maxLength={64} data-testid="provision-id" />
        </Form.Item>
        <Form.Item name="kind" label={t('devices.provision.kind')} rules={[required]}>
          <Select loading={kinds.isPending} options={kinds.data?.map((k) => ({ value: k.code, label: k.name[language] }))} data-testid="provision-kind" />
        </Form.Item>
        <Form.Item name="communityId" label={t('area.community')} rules={[required]} hidden={communities.only !== undefined}>
          <Select options={communities.data?.map((c) => ({ value: c.id, label: c.name }))} onChange={() => setPlace({})} data-testid="provision-community" />
        </Form.Item>
        <Form.Item name="label" label={t('devices.provision.label')} extra={t('devices.provision.labelHint')}>
          <Input maxLength={100} data-testid="provision-label" />
        </Form.Item>
        <Form.Item name="model" label={t('devices.provision.model')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="installedOn" label={t('devices.provision.installedOn')}>
          <Input type="date" />
        </Form.Item>
      </Form>
      <Typography.Title level={5}>{t('devices.provision.place')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('devices.provision.placeHint')}</Typography.Paragraph>
      {communityId !== undefined && <HouseholdPicker communityId={communityId} value={place} onChange={setPlace} pickResident={false} />}
    </FormDrawer>
  );
}
