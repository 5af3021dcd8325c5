import { FilterOutlined } from '@ant-design/icons';
import { Button, Flex, Grid, Segmented, Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeviceKinds, type AlarmFilters as Filters, type AlarmSeverity, type AlarmStatus } from '../../api/devices.ts';
import { AreaFilter } from '../../components/AreaFilter.tsx';
import { severities, useLabelLanguage } from './format.ts';

const statuses: AlarmStatus[] = ['active', 'unacknowledged', 'cleared', 'all'];

/** Every alarm type the device kinds' rules raise, once each (an SOS comes from buttons and wristbands alike). */
function useAlarmTypes() {
  const kinds = useDeviceKinds();
  const language = useLabelLanguage();
  return useMemo(() => {
    const types = new Map<string, string>();
    for (const rule of kinds.data?.flatMap((kind) => kind.rules) ?? []) if (!types.has(rule.alarmType)) types.set(rule.alarmType, rule.name[language]);
    return [...types].map(([value, label]) => ({ value, label }));
  }, [kinds.data, language]);
}

/** 告警's filters: status first (what a duty officer switches most), then severity, type and area; on a phone those fold away. */
export function AlarmFilters({ value, onChange }: { value: Filters; onChange: (next: Filters) => void }) {
  const { t } = useTranslation();
  const types = useAlarmTypes();
  const wide = Grid.useBreakpoint().md ?? true;
  const [unfolded, setUnfolded] = useState(false);
  const set = (patch: Filters) => onChange({ ...value, ...patch });
  return (
    <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
      <Segmented<AlarmStatus> value={value.status ?? 'active'} onChange={(status) => set({ status })} data-testid="alarm-status-filter"
        options={statuses.map((s) => ({ value: s, label: t(`devices.alarm.statuses.${s}`) }))} />
      {!wide && (
        <Button icon={<FilterOutlined />} onClick={() => setUnfolded(!unfolded)} data-testid="alarm-filters-toggle">{t('ticketsConsole.filters.more')}</Button>
      )}
      {(wide || unfolded) && (
        <>
          <Select<AlarmSeverity> allowClear style={{ minWidth: 110 }} placeholder={t('devices.alarm.severity')} value={value.severity}
            onChange={(severity) => set({ severity })} options={severities.map((s) => ({ value: s, label: t(`devices.severities.${s}`) }))}
            data-testid="alarm-severity-filter" />
          <Select<string> allowClear showSearch={{ optionFilterProp: 'label' }} style={{ minWidth: 140 }} placeholder={t('devices.alarm.type')} value={value.type}
            onChange={(type) => set({ type })} options={types} data-testid="alarm-type-filter" />
          <AreaFilter value={{ communityId: value.communityId, gridId: value.gridId }}
            onChange={(area) => set({ communityId: area.communityId, gridId: area.gridId })} />
        </>
      )}
    </Flex>
  );
}
