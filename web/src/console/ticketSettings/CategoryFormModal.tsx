import { App, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { showFieldErrors } from '../../api/fieldErrors.ts';
import { useCreateCategory, useUpdateCategory, type CalendarKind, type CategoryCreate, type SettingsCategory, type SlaClass } from '../../api/ticketSettings.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { LimitInput } from './LimitInput.tsx';

type Values = Required<Omit<CategoryCreate, 'arriveMinutes'>> & { arriveMinutes: number | null };

const slaClasses: SlaClass[] = ['emergency', 'utility', 'general', 'complex'];
const calendars: CalendarKind[] = ['24x7', 'working'];
const blank: Partial<Values> = { slaClass: 'general', calendar: 'working', acceptMinutes: 60, arriveMinutes: null, resolveMinutes: 3360, active: true };

/** A new category (code, names, class, calendar, limits), or an existing one's details; the code never changes. */
export function CategoryFormModal({ open, category, onClose }: { open: boolean; category?: SettingsCategory; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateCategory();
  const update = useUpdateCategory();
  const mutation = category ? update : create;
  // The limit inputs show units of the calendar chosen in this form.
  const calendar = Form.useWatch('calendar', form) ?? category?.calendar ?? 'working';
  const submit = (values: Values) => {
    const onSuccess = () => {
      void message.success(t('ticketSettings.saved'));
      onClose();
    };
    const onError = (error: unknown) => showFieldErrors(form, error);
    if (category) {
      const { code: _code, ...changes } = values;
      update.mutate({ code: category.code, ...changes }, { onSuccess, onError });
    } else create.mutate(values, { onSuccess, onError });
  };
  const required = { required: true, message: t('ticketSettings.category.required') };
  return (
    <Modal open={open} title={t(category ? 'ticketSettings.category.editTitle' : 'ticketSettings.category.add')} okText={t('ticketSettings.save')}
      cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'category-submit' }} confirmLoading={mutation.isPending}
      onOk={() => form.submit()} onCancel={onClose} afterOpenChange={(visible) => visible || mutation.reset()} destroyOnHidden>
      <ErrorAlert error={mutation.error} />
      <Form<Values> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={category ?? blank}>
        <Form.Item name="code" label={t('ticketSettings.category.code')} extra={category ? undefined : t('ticketSettings.category.codeHint')}
          rules={[required, { pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('ticketSettings.category.codeInvalid') }]}>
          <Input disabled={category !== undefined} maxLength={40} data-testid="category-code" />
        </Form.Item>
        <Form.Item name={['name', 'zh']} label={t('ticketSettings.category.nameZh')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={40} data-testid="category-name-zh" />
        </Form.Item>
        <Form.Item name={['name', 'en']} label={t('ticketSettings.category.nameEn')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={60} data-testid="category-name-en" />
        </Form.Item>
        <Form.Item name="slaClass" label={t('ticketSettings.category.slaClass')} rules={[required]}>
          <Select options={slaClasses.map((c) => ({ value: c, label: t(`ticketSettings.slaClasses.${c}`) }))} />
        </Form.Item>
        <Form.Item name="calendar" label={t('ticketSettings.category.calendar')} extra={t(`ticketSettings.calendarHints.${calendar}`)} rules={[required]}>
          <Select options={calendars.map((c) => ({ value: c, label: t(`ticketSettings.calendars.${c}`) }))} />
        </Form.Item>
        <Form.Item name="acceptMinutes" label={t('ticketSettings.category.acceptMinutes')} rules={[required]}>
          <LimitInput key={calendar} calendar={calendar} testId="form-accept" />
        </Form.Item>
        <Form.Item name="arriveMinutes" label={t('ticketSettings.category.arriveMinutes')} extra={t('ticketSettings.category.arriveHint')}>
          <LimitInput key={calendar} calendar={calendar} placeholder={t('ticketSettings.category.noArrive')} />
        </Form.Item>
        <Form.Item name="resolveMinutes" label={t('ticketSettings.category.resolveMinutes')} rules={[required]}>
          <LimitInput key={calendar} calendar={calendar} testId="form-resolve" />
        </Form.Item>
        <Form.Item name="position" label={t('ticketSettings.category.position')} extra={t('ticketSettings.category.positionHint')}>
          <InputNumber min={0} max={10_000} precision={0} />
        </Form.Item>
        <Form.Item name="active" label={t('ticketSettings.category.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
