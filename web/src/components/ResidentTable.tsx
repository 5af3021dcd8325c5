import { Grid, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasPermission, useCurrentUser } from '../api/auth.ts';
import type { PagedList } from '../api/paging.ts';
import { revealResident } from '../api/people.ts';
import type { ResidentRevealed, ResidentView } from '../api/types.ts';
import { ErrorAlert } from './ErrorResult.tsx';
import { LoadMoreFooter, PagedTable } from './PagedTable.tsx';
import { RevealButton } from './RevealButton.tsx';

/** A resident row as shown: masked, or in full once revealed (name, phone, ID number, care tags). */
interface Shown {
  name: string;
  phone: string;
  idNumber: string;
  careTags: React.ReactNode;
}

/**
 * Residents, masked; a revealed row shows its full data and care tags in place. showAddress adds where each
 * lives (lists across households need it, a household's own does not); actions adds buttons per row (edits).
 */
export function ResidentTable({
  list,
  showAddress = false,
  actions,
}: {
  list: PagedList<ResidentView>;
  showAddress?: boolean;
  actions?: (row: ResidentView) => React.ReactNode;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const wide = Grid.useBreakpoint().md ?? true;
  const [revealed, setRevealed] = useState<Record<number, ResidentRevealed>>({});
  const canReveal = hasPermission(me, 'personal.reveal');
  const none = t('common.none');

  const shown = (row: ResidentView): Shown => {
    const full = revealed[row.id];
    if (!full) return { name: row.name, phone: row.phone ?? none, idNumber: row.idNumber ?? none, careTags: row.careTagCount || none };
    const tags = full.careTags.map((tag) => <Tag key={tag}>{t(`careTags.${tag}`)}</Tag>);
    return { name: full.name, phone: full.phone ?? none, idNumber: full.idNumber ?? none, careTags: tags.length ? tags : none };
  };
  const describe = (row: ResidentView) =>
    [t(`resident.relations.${row.relation}`), row.sex && t(`resident.sexes.${row.sex}`), row.birthYear].filter(Boolean).join(' · ');
  const reveal = (row: ResidentView) =>
    revealed[row.id] ? (
      <Typography.Text type="success">{t('resident.revealed')}</Typography.Text>
    ) : (
      <RevealButton reveal={(body) => revealResident(row.id, body)} onRevealed={(resident) => setRevealed((all) => ({ ...all, [resident.id]: resident }))} />
    );
  const hasActions = canReveal || actions !== undefined;
  const action = (row: ResidentView) => (
    <Space size={0} wrap>
      {canReveal && reveal(row)}
      {actions?.(row)}
    </Space>
  );

  // Estates repeat building names (each has its 1号楼), so the estate leads the address.
  const address = (row: ResidentView) =>
    [row.estateName, t('household.address', { building: row.buildingName, unit: row.unit, room: row.room })].filter(Boolean).join(' ');

  if (!wide) {
    // On a phone a wide table hides half its columns: one card per resident instead.
    return (
      <>
        <ErrorAlert error={list.error} />
        <List<ResidentView>
        loading={list.isLoading}
        dataSource={list.items}
        footer={<LoadMoreFooter list={list} />}
        renderItem={(row) => {
          const view = shown(row);
          return (
            <List.Item extra={hasActions && action(row)}>
              <List.Item.Meta title={view.name} description={showAddress ? `${address(row)} · ${describe(row)}` : describe(row)} />
              <Space orientation="vertical" size={0}>
                <span>{`${t('resident.phone')}: ${view.phone}`}</span>
                <span>{`${t('resident.idNumber')}: ${view.idNumber}`}</span>
                <span>
                  {t('resident.careTags')}: {view.careTags}
                </span>
              </Space>
            </List.Item>
          );
        }}
        />
      </>
    );
  }
  const columns = [
    { key: 'name', title: t('resident.name'), render: (_: unknown, row: ResidentView) => shown(row).name },
    ...(showAddress ? [{ key: 'address', title: t('resident.address'), render: (_: unknown, row: ResidentView) => address(row) }] : []),
    { key: 'sex', title: t('resident.sex'), render: (_: unknown, row: ResidentView) => (row.sex ? t(`resident.sexes.${row.sex}`) : none) },
    { key: 'birthYear', title: t('resident.birthYear'), render: (_: unknown, row: ResidentView) => row.birthYear ?? none },
    { key: 'relation', title: t('resident.relation'), render: (_: unknown, row: ResidentView) => t(`resident.relations.${row.relation}`) },
    { key: 'phone', title: t('resident.phone'), render: (_: unknown, row: ResidentView) => shown(row).phone },
    { key: 'idNumber', title: t('resident.idNumber'), render: (_: unknown, row: ResidentView) => shown(row).idNumber },
    { key: 'careTags', title: t('resident.careTags'), render: (_: unknown, row: ResidentView) => shown(row).careTags },
    { key: 'actions', title: t('common.actions'), render: (_: unknown, row: ResidentView) => action(row) },
  ];
  return <PagedTable<ResidentView> list={list} columns={hasActions ? columns : columns.slice(0, -1)} />;
}
