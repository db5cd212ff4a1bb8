import { ExpandOutlined } from '@ant-design/icons';
import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import type { ApiError } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { TZ, dayjs } from '../../lib/time.ts';
import { toggleFullscreen } from './useScreenData.ts';
import './screen.css';

/** The wall screen's header: the page's own controls on the left, the alliance and title, the clock, its buttons, full screen. */
export function ScreenHeader({ allianceName, now, left, actions }: { allianceName: string; now: number; left?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="screen-header">
      <div className="screen-header-side">{left}</div>
      <h1>
        {allianceName}
        <span>{t('screen.title')}</span>
      </h1>
      <div className="screen-header-side right">
        <span className="screen-clock" data-testid="screen-clock">
          {dayjs(now).tz(TZ).format(t('screen.clockFormat'))}
        </span>
        {actions}
        <Button type="text" icon={<ExpandOutlined />} onClick={toggleFullscreen} aria-label={t('screen.fullscreen')} title={t('screen.fullscreen')} />
      </div>
    </header>
  );
}

/** The screen before its first figures: a spinner, or why they did not come. */
export function ScreenWaiting({ header, error }: { header: ReactNode; error: ApiError | null }) {
  return (
    <div className="screen">
      {header}
      {error ? (
        <Result
          status={error.status === 403 ? '403' : 'error'}
          title={error.status === 403 ? t('console.noPermission') : t('screen.loadFailed')}
          subTitle={error.message}
        />
      ) : (
        <Spin size="large" style={{ display: 'block', marginTop: '30vh' }} />
      )}
    </div>
  );
}
