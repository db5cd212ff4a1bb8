import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { MEETING_STATUSES, meetingAllows } from '@tongxin/domain';
import type { Meeting } from '@tongxin/domain';
import { Button, Tag } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { enumOptions, t } from '../../../shared/i18n.ts';
import { useSession } from '../../auth/session.tsx';
import { listRequest } from '../../lib/list.ts';
import { useUnits } from '../../lib/lookups.ts';
import { TZ, dayjs, fmtTime } from '../../lib/time.ts';
import { MEETING_COLORS, MeetingDrawer } from './MeetingDrawer.tsx';
import { MeetingForm } from './MeetingForm.tsx';

/** 联席会议: the alliance's joint meetings (search form, table, pagination); a drawer runs one. `?open=<id>` opens it. */
export function MeetingsPage() {
  const { can } = useSession();
  const writable = can('meeting:write');
  const units = useUnits();
  const action = useRef<ActionType>(null);
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState<Meeting | 'new' | null>(null);
  const openId = params.get('open');
  const open = (id: string | null) => setParams(id ? { open: id } : {}, { replace: true });
  const close = useCallback(() => setParams({}, { replace: true }), [setParams]);
  const reload = useCallback(() => action.current?.reload(), []);

  const columns: ProColumns<Meeting>[] = [
    { title: t('console.keyword'), dataIndex: 'q', hideInTable: true, fieldProps: { placeholder: t('meetings.searchPlaceholder') } },
    {
      title: t('meetings.title'),
      dataIndex: 'title',
      search: false,
      width: 240,
      ellipsis: true,
      render: (_d, m) => <a onClick={() => open(m.id)}>{m.title}</a>,
    },
    {
      title: t('meetings.heldAt'),
      dataIndex: 'heldAt',
      valueType: 'dateRange',
      width: 140,
      search: {
        transform: (v: unknown) => {
          const [a, b] = Array.isArray(v) ? (v as string[]) : [];
          return {
            from: a ? dayjs.tz(String(a).slice(0, 10), TZ).startOf('day').valueOf() : undefined,
            // the window is [from, to): the whole last day
            to: b ? dayjs.tz(String(b).slice(0, 10), TZ).add(1, 'day').startOf('day').valueOf() : undefined,
          };
        },
      },
      render: (_d, m) => fmtTime(m.heldAt).slice(0, 16),
    },
    { title: t('meetings.place'), dataIndex: 'place', search: false, width: 180, ellipsis: true, render: (_d, m) => m.place ?? '-' },
    { title: t('meetings.host'), dataIndex: 'host', search: false, width: 150, ellipsis: true, render: (_d, m) => m.host ?? '-' },
    {
      title: t('common.status'),
      dataIndex: 'status',
      valueType: 'select',
      width: 90,
      fieldProps: { options: enumOptions('meetingStatus', MEETING_STATUSES) },
      render: (_d, m) => <Tag color={MEETING_COLORS[m.status]}>{t(`meetingStatus.${m.status}`)}</Tag>,
    },
    { title: t('meetings.agendaCount'), dataIndex: 'agendaCount', search: false, width: 70 },
    { title: t('meetings.resolutionCount'), dataIndex: 'resolutionCount', search: false, width: 100 },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 110,
      fixed: 'right',
      render: (_d, m) => [
        <a key="open" onClick={() => open(m.id)}>
          {t('meetings.detail')}
        </a>,
        ...(writable && meetingAllows(m.status, 'update')
          ? [
              <a key="edit" onClick={() => setEditing(m)}>
                {t('common.edit')}
              </a>,
            ]
          : []),
      ],
    },
  ];

  return (
    <PageContainer title={t('console.menu.meetings')} content={t('meetings.pageHint')}>
      <ProTable<Meeting>
        rowKey="id"
        actionRef={action}
        columns={columns}
        request={listRequest<Meeting>('/meetings')}
        pagination={{ defaultPageSize: 10, showSizeChanger: true }}
        search={{ labelWidth: 'auto' }}
        scroll={{ x: 1050 }}
        toolBarRender={() =>
          writable
            ? [
                <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                  {t('meetings.create')}
                </Button>,
              ]
            : []
        }
      />
      {editing && (
        <MeetingForm
          editing={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onDone={(id) => {
            setEditing(null);
            reload();
            if (editing === 'new') open(id);
          }}
        />
      )}
      {openId && <MeetingDrawer key={openId} id={openId} units={units.rows} writable={writable} onClose={close} onChanged={reload} />}
    </PageContainer>
  );
}
