import {
  ApartmentOutlined,
  AuditOutlined,
  EnvironmentOutlined,
  FormOutlined,
  HomeOutlined,
  PieChartOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  TeamOutlined,
  UploadOutlined,
  UsergroupAddOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { lazy } from 'react';
import type { Permission } from '../api/types.ts';
import { AccountPage } from './account/AccountPage.tsx';
import { AuditPage } from './audit/AuditPage.tsx';
import { ClaimsPage } from './claims/ClaimsPage.tsx';
import { ImportPage } from './imports/ImportPage.tsx';
import { ProfilePage } from './profile/ProfilePage.tsx';
import { BuildingsPage } from './registry/BuildingsPage.tsx';
import { FacilitiesPage } from './registry/FacilitiesPage.tsx';
import { HouseholdsPage } from './registry/HouseholdsPage.tsx';
import { ResidentsPage } from './registry/ResidentsPage.tsx';
import { UsersPage } from './users/UsersPage.tsx';
import { SurveysPage } from './surveys/SurveysPage.tsx';
import { ControlOutlined, FileSearchOutlined } from '@ant-design/icons';
import { CheckupPage } from './checkup/CheckupPage.tsx';
import { StandardsPage } from './standards/StandardsPage.tsx';
import { ToolOutlined } from '@ant-design/icons';
import { ProjectsPage } from './projects/ProjectsPage.tsx';
import { ApiOutlined } from '@ant-design/icons';
import { WebhooksPage } from './webhooks/WebhooksPage.tsx';
import { AlertOutlined, BarChartOutlined } from '@ant-design/icons';
import { MobileOutlined } from '@ant-design/icons';
import { Navigate } from 'react-router-dom';
import { SettingOutlined } from '@ant-design/icons';
import { TicketSettingsPage } from './ticketSettings/TicketSettingsPage.tsx';
import { BellOutlined, HeartOutlined, SlidersOutlined, WifiOutlined } from '@ant-design/icons';

// MapLibre and ECharts are large: the pages drawing maps or charts load only when opened.
const MapPage = lazy(() => import('./map/MapPage.tsx'));
const CheckupReportPage = lazy(() => import('./checkup/ReportPage.tsx'));
const TicketsPage = lazy(() => import('./tickets/TicketsPage.tsx'));
const TicketsDashboardPage = lazy(() => import('./tickets/DashboardPage.tsx'));
const AlarmsPage = lazy(() => import('./devices/AlarmsPage.tsx'));
const DevicesPage = lazy(() => import('./devices/DevicesPage.tsx'));
const CarePage = lazy(() => import('./devices/CarePage.tsx'));
const RulesPage = lazy(() => import('./devices/RulesPage.tsx'));

type NavKey =
  | 'map' | 'buildings' | 'households' | 'residents' | 'facilities' | 'claims' | 'imports' | 'profile' | 'users' | 'audit' | 'account'
  | 'checkup' | 'projects' | 'surveys' | 'standards' | 'webhooks'
  | 'tickets' | 'ticketsDashboard' | 'phoneTasks' | 'ticketSettings'
  | 'alarms' | 'devices' | 'care' | 'deviceRules';

interface ConsolePage {
  path: string;
  nav: NavKey;
  icon: React.ReactNode;
  /** Shown in the menu and reachable only with this permission; none means every staff user. */
  permission?: Permission;
  /** Pages of one group share a submenu. */
  group?: 'registry' | 'checkupGroup' | 'ticketsGroup' | 'devicesGroup';
  element: React.ReactNode;
  /** Reached by a link from another page (a report), not from the menu. */
  hidden?: true;
}

/** The console's pages: the one list the router and the side menu are both built from. */
export const consolePages: ConsolePage[] = [
  { path: '/', nav: 'map', icon: <EnvironmentOutlined />, permission: 'places.read', element: <MapPage /> },
  { path: '/buildings', nav: 'buildings', group: 'registry', icon: <ApartmentOutlined />, permission: 'places.read', element: <BuildingsPage /> },
  { path: '/households', nav: 'households', group: 'registry', icon: <HomeOutlined />, permission: 'people.read', element: <HouseholdsPage /> },
  { path: '/residents', nav: 'residents', group: 'registry', icon: <TeamOutlined />, permission: 'people.read', element: <ResidentsPage /> },
  { path: '/facilities', nav: 'facilities', group: 'registry', icon: <ShopOutlined />, permission: 'places.read', element: <FacilitiesPage /> },
  { path: '/claims', nav: 'claims', icon: <SafetyCertificateOutlined />, permission: 'residents.verify', element: <ClaimsPage /> },
  { path: '/imports', nav: 'imports', icon: <UploadOutlined />, permission: 'imports.run', element: <ImportPage /> },
  { path: '/profile', nav: 'profile', icon: <PieChartOutlined />, permission: 'aggregates.read', element: <ProfilePage /> },
  { path: '/checkup', nav: 'checkup', group: 'checkupGroup', icon: <FileSearchOutlined />, permission: 'checkup.read', element: <CheckupPage /> },
  { path: '/checkup/:id/report', nav: 'checkup', hidden: true, icon: <FileSearchOutlined />, permission: 'checkup.read', element: <CheckupReportPage /> },
  { path: '/projects', nav: 'projects', group: 'checkupGroup', icon: <ToolOutlined />, permission: 'checkup.read', element: <ProjectsPage /> },
  { path: '/surveys', nav: 'surveys', group: 'checkupGroup', icon: <FormOutlined />, permission: 'surveys.manage', element: <SurveysPage /> },
  { path: '/standards', nav: 'standards', group: 'checkupGroup', icon: <ControlOutlined />, permission: 'checkup.read', element: <StandardsPage /> },
  // No permission here: tickets.read, or tickets.handle for department officers, who see their department's; the page checks.
  { path: '/tickets', nav: 'tickets', group: 'ticketsGroup', icon: <AlertOutlined />, element: <TicketsPage /> },
  { path: '/tickets/:id', nav: 'tickets', hidden: true, icon: <AlertOutlined />, element: <TicketsPage /> },
  { path: '/tickets/dashboard', nav: 'ticketsDashboard', group: 'ticketsGroup', icon: <BarChartOutlined />, permission: 'tickets.read', element: <TicketsDashboardPage /> },
  // The handler's queue is a phone page (我的任务): the menu leads out of the console to it.
  { path: '/tasks', nav: 'phoneTasks', group: 'ticketsGroup', icon: <MobileOutlined />, permission: 'tickets.handle', element: <Navigate to="/m/tasks" replace /> },
  // Global settings need tickets.manage (the page says so and shows them read-only); dispatchers set their community's ladder.
  { path: '/tickets/settings', nav: 'ticketSettings', group: 'ticketsGroup', icon: <SettingOutlined />, permission: 'tickets.dispatch', element: <TicketSettingsPage /> },
  { path: '/alarms', nav: 'alarms', group: 'devicesGroup', icon: <BellOutlined />, permission: 'devices.read', element: <AlarmsPage /> },
  { path: '/alarms/:id', nav: 'alarms', hidden: true, icon: <BellOutlined />, permission: 'devices.read', element: <AlarmsPage /> },
  { path: '/devices', nav: 'devices', group: 'devicesGroup', icon: <WifiOutlined />, permission: 'devices.read', element: <DevicesPage /> },
  { path: '/devices/:id', nav: 'devices', hidden: true, icon: <WifiOutlined />, permission: 'devices.read', element: <DevicesPage /> },
  { path: '/care', nav: 'care', group: 'devicesGroup', icon: <HeartOutlined />, permission: 'devices.read', element: <CarePage /> },
  { path: '/device-rules', nav: 'deviceRules', group: 'devicesGroup', icon: <SlidersOutlined />, permission: 'devices.read', element: <RulesPage /> },
  { path: '/users', nav: 'users', icon: <UsergroupAddOutlined />, permission: 'users.manage', element: <UsersPage /> },
  { path: '/webhooks', nav: 'webhooks', icon: <ApiOutlined />, permission: 'tickets.manage', element: <WebhooksPage /> },
  { path: '/audit', nav: 'audit', icon: <AuditOutlined />, permission: 'audit.read', element: <AuditPage /> },
  { path: '/account', nav: 'account', icon: <UserOutlined />, element: <AccountPage /> },
];
