import { ConfigProvider } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { currentLocale } from '../shared/i18n.ts';
import { Loading } from './components/Loading.tsx';
import { RequireAuth } from './components/RequireAuth.tsx';
import { RequireTile } from './components/RequireTile.tsx';
import { TabLayout } from './components/TabLayout.tsx';
import { HomePage } from './pages/Home.tsx';
import { LoginPage } from './pages/Login.tsx';
import { SessionProvider } from './session.tsx';
import type { Screen } from './tiles.ts';

// second-level pages load on demand so the first screen stays small
const MePage = lazy(() => import('./pages/Me.tsx'));
const GridsPage = lazy(() => import('./pages/Grids.tsx'));
const PeoplePage = lazy(() => import('./pages/People.tsx'));
const UnitsPage = lazy(() => import('./pages/Units.tsx'));
const UnitDetailPage = lazy(() => import('./pages/UnitDetail.tsx'));
const PasswordPage = lazy(() => import('./pages/ChangePassword.tsx'));
const ReportPage = lazy(() => import('./pages/tickets/ReportPage.tsx'));
const MyTicketsPage = lazy(() => import('./pages/tickets/MyTickets.tsx'));
const WorkListPage = lazy(() => import('./pages/tickets/WorkList.tsx'));
const CommitteeQueuePage = lazy(() => import('./pages/tickets/CommitteeQueue.tsx'));
const RatesPage = lazy(() => import('./pages/stats/Rates.tsx'));
const CityPage = lazy(() => import('./pages/stats/City.tsx'));
const TicketDetailPage = lazy(() => import('./pages/tickets/TicketDetail.tsx'));
const InboxPage = lazy(() => import('./pages/inbox/Inbox.tsx'));
const ServiceProjectsPage = lazy(() => import('./pages/projects/ServiceProjects.tsx'));
const ResourcesPage = lazy(() => import('./pages/resources/Resources.tsx'));
const MeetingsPage = lazy(() => import('./pages/meetings/Meetings.tsx'));
const MeetingDetailPage = lazy(() => import('./pages/meetings/Meetings.tsx').then((m) => ({ default: m.MeetingDetailPage })));
const InspectPage = lazy(() => import('./pages/merchants/Inspect.tsx'));
const MerchantRecordPage = lazy(() => import('./pages/merchants/MerchantRecord.tsx'));
const FeedbackPage = lazy(() => import('./pages/merchants/Feedback.tsx'));
const MyMerchantsPage = lazy(() => import('./pages/merchants/MyMerchants.tsx'));

/** A screen behind a tile: its path is its key in SCREEN_TILES, so the guard and the home decide by the same rule. */
const screen = (path: Screen, page: ReactNode) => <Route key={path} path={path} element={<RequireTile screen={path}>{page}</RequireTile>} />;

export function App() {
  return (
    <ConfigProvider locale={currentLocale() === 'en-US' ? enUS : zhCN}>
      <SessionProvider>
        <BrowserRouter basename="/h5">
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              {/* the public report form: residents have no account (signed-in members use the same page) */}
              <Route path="/report" element={<ReportPage />} />
              <Route element={<RequireAuth />}>
                <Route element={<TabLayout />}>
                  <Route index element={<HomePage />} />
                  <Route path="me" element={<MePage />} />
                </Route>
                {screen('grids', <GridsPage />)}
                {screen('grids/:id', <GridsPage />)}
                {screen('people', <PeoplePage />)}
                {screen('units', <UnitsPage />)}
                {screen('units/:id', <UnitDetailPage />)}
                <Route path="me/password" element={<PasswordPage />} />
                {screen('tickets/mine', <MyTicketsPage />)}
                {screen('tickets/work', <WorkListPage />)}
                {screen('tickets/queue', <CommitteeQueuePage />)}
                {screen('rates', <RatesPage />)}
                {screen('city', <CityPage />)}
                <Route path="tickets/:id" element={<TicketDetailPage />} />
                <Route path="inbox" element={<InboxPage />} />
                {screen('projects/service', <ServiceProjectsPage />)}
                {screen('resources', <ResourcesPage />)}
                {screen('meetings', <MeetingsPage />)}
                {screen('meetings/:id', <MeetingDetailPage />)}
                {screen('merchants/inspect', <InspectPage />)}
                {screen('merchants/feedback', <FeedbackPage />)}
                {screen('merchants/mine', <MyMerchantsPage />)}
                {screen('merchants/:id', <MerchantRecordPage />)}
              </Route>
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
          </Suspense>
        </BrowserRouter>
      </SessionProvider>
    </ConfigProvider>
  );
}
