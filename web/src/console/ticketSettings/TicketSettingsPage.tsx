import { Alert, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useTicketSettings } from '../../api/ticketSettings.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { Page } from '../../components/Page.tsx';
import { PageSpin } from '../../components/PageSpin.tsx';
import { CalendarTab } from './CalendarTab.tsx';
import { CategoriesTab } from './CategoriesTab.tsx';
import { LadderTab } from './LadderTab.tsx';
import { RoutingTab } from './RoutingTab.tsx';
import './ticketSettings.css';

const tabs = ['categories', 'routing', 'ladder', 'calendar'] as const;
type Tab = (typeof tabs)[number];

/**
 * 接诉即办设置: categories and their time limits, routing rules, escalation ladders and the working
 * calendar. Admins change them all; others read them, and change their own community's ladder where
 * they dispatch its tickets. The tab is kept in the address, so a link opens the right one.
 */
export function TicketSettingsPage() {
  const { t } = useTranslation();
  const settings = useTicketSettings();
  const [params, setParams] = useSearchParams();
  const tab: Tab = tabs.find((k) => k === params.get('tab')) ?? 'categories';
  if (settings.isPending) return <PageSpin />;
  if (settings.isError) return <ErrorResult error={settings.error} onRetry={() => void settings.refetch()} />;
  const data = settings.data;
  const content: Record<Tab, React.ReactNode> = {
    categories: <CategoriesTab categories={data.categories} canManage={data.canManage} />,
    routing: <RoutingTab rules={data.routingRules} categories={data.categories} canManage={data.canManage} />,
    ladder: <LadderTab escalation={data.escalation} canManage={data.canManage} />,
    calendar: <CalendarTab days={data.calendarDays} canManage={data.canManage} thisYear={new Date().getFullYear()} />,
  };
  return (
    <Page title={t('nav.ticketSettings')}>
      <Alert type="info" showIcon title={t('ticketSettings.appliesNext')} style={{ marginBottom: 12 }} data-testid="settings-applies-next" />
      {!data.canManage && <Alert type="warning" showIcon title={t('ticketSettings.readOnly')} style={{ marginBottom: 12 }} data-testid="settings-read-only" />}
      <Tabs activeKey={tab} onChange={(key) => setParams({ tab: key }, { replace: true })}
        items={tabs.map((key) => ({ key, label: <span data-testid={`tab-${key}`}>{t(`ticketSettings.tabs.${key}`)}</span>, children: content[key] }))} />
    </Page>
  );
}
