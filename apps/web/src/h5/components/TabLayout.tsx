import { SafeArea, TabBar } from 'antd-mobile';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { t } from '../../shared/i18n.ts';
import { useTitle } from '../hooks/useTitle.ts';
import { useSession } from '../session.tsx';
import { HomeIcon, UserIcon } from './icons.tsx';

/** The two main tabs (首页 / 我的) with the tab bar at the bottom, above the phone's home indicator. */
export function TabLayout() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const active = pathname.startsWith('/me') ? '/me' : '/';
  useTitle(useSession().me?.currentAlliance?.name ?? t('app.name'));
  return (
    <div className="tx-app">
      <div className="tx-body">
        <Outlet />
      </div>
      <div className="tx-tabbar">
        <TabBar activeKey={active} onChange={(key) => navigate(key)} safeArea={false}>
          <TabBar.Item key="/" icon={<HomeIcon />} title={t('h5.tab.home')} />
          <TabBar.Item key="/me" icon={<UserIcon />} title={t('h5.tab.me')} />
        </TabBar>
        <SafeArea position="bottom" />
      </div>
    </div>
  );
}
