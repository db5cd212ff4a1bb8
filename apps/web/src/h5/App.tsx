import { ConfigProvider } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { currentLocale } from '../shared/i18n.ts';
import { Loading } from './components/Loading.tsx';
import { RequireAuth } from './components/RequireAuth.tsx';
import { TabLayout } from './components/TabLayout.tsx';
import { HomePage } from './pages/Home.tsx';
import { LoginPage } from './pages/Login.tsx';
import { SessionProvider } from './session.tsx';

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
                <Route path="grids" element={<GridsPage />} />
                <Route path="grids/:id" element={<GridsPage />} />
                <Route path="people" element={<PeoplePage />} />
                <Route path="units" element={<UnitsPage />} />
                <Route path="units/:id" element={<UnitDetailPage />} />
                <Route path="me/password" element={<PasswordPage />} />
                <Route path="tickets/mine" element={<MyTicketsPage />} />
                <Route path="tickets/work" element={<WorkListPage />} />
                <Route path="tickets/queue" element={<CommitteeQueuePage />} />
                <Route path="rates" element={<RatesPage />} />
                <Route path="tickets/:id" element={<TicketDetailPage />} />
                <Route path="inbox" element={<InboxPage />} />
                <Route path="projects/service" element={<ServiceProjectsPage />} />
                <Route path="resources" element={<ResourcesPage />} />
                <Route path="meetings" element={<MeetingsPage />} />
                <Route path="meetings/:id" element={<MeetingDetailPage />} />
                <Route path="merchants/inspect" element={<InspectPage />} />
                <Route path="merchants/feedback" element={<FeedbackPage />} />
                <Route path="merchants/mine" element={<MyMerchantsPage />} />
                <Route path="merchants/:id" element={<MerchantRecordPage />} />
              </Route>
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
          </Suspense>
        </BrowserRouter>
      </SessionProvider>
    </ConfigProvider>
  );
}
