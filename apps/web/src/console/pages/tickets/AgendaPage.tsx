import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { AGENDA_ITEM_STATES, AGENDA_SOURCES, type AgendaItem } from '@tongxin/domain';
import { Tag } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { t } from '../../../shared/i18n.ts';
import { listRequest } from '../../lib/list.ts';
import { fmtTime } from '../../lib/time.ts';
import { CaseDrawer } from './TicketDrawer.tsx';
import { StatusTag } from './common.tsx';

/** 吹哨议题: escalated cases waiting for the next joint meeting (联席会议), and those a meeting took up. */
export function AgendaPage() {
  const action = useRef<ActionType>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const columns: ProColumns<AgendaItem>[] = [
    { title: t('console.agenda.keyword'), dataIndex: 'q', hideInTable: true, fieldProps: { placeholder: t('console.agenda.keywordPlaceholder') } },
    {
      title: t('console.agenda.state'),
      dataIndex: 'state',
      width: 100,
      valueType: 'select',
      initialValue: 'waiting',
      fieldProps: { options: AGENDA_ITEM_STATES.map((s) => ({ value: s, label: t(`console.agenda.state.${s}`) })) },
      render: (_d, r) => <Tag color={r.state === 'waiting' ? 'processing' : 'default'}>{t(`console.agenda.state.${r.state}`)}</Tag>,
    },
    {
      title: t('console.menu.meetings'),
      dataIndex: 'meetingTitle',
      search: false,
      width: 200,
      ellipsis: true,
      // a taken item links to the meeting that took it (for who reads meetings; others get no id)
      render: (_d, r) => (r.meetingId ? <Link to={`/meetings?open=${r.meetingId}`}>{r.meetingTitle}</Link> : '-'),
    },
    {
      title: t('console.ticket.number'),
      dataIndex: 'ticketNumber',
      search: false,
      width: 190,
      render: (_d, r) => <a onClick={() => setOpenId(r.ticketId)}>{r.ticketNumber}</a>,
    },
    { title: t('console.ticket.title'), dataIndex: 'ticketTitle', search: false, width: 200, ellipsis: true },
    { title: t('console.ticket.leadUnit'), dataIndex: 'leadUnitName', search: false, width: 160, render: (_d, r) => r.leadUnitName ?? '-' },
    {
      title: t('console.agenda.reason'),
      dataIndex: 'reason',
      search: false,
      width: 260,
      ellipsis: true,
      // the clock's reason is stored in Chinese; shown in the user's language
      render: (_d, r) => (r.source === 'overdue' && r.createdByName === null ? t('console.ticket.systemNote.auto_escalate') : r.reason),
    },
    {
      title: t('console.agenda.source'),
      dataIndex: 'source',
      width: 160,
      valueType: 'select',
      fieldProps: { options: AGENDA_SOURCES.map((s) => ({ value: s, label: t(`console.agenda.source.${s}`) })) },
      render: (_d, r) => <Tag color={r.source === 'overdue' ? 'red' : 'orange'}>{t(`console.agenda.source.${r.source}`)}</Tag>,
    },
    { title: t('console.agenda.by'), dataIndex: 'createdByName', search: false, width: 110, render: (_d, r) => r.createdByName ?? t('console.agenda.byClock') },
    { title: t('console.agenda.at'), dataIndex: 'createdAt', search: false, width: 170, render: (_d, r) => fmtTime(r.createdAt) },
    { title: t('console.agenda.ticketStatus'), dataIndex: 'ticketStatus', search: false, width: 100, render: (_d, r) => <StatusTag status={r.ticketStatus} /> },
  ];
  return (
    <PageContainer subTitle={t('console.agenda.intro')}>
      <ProTable<AgendaItem>
        rowKey="id"
        actionRef={action}
        columns={columns}
        scroll={{ x: 1600 }}
        // labels take their own width: the English "Agenda state" is cut at the default 80 px
        search={{ labelWidth: 'auto' }}
        request={listRequest<AgendaItem>('/agenda-items')}
      />
      {openId && <CaseDrawer id={openId} onClose={() => setOpenId(null)} onOpen={setOpenId} onChanged={() => action.current?.reload()} />}
    </PageContainer>
  );
}
