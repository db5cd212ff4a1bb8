import { Button, Result } from 'antd';
import { Route, Routes, useNavigate } from 'react-router';
import { t } from '../shared/i18n.ts';
import { LoginPage } from './auth/LoginPage.tsx';
import { Guard, RequireAuth } from './auth/RequireAuth.tsx';
import { useMe } from './auth/session.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
import { AlliancesPage } from './pages/AlliancesPage.tsx';
import { ApiKeysPage } from './pages/ApiKeysPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { GridsPage } from './pages/GridsPage.tsx';
import { OrgsPage } from './pages/OrgsPage.tsx';
import { PeoplePage } from './pages/PeoplePage.tsx';
import { RolesPage } from './pages/RolesPage.tsx';
import { UnitsPage } from './pages/UnitsPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';

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

/** Routes of the console; every page but /login needs a session, and its permission. */
export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<DashboardPage />} />
        <Route path="alliances" element={<AlliancesRoute />} />
        <Route path="orgs" element={<Guard perm="org:read"><OrgsPage /></Guard>} />
        <Route path="units" element={<Guard perm="unit:read"><UnitsPage /></Guard>} />
        <Route path="people" element={<Guard perm="person:read"><PeoplePage /></Guard>} />
        <Route path="grids" element={<Guard perm="grid:read"><GridsPage /></Guard>} />
        <Route path="users" element={<Guard perm="user:read"><UsersPage /></Guard>} />
        <Route path="roles" element={<Guard perm="role:read"><RolesPage /></Guard>} />
        <Route path="api-keys" element={<Guard perm="apikey:manage"><ApiKeysPage /></Guard>} />
        <Route path="audit" element={<Guard perm="audit:read"><AuditPage /></Guard>} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
