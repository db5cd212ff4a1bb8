import './tickets.css';
import { Tabs } from 'antd-mobile';
import { useSearchParams } from 'react-router';
import { t } from '../../../shared/i18n.ts';
import { PageShell } from '../../components/PageShell.tsx';
import { useMe } from '../../session.tsx';
import { TicketList } from './TicketList.tsx';

const TABS = ['dispatched', 'accepted', 'resolved'] as const;

/** The unit handler's worklist: 待接单 (dispatched to my unit), 办理中 (accepted), 已反馈 (waiting for the rating). */
export default function WorkListPage() {
  const [search, setSearch] = useSearchParams();
  const tabParam = search.get('tab');
  const tab = TABS.find((x) => x === tabParam) ?? 'dispatched';
  const me = useMe();
  const myUnitId = me.memberships.find((m) => m.allianceId === me.currentAlliance?.id)?.unitId ?? null;
  return (
    <PageShell title={t('h5.ticket.work.title')}>
      <Tabs activeKey={tab} onChange={(k) => setSearch({ tab: k }, { replace: true })} className="tx-work-tabs">
        {TABS.map((k) => (
          <Tabs.Tab key={k} title={t(`h5.ticket.work.${k}`)} />
        ))}
      </Tabs>
      <TicketList key={tab} params={{ status: tab }} showDue myUnitId={myUnitId} />
    </PageShell>
  );
}
