import { Button, Descriptions, Drawer, Flex, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasPermission, useCurrentUser } from '../../api/auth.ts';
import { useHousehold, useResidents } from '../../api/people.ts';
import type { HouseholdView, ResidentView } from '../../api/types.ts';
import { ResidentTable } from '../../components/ResidentTable.tsx';
import { HouseholdFormDrawer } from '../forms/HouseholdFormDrawer.tsx';
import { RemoveResidentButton } from '../forms/RemoveResidentButton.tsx';
import { ResidentFormDrawer } from '../forms/ResidentFormDrawer.tsx';
import { useDrawerSize } from './useDrawerSize.ts';

function householdAddress(t: TFunction, household: HouseholdView): string {
  return t('household.address', { building: household.buildingName, unit: household.unit, room: household.room });
}

/** Which form is open: the household's, a new resident's, or one resident's. */
type Editing = { form: 'household' } | { form: 'resident'; resident?: ResidentView };

/** One household and its residents (masked, with 查看 for those allowed); with people.write, kept up to date here. */
export function HouseholdDrawer({ household: opened, onClose }: { household: HouseholdView | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const size = useDrawerSize(760);
  const canWrite = hasPermission(useCurrentUser(), 'people.write');
  // The form stays as it was while it closes, so its title does not change under the animation.
  const [editing, setEditing] = useState<Editing>({ form: 'household' });
  const [formOpen, setFormOpen] = useState(false);
  // The row it was opened from goes stale once edited: show the household as the server has it now.
  const household = useHousehold(opened?.id).data ?? opened;
  const residents = useResidents({ householdId: opened?.id, limit: 100 }, opened !== undefined);
  const edit = (next: Editing) => {
    setEditing(next);
    setFormOpen(true);
  };
  const stopEditing = () => setFormOpen(false);
  const residentActions = (row: ResidentView) => (
    <>
      <Button size="small" type="link" onClick={() => edit({ form: 'resident', resident: row })} data-testid="resident-edit">
        {t('editing.resident.edit')}
      </Button>
      <RemoveResidentButton residentId={row.id} />
    </>
  );
  // In the body, not the header: on a phone the address title needs the header's width.
  const actions = canWrite && (
    <Flex gap={8} wrap justify="end" style={{ marginBottom: 16 }}>
      <Button onClick={() => edit({ form: 'household' })} data-testid="household-edit">
        {t('editing.household.edit')}
      </Button>
      <Button type="primary" onClick={() => edit({ form: 'resident' })} data-testid="resident-add">
        {t('editing.resident.add')}
      </Button>
    </Flex>
  );
  return (
    <Drawer
      open={opened !== undefined}
      onClose={onClose}
      size={size}
      title={household && householdAddress(t, household)}
      destroyOnHidden
    >
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
          {actions}
          <ResidentTable list={residents} actions={canWrite ? residentActions : undefined} />
          <HouseholdFormDrawer
            open={formOpen && editing.form === 'household'}
            buildingId={household.buildingId}
            household={household}
            onClose={stopEditing}
          />
          <ResidentFormDrawer
            open={formOpen && editing.form === 'resident'}
            householdId={household.id}
            firstInHousehold={household.residentCount === 0}
            resident={editing.form === 'resident' ? editing.resident : undefined}
            onClose={stopEditing}
          />
        </>
      )}
    </Drawer>
  );
}
