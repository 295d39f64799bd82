import { Suspense, useState } from 'react';
import { Button, Drawer, Grid, Layout, Space, Spin, Typography } from 'antd';
import { MenuOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router-dom';
import { NavMenu } from './nav-menu';
import { LanguageSwitch } from './language-switch';
import { NotificationBell } from '../../features/plans/notification-bell';
import { UserMenu } from './user-menu';

const { Header, Sider, Content } = Layout;

function Brand() {
  const { t } = useTranslation();
  return (
    <Link to="/" data-testid="app-name" style={{ color: '#fff', display: 'inline-flex', gap: 8, alignItems: 'center' }}>
      <SafetyCertificateOutlined style={{ fontSize: 20 }} />
      <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
        {t('app.name')}
      </Typography.Text>
    </Link>
  );
}

/** Signed-in frame: Sider menu on wide screens, a Drawer behind a button on narrow ones (phones at 390 px). */
export function AppLayout() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  // Until the breakpoint is known, treat the screen as wide (avoids a flash of the mobile header).
  const isNarrow = screens.lg === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: 8,
          paddingInline: isNarrow ? 12 : 24,
          color: '#fff',
        }}
      >
        <Space size="small">
          {isNarrow && (
            <Button
              type="text"
              aria-label={t('nav.menu')}
              data-testid="nav-drawer-button"
              icon={<MenuOutlined style={{ color: '#fff' }} />}
              onClick={() => setDrawerOpen(true)}
            />
          )}
          <Brand />
        </Space>
        <Space size="small">
          <NotificationBell />
          <LanguageSwitch />
          <UserMenu />
        </Space>
      </Header>
      <Layout>
        {!isNarrow && (
          <Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={240} data-testid="nav-sider">
            <NavMenu />
          </Sider>
        )}
        {isNarrow && (
          <Drawer
            placement="left"
            size={280}
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            title={t('app.name')}
            data-testid="nav-drawer"
            styles={{ body: { padding: 0, background: '#001529' } }}
          >
            <NavMenu onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        )}
        <Content style={{ padding: isNarrow ? 12 : 24, minWidth: 0 }}>
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
