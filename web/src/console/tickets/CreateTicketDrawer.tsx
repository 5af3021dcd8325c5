import { Button, Flex, Form, Input, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showFieldErrors } from '../../api/fieldErrors.ts';
import { useCommunities } from '../../api/places.ts';
import { useCreateTicket, useTicketCategories, type TicketCreate, type TicketDetail } from '../../api/tickets.ts';
import { FormDrawer } from '../forms/FormDrawer.tsx';
import { useLabelLanguage } from './format.ts';
import { TicketMap } from './TicketMap.tsx';

type RecordedSource = 'hotline_12345' | 'patrol' | 'staff';
const recordedSources: RecordedSource[] = ['hotline_12345', 'patrol', 'staff'];
const priorities = ['low', 'normal', 'high', 'urgent'] as const;

interface Values {
  source: RecordedSource;
  externalId?: string;
  categoryCode: string;
  description: string;
  communityId?: number;
  address?: string;
  contactName?: string;
  contactPhone?: string;
  priority: (typeof priorities)[number];
}

const fieldOfCode = { TICKET_CATEGORY_UNKNOWN: 'categoryCode', AREA_NOT_FOUND: 'communityId' } as const;
const trimmed = (text: string | undefined) => text?.trim() || undefined;

function bodyOf(values: Values, location: TicketCreate['location']): TicketCreate {
  const contact = { name: trimmed(values.contactName), phone: trimmed(values.contactPhone) };
  return {
    source: values.source, categoryCode: values.categoryCode, description: values.description.trim(), communityId: values.communityId, location,
    address: trimmed(values.address), priority: values.priority, externalId: values.source === 'hotline_12345' ? trimmed(values.externalId) : undefined,
    contact: contact.name || contact.phone ? contact : undefined,
  };
}

/** 位置: a click on the community's map drops the pin; the grid is found from it. */
function PointPicker({ communityId, value, onChange }: { communityId?: number; value?: TicketCreate['location']; onChange: (next: TicketCreate['location']) => void }) {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('ticketsConsole.create.location')} extra={t('ticketsConsole.create.locationHint')}>
      <div className="linli-ticket-picker-map">
        <TicketMap areaId={communityId} pin={value ?? null} onPick={(lon, lat) => onChange({ lon, lat })} testId="ticket-picker-map" />
      </div>
      <Flex gap={8} align="center" style={{ marginTop: 4 }}>
        <Typography.Text type="secondary" data-testid="picked-point">
          {value ? `${value.lon.toFixed(5)}, ${value.lat.toFixed(5)}` : t('ticketsConsole.create.noLocation')}
        </Typography.Text>
        {value && <Button size="small" type="link" onClick={() => onChange(undefined)}>{t('ticketsConsole.create.clearLocation')}</Button>}
      </Flex>
    </Form.Item>
  );
}

/** 登记诉求: staff record a 12345 hotline call, a patrol finding or their own report, in their community. */
export function CreateTicketDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (ticket: TicketDetail) => void }) {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  const [form] = Form.useForm<Values>();
  const [location, setLocation] = useState<TicketCreate['location']>();
  const create = useCreateTicket();
  const categories = useTicketCategories();
  const communities = useCommunities();
  const source = Form.useWatch('source', form);
  const communityId = Form.useWatch('communityId', form) ?? communities.only;
  const close = () => {
    setLocation(undefined);
    create.reset();
    onClose();
  };
  const submit = (values: Values) =>
    create.mutate(bodyOf({ ...values, communityId: values.communityId ?? communities.only }, location), {
      onSuccess: (ticket) => {
        close();
        onCreated(ticket);
      },
      onError: (error) => showFieldErrors(form, error, fieldOfCode),
    });
  return (
    <FormDrawer open={open} title={t('ticketsConsole.create.title')} form={form} onClose={close} submitting={create.isPending} error={create.error}
      fieldOfCode={fieldOfCode} submitTestId="ticket-create-submit">
      <Form<Values> form={form} layout="vertical" onFinish={submit} clearOnDestroy requiredMark={false}
        initialValues={{ source: 'hotline_12345', priority: 'normal' }}>
        <Form.Item name="source" label={t('ticketsConsole.columns.source')}>
          <Radio.Group optionType="button" data-testid="create-source" options={recordedSources.map((s) => ({ value: s, label: t(`ticketsConsole.sources.${s}`) }))} />
        </Form.Item>
        {source === 'hotline_12345' && (
          <Form.Item name="externalId" label={t('ticketsConsole.create.externalId')} extra={t('ticketsConsole.create.externalIdHint')} rules={[{ max: 64 }]}>
            <Input maxLength={64} data-testid="create-external-id" />
          </Form.Item>
        )}
        <Form.Item name="categoryCode" label={t('ticketsConsole.columns.category')} rules={[{ required: true, message: t('ticketsConsole.create.categoryRequired') }]}>
          <Select<string> showSearch={{ optionFilterProp: 'label' }} loading={categories.isPending} data-testid="create-category"
            options={categories.data?.filter((c) => c.active).map((c) => ({ value: c.code, label: c.name[language] }))} />
        </Form.Item>
        <Form.Item name="description" label={t('ticketsConsole.columns.description')}
          rules={[{ required: true, whitespace: true, message: t('ticketsConsole.create.descriptionRequired') }, { max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="create-description" />
        </Form.Item>
        {communities.only === undefined && (
          <Form.Item name="communityId" label={t('ticketsConsole.fields.community')} rules={[{ required: true, message: t('ticketsConsole.create.communityRequired') }]}>
            <Select<number> loading={communities.isPending} options={communities.data?.map((c) => ({ value: c.id, label: c.name }))} data-testid="create-community" />
          </Form.Item>
        )}
        <PointPicker communityId={communityId} value={location} onChange={setLocation} />
        <Form.Item name="address" label={t('ticketsConsole.fields.address')} rules={[{ max: 200 }]}>
          <Input maxLength={200} data-testid="create-address" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="contactName" label={t('ticketsConsole.create.contactName')} rules={[{ max: 50 }]} style={{ flex: '1 1 140px' }}>
            <Input maxLength={50} data-testid="create-contact-name" />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('ticketsConsole.create.contactPhone')} rules={[{ max: 20 }]} style={{ flex: '1 1 140px' }}>
            <Input maxLength={20} inputMode="tel" data-testid="create-contact-phone" />
          </Form.Item>
        </Flex>
        <Form.Item name="priority" label={t('ticketsConsole.fields.priority')}>
          <Select options={priorities.map((p) => ({ value: p, label: t(`ticketsConsole.priorities.${p}`) }))} data-testid="create-priority" />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
