import { Alert, Button, Flex, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResidents } from '../../api/people.ts';
import type { CareTag, ResidentListQuery } from '../../api/types.ts';
import { AreaFilter, useAreaScope } from '../../components/AreaFilter.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';
import { Page } from '../../components/Page.tsx';
import { ResidentTable } from '../../components/ResidentTable.tsx';
import { careTagCodes } from '../../i18n/index.ts';

type ExactSearch = Pick<ResidentListQuery, 'name' | 'phone' | 'idNumber'>;

/** Only exact values are sent: personal data is stored encrypted and found by keyed hash, never by substring. */
function cleanSearch(values: ExactSearch): ExactSearch {
  const trimmed = (value?: string) => value?.trim() || undefined;
  return { name: trimmed(values.name), phone: trimmed(values.phone), idNumber: trimmed(values.idNumber)?.toUpperCase() };
}

export function ResidentsPage() {
  const { t } = useTranslation();
  const [scope, setScope, scopeReady] = useAreaScope();
  const [careTag, setCareTag] = useState<CareTag>();
  const [search, setSearch] = useState<ExactSearch>({});
  const [form] = Form.useForm<ExactSearch>();
  const list = useResidents({ ...scope, careTag, ...search }, scopeReady);
  return (
    <Page title={t('nav.residents')} extra={<ExportButton kind="residents" communityId={scope.communityId} formats={['csv', 'xlsx']} />}>
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <AreaFilter value={scope} onChange={setScope} />
        <Select<CareTag>
          allowClear
          style={{ minWidth: 160 }}
          placeholder={t('resident.careTags')}
          value={careTag}
          onChange={setCareTag}
          options={careTagCodes.map((value) => ({ value, label: t(`careTags.${value}`) }))}
        />
      </Flex>
      <Alert type="info" showIcon title={t('resident.exactSearch')} style={{ marginBottom: 12 }} />
      <Form<ExactSearch> form={form} layout="inline" onFinish={(values) => setSearch(cleanSearch(values))} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="name" rules={[{ max: 40 }]}>
          <Input allowClear placeholder={t('resident.searchName')} />
        </Form.Item>
        <Form.Item name="phone" rules={[{ min: 5, max: 20 }]}>
          <Input allowClear placeholder={t('resident.searchPhone')} inputMode="tel" />
        </Form.Item>
        <Form.Item name="idNumber" rules={[{ len: 18 }]}>
          <Input allowClear placeholder={t('resident.searchIdNumber')} />
        </Form.Item>
        <Flex gap={8}>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setSearch({});
            }}
          >
            {t('common.reset')}
          </Button>
        </Flex>
      </Form>
      <ResidentTable list={list} showAddress />
    </Page>
  );
}
