import { Flex, Input, Select, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHouseholds } from '../../api/people.ts';
import type { HouseholdListQuery, HouseholdView } from '../../api/types.ts';
import { AreaFilter, useAreaScope } from '../../components/AreaFilter.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';
import { Page } from '../../components/Page.tsx';
import { PagedTable } from '../../components/PagedTable.tsx';
import { zhCN } from '../../i18n/zh-CN.ts';
import { HouseholdDrawer } from '../drawers/HouseholdDrawer.tsx';

type Occupancy = NonNullable<HouseholdListQuery['occupancy']>;
const occupancies = Object.keys(zhCN.household.occupancies) as Occupancy[];

export function HouseholdsPage() {
  const { t } = useTranslation();
  const [scope, setScope, scopeReady] = useAreaScope();
  const [occupancy, setOccupancy] = useState<Occupancy>();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<HouseholdView>();
  const list = useHouseholds({ ...scope, occupancy, q: q || undefined }, scopeReady);
  const none = t('common.none');
  const columns = [
    { key: 'building', title: t('household.building'), dataIndex: 'buildingName' },
    { key: 'unit', title: t('household.unit'), dataIndex: 'unit' },
    { key: 'room', title: t('household.room'), dataIndex: 'room' },
    { key: 'floor', title: t('household.floor'), render: (_: unknown, row: HouseholdView) => row.floor ?? none },
    { key: 'size', title: t('household.size'), render: (_: unknown, row: HouseholdView) => row.sizeM2 ?? none },
    {
      key: 'occupancy',
      title: t('household.occupancy'),
      render: (_: unknown, row: HouseholdView) => <Tag>{t(`household.occupancies.${row.occupancy}`)}</Tag>,
    },
    { key: 'residents', title: t('household.residentCount'), dataIndex: 'residentCount' },
  ];
  return (
    <Page title={t('nav.households')} extra={<ExportButton kind="households" communityId={scope.communityId} formats={['csv', 'xlsx']} />}>
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <AreaFilter value={scope} onChange={setScope} />
        <Select<Occupancy>
          allowClear
          style={{ minWidth: 140 }}
          placeholder={t('household.occupancy')}
          value={occupancy}
          onChange={setOccupancy}
          options={occupancies.map((value) => ({ value, label: t(`household.occupancies.${value}`) }))}
        />
        <Input.Search allowClear placeholder={t('common.keyword')} onSearch={setQ} style={{ width: 220 }} />
      </Flex>
      <PagedTable<HouseholdView> list={list} columns={columns} onRow={(row) => ({ onClick: () => setOpen(row), style: { cursor: 'pointer' } })} />
      <HouseholdDrawer household={open} onClose={() => setOpen(undefined)} />
    </Page>
  );
}
