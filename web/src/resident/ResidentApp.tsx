import { NavBar, SafeArea, TabBar } from 'antd-mobile';
import { AppOutline, CameraOutline, UnorderedListOutline, UserOutline } from 'antd-mobile-icons';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { hasPermission, isResidentOnly, useCurrentUser } from '../api/auth.ts';
import { DemoBadge } from '../components/DemoBadge.tsx';
import { AnswerSurveyPage } from './AnswerSurveyPage.tsx';
import { MobileFrame } from './MobileFrame.tsx';
import { MobileLoading } from './MobileStates.tsx';
import { MyHomePage } from './MyHomePage.tsx';
import { MyProfilePage } from './MyProfilePage.tsx';
import { MySurveysPage } from './MySurveysPage.tsx';
import { TasksPage } from './tasks/TasksPage.tsx';
import { MyTicketsPage } from './tickets/MyTicketsPage.tsx';
import { TicketPage } from './tickets/TicketPage.tsx';
import './tickets/imperativeRender.ts';

// MapLibre is large: it loads only when a page with a map (reporting, a task) is opened.
const ReportPage = lazy(() => import('./tickets/ReportPage.tsx'));
const TaskPage = lazy(() => import('./tasks/TaskPage.tsx').then((module) => ({ default: module.TaskPage })));

/**
 * The phone pages under /m: a resident's home, reports (随手拍) and details; a grid worker's tasks
 * (我的任务). Tabs at the bottom by what the user is; pages below a tab lead back up to it.
 */
export default function ResidentApp() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  // A new page starts at its top, not where the last one (a long form) was scrolled to.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pathname]);
  const me = useCurrentUser();
  const resident = me.roles.some((grant) => grant.role === 'resident');
  const handler = hasPermission(me, 'tickets.handle');
  // Every tab names its pages; the bar shows those for what the user is (a resident, a handler, or both).
  const tabs = [
    { key: '/m', title: t('mobile.home'), icon: <AppOutline />, shown: resident },
    { key: '/m/tickets', title: t('tickets.tab'), icon: <CameraOutline />, shown: resident },
    { key: '/m/tasks', title: t('tasks.tab'), icon: <UnorderedListOutline />, shown: handler },
    { key: '/m/profile', title: t('mobile.profile'), icon: <UserOutline />, shown: true },
  ];
  const subpages = [
    { pattern: /^\/m\/surveys$/, title: t('mySurveys.title'), up: '/m' },
    { pattern: /^\/m\/surveys\/./, title: t('mySurveys.title'), up: '/m/surveys' },
    { pattern: /^\/m\/tickets\/new$/, title: t('tickets.report.title'), up: '/m/tickets' },
    { pattern: /^\/m\/tickets\/./, title: t('tickets.detail.title'), up: '/m/tickets' },
    { pattern: /^\/m\/tasks\/./, title: t('tasks.detailTitle'), up: '/m/tasks' },
  ];
  const subpage = subpages.find((page) => page.pattern.test(pathname));
  // The tab a page is under: the longest tab path it starts with.
  const current = tabs.filter((tab) => pathname === tab.key || pathname.startsWith(`${tab.key}/`)).sort((a, b) => b.key.length - a.key.length)[0] ?? tabs[0];
  // Staff on the phone pages have the console to go back to.
  const toConsole = !subpage && !isResidentOnly(me);
  return (
    <MobileFrame>
      <NavBar
        back={subpage ? '' : toConsole ? t('tasks.toConsole') : null}
        onBack={() => navigate(subpage?.up ?? '/')}
        right={<DemoBadge />}
        className="linli-m-nav"
      >
        {subpage?.title ?? current.title}
      </NavBar>
      <main className="linli-m-body">
        <Suspense fallback={<MobileLoading />}>
          <Routes>
            <Route index element={!resident && handler ? <Navigate to="/m/tasks" replace /> : <MyHomePage />} />
            <Route path="profile" element={<MyProfilePage />} />
            <Route path="surveys" element={<MySurveysPage />} />
            <Route path="surveys/:id" element={<AnswerSurveyPage />} />
            <Route path="tickets" element={<MyTicketsPage />} />
            <Route path="tickets/new" element={<ReportPage />} />
            <Route path="tickets/:id" element={<TicketPage />} />
            <Route path="tasks" element={<TasksPage />} />
            <Route path="tasks/:id" element={<TaskPage />} />
            <Route path="*" element={<MyHomePage />} />
          </Routes>
        </Suspense>
      </main>
      <div className="linli-m-tabs">
        {/* Below a tab no tab is marked: a tap on it must lead back up, and the bar reports only changes. */}
        <TabBar activeKey={subpage ? null : current.key} onChange={(key) => navigate(key)}>
          {tabs.filter((tab) => tab.shown).map((tab) => (
            <TabBar.Item key={tab.key} icon={tab.icon} title={tab.title} data-testid={`tab-${tab.key}`} />
          ))}
        </TabBar>
        <SafeArea position="bottom" />
      </div>
    </MobileFrame>
  );
}
