import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAreas, useCommunities } from '../api/places.ts';
import type { AreaView } from '../api/types.ts';

export interface AreaScope {
  communityId?: number;
  gridId?: number;
}

const scopeOfGrid = (grid: AreaView | undefined): AreaScope => (grid ? { communityId: grid.communityId ?? undefined, gridId: grid.id } : {});

/** The communities to pick from, and the grids: of the chosen community, or all of a user who holds only grids. */
function useAreaChoices(communityId: number | undefined) {
  const communities = useCommunities();
  const gridsOnly = communities.isSuccess && communities.data.length === 0;
  const grids = useAreas(gridsOnly ? { level: 'grid' } : { level: 'grid', parentId: communityId }, gridsOnly || communityId !== undefined);
  return { communities, grids, gridsOnly };
}

/**
 * The area a page is scoped to. Until the user picks, a user who sees a single community (or,
 * holding only grids, a single grid) is scoped to it. `ready` is false while that is being found
 * out, so that pages do not fetch everything first and their own area right after.
 */
export function useAreaScope(): [scope: AreaScope, choose: (next: AreaScope) => void, ready: boolean] {
  const [chosen, setChosen] = useState<AreaScope>();
  const { communities, grids, gridsOnly } = useAreaChoices(chosen?.communityId);
  let fallback: AreaScope = {};
  if (communities.only !== undefined) fallback = { communityId: communities.only };
  else if (gridsOnly && grids.data?.length === 1) fallback = scopeOfGrid(grids.data[0]);
  const ready = communities.isError || (communities.isSuccess && (!gridsOnly || !grids.isPending));
  return [chosen ?? fallback, setChosen, ready];
}

/** Community, then one of its grids; grid-level users pick among their grids only. */
export function AreaFilter({ value, onChange }: { value: AreaScope; onChange: (next: AreaScope) => void }) {
  const { t } = useTranslation();
  const { communities, grids, gridsOnly } = useAreaChoices(value.communityId);
  const chooseGrid = (gridId?: number) =>
    onChange(gridsOnly ? scopeOfGrid(grids.data?.find((grid) => grid.id === gridId)) : { ...value, gridId });
  return (
    <>
      {!gridsOnly && (
        <Select
          style={{ minWidth: 160 }}
          placeholder={t('area.chooseCommunity')}
          allowClear
          loading={communities.isPending}
          value={value.communityId}
          onChange={(communityId?: number) => onChange({ communityId })}
          options={communities.data?.map((area) => ({ value: area.id, label: area.name }))}
          aria-label={t('area.community')}
          data-testid="community-select"
        />
      )}
      <Select
        style={{ minWidth: 140 }}
        placeholder={t('area.allGrids')}
        allowClear
        disabled={!gridsOnly && value.communityId === undefined}
        loading={grids.isFetching}
        value={value.gridId}
        onChange={chooseGrid}
        options={grids.data?.map((area) => ({ value: area.id, label: area.name }))}
        aria-label={t('area.grid')}
      />
    </>
  );
}
