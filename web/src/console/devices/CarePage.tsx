import { Checkbox, Empty, Flex, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCareCards, type CareFilters } from '../../api/devices.ts';
import { AreaFilter } from '../../components/AreaFilter.tsx';
import { ErrorAlert } from '../../components/ErrorResult.tsx';
import { Page } from '../../components/Page.tsx';
import { CareCardView } from './CareCardView.tsx';
import './devices.css';

/** Cards are asked again every 15 s: door and water times move, alarms come and go. */
const refreshMs = 15_000;
/**
 * 关爱: a card per household with care devices (elders living alone): how long since the door opened
 * and water ran, the devices, open alarms, the away state, the contact chain and the calls made.
 */
export default function CarePage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<CareFilters>({});
  const cards = useCareCards(filters, refreshMs);
  const items = cards.data?.items ?? [];
  const filtered = filters.alarming === true || filters.communityId !== undefined;
  return (
    <Page title={t('nav.care')}>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
        <AreaFilter value={{ communityId: filters.communityId, gridId: filters.gridId }}
          onChange={(area) => setFilters({ ...filters, communityId: area.communityId, gridId: area.gridId })} />
        <Checkbox checked={filters.alarming === true} onChange={(e) => setFilters({ ...filters, alarming: e.target.checked || undefined })} data-testid="care-alarming">
          {t('devices.care.onlyAlarming')}
        </Checkbox>
      </Flex>
      <ErrorAlert error={cards.error} />
      {cards.isPending && <Spin />}
      {cards.isSuccess && !items.length && (
        <Empty data-testid="care-empty" description={t(filtered ? 'devices.care.emptyFiltered' : 'devices.care.empty')} />
      )}
      <div className="linli-care-grid">
        {items.map((card) => <CareCardView key={card.householdId} card={card} />)}
      </div>
      {cards.data?.nextCursor && <Typography.Text type="secondary">{t('devices.care.firstOnly', { count: items.length })}</Typography.Text>}
    </Page>
  );
}
