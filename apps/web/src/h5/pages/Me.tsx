import { Button, Dialog, List, SafeArea, Switch } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { currentLocale, setLocale, t } from '../../shared/i18n.ts';
import { openAllianceSwitcher } from '../components/AllianceSwitcher.tsx';
import { isLargeFont, setLargeFont } from '../largeFont.ts';
import { currentMembership } from '../roles.ts';
import { useMe, useSession } from '../session.tsx';
import { roleLabel } from '../../shared/dataNames.ts';

/** 我的: who I am, alliance switch, password, large-font mode, language, log out. */
export default function MePage() {
  const me = useMe();
  const { setMe, logout } = useSession();
  const navigate = useNavigate();
  const [large, setLarge] = useState(isLargeFont());
  const canSwitch = me.memberships.length > 1;
  const unitName = currentMembership(me)?.unitName;

  const toggleLarge = (on: boolean) => {
    setLargeFont(on);
    setLarge(on);
  };
  const toggleLocale = () => {
    setLocale(currentLocale() === 'en-US' ? 'zh-CN' : 'en-US');
    window.location.reload();
  };
  const onLogout = async () => {
    const ok = await Dialog.confirm({ content: t('h5.me.logoutConfirm'), confirmText: t('common.logout'), cancelText: t('common.cancel') });
    if (!ok) return;
    await logout();
    navigate('/login', { replace: true });
  };

  return (
    <div className="tx-me">
      <header className="tx-hero tx-me-hero">
        <SafeArea position="top" />
        <div className="tx-me-row">
          <div className="tx-avatar" aria-hidden="true">
            {me.user.displayName.slice(0, 1)}
          </div>
          <div>
            <div className="tx-hero-name">{me.user.displayName}</div>
            <div className="tx-hero-sub">{(me.role && roleLabel(me.role.name)) ?? (me.user.isCityAdmin ? t('h5.me.cityAdmin') : t('common.none'))}</div>
          </div>
        </div>
      </header>
      <List header={t('h5.me.account')} mode="card">
        <List.Item extra={me.user.displayName}>{t('h5.me.name')}</List.Item>
        <List.Item extra={me.user.username}>{t('common.username')}</List.Item>
        <List.Item extra={(me.role && roleLabel(me.role.name)) ?? (me.user.isCityAdmin ? t('h5.me.cityAdmin') : t('common.none'))}>{t('h5.me.role')}</List.Item>
        {unitName && <List.Item extra={unitName}>{t('h5.me.unit')}</List.Item>}
        <List.Item
          extra={me.currentAlliance?.name ?? t('common.none')}
          description={canSwitch ? t('h5.me.switchHint', { n: me.memberships.length }) : undefined}
          onClick={canSwitch ? () => openAllianceSwitcher(me, setMe) : undefined}
          arrow={canSwitch}
        >
          {t('h5.me.alliance')}
        </List.Item>
      </List>
      <List header={t('h5.me.settings')} mode="card">
        <List.Item onClick={() => navigate('/me/password')}>{t('h5.me.changePassword')}</List.Item>
        <List.Item description={t('h5.me.largeFontHint')} extra={<Switch checked={large} onChange={toggleLarge} aria-label={t('h5.me.largeFont')} />}>
          {t('h5.me.largeFont')}
        </List.Item>
        <List.Item extra={currentLocale() === 'en-US' ? 'English' : '简体中文'} onClick={toggleLocale}>
          {t('h5.me.language')}
        </List.Item>
      </List>
      <div className="tx-me-logout">
        <Button block size="large" color="danger" fill="outline" onClick={onLogout}>
          {t('common.logout')}
        </Button>
      </div>
    </div>
  );
}
