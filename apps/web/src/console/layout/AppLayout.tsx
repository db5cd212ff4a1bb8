import { GlobalOutlined, LockOutlined, LogoutOutlined } from '@ant-design/icons';
import { ProLayout } from '@ant-design/pro-components';
import { Dropdown, Space, Spin, Watermark } from 'antd';
import type { MenuProps } from 'antd';
import { Suspense, lazy, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { currentLocale, setLocale, t } from '../../shared/i18n.ts';
import { useMe, useSession } from '../auth/session.tsx';
import { InboxBell } from '../pages/notifications/InboxBell.tsx';
import { AllianceSwitcher } from './AllianceSwitcher.tsx';
import { menuRoutes } from './menu.tsx';

// ProForm's fields (and the antd pickers they bring) load when the dialog is first opened, not with every page
const ChangePasswordModal = lazy(() => import('./ChangePasswordModal.tsx').then((m) => ({ default: m.ChangePasswordModal })));

function Logo() {
  return <div className="tx-logo">同</div>;
}

/** The console frame: left menu by permission, header with the alliance switcher and the user menu, a watermark on every page. */
export function AppLayout() {
  const me = useMe();
  const { logout } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [pwOpen, setPwOpen] = useState(false);
  // mounted from its first opening on, so that closing animates
  const [pwLoaded, setPwLoaded] = useState(false);

  const userItems: MenuProps['items'] = [
    { key: 'password', icon: <LockOutlined />, label: t('console.user.changePassword') },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('common.logout') },
  ];
  const onUserMenu: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') {
      setPwLoaded(true);
      setPwOpen(true);
    }
    if (key === 'logout') void logout().then(() => navigate('/login', { replace: true }));
  };
  const langItems: MenuProps['items'] = [
    { key: 'zh-CN', label: '简体中文' },
    { key: 'en-US', label: 'English' },
  ];
  const onLang: MenuProps['onClick'] = ({ key }) => {
    if (key === currentLocale()) return;
    setLocale(key as 'zh-CN' | 'en-US');
    window.location.reload();
  };

  return (
    <ProLayout
      title={t('app.name')}
      logo={<Logo />}
      layout="mix"
      fixSiderbar
      fixedHeader
      siderWidth={216}
      route={{ path: '/', routes: menuRoutes(me) }}
      location={{ pathname: location.pathname }}
      menuItemRender={(item, dom) => (item.path ? <Link to={item.path}>{dom}</Link> : dom)}
      onMenuHeaderClick={() => void navigate('/')}
      token={{
        header: { colorBgHeader: '#a8071a', colorHeaderTitle: '#fff', colorTextRightActionsItem: '#fff' },
        sider: { colorMenuBackground: '#fff', colorTextMenuSelected: '#a8071a', colorBgMenuItemSelected: '#fff1f0' },
      }}
      actionsRender={() => [
        <InboxBell key="bell" enabled={!!me.currentAlliance} />,
        <AllianceSwitcher key="switcher" />,
        <Dropdown key="lang" menu={{ items: langItems, onClick: onLang, selectedKeys: [currentLocale()] }}>
          <Space style={{ cursor: 'pointer', color: '#fff' }}>
            <GlobalOutlined />
            {t('console.lang')}
          </Space>
        </Dropdown>,
      ]}
      avatarProps={{
        title: me.user.displayName,
        size: 'small',
        style: { background: '#fff', color: '#a8071a' },
        children: me.user.displayName.slice(0, 1),
        render: (_p, dom) => (
          <Dropdown menu={{ items: userItems, onClick: onUserMenu }}>
            <span data-testid="user-menu">{dom}</span>
          </Dropdown>
        ),
      }}
    >
      <Watermark content={[me.user.displayName, me.user.username]} font={{ color: 'rgba(0,0,0,.06)' }}>
        <div style={{ minHeight: 'calc(100vh - 56px)' }}>
          <Suspense fallback={<Spin style={{ display: 'block', marginTop: 120 }} />}>
            <Outlet key={me.currentAlliance?.id ?? 'none'} />
          </Suspense>
        </div>
      </Watermark>
      {pwLoaded && (
        <Suspense fallback={null}>
          <ChangePasswordModal open={pwOpen} onOpenChange={setPwOpen} username={me.user.username} />
        </Suspense>
      )}
    </ProLayout>
  );
}
