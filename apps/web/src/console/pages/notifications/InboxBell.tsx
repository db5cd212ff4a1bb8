import { BellOutlined } from '@ant-design/icons';
import { Badge, Tooltip } from 'antd';
import { useNavigate } from 'react-router';
import { t } from '../../../shared/i18n.ts';
import { useUnreadCount } from './unread.ts';

/** The header bell: unread count of my inbox in the current alliance; opens the inbox. */
export function InboxBell({ enabled }: { enabled: boolean }) {
  const n = useUnreadCount(enabled);
  const navigate = useNavigate();
  if (!enabled) return null;
  return (
    <Tooltip title={n > 0 ? t('notifications.unread', { n }) : t('notifications.bell')}>
      <span data-testid="inbox-bell" style={{ cursor: 'pointer', color: '#fff', display: 'inline-flex' }} onClick={() => void navigate('/inbox')}>
        <Badge count={n} size="small" overflowCount={99} offset={[2, -2]}>
          <BellOutlined style={{ fontSize: 18, color: '#fff' }} />
        </Badge>
      </span>
    </Tooltip>
  );
}
