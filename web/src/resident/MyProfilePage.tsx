import { Button, List, Selector, Space, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useCurrentUser, useLogout } from '../api/auth.ts';
import { useSwitchLocale } from '../components/LanguageSwitch.tsx';
import { locales, useLocale, type Locale } from '../i18n/index.ts';
import { MobileError, MobileLoading, NotBound } from './MobileStates.tsx';
import { useHousehold } from './useHousehold.ts';

function MyRecord() {
  const { t } = useTranslation();
  const household = useHousehold();
  if (household.isPending) return <MobileLoading />;
  if (household.notBound) return <NotBound />;
  if (household.isError) return <MobileError error={household.error} onRetry={() => void household.refetch()} />;
  const me = household.data.me;
  const none = t('common.none');
  if (!me) return <List header={t('mobile.me')}><List.Item>{t('mobile.noProfile')}</List.Item></List>;
  return (
    <List header={t('mobile.me')} data-testid="my-record">
      <List.Item extra={me.name}>{t('resident.name')}</List.Item>
      <List.Item extra={me.phone ?? none}>{t('resident.phone')}</List.Item>
      <List.Item extra={me.idNumber ?? none}>{t('resident.idNumber')}</List.Item>
      <List.Item
        description={
          me.careTags.length ? (
            <Space wrap>
              {me.careTags.map((tag) => (
                <Tag key={tag} color="warning" fill="outline">
                  {t(`careTags.${tag}`)}
                </Tag>
              ))}
            </Space>
          ) : (
            none
          )
        }
      >
        {t('resident.careTags')}
      </List.Item>
    </List>
  );
}

/** 我的资料: my own record in full (it is mine), my account, language and logout. */
export function MyProfilePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const locale = useLocale();
  const switchLocale = useSwitchLocale();
  const logout = useLogout();
  return (
    <>
      <MyRecord />
      <List header={t('account.title')}>
        <List.Item extra={user.displayName}>{t('account.displayName')}</List.Item>
        <List.Item extra={user.username}>{t('account.username')}</List.Item>
        <List.Item>
          <Selector<Locale>
            columns={2}
            value={[locale]}
            onChange={(values) => values[0] && void switchLocale(values[0])}
            options={locales.map((value) => ({ value, label: t(`language.${value}`) }))}
          />
        </List.Item>
      </List>
      <Button block color="danger" fill="outline" size="large" loading={logout.isPending} onClick={() => logout.mutate()} data-testid="logout">
        {t('common.logout')}
      </Button>
    </>
  );
}
