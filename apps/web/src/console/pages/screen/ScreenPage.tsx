import { LeftOutlined, ReloadOutlined } from '@ant-design/icons';
import type { DashboardOverview } from '@tongxin/domain';
import { Button } from 'antd';
import { useNavigate } from 'react-router';
import { get, poll } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { useMe } from '../../auth/session.tsx';
import { ScreenBoard } from './ScreenBoard.tsx';
import { ScreenHeader, ScreenWaiting } from './ScreenFrame.tsx';
import { useScreenData } from './useScreenData.ts';

// a poll: the minute's refresh does not keep the session alive (a wall screen without one: a display link)
const read = (background: boolean) => (background ? poll<DashboardOverview> : get<DashboardOverview>)('/stats/overview');

/** 数据大屏: the leaders' wall screen of the alliance's closed loop, credit, projects and meetings; refreshes every minute. */
export function ScreenPage() {
  const me = useMe();
  const navigate = useNavigate();
  const { data, error, now, load } = useScreenData(read);

  const header = (
    <ScreenHeader
      allianceName={me.currentAlliance?.name ?? ''}
      now={now}
      left={
        <Button type="text" icon={<LeftOutlined />} onClick={() => void navigate('/')}>
          {t('screen.back')}
        </Button>
      }
      actions={<Button type="text" icon={<ReloadOutlined />} onClick={() => load(false)} aria-label={t('screen.refresh')} title={t('screen.refresh')} />}
    />
  );
  if (!data) return <ScreenWaiting header={header} error={error} />;
  return <ScreenBoard data={data} header={header} stale={!!error} />;
}
