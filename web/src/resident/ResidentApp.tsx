import { NavBar, SafeArea, TabBar } from 'antd-mobile';
import { AppOutline, UserOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { DemoBadge } from '../components/DemoBadge.tsx';
import { AnswerSurveyPage } from './AnswerSurveyPage.tsx';
import { MobileFrame } from './MobileFrame.tsx';
import { MyHomePage } from './MyHomePage.tsx';
import { MyProfilePage } from './MyProfilePage.tsx';
import { MySurveysPage } from './MySurveysPage.tsx';

/** The resident's phone pages under /m: my home and my details, with a tab bar at the bottom. */
export default function ResidentApp() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const tabs = [
    { key: '/m', title: t('mobile.home'), icon: <AppOutline /> },
    { key: '/m/profile', title: t('mobile.profile'), icon: <UserOutline /> },
  ];
  const current = tabs.find((tab) => tab.key === pathname) ?? tabs[0];
  // Survey pages are reached from 我的家 and lead back up: the list to home, a survey to the list.
  const inSurveys = pathname.startsWith('/m/surveys');
  const up = pathname === '/m/surveys' ? '/m' : '/m/surveys';
  return (
    <MobileFrame>
      <NavBar back={inSurveys ? '' : null} onBack={() => navigate(up)} right={<DemoBadge />} className="linli-m-nav">
        {inSurveys ? t('mySurveys.title') : current.title}
      </NavBar>
      <main className="linli-m-body">
        <Routes>
          <Route index element={<MyHomePage />} />
          <Route path="profile" element={<MyProfilePage />} />
          <Route path="surveys" element={<MySurveysPage />} />
          <Route path="surveys/:id" element={<AnswerSurveyPage />} />
          <Route path="*" element={<MyHomePage />} />
        </Routes>
      </main>
      <div className="linli-m-tabs">
        <TabBar activeKey={current.key} onChange={(key) => navigate(key)}>
          {tabs.map((tab) => (
            <TabBar.Item key={tab.key} icon={tab.icon} title={tab.title} />
          ))}
        </TabBar>
        <SafeArea position="bottom" />
      </div>
    </MobileFrame>
  );
}
