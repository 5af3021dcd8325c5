import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, type MenuProps } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { hasPermission, useCurrentUser, useLogout } from '../api/auth.ts';
import { DemoBadge } from '../components/DemoBadge.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { PageSpin } from '../components/PageSpin.tsx';
import { NotificationBell } from './notifications/NotificationBell.tsx';
import { consolePages } from './pages.tsx';

type MenuItem = NonNullable<MenuProps['items']>[number];

function useMenuItems(): MenuItem[] {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const items: MenuItem[] = [];
  const groups = new Map<string, MenuItem[]>();
  for (const page of consolePages) {
    if (page.hidden || (page.permission && !hasPermission(me, page.permission))) continue;
    const item = { key: page.path, icon: page.icon, label: t(`nav.${page.nav}`) };
    if (!page.group) {
      items.push(item);
      continue;
    }
    // A group sits where its first page is, and fills up as the loop goes on.
    let children = groups.get(page.group);
    if (!children) {
      children = [];
      groups.set(page.group, children);
      items.push({ key: page.group, type: 'group', label: t(`nav.${page.group}`), children });
    }
    children.push(item);
  }
  return items;
}

function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const navigate = useNavigate();
  const location = useLocation();
  return (
    <Menu
      mode="inline"
      selectedKeys={[location.pathname]}
      items={useMenuItems()}
      onClick={({ key }) => {
        navigate(key);
        onNavigate?.();
      }}
      style={{ borderInlineEnd: 0 }}
    />
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const logout = useLogout();
  const items: MenuProps['items'] = [
    { key: 'account', icon: <UserOutlined />, label: t('nav.account'), onClick: () => navigate('/account') },
    { key: 'logout', icon: <LogoutOutlined />, label: t('common.logout'), onClick: () => logout.mutate() },
  ];
  return (
    <Dropdown menu={{ items }} trigger={['click']}>
      <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
        <span className="linli-user-name">{me.displayName}</span>
      </Button>
    </Dropdown>
  );
}

/** The staff console: side menu on desktop, a drawer menu on phones; the page fills the rest. */
export function ConsoleLayout() {
  const { t } = useTranslation();
  const wide = Grid.useBreakpoint().lg ?? true;
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <Layout style={{ minHeight: '100dvh' }}>
      {wide && (
        <Layout.Sider theme="light" width={200} style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
          <div className="linli-header linli-brand">{t('app.fullName')}</div>
          <NavMenu />
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="linli-header">
          {!wide && <Button type="text" icon={<MenuOutlined />} aria-label={t('app.menu')} onClick={() => setMenuOpen(true)} />}
          {!wide && <span className="linli-brand">{t('app.name')}</span>}
          <div style={{ flex: 1 }} />
          <DemoBadge />
          <NotificationBell />
          <LanguageSwitch />
          <UserMenu />
        </Layout.Header>
        <Layout.Content>
          <Suspense fallback={<PageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      {!wide && (
        <Drawer placement="left" size={240} open={menuOpen} onClose={() => setMenuOpen(false)} title={t('app.fullName')} styles={{ body: { padding: 0 } }}>
          <NavMenu onNavigate={() => setMenuOpen(false)} />
        </Drawer>
      )}
    </Layout>
  );
}
