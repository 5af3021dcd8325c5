import { Flex, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBuildings } from '../../api/places.ts';
import type { BuildingView } from '../../api/types.ts';
import { AreaFilter, useAreaScope } from '../../components/AreaFilter.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';
import { Page } from '../../components/Page.tsx';
import { PagedTable } from '../../components/PagedTable.tsx';
import { BuildingDrawer } from '../drawers/BuildingDrawer.tsx';

export function BuildingsPage() {
  const { t } = useTranslation();
  const [scope, setScope, scopeReady] = useAreaScope();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<number>();
  const list = useBuildings({ ...scope, q: q || undefined }, scopeReady);
  const none = t('common.none');
  const columns = [
    { key: 'code', title: t('building.code'), dataIndex: 'code' },
    { key: 'name', title: t('building.name'), dataIndex: 'name' },
    { key: 'estate', title: t('building.estate'), render: (_: unknown, row: BuildingView) => row.estateName ?? none },
    { key: 'grid', title: t('building.grid'), render: (_: unknown, row: BuildingView) => row.gridName ?? none },
    { key: 'purpose', title: t('building.purpose'), render: (_: unknown, row: BuildingView) => t(`building.purposes.${row.purpose}`) },
    { key: 'floors', title: t('building.floors'), render: (_: unknown, row: BuildingView) => row.floors ?? none },
    { key: 'households', title: t('building.households'), dataIndex: 'households' },
    { key: 'residents', title: t('building.residents'), dataIndex: 'residents' },
  ];
  return (
    <Page title={t('nav.buildings')} extra={<ExportButton kind="buildings" communityId={scope.communityId} formats={['csv', 'xlsx', 'geojson']} />}>
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <AreaFilter value={scope} onChange={setScope} />
        <Input.Search allowClear placeholder={t('common.keyword')} onSearch={setQ} style={{ width: 220 }} />
      </Flex>
      <PagedTable<BuildingView> list={list} columns={columns} onRow={(row) => ({ onClick: () => setOpen(row.id), style: { cursor: 'pointer' } })} />
      <BuildingDrawer buildingId={open} onClose={() => setOpen(undefined)} />
    </Page>
  );
}
