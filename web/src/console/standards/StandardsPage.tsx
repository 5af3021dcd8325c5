import { Empty, Flex, Table, Tabs, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { hasPermission, useCurrentUser } from '../../api/auth.ts';
import { useStandards, type StandardSummary } from '../../api/checkup.ts';
import { useArea } from '../../api/places.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { Page } from '../../components/Page.tsx';
import { useLocale } from '../../i18n/index.ts';
import { dateText } from '../checkup/format.tsx';
import { useStandardOwners } from './communityOptions.ts';
import { ImportButton } from './ImportButton.tsx';
import { KindMappingsTab } from './KindMappingsTab.tsx';
import { StandardView } from './StandardView.tsx';

function AreaName({ id }: { id: number | null }) {
  const { t } = useTranslation();
  const area = useArea(id ?? undefined);
  if (id === null) return t('standards.nationwide');
  return area.data?.name ?? `#${id}`;
}

function StandardsTab({ selected, onSelect }: { selected: number | undefined; onSelect: (id: number) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useCurrentUser();
  const canManage = hasPermission(me, 'standards.manage');
  const owners = useStandardOwners();
  const standards = useStandards();
  const list = standards.data ?? [];
  // Newest version of each code first, its earlier versions under it.
  const rows = [...list].sort((a, b) => a.code.localeCompare(b.code) || b.version - a.version);
  const latest = new Map<string, number>();
  for (const row of rows) if (!latest.has(row.code)) latest.set(row.code, row.id);
  const byId = new Map(list.map((s) => [s.id, s]));
  const current = selected ?? rows.find((row) => row.code === 'CN-2020')?.id ?? rows[0]?.id;
  const summary = current === undefined ? undefined : byId.get(current);
  const columns = [
    { key: 'code', title: t('standards.code'), dataIndex: 'code' },
    {
      key: 'version',
      title: t('standards.version'),
      render: (_: unknown, row: StandardSummary) => (
        <Flex gap={4} align="center">
          {t('standards.versionLabel', { version: row.version })}
          {latest.get(row.code) === row.id && <Tag color="blue">{t('standards.latest')}</Tag>}
        </Flex>
      ),
    },
    { key: 'name', title: t('standards.name'), dataIndex: 'name' },
    {
      key: 'clonedFrom',
      title: t('standards.clonedFrom'),
      render: (_: unknown, row: StandardSummary) => {
        const from = row.clonedFrom === null ? undefined : byId.get(row.clonedFrom);
        return from ? `${from.code} v${from.version}` : t('common.none');
      },
    },
    { key: 'area', title: t('standards.area'), render: (_: unknown, row: StandardSummary) => <AreaName id={row.areaId} /> },
    { key: 'date', title: t('standards.createdAt'), render: (_: unknown, row: StandardSummary) => dateText(row.createdAt, locale) },
  ];
  return (
    <Flex vertical gap={16}>
      <ErrorAlert error={standards.error} />
      {canManage && (
        <Flex justify="end">
          <ImportButton onImported={(saved) => onSelect(saved.id)} />
        </Flex>
      )}
      <Table<StandardSummary>
        rowKey="id"
        size="small"
        loading={standards.isPending}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content', y: 280 }}
        rowClassName={(row) => (row.id === current ? 'ant-table-row-selected' : '')}
        onRow={(row) => ({ onClick: () => onSelect(row.id), style: { cursor: 'pointer' } })}
        data-testid="standards-list"
      />
      {current !== undefined ? (
        <StandardView
          key={current}
          id={current}
          canManage={canManage}
          // Only the latest version of a standard grows a next one.
          canEdit={canManage && !!summary && latest.get(summary.code) === summary.id && owners.owns(summary.areaId)}
          onSaved={onSelect}
        />
      ) : (
        standards.isSuccess && <Empty description={t('standards.chooseHint')} />
      )}
    </Flex>
  );
}

/** 标准与映射: the checkup standards and their versions, and how imported facilities map to the standard's kinds. */
export function StandardsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const tab = search.get('tab') === 'mappings' ? 'mappings' : 'standards';
  const selected = Number(search.get('id')) || undefined;
  const isAdmin = me.roles.some((grant) => grant.role === 'admin');
  return (
    <Page title={t('nav.standards')}>
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearch(key === 'mappings' ? { tab: key } : {}, { replace: true })}
        items={[
          { key: 'standards', label: t('standards.tabs.standards'), children: <StandardsTab selected={selected} onSelect={(id) => setSearch({ id: String(id) }, { replace: true })} /> },
          { key: 'mappings', label: t('standards.tabs.mappings'), children: <KindMappingsTab canEdit={isAdmin && hasPermission(me, 'standards.manage')} /> },
        ]}
      />
    </Page>
  );
}
