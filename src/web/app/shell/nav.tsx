import type { ReactNode } from 'react';
import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  ClusterOutlined,
  EnvironmentOutlined,
  FileTextOutlined,
  HomeOutlined,
  ImportOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { TPermission } from '../../../domain/access/roles';

export type TNavLabel =
  | 'home'
  | 'incidents'
  | 'importData'
  | 'statistics'
  | 'areas'
  | 'areaList'
  | 'units'
  | 'events'
  | 'plans'
  | 'prevention'
  | 'reports'
  | 'admin'
  | 'users'
  | 'audit';

export interface NavItem {
  path: string;
  label: TNavLabel;
  icon: ReactNode;
  /** Hidden from the menu, and a 403 if visited, without this permission. */
  permission?: TPermission;
  /** Capabilities not built yet route to the "coming soon" page. */
  comingSoon?: boolean;
  children?: NavItem[];
}

export const NAV: NavItem[] = [
  { path: '/', label: 'home', icon: <HomeOutlined /> },
  { path: '/incidents', label: 'incidents', icon: <AlertOutlined />, permission: 'incidents.read' },
  { path: '/incidents/import', label: 'importData', icon: <ImportOutlined />, permission: 'incidents.write' },
  { path: '/statistics', label: 'statistics', icon: <BarChartOutlined />, permission: 'stats.read' },
  {
    // A group: its path is only the menu key.
    path: '/areas-units',
    label: 'areas',
    icon: <ClusterOutlined />,
    children: [
      { path: '/areas', label: 'areaList', icon: <EnvironmentOutlined />, permission: 'areas.read' },
      { path: '/units', label: 'units', icon: <ApartmentOutlined />, permission: 'units.read' },
    ],
  },
  { path: '/events', label: 'events', icon: <CalendarOutlined />, permission: 'events.read' },
  { path: '/plans', label: 'plans', icon: <ScheduleOutlined />, permission: 'plans.read' },
  // Prevention (inspections, campaigns) has no permission of its own yet; it follows plans.
  { path: '/prevention', label: 'prevention', icon: <SafetyOutlined />, permission: 'plans.read', comingSoon: true },
  { path: '/reports', label: 'reports', icon: <FileTextOutlined />, permission: 'reports.read', comingSoon: true },
  {
    path: '/admin',
    label: 'admin',
    icon: <SettingOutlined />,
    children: [
      { path: '/admin/users', label: 'users', icon: <TeamOutlined />, permission: 'users.read' },
      { path: '/admin/audit', label: 'audit', icon: <AuditOutlined />, permission: 'audit.read' },
    ],
  },
];

/** The navigation the user may see: items lacking a permission go, and so do groups left empty. */
export function visibleNav(items: NavItem[], can: (p: TPermission) => boolean): NavItem[] {
  const out: NavItem[] = [];
  for (const item of items) {
    if (item.permission && !can(item.permission)) continue;
    if (item.children) {
      const children = visibleNav(item.children, can);
      if (children.length > 0) out.push({ ...item, children });
    } else {
      out.push(item);
    }
  }
  return out;
}

/** The menu key to highlight for a location: the deepest nav path that prefixes it ('' for none). */
export function selectedNavPath(pathname: string): string {
  let best = pathname === '/' ? '/' : '';
  const walk = (items: NavItem[]) => {
    for (const item of items) {
      if (item.children) walk(item.children);
      else if (item.path !== '/' && (pathname === item.path || pathname.startsWith(`${item.path}/`))) {
        if (item.path.length > best.length) best = item.path;
      }
    }
  };
  walk(NAV);
  return best;
}

/** The group holding a nav path, for opening it in the menu ('' when top-level). */
export function navGroupOf(path: string, items: NavItem[] = NAV): string {
  for (const item of items) {
    if (item.children?.some((c) => c.path === path)) return item.path;
  }
  return '';
}
