import { FilterOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Grid, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTicketCategories, type TicketFilters as Filters, type TicketSource, type TicketStatus } from '../../api/tickets.ts';
import { AreaFilter } from '../../components/AreaFilter.tsx';
import { levelKeys, ticketSources, ticketStatuses, useLabelLanguage } from './format.ts';

/** The list's filters; everything empty means every ticket in reach. On a phone all but the search fold away. */
export function TicketFilters({ value, onChange }: { value: Filters; onChange: (next: Filters) => void }) {
  const { t } = useTranslation();
  const wide = Grid.useBreakpoint().md ?? true;
  const [unfolded, setUnfolded] = useState(false);
  const categories = useTicketCategories();
  const language = useLabelLanguage();
  const set = (patch: Filters) => onChange({ ...value, ...patch });
  const search = (
    <Input.Search allowClear placeholder={t('ticketsConsole.filters.search')} onSearch={(q) => set({ q: q.trim() || undefined })}
      style={{ width: wide ? 220 : '100%' }} data-testid="filter-search" />
  );
  const shown = wide || unfolded;
  return (
    <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
      {!wide && (
        <Flex gap={8} style={{ width: '100%' }}>
          {search}
          <Button icon={<FilterOutlined />} onClick={() => setUnfolded(!unfolded)} data-testid="filters-toggle">{t('ticketsConsole.filters.more')}</Button>
        </Flex>
      )}
      {shown && (
        <>
          <AreaFilter value={{ communityId: value.communityId, gridId: value.gridId }} onChange={(area) => set({ communityId: area.communityId, gridId: area.gridId })} />
          <Select<TicketStatus> allowClear style={{ minWidth: 110 }} placeholder={t('ticketsConsole.filters.status')} value={value.status}
            onChange={(status) => set({ status })} options={ticketStatuses.map((s) => ({ value: s, label: t(`ticketsConsole.statuses.${s}`) }))} data-testid="filter-status" />
          <Select<string> allowClear showSearch={{ optionFilterProp: 'label' }} style={{ minWidth: 130 }} placeholder={t('ticketsConsole.filters.category')}
            value={value.categoryCode} onChange={(categoryCode) => set({ categoryCode })}
            options={categories.data?.map((c) => ({ value: c.code, label: c.name[language] }))} data-testid="filter-category" />
          <Select<TicketSource> allowClear style={{ minWidth: 120 }} placeholder={t('ticketsConsole.filters.source')} value={value.source}
            onChange={(source) => set({ source })} options={ticketSources.map((s) => ({ value: s, label: t(`ticketsConsole.sources.${s}`) }))} data-testid="filter-source" />
          <Select<number> allowClear style={{ minWidth: 110 }} placeholder={t('ticketsConsole.filters.level')} value={value.level}
            onChange={(level) => set({ level })} options={levelKeys.map((key, level) => ({ value: level, label: t(`ticketsConsole.levels.${key}`) }))} data-testid="filter-level" />
          <Flex gap={4} align="center">
            <Input type="date" aria-label={t('ticketsConsole.filters.from')} value={value.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })}
              style={{ width: 150 }} data-testid="filter-from" />
            <span>–</span>
            <Input type="date" aria-label={t('ticketsConsole.filters.to')} value={value.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })}
              style={{ width: 150 }} data-testid="filter-to" />
          </Flex>
          <Checkbox checked={value.open === true} onChange={(e) => set({ open: e.target.checked || undefined })} data-testid="filter-open">
            {t('ticketsConsole.filters.open')}
          </Checkbox>
          <Checkbox checked={value.overdue === true} onChange={(e) => set({ overdue: e.target.checked || undefined })} data-testid="filter-overdue">
            {t('ticketsConsole.filters.overdue')}
          </Checkbox>
          {wide && search}
        </>
      )}
    </Flex>
  );
}
