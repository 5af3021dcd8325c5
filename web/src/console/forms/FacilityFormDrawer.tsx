import { Alert, Flex, Form, Input, InputNumber, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useArea, useCommunities, useCreateFacility, useFacilityKinds, useUpdateFacility } from '../../api/places.ts';
import type { FacilityCreate, FacilityView } from '../../api/types.ts';
import { useKindLabel } from '../../components/useKindLabel.ts';
import { changedFields, filledFields } from './changes.ts';
import { FormDrawer } from './FormDrawer.tsx';
import { useSaveFlow } from './useSaveFlow.ts';

type Values = Omit<FacilityCreate, 'geometry'> & { lon: number; lat: number };

const fieldOfCode = { FACILITY_KIND_UNKNOWN: 'kind' } as const;
const codePattern = /^[A-Za-z0-9_-]+$/;

/** The facts every facility carries, as the form or the facility holds them. */
function facts(values: Omit<Values, 'communityId' | 'code' | 'lon' | 'lat'>) {
  return {
    kind: values.kind,
    name: values.name.trim(),
    floorAreaM2: values.floorAreaM2,
    capacity: values.capacity,
    operator: values.operator?.trim(),
    openingHours: values.openingHours?.trim(),
  };
}

const point = (values: Values) => ({ type: 'Point', coordinates: [values.lon, values.lat] });

/** A new facility starts at the centre of its community's bbox, until the user enters a location. */
function useCommunityCentre(form: ReturnType<typeof Form.useForm<Values>>[0], communityId: number | undefined, active: boolean) {
  const area = useArea(active ? communityId : undefined);
  const bbox = area.data?.bbox;
  useEffect(() => {
    if (!bbox || form.isFieldsTouched(['lon', 'lat'])) return;
    const round = (value: number) => Math.round(value * 1e6) / 1e6;
    form.setFieldsValue({ lon: round((bbox[0] + bbox[2]) / 2), lat: round((bbox[1] + bbox[3]) / 2) });
  }, [form, bbox, active]);
}

/** 新增设施 in a community, or 编辑 one (its location is sent only when it is changed, so a drawn outline stays). */
export function FacilityFormDrawer({
  open,
  communityId,
  facility,
  onClose,
}: {
  open: boolean;
  communityId?: number;
  facility?: FacilityView;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateFacility();
  const update = useUpdateFacility();
  const mutation = facility ? update : create;
  const communities = useCommunities();
  const kinds = useFacilityKinds();
  const kindLabel = useKindLabel();
  useCommunityCentre(form, Form.useWatch('communityId', form), open && !facility);
  const { close, callbacks, unchanged } = useSaveFlow({
    form, editing: Boolean(facility), addedMessage: t('editing.facility.added'), onClose, resets: [create.reset, update.reset], fieldOfCode,
  });
  const submit = (values: Values) => {
    if (!facility) {
      const body = { communityId: values.communityId, code: values.code.trim(), geometry: point(values), ...filledFields(facts(values)) };
      return create.mutate({ ...body, kind: values.kind, name: values.name.trim() }, callbacks);
    }
    const moved = values.lon !== facility.lon || values.lat !== facility.lat;
    const changes = { ...changedFields(facts(facility), facts(values)), ...(moved ? { geometry: point(values) } : {}) };
    if (Object.keys(changes).length > 0) return update.mutate({ id: facility.id, ...changes }, callbacks);
    unchanged();
  };
  const initialValues: Partial<Values> = facility ?? { communityId };
  const required = { required: true, message: t('editing.required') };
  const text = [required, { whitespace: true, message: t('editing.required') }];
  return (
    <FormDrawer
      open={open}
      title={facility ? t('editing.facility.editTitle') : t('editing.facility.add')}
      onClose={close}
      form={form}
      submitting={mutation.isPending}
      error={mutation.error}
      fieldOfCode={fieldOfCode}
      submitTestId={facility ? 'facility-edit-submit' : 'facility-add-submit'}
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={initialValues} requiredMark={false} clearOnDestroy>
        {!facility && (
          <>
            <Form.Item name="communityId" label={t('editing.facility.community')} rules={[required]}>
              <Select loading={communities.isPending} options={communities.data?.map((area) => ({ value: area.id, label: area.name }))} />
            </Form.Item>
            <Form.Item
              name="code"
              label={t('common.code')}
              extra={t('editing.facility.codeHint')}
              rules={[...text, { max: 40 }, { pattern: codePattern, message: t('editing.facility.codeHint') }]}
            >
              <Input autoComplete="off" data-testid="facility-code" />
            </Form.Item>
          </>
        )}
        <Form.Item name="kind" label={t('facility.kind')} rules={[required]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={kinds.isPending}
            options={kinds.data?.map((item) => ({ value: item.code, label: kindLabel(item.code) }))}
            data-testid="facility-kind"
          />
        </Form.Item>
        <Form.Item name="name" label={t('facility.name')} rules={[...text, { max: 80 }]}>
          <Input autoComplete="off" data-testid="facility-name" />
        </Form.Item>
        {!facility && <Alert type="info" showIcon title={t('editing.facility.locationHint')} style={{ marginBottom: 8 }} />}
        <Flex gap={8}>
          <Form.Item
            name="lon"
            label={t('editing.facility.lon')}
            style={{ flex: 1 }}
            rules={[required, { type: 'number', min: -180, max: 180, message: t('editing.facility.lonRange') }]}
          >
            <InputNumber step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="lat"
            label={t('editing.facility.lat')}
            style={{ flex: 1 }}
            rules={[required, { type: 'number', min: -90, max: 90, message: t('editing.facility.latRange') }]}
          >
            <InputNumber step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item name="floorAreaM2" label={t('facility.floorArea')}>
          <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="capacity" label={t('facility.capacity')}>
          <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="operator" label={t('facility.operator')} rules={[{ max: 80 }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="openingHours" label={t('facility.openingHours')} rules={[{ max: 80 }]}>
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
