import { InputNumber, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarKind } from '../../api/ticketSettings.ts';
import { splitLimit, unitLabel, unitMinutes, type LimitUnit } from './limits.ts';

/**
 * A time limit typed as a number and a unit (分钟 / 小时 / 工作日), held as minutes of the calendar.
 * Changing the unit keeps the number: 2 小时 becomes 2 工作日.
 */
export function LimitInput({ value, onChange, calendar, units = ['minute', 'hour', 'day'], testId, ariaLabel, placeholder }: {
  value?: number | null;
  onChange?: (minutes: number | null) => void;
  calendar: CalendarKind;
  units?: readonly LimitUnit[];
  testId?: string;
  ariaLabel?: string;
  /** Shown when empty: what no limit means. */
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const [unit, setUnit] = useState<LimitUnit>(() => splitLimit(value ?? 60, calendar, units).unit);
  const size = unitMinutes(unit, calendar);
  const amount = value == null ? null : Number((value / size).toFixed(2));
  const emit = (number: number | null, to: LimitUnit) => onChange?.(number == null ? null : Math.max(1, Math.round(number * unitMinutes(to, calendar))));
  return (
    <Space.Compact style={{ width: 190, maxWidth: '100%' }}>
      <InputNumber<number> value={amount} min={0.01} step={1} onChange={(number) => emit(number, unit)} style={{ flex: 1, minWidth: 0 }}
        placeholder={placeholder} data-testid={testId} aria-label={ariaLabel} />
      <Select<LimitUnit> value={unit} style={{ width: 86, flex: 'none' }} popupMatchSelectWidth={false}
        options={units.map((u) => ({ value: u, label: unitLabel(t, u, calendar) }))}
        onChange={(to) => {
          setUnit(to);
          emit(amount, to);
        }} data-testid={testId && `${testId}-unit`} />
    </Space.Compact>
  );
}
