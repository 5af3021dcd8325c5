import { Button, Form, Input, Popup, Selector, Space, Switch, Tag, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
// The radius the server looks for duplicates within; plain data beside the service loop's rules.
import { ticketPolicy } from '../../../../src/tickets/policy.ts';
import { showFieldErrors } from '../../api/fieldErrors.ts';
import {
  findNearbyTickets, useReportTicket, useSubscribeTicket, useTicketCategories, type LonLat, type NearbyTicket, type TicketDetail,
} from '../../api/tickets.ts';
import { MobileForm } from '../MobileForm.tsx';
import { useLabelLanguage } from './labels.ts';
import { LocationField } from './LocationField.tsx';
import { PhotoField, pickedFiles, type PickedPhoto } from './PhotoField.tsx';
import './tickets.css';

interface ReportValues {
  photos?: PickedPhoto[];
  location: LonLat;
  categoryCode: string[];
  description: string;
  address?: string;
  anonymous?: boolean;
}

const fieldOfCode = { LOCATION_OUTSIDE_COMMUNITIES: 'location', TICKET_CATEGORY_UNKNOWN: 'categoryCode', PHOTO_NOT_IMAGE: 'photos', TOO_MANY_FILES: 'photos' } as const;

/** 这是同一件事吗？ The open tickets of the same category nearby: follow one, or report anyway. */
function DuplicateOffer({ items, onFollow, onSubmit, pending }: { items: NearbyTicket[]; onFollow: (id: number) => void; onSubmit: () => void; pending: boolean }) {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  return (
    <div className="linli-m-sheet" data-testid="duplicates">
      <h3>{t('tickets.report.duplicateTitle')}</h3>
      <p className="linli-m-hint">{t('tickets.report.duplicateBody', { radius: ticketPolicy.duplicateRadiusM })}</p>
      {items.map((item) => (
        <div key={item.id} className="linli-m-duplicate">
          <Space wrap align="center">
            <strong>{item.categoryName[language]}</strong>
            <Tag color="primary" fill="outline">{t(`tickets.statuses.${item.status}`)}</Tag>
            <span className="linli-m-hint">{t('tickets.report.distance', { metres: item.distanceM })}</span>
          </Space>
          <p>{item.description}</p>
          {item.address && <p className="linli-m-hint">{item.address}</p>}
          <Button block color="primary" loading={pending} onClick={() => onFollow(item.id)} data-testid="duplicate-follow">
            {t('tickets.report.follow')}
          </Button>
        </div>
      ))}
      <Button block fill="outline" disabled={pending} onClick={onSubmit} data-testid="duplicate-submit">
        {t('tickets.report.submitAnyway')}
      </Button>
    </div>
  );
}

/** 我要反映 (随手拍): photos, the spot on the map, a category and a few words; a minute, then it is someone's job. */
export default function ReportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const language = useLabelLanguage();
  const [form] = Form.useForm<ReportValues>();
  const categories = useTicketCategories();
  const report = useReportTicket();
  const subscribe = useSubscribeTicket();
  const [checking, setChecking] = useState(false);
  const [duplicates, setDuplicates] = useState<{ values: ReportValues; items: NearbyTicket[] } | null>(null);
  const open = (ticket: TicketDetail, message: string) => {
    Toast.show({ icon: 'success', content: message });
    navigate(`/m/tickets/${ticket.id}`, { replace: true });
  };

  const send = (values: ReportValues) => {
    setDuplicates(null);
    report.mutate(
      {
        categoryCode: values.categoryCode[0], description: values.description, location: values.location, address: values.address,
        anonymous: values.anonymous ?? false, photos: pickedFiles(values.photos),
      },
      { onSuccess: (ticket) => open(ticket, t('tickets.report.submitted')), onError: (error) => showFieldErrors(form, error, fieldOfCode) },
    );
  };
  const check = async (values: ReportValues) => {
    setChecking(true);
    // The check is a courtesy: when it fails, the report still goes.
    const items = await findNearbyTickets({ categoryCode: values.categoryCode[0], ...values.location }).catch(() => []);
    setChecking(false);
    if (items.length) setDuplicates({ values, items });
    else send(values);
  };
  const follow = (id: number) => subscribe.mutate(id, { onSuccess: (ticket) => open(ticket, t('tickets.report.followed')) });

  const required = (message: string) => [{ required: true, message }];
  return (
    <>
      <MobileForm<ReportValues>
        form={form}
        onFinish={(values) => void check(values)}
        error={report.error ?? subscribe.error}
        pending={checking || report.isPending}
        submitText={t('tickets.report.submit')}
        submitTestId="report-submit"
        fieldOfCode={fieldOfCode}
        className="linli-m-report"
      >
        <Form.Header>{t('tickets.report.intro')}</Form.Header>
        <Form.Item name="photos" label={t('tickets.report.photos')}>
          <PhotoField testId="report-photos" />
        </Form.Item>
        <Form.Item name="location" label={t('tickets.report.location')} rules={required(t('tickets.report.locationRequired'))} data-testid="report-location">
          <LocationField />
        </Form.Item>
        <Form.Item name="categoryCode" label={t('tickets.report.category')} rules={required(t('tickets.report.categoryRequired'))} data-testid="report-category">
          <Selector
            columns={3}
            options={(categories.data ?? []).filter((c) => c.active).map((c) => ({ value: c.code, label: c.name[language] }))}
          />
        </Form.Item>
        <Form.Item name="description" label={t('tickets.report.description')} rules={required(t('tickets.report.descriptionRequired'))}>
          <TextArea rows={3} maxLength={2000} showCount placeholder={t('tickets.report.descriptionPlaceholder')} data-testid="report-description" />
        </Form.Item>
        <Form.Item name="address" label={t('tickets.report.address')}>
          <Input maxLength={200} clearable placeholder={t('tickets.report.addressPlaceholder')} data-testid="report-address" />
        </Form.Item>
        <Form.Item name="anonymous" label={t('tickets.report.anonymous')} description={t('tickets.report.anonymousHint')} valuePropName="checked" childElementPosition="right" layout="horizontal">
          <Switch data-testid="report-anonymous" />
        </Form.Item>
      </MobileForm>
      <Popup visible={duplicates !== null} onMaskClick={() => setDuplicates(null)} bodyStyle={{ maxHeight: '80dvh', overflowY: 'auto' }}>
        {duplicates && (
          <DuplicateOffer items={duplicates.items} onFollow={follow} onSubmit={() => send(duplicates.values)} pending={subscribe.isPending || report.isPending} />
        )}
      </Popup>
    </>
  );
}
