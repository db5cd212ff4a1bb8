import './tickets.css';
import { Button } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { t } from '../../../shared/i18n.ts';
import { PageShell } from '../../components/PageShell.tsx';
import { useMe } from '../../session.tsx';
import { TicketList } from './TicketList.tsx';

/** 我的诉求: the tickets I reported, newest first. */
export default function MyTicketsPage() {
  const me = useMe();
  const navigate = useNavigate();
  const canCreate = me.permissions.includes('ticket:create');
  return (
    <PageShell
      title={t('h5.tile.myCases')}
      right={
        canCreate ? (
          <Button size="mini" color="primary" fill="none" onClick={() => navigate('/report?kind=need')}>
            {t('h5.ticket.new')}
          </Button>
        ) : undefined
      }
    >
      <TicketList params={{ mine: 'true' }} />
    </PageShell>
  );
}
