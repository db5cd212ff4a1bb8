import { ExportOutlined, PlusOutlined, QrcodeOutlined } from '@ant-design/icons';
import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { TICKET_KINDS, TICKET_STATUSES } from '@tongxin/domain';
import type { Ticket } from '@tongxin/domain';
import { Button, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { enumOptions, t } from '../../../shared/i18n.ts';
import { useSession } from '../../auth/session.tsx';
import { GridTreeSelect, UnitSelect } from '../../components/RefSelects.tsx';
import { downloadXlsx } from '../../lib/download.ts';
import { showError } from '../../lib/errors.ts';
import { listRequest } from '../../lib/list.ts';
import { useGrids, useUnits } from '../../lib/lookups.ts';
import { TZ, dayjs, fmtTime } from '../../lib/time.ts';
import { TicketCreateForm } from './TicketCreateForm.tsx';
import { TicketDrawer } from './TicketDrawer.tsx';
import { DueCell, RUNNING, StatusTag, useCategories } from './common.tsx';

/** filters a link may preset (the home page's work queues: /tickets?status=submitted, ?overdue=true&open=true …) */
const LINK_FILTERS = ['status', 'kind', 'overdue', 'open', 'extensionPending'] as const;
/** every filter of the list (the export takes the same) */
const FILTER_KEYS = ['q', 'kind', 'status', 'categoryId', 'gridId', 'unitId', 'overdue', 'open', 'extensionPending', 'from', 'to'] as const;
const listTickets = listRequest<Ticket>('/tickets');

/** A search-form-only select of a true/false list filter (the API takes 'true' or 'false'). */
function yesNoFilter(dataIndex: 'overdue' | 'open' | 'extensionPending', title: string, yes: string, no: string): ProColumns<Ticket> {
  return {
    title: t(title),
    dataIndex,
    valueType: 'select',
    hideInTable: true,
    fieldProps: {
      options: [
        { value: 'true', label: t(yes) },
        { value: 'false', label: t(no) },
      ],
    },
  };
}

/** 工单: every ticket in the data scope, filtered; a row opens the detail drawer. */
export function TicketsPage() {
  const { can } = useSession();
  const action = useRef<ActionType>(null);
  const categories = useCategories();
  const grids = useGrids();
  const units = useUnits();
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [search] = useSearchParams();
  const filters = useRef<Record<string, string | number | undefined>>({});
  const [exporting, setExporting] = useState(false);
  const [capped, setCapped] = useState(false);
  const exportList = async () => {
    setExporting(true);
    try {
      await downloadXlsx('/tickets/export', 'tickets.xlsx', filters.current);
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };
  const preset = Object.fromEntries(LINK_FILTERS.flatMap((k) => (search.get(k) ? [[k, search.get(k)]] : [])));

  const columns: ProColumns<Ticket>[] = [
    { title: t('console.keyword'), dataIndex: 'q', hideInTable: true, fieldProps: { placeholder: t('console.ticket.searchPlaceholder') } },
    {
      title: t('console.ticket.number'),
      dataIndex: 'number',
      search: false,
      width: 176,
      render: (_d, r) => <a onClick={() => setOpenId(r.id)}>{r.number}</a>,
    },
    {
      title: t('console.ticket.kind'),
      dataIndex: 'kind',
      valueType: 'select',
      // wide enough for the English labels most cases carry ("Snapshot report")
      width: 140,
      fieldProps: { options: enumOptions('ticketKind', TICKET_KINDS) },
      // a longer label (English "Monitoring-point feedback") is cut with its full text on hover, never spilling into the title
      render: (_d, r) => (
        <Tag color="blue" title={t(`ticketKind.${r.kind}`)} style={{ maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis', verticalAlign: 'middle' }}>
          {t(`ticketKind.${r.kind}`)}
        </Tag>
      ),
    },
    {
      title: t('console.ticket.title'),
      dataIndex: 'title',
      search: false,
      width: 260,
      ellipsis: true,
      // tags keep their size and the title itself is cut with an ellipsis (a Space would overflow into the next column)
      render: (_d, r) => (
        <div style={{ display: 'flex', alignItems: 'center', gap: 4, minWidth: 0 }} title={r.title}>
          {r.urgent && (
            <Tag color="red" style={{ flex: 'none', marginInlineEnd: 0 }}>
              {t('console.ticket.urgent')}
            </Tag>
          )}
          {r.escalated && (
            <Tag color="volcano" style={{ flex: 'none', marginInlineEnd: 0 }}>
              {t('console.ticket.escalated')}
            </Tag>
          )}
          <span style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{r.title}</span>
        </div>
      ),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      valueType: 'select',
      width: 100,
      fieldProps: { options: enumOptions('ticketStatus', TICKET_STATUSES) },
      render: (_d, r) => <StatusTag status={r.status} />,
    },
    {
      title: t('console.ticket.deadline'),
      dataIndex: 'dueAt',
      search: false,
      width: 200,
      render: (_d, r) => <DueCell dueAt={r.dueAt} from={r.dispatchedAt} overdue={r.overdue} running={RUNNING.includes(r.status)} />,
    },
    {
      title: t('console.ticket.category'),
      dataIndex: 'categoryId',
      valueType: 'select',
      width: 120,
      fieldProps: { options: categories.rows.map((c) => ({ value: c.id, label: c.name })), showSearch: true, optionFilterProp: 'label' },
      render: (_d, r) => r.categoryName,
    },
    {
      title: t('console.ticket.grid'),
      dataIndex: 'gridId',
      width: 130,
      renderFormItem: () => <GridTreeSelect grids={grids.rows} />,
      render: (_d, r) => r.gridName ?? '-',
    },
    {
      title: t('console.ticket.unit'),
      dataIndex: 'unitId',
      hideInTable: true,
      tooltip: t('console.ticket.unitFilterHint'),
      renderFormItem: () => <UnitSelect units={units.rows} />,
    },
    { title: t('console.ticket.leadUnit'), dataIndex: 'leadUnitName', search: false, width: 140, ellipsis: true, render: (_d, r) => r.leadUnitName ?? '-' },
    yesNoFilter('overdue', 'console.ticket.overdue', 'console.ticket.overdueYes', 'console.ticket.overdueNo'),
    yesNoFilter('open', 'console.ticket.openFilter', 'console.ticket.openYes', 'console.ticket.openNo'),
    yesNoFilter('extensionPending', 'console.ticket.extensionFilter', 'console.ticket.extensionPendingYes', 'console.ticket.extensionPendingNo'),
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      valueType: 'dateRange',
      width: 160,
      search: {
        transform: (v: unknown) => {
          const [a, b] = Array.isArray(v) ? (v as string[]) : [];
          return {
            from: a ? dayjs.tz(String(a).slice(0, 10), TZ).startOf('day').valueOf() : undefined,
            to: b ? dayjs.tz(String(b).slice(0, 10), TZ).endOf('day').valueOf() : undefined,
          };
        },
      },
      render: (_d, r) => fmtTime(r.createdAt).slice(0, 16),
    },
  ];

  return (
    <PageContainer title={t('console.menu.tickets')}>
      <ProTable<Ticket>
        rowKey="id"
        actionRef={action}
        columns={columns}
        request={(params) => {
          filters.current = Object.fromEntries(
            FILTER_KEYS.map((k) => [k, params[k] as string | number | undefined]).filter(([, v]) => v !== undefined && v !== ''),
          ) as Record<string, string | number | undefined>;
          return listTickets(params).then((r) => {
            setCapped(r.totalCapped);
            return r;
          });
        }}
        pagination={{
          defaultPageSize: 20,
          showSizeChanger: true,
          // past the count cap the total reads "10,000+": the filters narrow it
          showTotal: (total, [from, to]) => t(capped ? 'console.ticket.totalCapped' : 'console.list.total', { from, to, total: total.toLocaleString() }),
        }}
        search={{ labelWidth: 'auto', defaultCollapsed: false }}
        form={{ initialValues: preset }}
        scroll={{ x: 1500 }}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        toolBarRender={() => [
          can('ticket:create') && (
            <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('console.ticket.create')}
            </Button>
          ),
          <Button key="export" icon={<ExportOutlined />} loading={exporting} onClick={() => void exportList()} data-testid="tickets-export">
            {t('console.ticket.export')}
          </Button>,
          // the public report form's QR poster, to put up in the district (residents have no other way to the form)
          can('ticket:dispatch') && (
            <Button key="poster" icon={<QrcodeOutlined />} href="/api/v1/integrity/report-poster" target="_blank" rel="noopener" data-testid="report-poster">
              {t('console.ticket.reportPoster')}
            </Button>
          ),
        ]}
      />
      {creating && (
        <TicketCreateForm
          categories={categories.rows}
          grids={grids.rows}
          onClose={() => setCreating(false)}
          onOpen={(id) => setOpenId(id)}
          onDone={(tk) => {
            action.current?.reload();
            setOpenId(tk.id);
          }}
        />
      )}
      {openId && (
        <TicketDrawer
          id={openId}
          categories={categories.rows}
          grids={grids.rows}
          units={units.rows}
          onClose={() => setOpenId(null)}
          onOpen={setOpenId}
          onChanged={() => action.current?.reload()}
        />
      )}
    </PageContainer>
  );
}
