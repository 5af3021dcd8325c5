import { Badge, Button, Descriptions, Drawer, Flex, List, Segmented, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasPermission, useCurrentUser } from '../../api/auth.ts';
import { useHouseholds } from '../../api/people.ts';
import { useBuilding } from '../../api/places.ts';
import type { BuildingDetail, HouseholdView } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { BuildingFormDrawer } from '../forms/BuildingFormDrawer.tsx';
import { HouseholdFormDrawer } from '../forms/HouseholdFormDrawer.tsx';
import { HouseholdDrawer } from './HouseholdDrawer.tsx';
import { useDrawerSize } from './useDrawerSize.ts';

function BuildingFacts({ building }: { building: BuildingDetail }) {
  const { t } = useTranslation();
  const none = t('common.none');
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
      <Descriptions.Item label={t('building.code')}>{building.code}</Descriptions.Item>
      <Descriptions.Item label={t('building.purpose')}>{t(`building.purposes.${building.purpose}`)}</Descriptions.Item>
      <Descriptions.Item label={t('building.estate')}>{building.estateName ?? none}</Descriptions.Item>
      <Descriptions.Item label={t('building.grid')}>{building.gridName ?? none}</Descriptions.Item>
      <Descriptions.Item label={t('building.floors')}>{building.floors ?? none}</Descriptions.Item>
      <Descriptions.Item label={t('building.units')}>{building.units ?? none}</Descriptions.Item>
      <Descriptions.Item label={t('building.households')}>{building.households}</Descriptions.Item>
      <Descriptions.Item label={t('building.residents')}>{building.residents}</Descriptions.Item>
    </Descriptions>
  );
}

function UnitHouseholds({ buildingId, unit, onOpen }: { buildingId: number; unit?: string; onOpen: (household: HouseholdView) => void }) {
  const { t } = useTranslation();
  const households = useHouseholds({ buildingId, unit, limit: 200 });
  return (
    <>
      <ErrorAlert error={households.error} />
      <List<HouseholdView>
        size="small"
        loading={households.isLoading}
        dataSource={households.items}
        data-testid="unit-households"
        renderItem={(household) => (
          <List.Item onClick={() => onOpen(household)} style={{ cursor: 'pointer' }} extra={<Tag>{t(`household.occupancies.${household.occupancy}`)}</Tag>}>
            <List.Item.Meta
              title={<Typography.Link>{household.room}</Typography.Link>}
              description={`${t('household.residentCount')} ${household.residentCount}`}
            />
          </List.Item>
        )}
      />
    </>
  );
}

/** 以图管房: a building from the map or the registry, its units, and each unit's households; editable with the permissions. */
export function BuildingDrawer({ buildingId, onClose }: { buildingId: number | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const size = useDrawerSize(560);
  const building = useBuilding(buildingId);
  const [choice, setChoice] = useState<{ buildingId?: number; unit?: string }>({});
  const [household, setHousehold] = useState<HouseholdView>();
  const [form, setForm] = useState<'building' | 'household'>();
  const units = building.data?.unitSummaries ?? [];
  // The unit picked applies to the building it was picked in; another building opens at its first unit.
  const picked = choice.buildingId === buildingId ? choice.unit : undefined;
  const shownUnit = picked ?? units[0]?.unit;
  const extra = (
    <Flex gap={8} wrap>
      {hasPermission(me, 'places.write') && (
        <Button onClick={() => setForm('building')} data-testid="building-edit">
          {t('editing.building.edit')}
        </Button>
      )}
      {hasPermission(me, 'people.write') && (
        <Button type="primary" onClick={() => setForm('household')} data-testid="household-add">
          {t('editing.household.add')}
        </Button>
      )}
    </Flex>
  );
  return (
    <Drawer
      open={buildingId !== undefined}
      onClose={onClose}
      size={size}
      title={building.data?.name ?? t('building.title')}
      extra={building.data && extra}
      loading={building.isLoading}
    >
      <ErrorAlert error={building.error} />
      {building.data && (
        <>
          <BuildingFacts building={building.data} />
          <Typography.Title level={5}>{t('building.unitsTitle')}</Typography.Title>
          {units.length > 0 && (
            <Segmented
              block={units.length <= 4}
              value={shownUnit}
              onChange={(unit) => setChoice({ buildingId, unit })}
              options={units.map((summary) => ({
                value: summary.unit,
                label: (
                  <span>
                    {t('building.unit', { unit: summary.unit })} <Badge count={summary.households} color="#8c8c8c" size="small" />
                  </span>
                ),
              }))}
              style={{ marginBottom: 8, maxWidth: '100%', overflowX: 'auto' }}
            />
          )}
          <UnitHouseholds buildingId={building.data.id} unit={shownUnit} onOpen={setHousehold} />
          <BuildingFormDrawer open={form === 'building'} building={building.data} onClose={() => setForm(undefined)} />
          <HouseholdFormDrawer open={form === 'household'} buildingId={building.data.id} unit={shownUnit} onClose={() => setForm(undefined)} />
        </>
      )}
      <HouseholdDrawer household={household} onClose={() => setHousehold(undefined)} />
    </Drawer>
  );
}
