import { DisconnectOutlined } from '@ant-design/icons';
import { DISPLAY_AUTH_SCHEME, type DashboardOverview, type DisplayInfo } from '@tongxin/domain';
import { Result } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { ScreenBoard } from './ScreenBoard.tsx';
import { ScreenHeader, ScreenWaiting } from './ScreenFrame.tsx';
import { useScreenData } from './useScreenData.ts';
import './screen.css';

/**
 * A read with the display link's token, never the session cookie: a 401 here means the link, not a signed-out user, so
 * the console's sign-out handler (shared/api.ts) is not involved.
 */
async function displayGet<T>(path: 'overview' | 'info', token: string): Promise<T> {
  const res = await fetch(`/api/v1/display/${path}`, {
    headers: { authorization: `${DISPLAY_AUTH_SCHEME} ${token}` },
    credentials: 'omit',
    cache: 'no-store',
  });
  const body = (await res.json().catch(() => undefined)) as { error?: { code: string; message: string } } | undefined;
  if (!res.ok) throw new ApiError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? res.statusText);
  return body as T;
}

/** A full-screen notice in place of the figures (a revoked, expired or incomplete link). */
function Notice({ title, hint }: { title: string; hint: string }) {
  return (
    <div className="screen display-notice" data-testid="display-notice">
      <Result icon={<DisconnectOutlined />} title={title} subTitle={hint} />
    </div>
  );
}

/**
 * 大屏投屏: the big screen of a display link (`/screen/display#<token>`), for a wall screen without anyone signed in.
 * Read-only, no menu or account; it refreshes every minute and never signs out; once the link is revoked or expired
 * (401) the next refresh replaces the figures with a notice. The token stays in the fragment: browsers send it to no
 * server, log or Referer.
 */
export function DisplayPage() {
  const [token] = useState(() => decodeURIComponent(window.location.hash.slice(1)).trim());
  const [info, setInfo] = useState<DisplayInfo | null>(null);
  const read = useCallback(() => displayGet<DashboardOverview>('overview', token), [token]);
  const { data, error, now } = useScreenData(read);

  useEffect(() => {
    if (token) displayGet<DisplayInfo>('info', token).then(setInfo, () => undefined);
  }, [token]);

  if (!token) return <Notice title={t('display.missingTitle')} hint={t('display.missingHint')} />;
  if (error?.status === 401) return <Notice title={t('display.invalidTitle')} hint={t('display.invalidHint')} />;

  const header = <ScreenHeader allianceName={info?.allianceName ?? ''} now={now} />;
  if (!data) return <ScreenWaiting header={header} error={error} />;
  return <ScreenBoard data={data} header={header} stale={!!error} />;
}
