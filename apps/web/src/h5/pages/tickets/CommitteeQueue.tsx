import './tickets.css';
import { Tabs } from 'antd-mobile';
import { useSearchParams } from 'react-router';
import { t } from '../../../shared/i18n.ts';
import { TICKET_QUEUES } from '../../../shared/ticketQueues.ts';
import { PageShell } from '../../components/PageShell.tsx';
import { TicketList } from './TicketList.tsx';

/** The committee's queues on the phone (shared/ticketQueues.ts). */
const QUEUES = {
  submitted: TICKET_QUEUES.submitted,
  overdue: TICKET_QUEUES.overdue,
  extension: TICKET_QUEUES.extension,
  resolved: TICKET_QUEUES.resolved,
};
type Queue = keyof typeof QUEUES;
const TABS = Object.keys(QUEUES) as Queue[];

/** 派单 and 督办 for committee staff on the phone: four queues; a case opens with the committee's actions. */
export default function CommitteeQueuePage() {
  const [search, setSearch] = useSearchParams();
  const tabParam = search.get('tab');
  const tab = TABS.find((x) => x === tabParam) ?? 'submitted';
  return (
    <PageShell title={t(tab === 'submitted' ? 'h5.queue.titleDispatch' : 'h5.queue.titleSupervise')}>
      <Tabs activeKey={tab} onChange={(k) => setSearch({ tab: k }, { replace: true })} className="tx-work-tabs">
        {TABS.map((k) => (
          <Tabs.Tab key={k} title={t(`h5.queue.${k}`)} />
        ))}
      </Tabs>
      <TicketList key={tab} params={QUEUES[tab]} showDue={tab !== 'submitted'} showUnit={tab !== 'submitted'} />
    </PageShell>
  );
}
