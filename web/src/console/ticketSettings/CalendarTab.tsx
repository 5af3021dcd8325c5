import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, Input, Segmented, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useReplaceCalendar, type CalendarDay } from '../../api/ticketSettings.ts';
import { useLocale } from '../../i18n/index.ts';
import { failureText } from './failure.ts';

/** The day of the week of a 'YYYY-MM-DD' date, in the UI's language (周六, Sat). */
function weekday(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}
const isWeekend = (day: string) => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());

function DayRow({ day, locale, onRemove }: { day: CalendarDay; locale: string; onRemove?: () => void }) {
  const { t } = useTranslation();
  return (
    <Flex gap={8} wrap align="center" className="linli-rule" data-testid="calendar-day">
      <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }}>{day.day}</Typography.Text>
      <Typography.Text type="secondary">{weekday(day.day, locale)}</Typography.Text>
      <Tag color={day.working ? 'blue' : 'red'}>{t(day.working ? 'ticketSettings.calendar.workday' : 'ticketSettings.calendar.holiday')}</Tag>
      <span style={{ flex: 1, minWidth: 0 }}>{day.name}</span>
      {onRemove && <Button size="small" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('common.delete')} data-testid="calendar-remove" />}
    </Flex>
  );
}

/** Marks one more day: a weekday defaults to a holiday, a weekend day to a 调休 working day. */
function AddDay({ year, onAdd, saving }: { year: number; onAdd: (day: CalendarDay) => Promise<boolean>; saving: boolean }) {
  const { t } = useTranslation();
  const [day, setDay] = useState('');
  const [working, setWorking] = useState(false);
  const [name, setName] = useState('');
  const pick = (value: string) => {
    setDay(value);
    if (value) setWorking(isWeekend(value));
  };
  return (
    <Flex gap={8} wrap align="center" className="linli-calendar-add">
      <Input type="date" value={day} min={`${year}-01-01`} max={`${year}-12-31`} onChange={(e) => pick(e.target.value)} style={{ width: 170 }}
        aria-label={t('ticketSettings.calendar.day')} data-testid="calendar-date" />
      <Select value={working} style={{ width: 190 }} onChange={setWorking} data-testid="calendar-kind" aria-label={t('ticketSettings.calendar.kind')}
        options={[{ value: false, label: t('ticketSettings.calendar.holiday') }, { value: true, label: t('ticketSettings.calendar.workday') }]} />
      <Input value={name} maxLength={20} onChange={(e) => setName(e.target.value)} placeholder={t('ticketSettings.calendar.namePlaceholder')}
        style={{ width: 170 }} data-testid="calendar-name" />
      <Button type="primary" icon={<PlusOutlined />} disabled={!day} loading={saving} data-testid="calendar-add"
        onClick={() => void onAdd({ day, working, name: name.trim() }).then((saved) => {
          if (!saved) return;
          setDay('');
          setName('');
        })}>
        {t('ticketSettings.calendar.add')}
      </Button>
    </Flex>
  );
}

/** 工作日历: the days of a year that break the Monday–Friday pattern; admins add and remove them, each change saved at once. */
export function CalendarTab({ days, canManage, thisYear }: { days: CalendarDay[]; canManage: boolean; thisYear: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const locale = useLocale();
  const [year, setYear] = useState(thisYear);
  const replace = useReplaceCalendar();
  const years = [...new Set([thisYear, thisYear + 1, ...days.map((d) => Number(d.day.slice(0, 4)))])].sort();
  const ofYear = days.filter((d) => d.day.startsWith(`${year}-`));
  /** The whole year is sent (the server replaces that year's marked days); true when it was saved. */
  const save = (next: CalendarDay[]) => replace.mutateAsync({ year, days: next }).then(
    () => {
      void message.success(t('ticketSettings.saved'));
      return true;
    },
    (error: unknown) => {
      void message.error(failureText(error));
      return false;
    },
  );
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('ticketSettings.calendar.intro')}</Typography.Paragraph>
      <Segmented<number> value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: String(y) }))} data-testid="calendar-year" />
      {canManage && <AddDay key={year} year={year} saving={replace.isPending} onAdd={(day) => save([...ofYear.filter((d) => d.day !== day.day), day])} />}
      <Flex vertical gap={6}>
        {ofYear.map((day) => (
          <DayRow key={day.day} day={day} locale={locale} onRemove={canManage ? () => void save(ofYear.filter((d) => d.day !== day.day)) : undefined} />
        ))}
        {!ofYear.length && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ticketSettings.calendar.empty', { year })} />}
      </Flex>
    </Flex>
  );
}
