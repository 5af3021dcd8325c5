import { Alert, Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAreas, useEstates, useUpdateBuilding } from '../../api/places.ts';
import type { BuildingDetail, BuildingUpdate } from '../../api/types.ts';
import { zhCN } from '../../i18n/zh-CN.ts';
import { changedFields } from './changes.ts';
import { FormDrawer } from './FormDrawer.tsx';
import { useSaveFlow } from './useSaveFlow.ts';

type Purpose = BuildingDetail['purpose'];
const purposes = Object.keys(zhCN.building.purposes) as Purpose[];

/** 编辑楼栋: name, purpose, floors, units, estate and grid (a new grid takes the households and residents along). */
export function BuildingFormDrawer({ open, building, onClose }: { open: boolean; building: BuildingDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<BuildingUpdate>();
  const update = useUpdateBuilding();
  const estates = useEstates(open ? building.communityId : undefined);
  const grids = useAreas({ level: 'grid', parentId: building.communityId }, open);
  const { close, callbacks, unchanged } = useSaveFlow({ form, editing: true, onClose, resets: [update.reset] });
  const initialValues: BuildingUpdate = {
    name: building.name,
    purpose: building.purpose,
    floors: building.floors,
    units: building.units,
    estateId: building.estateId,
    gridId: building.gridId,
  };
  const submit = (values: BuildingUpdate) => {
    const changes = changedFields(initialValues, { ...values, name: values.name?.trim() });
    if (Object.keys(changes).length === 0) return unchanged();
    update.mutate({ id: building.id, ...changes }, callbacks);
  };
  return (
    <FormDrawer
      open={open}
      title={t('editing.building.edit')}
      onClose={close}
      form={form}
      submitting={update.isPending}
      error={update.error}
      submitTestId="building-edit-submit"
    >
      <Form<BuildingUpdate> form={form} layout="vertical" onFinish={submit} initialValues={initialValues} requiredMark={false} clearOnDestroy>
        <Form.Item name="name" label={t('building.name')} rules={[{ required: true, whitespace: true, message: t('editing.required') }, { max: 80 }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="purpose" label={t('building.purpose')}>
          <Select options={purposes.map((value) => ({ value, label: t(`building.purposes.${value}`) }))} />
        </Form.Item>
        <Form.Item name="floors" label={t('building.floors')}>
          <InputNumber min={1} max={200} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="units" label={t('building.units')}>
          <InputNumber min={1} max={50} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="estateId" label={t('building.estate')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={estates.isLoading}
            options={estates.data?.map((estate) => ({ value: estate.id, label: estate.name }))}
          />
        </Form.Item>
        <Alert type="warning" showIcon title={t('editing.building.gridMoveHint')} style={{ marginBottom: 8 }} />
        <Form.Item name="gridId" label={t('building.grid')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={grids.isLoading}
            options={grids.data?.map((grid) => ({ value: grid.id, label: grid.name }))}
            data-testid="building-grid"
          />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
