import { Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCreateHousehold, useUpdateHousehold } from '../../api/people.ts';
import type { HouseholdCreate, HouseholdView } from '../../api/types.ts';
import { zhCN } from '../../i18n/zh-CN.ts';
import { changedFields, filledFields } from './changes.ts';
import { FormDrawer } from './FormDrawer.tsx';
import { useSaveFlow } from './useSaveFlow.ts';

type Occupancy = HouseholdView['occupancy'];
const occupancies = Object.keys(zhCN.household.occupancies) as Occupancy[];
const fieldOfCode = { HOUSEHOLD_EXISTS: 'room' } as const;

type Values = Omit<HouseholdCreate, 'buildingId'>;

/** 新增房屋 in a building (opening at the unit shown), or 编辑房屋 (居住状态, 楼层, 面积) of a household. */
export function HouseholdFormDrawer({
  open,
  buildingId,
  unit,
  household,
  onClose,
}: {
  open: boolean;
  buildingId: number;
  unit?: string;
  household?: HouseholdView;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateHousehold();
  const update = useUpdateHousehold();
  const mutation = household ? update : create;
  const { close, callbacks, unchanged } = useSaveFlow({
    form, editing: Boolean(household), addedMessage: t('editing.household.added'), onClose, resets: [create.reset, update.reset], fieldOfCode,
  });
  const submit = ({ unit: unitName, room, ...facts }: Values) => {
    if (!household) return create.mutate({ buildingId, unit: unitName.trim(), room: room.trim(), ...filledFields(facts) }, callbacks);
    const changes = changedFields({ floor: household.floor, sizeM2: household.sizeM2, occupancy: household.occupancy }, facts);
    if (Object.keys(changes).length > 0) return update.mutate({ id: household.id, ...changes }, callbacks);
    unchanged();
  };
  const initialValues: Partial<Values> = household
    ? { floor: household.floor, sizeM2: household.sizeM2, occupancy: household.occupancy }
    : { unit: unit ?? '1', occupancy: 'resident' };
  const required = { required: true, whitespace: true, message: t('editing.required') };
  return (
    <FormDrawer
      open={open}
      title={household ? t('editing.household.edit') : t('editing.household.add')}
      onClose={close}
      form={form}
      submitting={mutation.isPending}
      error={mutation.error}
      fieldOfCode={fieldOfCode}
      submitTestId={household ? 'household-edit-submit' : 'household-add-submit'}
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={initialValues} requiredMark={false} clearOnDestroy>
        {!household && (
          <>
            <Form.Item name="unit" label={t('household.unit')} rules={[required, { max: 10 }]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="room" label={t('household.room')} rules={[required, { max: 20 }]}>
              <Input autoComplete="off" data-testid="household-room" />
            </Form.Item>
          </>
        )}
        <Form.Item name="occupancy" label={t('household.occupancy')}>
          <Select options={occupancies.map((value) => ({ value, label: t(`household.occupancies.${value}`) }))} />
        </Form.Item>
        <Form.Item name="floor" label={t('household.floor')}>
          <InputNumber min={-5} max={200} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="sizeM2" label={t('household.size')}>
          <InputNumber min={0.01} max={10000} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
