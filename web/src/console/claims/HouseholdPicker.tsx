import { Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useHouseholds, useResidents } from '../../api/people.ts';
import { useBuildings } from '../../api/places.ts';
import { ErrorAlert } from '../../components/ErrorResult.tsx';

export interface HouseholdPick {
  buildingId?: number;
  householdId?: number;
  residentId?: number;
}

const search = { optionFilterProp: 'label' };

/**
 * Building → household → (optionally) resident, within the verifier's own scope: a grid worker
 * or building lead sees only their grid's buildings. One community's buildings fit one page;
 * those without households (shops, schools) are left out, and the estate tells "6号楼" apart.
 */
export function HouseholdPicker({ communityId, value, onChange, residentLabel, residentHint, pickResident = true }: {
  communityId: number;
  value: HouseholdPick;
  onChange: (next: HouseholdPick) => void;
  /** False where only a place is wanted (a device's household): the resident field is left out. */
  pickResident?: boolean;
  /** What choosing a resident means where the picker is used (a claim binds an account; a paper survey names who answered). */
  residentLabel?: string;
  residentHint?: string;
}) {
  const { t } = useTranslation();
  const buildings = useBuildings({ communityId, limit: 500 });
  const households = useHouseholds({ buildingId: value.buildingId, limit: 500 }, value.buildingId !== undefined);
  const residents = useResidents({ householdId: value.householdId, limit: 100 }, pickResident && value.householdId !== undefined);
  const buildingOptions = buildings.items
    .filter((building) => building.households > 0)
    .map((building) => ({ value: building.id, label: [building.estateName, building.name].filter(Boolean).join(' ') }));
  return (
    <Form layout="vertical">
      <ErrorAlert error={buildings.error ?? households.error ?? residents.error} />
      <Form.Item label={t('claims.building')}>
        <Select
          showSearch={search}
          loading={buildings.isLoading}
          value={value.buildingId}
          onChange={(buildingId) => onChange({ buildingId })}
          options={buildingOptions}
          data-testid="claim-building"
        />
      </Form.Item>
      <Form.Item label={t('claims.household')}>
        <Select
          showSearch={search}
          disabled={value.buildingId === undefined}
          loading={households.isLoading}
          value={value.householdId}
          onChange={(householdId) => onChange({ buildingId: value.buildingId, householdId })}
          options={households.items.map((household) => ({ value: household.id, label: t('claims.unitRoom', { unit: household.unit, room: household.room }) }))}
          data-testid="claim-household"
        />
      </Form.Item>
      {pickResident && (
        <Form.Item label={residentLabel ?? t('claims.resident')} extra={residentHint ?? t('claims.residentHint')}>
          <Select
            allowClear
            disabled={value.householdId === undefined}
            loading={residents.isLoading}
            value={value.residentId}
            onChange={(residentId?: number) => onChange({ ...value, residentId })}
            options={residents.items.map((resident) => ({
              value: resident.id,
              label: `${resident.name} · ${t(`resident.relations.${resident.relation}`)}${resident.birthYear ? ` · ${resident.birthYear}` : ''}`,
            }))}
            data-testid="claim-resident"
          />
        </Form.Item>
      )}
    </Form>
  );
}
