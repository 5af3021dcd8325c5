import { Alert, Card, Form, Segmented, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHouseholdDevices, type RuleLevel } from '../../api/devices.ts';
import { useHousehold } from '../../api/people.ts';
import { useAreas, useCommunities } from '../../api/places.ts';
import { HouseholdPicker } from '../claims/HouseholdPicker.tsx';
import { useLabelLanguage } from './format.ts';
import { levelNameOf } from './ruleLevels.ts';

/**
 * The community the page opens on: the user's first; a grid worker, who holds grids only, gets their
 * first grid's community (and tunes single households of it).
 */
export function useDefaultCommunity(): { communityId: number | undefined; gridsOnly: boolean } {
  const communities = useCommunities();
  const gridsOnly = communities.isSuccess && communities.data.length === 0;
  const grids = useAreas({ level: 'grid' }, gridsOnly);
  return { communityId: communities.data?.[0]?.id ?? grids.data?.[0]?.communityId ?? undefined, gridsOnly };
}

/** The level in words: the community's name, the household's building and room, or the device's name and kind. */
function useLevelName(level: RuleLevel): string {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  const communities = useCommunities();
  const household = useHousehold(level.householdId).data;
  const device = useHouseholdDevices(level.householdId).data?.find((d) => d.id === level.deviceId);
  switch (levelNameOf(level)) {
    case 'device':
      return device ? `${device.label || device.id}（${device.kindName[language]}）` : level.deviceId!;
    case 'household':
      return household ? `${household.buildingName} ${t('claims.unitRoom', { unit: household.unit, room: household.room })}` : '';
    case 'community':
      return communities.data?.find((c) => c.id === level.communityId)?.name ?? '';
  }
}

/** Which level the rules below are set for, and what its parameters follow where it sets nothing. */
export function CurrentLevel({ level }: { level: RuleLevel }) {
  const { t } = useTranslation();
  const name = useLevelName(level);
  return <Alert type="info" showIcon style={{ marginBottom: 8 }} data-testid="rule-current" title={t(`devices.rules.current.${levelNameOf(level)}`, { name })} />;
}

/**
 * 设置范围: the community's defaults, or one household (building, then home, as devices are placed) and
 * optionally one of its devices. `picking` is the household mode before a home is chosen.
 */
export function RuleLevelPicker({ level, onChange, picking, onPicking }: {
  level: RuleLevel;
  onChange: (next: RuleLevel, kind?: string) => void;
  picking: boolean;
  onPicking: (picking: boolean) => void;
}) {
  const { t } = useTranslation();
  const language = useLabelLanguage();
  const communities = useCommunities();
  const [building, setBuilding] = useState<number>();
  const household = useHousehold(level.householdId);
  const devices = useHouseholdDevices(level.householdId);
  const mode = picking || levelNameOf(level) !== 'community' ? 'household' : 'community';
  const chooseMode = (next: string) => {
    onPicking(next === 'household');
    if (next === 'community') onChange({ communityId: level.communityId });
  };
  return (
    <Card size="small" title={t('devices.rules.scope')} data-testid="rule-level">
      {(communities.data?.length ?? 0) > 1 && (
        <Form layout="vertical">
          <Form.Item label={t('area.community')}>
            <Select value={level.communityId} options={communities.data?.map((c) => ({ value: c.id, label: c.name }))} data-testid="rule-community"
              onChange={(communityId: number) => {
                setBuilding(undefined);
                onChange({ communityId });
              }} />
          </Form.Item>
        </Form>
      )}
      <Segmented block value={mode} onChange={chooseMode} style={{ marginBottom: 16 }} data-testid="rule-mode"
        options={[{ value: 'community', label: t('devices.rules.levels.community') }, { value: 'household', label: t('devices.rules.levels.household') }]} />
      {mode === 'household' && (
        <>
          <HouseholdPicker communityId={level.communityId} pickResident={false}
            value={{ buildingId: building ?? household.data?.buildingId, householdId: level.householdId }}
            onChange={(next) => {
              onPicking(true);
              setBuilding(next.buildingId);
              onChange({ communityId: level.communityId, householdId: next.householdId });
            }} />
          <Form layout="vertical">
            <Form.Item label={t('devices.rules.device')} style={{ marginBottom: 0 }}>
              <Select<string> allowClear placeholder={t('devices.rules.allDevices')} disabled={level.householdId === undefined} value={level.deviceId}
                loading={devices.isLoading} data-testid="rule-device"
                options={devices.data?.map((d) => ({ value: d.id, label: `${d.kindName[language]} · ${d.label || d.id}` }))}
                onChange={(deviceId?: string) => onChange({ ...level, deviceId }, devices.data?.find((d) => d.id === deviceId)?.kind)} />
            </Form.Item>
          </Form>
        </>
      )}
    </Card>
  );
}
