import { List, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { MobileError, MobileLoading, NotBound } from './MobileStates.tsx';
import { SurveysEntry } from './MySurveysPage.tsx';
import { useHousehold } from './useHousehold.ts';

/** 我的家: where I live and who lives with me (others masked, as the server sends them). */
export function MyHomePage() {
  const { t } = useTranslation();
  const household = useHousehold();
  if (household.isPending) return <MobileLoading />;
  if (household.notBound) return <NotBound />;
  if (household.isError) return <MobileError error={household.error} onRetry={() => void household.refetch()} />;
  const { household: home, buildingName, estateName, communityName, gridName, members } = household.data;
  const none = t('common.none');
  return (
    <>
      <SurveysEntry />
      <List header={t('mobile.address')}>
        <List.Item data-testid="my-address">{t('household.address', { building: buildingName, unit: home.unit, room: home.room })}</List.Item>
        <List.Item extra={estateName ?? none}>{t('mobile.estate')}</List.Item>
        <List.Item extra={communityName}>{t('mobile.community')}</List.Item>
        <List.Item extra={gridName ?? none}>{t('mobile.grid')}</List.Item>
        <List.Item extra={<Tag color="primary">{t(`household.occupancies.${home.occupancy}`)}</Tag>}>{t('household.occupancy')}</List.Item>
      </List>
      <List header={`${t('mobile.members')} (${members.length})`}>
        {members.map((member) => (
          <List.Item
            key={member.id}
            description={[member.birthYear, member.sex && t(`resident.sexes.${member.sex}`)].filter(Boolean).join(' · ') || undefined}
            extra={t(`resident.relations.${member.relation}`)}
          >
            {member.name}
          </List.Item>
        ))}
      </List>
    </>
  );
}
