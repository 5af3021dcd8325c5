import { Alert, Form, Input, InputNumber, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCreateResident, useUpdateResident } from '../../api/people.ts';
import type { CareTag, ResidentCreate, ResidentUpdate, ResidentView } from '../../api/types.ts';
import { careTagCodes } from '../../i18n/index.ts';
import { zhCN } from '../../i18n/zh-CN.ts';
import { FormDrawer } from './FormDrawer.tsx';
import { useSaveFlow } from './useSaveFlow.ts';

type Relation = ResidentView['relation'];
type Sex = NonNullable<ResidentView['sex']>;
const relations = Object.keys(zhCN.resident.relations) as Relation[];
const sexes = Object.keys(zhCN.resident.sexes) as Sex[];
const fieldOfCode = { RESIDENT_ID_NUMBER_EXISTS: 'idNumber' } as const;

interface Values {
  name?: string;
  phone?: string;
  idNumber?: string;
  birthYear?: number | null;
  sex?: Sex | null;
  relation?: Relation;
  replaceCareTags?: boolean;
  careTags?: CareTag[];
}

/** A typed-in text, or undefined when left blank (an edit then leaves it unchanged). */
const filled = (text: string | undefined) => text?.trim() || undefined;

function createBody(householdId: number, values: Values): ResidentCreate {
  return {
    householdId,
    name: values.name?.trim() ?? '',
    phone: filled(values.phone),
    idNumber: filled(values.idNumber),
    birthYear: values.birthYear ?? undefined,
    sex: values.sex ?? undefined,
    relation: values.relation,
    careTags: values.careTags ?? [],
  };
}

/** Only what the form changes: blank personal fields and untouched visible ones are left out. */
function updateBody(resident: ResidentView, values: Values): ResidentUpdate {
  const body: ResidentUpdate = { name: filled(values.name), phone: filled(values.phone), idNumber: filled(values.idNumber) };
  if ((values.birthYear ?? null) !== resident.birthYear) body.birthYear = values.birthYear ?? null;
  if ((values.sex ?? null) !== resident.sex) body.sex = values.sex ?? null;
  if (values.relation !== resident.relation) body.relation = values.relation;
  if (values.replaceCareTags) body.careTags = values.careTags ?? [];
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

/** 新增居民 (no resident) or 编辑 (a resident, whose masked personal data the form never needs). */
export function ResidentFormDrawer({
  open,
  householdId,
  firstInHousehold,
  resident,
  onClose,
}: {
  open: boolean;
  householdId: number;
  /** A household's first resident is most likely its head; later ones are not. */
  firstInHousehold: boolean;
  resident?: ResidentView;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateResident();
  const update = useUpdateResident();
  const mutation = resident ? update : create;
  const replaceCareTags = Form.useWatch('replaceCareTags', form);
  const { close, callbacks, unchanged } = useSaveFlow({
    form, editing: Boolean(resident), addedMessage: t('editing.resident.added'), onClose, resets: [create.reset, update.reset], fieldOfCode,
  });
  const submit = (values: Values) => {
    if (!resident) return create.mutate(createBody(householdId, values), callbacks);
    const body = updateBody(resident, values);
    if (Object.keys(body).length === 0) return unchanged();
    update.mutate({ id: resident.id, ...body }, callbacks);
  };
  const blankKeeps = resident ? t('editing.blankKeeps') : undefined;
  const initialValues: Values = resident
    ? { birthYear: resident.birthYear, sex: resident.sex, relation: resident.relation }
    : { relation: firstInHousehold ? 'head' : 'other', careTags: [] };
  return (
    <FormDrawer
      open={open}
      title={resident ? t('editing.resident.editTitle') : t('editing.resident.add')}
      onClose={close}
      form={form}
      submitting={mutation.isPending}
      error={mutation.error}
      fieldOfCode={fieldOfCode}
      submitTestId={resident ? 'resident-edit-submit' : 'resident-add-submit'}
    >
      {resident && <Alert type="info" showIcon title={t('editing.resident.personalHint')} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={initialValues} requiredMark={false} clearOnDestroy>
        <Form.Item
          name="name"
          label={t('resident.name')}
          rules={[{ required: !resident, whitespace: true, message: t('editing.required') }, { max: 40 }]}
        >
          <Input autoComplete="off" placeholder={blankKeeps} data-testid="resident-name" />
        </Form.Item>
        <Form.Item name="phone" label={t('resident.phone')} rules={[{ max: 20 }]}>
          <Input autoComplete="off" inputMode="tel" placeholder={blankKeeps} data-testid="resident-phone" />
        </Form.Item>
        <Form.Item name="idNumber" label={t('resident.idNumber')} rules={[{ max: 18 }]}>
          <Input autoComplete="off" placeholder={blankKeeps} data-testid="resident-id-number" />
        </Form.Item>
        <Form.Item name="birthYear" label={t('resident.birthYear')}>
          <InputNumber min={1880} max={2200} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="sex" label={t('resident.sex')}>
          <Select allowClear options={sexes.map((value) => ({ value, label: t(`resident.sexes.${value}`) }))} />
        </Form.Item>
        <Form.Item name="relation" label={t('resident.relation')}>
          <Select options={relations.map((value) => ({ value, label: t(`resident.relations.${value}`) }))} />
        </Form.Item>
        {resident && (
          <Form.Item name="replaceCareTags" label={t('editing.resident.replaceCareTags')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        {(!resident || replaceCareTags) && (
          <Form.Item name="careTags" label={t('resident.careTags')} extra={resident && t('editing.resident.careTagsHint')}>
            <Select mode="multiple" allowClear options={careTagCodes.map((code) => ({ value: code, label: t(`careTags.${code}`) }))} />
          </Form.Item>
        )}
      </Form>
    </FormDrawer>
  );
}
