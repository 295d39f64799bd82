import { lazy, type ReactNode } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router-dom';
import { AppLayout } from './shell/app-layout';
import { RequireAuth, RequirePermission } from './shell/guards';
import { NAV, type NavItem } from './shell/nav';
import { LoginPage } from '../features/auth/login-page';
import { HomePage } from '../features/home/home-page';
import { NotFoundPage } from '../features/errors/not-found-page';
import { ComingSoonPage } from '../features/errors/coming-soon-page';

// Screens behind the menu load on demand, keeping the first paint (login) small.
const AccountPage = lazy(() => import('../features/account/account-page').then((m) => ({ default: m.AccountPage })));
const UsersPage = lazy(() => import('../features/admin-users/users-page').then((m) => ({ default: m.UsersPage })));
const AuditPage = lazy(() => import('../features/admin-audit/audit-page').then((m) => ({ default: m.AuditPage })));
const AreasPage = lazy(() => import('../features/areas/areas-page').then((m) => ({ default: m.AreasPage })));
const AreaDetailPage = lazy(() => import('../features/areas/area-detail').then((m) => ({ default: m.AreaDetailPage })));
const IncidentListPage = lazy(() =>
  import('../features/incidents/incident-list-page').then((m) => ({ default: m.IncidentListPage })),
);
const IncidentNewPage = lazy(() => import('../features/incidents/incident-new-page').then((m) => ({ default: m.IncidentNewPage })));
const IncidentDetailPage = lazy(() =>
  import('../features/incidents/incident-detail-page').then((m) => ({ default: m.IncidentDetailPage })),
);
const ImportPage = lazy(() => import('../features/imports/import-page').then((m) => ({ default: m.ImportPage })));
const UnitsPage = lazy(() => import('../features/units/units-page').then((m) => ({ default: m.UnitsPage })));
const EventsPage = lazy(() => import('../features/events/events-page').then((m) => ({ default: m.EventsPage })));
const EventNewPage = lazy(() => import('../features/events/event-new-page').then((m) => ({ default: m.EventNewPage })));
const EventDetailPage = lazy(() =>
  import('../features/events/event-detail-page').then((m) => ({ default: m.EventDetailPage })),
);
const PlansPage = lazy(() => import('../features/plans/plans-page').then((m) => ({ default: m.PlansPage })));
const StatsPage = lazy(() => import('../features/stats/stats-page').then((m) => ({ default: m.StatsPage })));

const SCREENS: Record<string, ReactNode> = {
  '/admin/users': <UsersPage />,
  '/admin/audit': <AuditPage />,
  '/incidents': <IncidentListPage />,
  '/incidents/import': <ImportPage />,
  '/areas': <AreasPage />,
  '/units': <UnitsPage />,
  '/plans': <PlansPage />,
  '/events': <EventsPage />,
  '/statistics': <StatsPage />,
};

/** One route per navigation leaf, guarded by the same permission that hides its menu item. */
function navRoutes(items: NavItem[]): RouteObject[] {
  return items.flatMap((item): RouteObject[] => {
    if (item.children) return navRoutes(item.children);
    if (item.path === '/') return [];
    const screen = item.comingSoon ? <ComingSoonPage module={item.label} /> : SCREENS[item.path];
    if (!screen) return [];
    const element = item.permission ? <RequirePermission permission={item.permission}>{screen}</RequirePermission> : screen;
    return [{ path: item.path.slice(1), element }];
  });
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <HomePage /> },
      { path: 'account', element: <AccountPage /> },
      {
        path: 'areas/:code',
        element: (
          <RequirePermission permission="areas.read">
            <AreaDetailPage />
          </RequirePermission>
        ),
      },
      {
        path: 'incidents/new',
        element: (
          <RequirePermission permission="incidents.write">
            <IncidentNewPage />
          </RequirePermission>
        ),
      },
      {
        path: 'incidents/:id',
        element: (
          <RequirePermission permission="incidents.read">
            <IncidentDetailPage />
          </RequirePermission>
        ),
      },
      {
        path: 'events/new',
        element: (
          <RequirePermission permission="events.write">
            <EventNewPage />
          </RequirePermission>
        ),
      },
      {
        path: 'events/:id',
        element: (
          <RequirePermission permission="events.read">
            <EventDetailPage />
          </RequirePermission>
        ),
      },
      ...navRoutes(NAV),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
