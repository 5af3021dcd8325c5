import { Button, Form, Input, InputNumber } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuditLog } from '../../api/operations.ts';
import type { AuditEntry, AuditQuery } from '../../api/types.ts';
import { Page } from '../../components/Page.tsx';
import { PagedTable } from '../../components/PagedTable.tsx';
import { useLocale } from '../../i18n/index.ts';

interface FilterValues {
  actorId?: number;
  action?: string;
  entity?: string;
  from?: string;
  to?: string;
}

/** Dates picked are local days; the API takes instants, with `to` exclusive, so it is the next midnight. */
function toQuery(values: FilterValues): Omit<AuditQuery, 'cursor'> {
  const midnight = (day: string, plusDays = 0) => {
    const date = new Date(`${day}T00:00:00`);
    date.setDate(date.getDate() + plusDays);
    return date.toISOString();
  };
  return {
    actorId: values.actorId ?? undefined,
    action: values.action?.trim() || undefined,
    entity: values.entity?.trim() || undefined,
    from: values.from ? midnight(values.from) : undefined,
    to: values.to ? midnight(values.to, 1) : undefined,
  };
}

export function AuditPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [filters, setFilters] = useState<Omit<AuditQuery, 'cursor'>>({});
  const [form] = Form.useForm<FilterValues>();
  const list = useAuditLog(filters);
  const none = t('common.none');
  const columns = [
    { key: 'at', title: t('audit.at'), render: (_: unknown, row: AuditEntry) => new Date(row.at).toLocaleString(locale) },
    { key: 'actor', title: t('audit.actor'), render: (_: unknown, row: AuditEntry) => row.actorName ?? row.actorId ?? none },
    { key: 'action', title: t('audit.action'), dataIndex: 'action' },
    { key: 'entity', title: t('audit.entity'), dataIndex: 'entity' },
    { key: 'entityId', title: t('audit.entityId'), render: (_: unknown, row: AuditEntry) => row.entityId ?? none },
    { key: 'reason', title: t('audit.reason'), render: (_: unknown, row: AuditEntry) => row.reason ?? none },
    { key: 'ip', title: t('audit.ip'), render: (_: unknown, row: AuditEntry) => row.ip ?? none },
  ];
  return (
    <Page title={t('audit.title')}>
      <Form<FilterValues> form={form} layout="inline" onFinish={(values) => setFilters(toQuery(values))} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="action">
          <Input allowClear placeholder={t('audit.action')} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="entity">
          <Input allowClear placeholder={t('audit.entity')} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="actorId">
          <InputNumber min={1} placeholder={t('audit.actorId')} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="from" label={t('audit.from')}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="to" label={t('audit.to')}>
          <Input type="date" />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.search')}
        </Button>
        <Button
          onClick={() => {
            form.resetFields();
            setFilters({});
          }}
        >
          {t('common.reset')}
        </Button>
      </Form>
      <PagedTable<AuditEntry>
        list={list}
        columns={columns}
        expandable={{
          rowExpandable: (row) => Object.keys(row.details).length > 0,
          expandedRowRender: (row) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(row.details, null, 2)}</pre>,
        }}
      />
    </Page>
  );
}
