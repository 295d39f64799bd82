import { Menu, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth';
import { NAV, navGroupOf, selectedNavPath, visibleNav, type NavItem } from './nav';

type MenuItem = Required<MenuProps>['items'][number];

/** The side navigation, gated by the user's permissions; used in the Sider and in the mobile Drawer. */
export function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();

  const toItem = (item: NavItem): MenuItem =>
    item.children
      ? { key: item.path, icon: item.icon, label: t(`nav.${item.label}`), children: item.children.map(toItem) }
      : { key: item.path, icon: item.icon, label: t(`nav.${item.label}`), 'data-testid': `nav-${item.label}` };

  const selected = selectedNavPath(pathname);
  const group = navGroupOf(selected);
  return (
    <Menu
      mode="inline"
      theme="dark"
      data-testid="nav-menu"
      items={visibleNav(NAV, can).map(toItem)}
      selectedKeys={[selected]}
      defaultOpenKeys={group ? [group] : []}
      onClick={({ key }) => {
        navigate(key);
        onNavigate?.();
      }}
    />
  );
}
