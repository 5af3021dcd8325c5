import { Descriptions, Drawer, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useResidents } from '../../api/people.ts';
import type { HouseholdView } from '../../api/types.ts';
import { ResidentTable } from '../../components/ResidentTable.tsx';
import { useDrawerSize } from './useDrawerSize.ts';

function householdAddress(t: ReturnType<typeof useTranslation>['t'], household: HouseholdView): string {
  return t('household.address', { building: household.buildingName, unit: household.unit, room: household.room });
}

/** One household and its residents (masked, with 查看 for those allowed). */
export function HouseholdDrawer({ household, onClose }: { household: HouseholdView | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const size = useDrawerSize(760);
  const residents = useResidents({ householdId: household?.id, limit: 100 }, household !== undefined);
  return (
    <Drawer open={household !== undefined} onClose={onClose} size={size} title={household && householdAddress(t, household)} destroyOnHidden>
      {household && (
        <>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('household.occupancy')}>
              <Tag>{t(`household.occupancies.${household.occupancy}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('household.residentCount')}>{household.residentCount}</Descriptions.Item>
            <Descriptions.Item label={t('household.floor')}>{household.floor ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('household.size')}>{household.sizeM2 ?? t('common.none')}</Descriptions.Item>
          </Descriptions>
          <ResidentTable list={residents} />
        </>
      )}
    </Drawer>
  );
}
