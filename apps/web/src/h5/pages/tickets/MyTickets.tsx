import './tickets.css';
import { Button } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { t } from '../../../shared/i18n.ts';
import { PageShell } from '../../components/PageShell.tsx';
import { roleKeyOf } from '../../roles.ts';
import { useMe } from '../../session.tsx';
import { TicketList } from './TicketList.tsx';

/** 我的诉求 (a grid officer's 我的上报): the tickets I reported, newest first. */
export default function MyTicketsPage() {
  const me = useMe();
  const navigate = useNavigate();
  const canCreate = me.permissions.includes('ticket:create');
  // a grid officer reports what the walk finds (随手拍); shops and residents mostly ask for something (需求)
  const officer = roleKeyOf(me) === 'grid_officer';
  return (
    <PageShell
      title={t(officer ? 'h5.tile.myReports' : 'h5.tile.myCases')}
      right={
        canCreate ? (
          <Button size="mini" color="primary" fill="none" onClick={() => navigate(`/report?kind=${officer ? 'report' : 'need'}`)}>
            {t('h5.ticket.new')}
          </Button>
        ) : undefined
      }
    >
      <TicketList params={{ mine: 'true' }} />
    </PageShell>
  );
}
