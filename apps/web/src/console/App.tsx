import { Button, Result, Spin } from 'antd';
import { Suspense, lazy } from 'react';
import { Route, Routes, useNavigate } from 'react-router';
import { t } from '../shared/i18n.ts';
import { LoginPage } from './auth/LoginPage.tsx';
import { Guard, RequireAuth } from './auth/RequireAuth.tsx';
import { useMe } from './auth/session.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
import { hasAllianceScope } from './layout/menu.tsx';

// pages load on first visit, so the first screen (login) stays small
const AlliancesPage = lazy(() => import('./pages/AlliancesPage.tsx').then((m) => ({ default: m.AlliancesPage })));
const ApiKeysPage = lazy(() => import('./pages/ApiKeysPage.tsx').then((m) => ({ default: m.ApiKeysPage })));
const Open311Page = lazy(() => import('./pages/open311/Open311Page.tsx').then((m) => ({ default: m.Open311Page })));
const CityOverviewPage = lazy(() => import('./pages/city/CityOverviewPage.tsx').then((m) => ({ default: m.CityOverviewPage })));
const AuditPage = lazy(() => import('./pages/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));
const DashboardPage = lazy(() => import('./pages/DashboardPage.tsx').then((m) => ({ default: m.DashboardPage })));
const GridsPage = lazy(() => import('./pages/GridsPage.tsx').then((m) => ({ default: m.GridsPage })));
const OrgsPage = lazy(() => import('./pages/OrgsPage.tsx').then((m) => ({ default: m.OrgsPage })));
const PeoplePage = lazy(() => import('./pages/PeoplePage.tsx').then((m) => ({ default: m.PeoplePage })));
const RolesPage = lazy(() => import('./pages/RolesPage.tsx').then((m) => ({ default: m.RolesPage })));
const UnitsPage = lazy(() => import('./pages/UnitsPage.tsx').then((m) => ({ default: m.UnitsPage })));
const UsersPage = lazy(() => import('./pages/UsersPage.tsx').then((m) => ({ default: m.UsersPage })));
const TicketsPage = lazy(() => import('./pages/tickets/TicketsPage.tsx').then((m) => ({ default: m.TicketsPage })));
const CategoriesPage = lazy(() => import('./pages/tickets/CategoriesPage.tsx').then((m) => ({ default: m.CategoriesPage })));
const CalendarPage = lazy(() => import('./pages/tickets/CalendarPage.tsx').then((m) => ({ default: m.CalendarPage })));
const InboxPage = lazy(() => import('./pages/notifications/InboxPage.tsx').then((m) => ({ default: m.InboxPage })));
const WebhooksPage = lazy(() => import('./pages/notifications/WebhooksPage.tsx').then((m) => ({ default: m.WebhooksPage })));
const StatsPage = lazy(() => import('./pages/tickets/StatsPage.tsx').then((m) => ({ default: m.StatsPage })));
const AgendaPage = lazy(() => import('./pages/tickets/AgendaPage.tsx').then((m) => ({ default: m.AgendaPage })));
const ResourcesPage = lazy(() => import('./pages/resources/ResourcesPage.tsx').then((m) => ({ default: m.ResourcesPage })));
const ScreenPage = lazy(() => import('./pages/screen/ScreenPage.tsx').then((m) => ({ default: m.ScreenPage })));
const DisplayPage = lazy(() => import('./pages/screen/DisplayPage.tsx').then((m) => ({ default: m.DisplayPage })));
const ScreenLinksPage = lazy(() => import('./pages/screen/ScreenLinksPage.tsx').then((m) => ({ default: m.ScreenLinksPage })));
const MeetingsPage = lazy(() => import('./pages/meetings/MeetingsPage.tsx').then((m) => ({ default: m.MeetingsPage })));
const ProjectsPage = lazy(() => import('./pages/projects/ProjectsPage.tsx').then((m) => ({ default: m.ProjectsPage })));
const MerchantsPage = lazy(() => import('./pages/merchants/MerchantsPage.tsx').then((m) => ({ default: m.MerchantsPage })));
const CreditSettingsPage = lazy(() => import('./pages/credit/CreditSettingsPage.tsx').then((m) => ({ default: m.CreditSettingsPage })));
const RoundsPage = lazy(() => import('./pages/credit/RoundsPage.tsx').then((m) => ({ default: m.RoundsPage })));
const ObjectionsPage = lazy(() => import('./pages/credit/ObjectionsPage.tsx').then((m) => ({ default: m.ObjectionsPage })));

function NotFound() {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('console.notFound')}
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('console.backHome')}
        </Button>
      }
    />
  );
}

function AlliancesRoute() {
  const me = useMe();
  return (
    <Guard allow={me.user.isCityAdmin} perm="alliance:read">
      <AlliancesPage />
    </Guard>
  );
}

function CityRoute() {
  const me = useMe();
  // the server answers the city overview to city administrators only, whatever their permissions in an alliance
  return (
    <Guard allow={me.user.isCityAdmin}>
      <CityOverviewPage />
    </Guard>
  );
}

function CalendarRoute() {
  const me = useMe();
  return (
    <Guard allow={me.user.isCityAdmin || me.permissions.includes('calendar:write')} perm="ticket:read">
      <CalendarPage />
    </Guard>
  );
}

function ScreenLinksRoute() {
  const me = useMe();
  // the server's rule (docs/TICKETS.md 大屏投屏链接): the alliance's settings, its figures, the whole alliance
  return (
    <Guard allow={me.permissions.includes('alliance:write') && me.permissions.includes('stats:read') && hasAllianceScope(me)}>
      <ScreenLinksPage />
    </Guard>
  );
}

function RoundsRoute() {
  const me = useMe();
  // a decider with a grid, org or unit scope works objections and verdicts of its shops; rounds are the committee's
  return (
    <Guard allow={me.permissions.includes('credit:decide') && hasAllianceScope(me)}>
      <RoundsPage />
    </Guard>
  );
}

/** Routes of the console; every page but /login needs a session, and the permission of its menu entry (menu.tsx). */
export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      {/* a display link's wall screen: no session, the link's token in the fragment */}
      <Route
        path="/screen/display"
        element={
          <Suspense fallback={<Spin size="large" style={{ display: 'block', marginTop: '30vh' }} />}>
            <DisplayPage />
          </Suspense>
        }
      />
      {/* the wall screen fills the window, without the console's menu and header */}
      <Route
        path="/screen"
        element={
          <RequireAuth>
            <Guard perm="stats:read">
              <Suspense fallback={<Spin size="large" style={{ display: 'block', marginTop: '30vh' }} />}>
                <ScreenPage />
              </Suspense>
            </Guard>
          </RequireAuth>
        }
      />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<DashboardPage />} />
        <Route path="city" element={<CityRoute />} />
        <Route path="alliances" element={<AlliancesRoute />} />
        <Route
          path="tickets"
          element={
            <Guard perm="ticket:read">
              <TicketsPage />
            </Guard>
          }
        />
        <Route
          path="categories"
          element={
            <Guard perm="ticket:read">
              <CategoriesPage />
            </Guard>
          }
        />
        <Route
          path="agenda"
          element={
            <Guard perm="ticket:read">
              <AgendaPage />
            </Guard>
          }
        />
        <Route
          path="meetings"
          element={
            <Guard perm="meeting:read">
              <MeetingsPage />
            </Guard>
          }
        />
        <Route
          path="stats"
          element={
            <Guard perm="stats:read">
              <StatsPage />
            </Guard>
          }
        />
        <Route path="screen-links" element={<ScreenLinksRoute />} />
        <Route path="calendar" element={<CalendarRoute />} />
        <Route path="inbox" element={<InboxPage />} />
        <Route
          path="webhooks"
          element={
            <Guard perm="notification:manage">
              <WebhooksPage />
            </Guard>
          }
        />
        <Route
          path="resources"
          element={
            <Guard perm="resource:read">
              <ResourcesPage />
            </Guard>
          }
        />
        <Route
          path="projects"
          element={
            <Guard perm="resource:read">
              <ProjectsPage />
            </Guard>
          }
        />
        <Route
          path="merchants"
          element={
            <Guard perm="merchant:read">
              <MerchantsPage />
            </Guard>
          }
        />
        <Route
          path="credit/settings"
          element={
            <Guard perm="credit:decide">
              <CreditSettingsPage />
            </Guard>
          }
        />
        <Route path="credit/rounds" element={<RoundsRoute />} />
        <Route
          path="credit/objections"
          element={
            <Guard perm="credit:decide">
              <ObjectionsPage />
            </Guard>
          }
        />
        <Route
          path="orgs"
          element={
            <Guard perm="org:read">
              <OrgsPage />
            </Guard>
          }
        />
        <Route
          path="units"
          element={
            <Guard perm="unit:read">
              <UnitsPage />
            </Guard>
          }
        />
        <Route
          path="people"
          element={
            <Guard perm="person:read">
              <PeoplePage />
            </Guard>
          }
        />
        <Route
          path="grids"
          element={
            <Guard perm="grid:read">
              <GridsPage />
            </Guard>
          }
        />
        <Route
          path="users"
          element={
            <Guard perm="user:read">
              <UsersPage />
            </Guard>
          }
        />
        <Route
          path="roles"
          element={
            <Guard perm="role:read">
              <RolesPage />
            </Guard>
          }
        />
        <Route
          path="api-keys"
          element={
            <Guard perm="apikey:manage">
              <ApiKeysPage />
            </Guard>
          }
        />
        <Route
          path="open311"
          element={
            <Guard perm="apikey:manage">
              <Open311Page />
            </Guard>
          }
        />
        <Route
          path="audit"
          element={
            <Guard perm="audit:read">
              <AuditPage />
            </Guard>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
