import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasPermission, useCurrentUser } from '../../api/auth.ts';
import { useFacilities, useFacilityKinds } from '../../api/places.ts';
import type { FacilityView } from '../../api/types.ts';
import { AreaFilter, useAreaScope } from '../../components/AreaFilter.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';
import { Page } from '../../components/Page.tsx';
import { PagedTable } from '../../components/PagedTable.tsx';
import { useKindLabel } from '../../components/useKindLabel.ts';
import { FacilityFormDrawer } from '../forms/FacilityFormDrawer.tsx';

/** The form open: a new facility (none) or one being edited; kept while the drawer closes. */
interface Editing {
  open: boolean;
  facility?: FacilityView;
}

export function FacilitiesPage() {
  const { t } = useTranslation();
  const [scope, setScope, scopeReady] = useAreaScope();
  const [kind, setKind] = useState<string>();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Editing>({ open: false });
  const canWrite = hasPermission(useCurrentUser(), 'places.write');
  const kinds = useFacilityKinds();
  const kindLabel = useKindLabel();
  const list = useFacilities({ ...scope, kind, q: q || undefined }, scopeReady);
  const none = t('common.none');
  const columns = [
    { key: 'kind', title: t('facility.kind'), render: (_: unknown, row: FacilityView) => kindLabel(row.kind) },
    { key: 'name', title: t('facility.name'), dataIndex: 'name' },
    { key: 'code', title: t('common.code'), dataIndex: 'code' },
    { key: 'floorArea', title: t('facility.floorArea'), render: (_: unknown, row: FacilityView) => row.floorAreaM2 ?? none },
    { key: 'capacity', title: t('facility.capacity'), render: (_: unknown, row: FacilityView) => row.capacity ?? none },
    { key: 'operator', title: t('facility.operator'), render: (_: unknown, row: FacilityView) => row.operator ?? none },
    { key: 'openingHours', title: t('facility.openingHours'), render: (_: unknown, row: FacilityView) => row.openingHours ?? none },
  ];
  const editColumn = {
    key: 'actions',
    title: t('common.actions'),
    render: (_: unknown, row: FacilityView) => (
      <Button size="small" type="link" onClick={() => setEditing({ open: true, facility: row })} data-testid="facility-edit">
        {t('editing.facility.edit')}
      </Button>
    ),
  };
  const extra = (
    <>
      {canWrite && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ open: true })} data-testid="facility-add">
          {t('editing.facility.add')}
        </Button>
      )}
      <ExportButton kind="facilities" communityId={scope.communityId} formats={['csv', 'xlsx', 'geojson']} />
    </>
  );
  return (
    <Page title={t('nav.facilities')} extra={extra}>
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <AreaFilter value={scope} onChange={setScope} />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ minWidth: 200 }}
          placeholder={t('facility.kind')}
          value={kind}
          onChange={setKind}
          loading={kinds.isPending}
          options={kinds.data?.map((item) => ({ value: item.code, label: kindLabel(item.code) }))}
        />
        <Input.Search allowClear placeholder={t('common.keyword')} onSearch={setQ} style={{ width: 220 }} />
      </Flex>
      <PagedTable<FacilityView> list={list} columns={canWrite ? [...columns, editColumn] : columns} />
      <FacilityFormDrawer
        open={editing.open}
        communityId={scope.communityId}
        facility={editing.facility}
        onClose={() => setEditing((current) => ({ ...current, open: false }))}
      />
    </Page>
  );
}
