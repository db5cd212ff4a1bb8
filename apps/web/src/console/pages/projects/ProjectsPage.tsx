import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { PROJECT_KINDS, PROJECT_STATUSES, PROJECT_TRANSITIONS } from '@tongxin/domain';
import type { ProjectNode } from '@tongxin/domain';
import { Button, Dropdown, Modal, Progress, Space, Tag, Tooltip, Typography, type MenuProps } from 'antd';
import { useRef, useState, type Key } from 'react';
import { del } from '../../../shared/api.ts';
import { currentLocale, enumOptions, t, type Locale } from '../../../shared/i18n.ts';
import { useSession } from '../../auth/session.tsx';
import { attempt } from '../../lib/errors.ts';
import { listRequest } from '../../lib/list.ts';
import { useUnits } from '../../lib/lookups.ts';
import { useEditor } from '../../lib/useEditor.ts';
import { MeetingOrigin } from './MeetingOrigin.tsx';
import { ProgressDialog, StatusDialog } from './ProjectDialogs.tsx';
import { ProjectForm } from './ProjectForm.tsx';
import { TimelineDrawer } from './TimelineDrawer.tsx';

export const STATUS_COLORS: Record<string, string> = { planned: 'default', in_progress: 'processing', done: 'success', cancelled: 'error' };

// the columns whose English labels or tags are longer than the Chinese ones: 更新进度 / 更多 on one line, and the status tag
const WIDTHS: Record<Locale, { actions: number; status: number }> = {
  'zh-CN': { actions: 130, status: 76 },
  'en-US': { actions: 186, status: 112 },
};

/** One line of a cell, cut to its width, the whole text in a tooltip when it was cut. */
function Clipped({ text }: { text: string }) {
  return (
    <Typography.Text ellipsis={{ tooltip: text }} style={{ display: 'block' }}>
      {text}
    </Typography.Text>
  );
}

/** The ids of every row of the tree that has children (to open them all). */
function withChildren(rows: readonly ProjectNode[]): string[] {
  return rows.flatMap((r) => (r.children && r.children.length > 0 ? [r.id, ...withChildren(r.children)] : []));
}

/** 项目清单: undertakings as a tree with rolled-up progress bars, overdue marks, progress reports and a timeline. */
export function ProjectsPage() {
  const { can, me } = useSession();
  const action = useRef<ActionType>(null);
  const editor = useEditor<ProjectNode, ProjectNode>();
  const units = useUnits();
  const [progressOf, setProgressOf] = useState<ProjectNode | null>(null);
  const [statusOf, setStatusOf] = useState<ProjectNode | null>(null);
  const [timelineOf, setTimelineOf] = useState<ProjectNode | null>(null);
  // every parent opens the first time it is shown (defaultExpandAllRows only applies to the table's first, still empty
  // render); one the user closed stays closed when the table reloads
  const [expanded, setExpanded] = useState<readonly Key[]>([]);
  const seen = useRef(new Set<string>());
  const writable = can('resource:write');
  const ownUnitOnly = me?.role?.dataScope === 'unit';
  const myUnit = me?.memberships.find((m) => m.allianceId === me.currentAlliance?.id)?.unitId ?? null;
  const mayEdit = (p: ProjectNode) => writable && (!ownUnitOnly || p.ownerUnitId === myUnit);
  const reload = () => action.current?.reload();

  const remove = async (p: ProjectNode) => {
    if (await attempt(() => del(`/projects/${p.id}`), undefined, t('common.deleted'))) reload();
  };

  const columns: ProColumns<ProjectNode>[] = [
    { title: t('console.keyword'), dataIndex: 'q', hideInTable: true, fieldProps: { placeholder: t('projects.searchPlaceholder') } },
    {
      title: t('projects.title'),
      dataIndex: 'title',
      search: false,
      // no width: the name takes what the fixed-width columns leave, so the table fits the page without scrolling
      render: (_d, p) => (
        // one inline block after the tree's indent and expand icon, so the origin line lines up with the name; its width
        // leaves room for them (antd: 15 px a level, ~24 px the icon; generous, as a block too wide wraps under them)
        <span style={{ display: 'inline-block', verticalAlign: 'top', maxWidth: `calc(100% - ${32 + 16 * p.depth}px)` }}>
          <Space size={4} wrap>
            <a onClick={() => setTimelineOf(p)}>{p.title}</a>
            {p.kind === 'service' && <Tag color="magenta">{t('projectKind.service')}</Tag>}
            {p.overdue && <Tag color="red">{t('projects.overdue')}</Tag>}
          </Space>
          {p.resolutionId && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              <MeetingOrigin project={p} />
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      title: t('projects.kind'),
      dataIndex: 'kind',
      valueType: 'select',
      hideInTable: true,
      fieldProps: { options: enumOptions('projectKind', PROJECT_KINDS) },
    },
    {
      title: t('projects.ownerUnit'),
      dataIndex: 'unitId',
      valueType: 'select',
      hideInTable: true,
      fieldProps: { options: units.rows.map((u) => ({ value: u.id, label: u.name })), showSearch: true, optionFilterProp: 'label' },
    },
    {
      // one column for both: the units' long official names are cut (whole in the tooltip), the person is a short name
      title: t('projects.ownerAndResponsible'),
      dataIndex: 'ownerUnitName',
      search: false,
      width: 150,
      render: (_d, p) => (
        <>
          <Clipped text={p.ownerUnitName} />
          <Typography.Text type="secondary">{p.responsiblePersonName ?? '-'}</Typography.Text>
        </>
      ),
    },
    {
      title: t('projects.deadline'),
      dataIndex: 'deadline',
      search: false,
      width: 100,
      render: (_d, p) => (p.deadline ? <Typography.Text type={p.overdue ? 'danger' : undefined}>{p.deadline}</Typography.Text> : '-'),
    },
    {
      title: t('projects.progress'),
      dataIndex: 'progress',
      search: false,
      width: 110,
      render: (_d, p) => (
        <Tooltip title={p.childCount > 0 ? t('projects.rolledUp') : undefined}>
          <Progress
            percent={p.progress}
            size="small"
            status={p.overdue ? 'exception' : p.status === 'done' ? 'success' : 'active'}
            format={(v) => `${Math.round(v ?? 0)}%`}
          />
        </Tooltip>
      ),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      valueType: 'select',
      width: WIDTHS[currentLocale()].status,
      fieldProps: { options: enumOptions('projectStatus', PROJECT_STATUSES) },
      render: (_d, p) => <Tag color={STATUS_COLORS[p.status]}>{t(`projectStatus.${p.status}`)}</Tag>,
    },
    {
      title: t('projects.overdueFilter'),
      dataIndex: 'overdue',
      valueType: 'select',
      hideInTable: true,
      fieldProps: {
        options: [
          { value: 'true', label: t('projects.overdue') },
          { value: 'false', label: t('projects.notOverdue') },
        ],
      },
    },
    {
      title: t('projects.links'),
      dataIndex: 'ticketNumber',
      search: false,
      width: 120,
      render: (_d, p) =>
        !p.ticketNumber && !p.resourceTitle && p.kind !== 'service' ? (
          '-'
        ) : (
          <>
            {p.ticketNumber && <Clipped text={t('projects.ticket', { number: p.ticketNumber })} />}
            {p.resourceTitle && <Clipped text={t('projects.resource', { title: p.resourceTitle })} />}
            {p.kind === 'service' && <Clipped text={t('projects.adopted', { n: p.adoptedCount, capacity: p.capacity ?? '∞' })} />}
          </>
        ),
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: WIDTHS[currentLocale()].actions,
      fixed: 'right',
      // one everyday action stays in sight; the rest sit under 更多, so the column stays narrow and never wraps. The
      // timeline is also the project's name link, so editors find it under 更多; readers keep it as their one link
      render: (_d, p) => {
        const timeline = { key: 'tl', label: t('projects.timeline'), onClick: () => setTimelineOf(p) };
        if (!mayEdit(p))
          return [
            <a key="tl" onClick={timeline.onClick}>
              {timeline.label}
            </a>,
          ];
        const out = [];
        const open = p.status === 'planned' || p.status === 'in_progress';
        if (open && p.childCount === 0)
          out.push(
            <a key="progress" onClick={() => setProgressOf(p)}>
              {t('projects.reportProgress')}
            </a>,
          );
        const more: MenuProps['items'] = [
          timeline,
          ...(PROJECT_TRANSITIONS[p.status].length > 0 ? [{ key: 'status', label: t('projects.changeStatus'), onClick: () => setStatusOf(p) }] : []),
          // 已取消 is final: nothing new goes under it
          ...(p.status !== 'cancelled' ? [{ key: 'child', label: t('projects.addChild'), onClick: () => editor.create(p) }] : []),
          ...(p.status !== 'cancelled' ? [{ key: 'edit', label: t('common.edit'), onClick: () => editor.edit(p) }] : []),
          ...(p.childCount === 0
            ? [
                {
                  key: 'del',
                  danger: true,
                  label: t('common.delete'),
                  onClick: () => Modal.confirm({ title: t('common.confirmDelete'), okButtonProps: { danger: true }, onOk: () => remove(p) }),
                },
              ]
            : []),
        ];
        out.push(
          <Dropdown key="more" menu={{ items: more }} trigger={['click']}>
            <a data-testid="project-more">
              {t('common.more')} <DownOutlined />
            </a>
          </Dropdown>,
        );
        return out;
      },
    },
  ];

  return (
    <PageContainer title={t('console.menu.projects')} content={t('projects.pageHint')}>
      <ProTable<ProjectNode>
        rowKey="id"
        actionRef={action}
        columns={columns}
        request={listRequest<ProjectNode>('/projects/tree')}
        pagination={{ defaultPageSize: 10, showSizeChanger: true }}
        onLoad={(rows) => {
          const fresh = withChildren(rows).filter((id) => !seen.current.has(id));
          for (const id of fresh) seen.current.add(id);
          if (fresh.length > 0) setExpanded((open) => [...open, ...fresh]);
        }}
        expandable={{ expandedRowKeys: expanded, onExpandedRowsChange: setExpanded }}
        // fixed layout: the widths above hold and long texts are cut, so it fits a 1280-wide screen without scrolling
        tableLayout="fixed"
        toolBarRender={() =>
          writable
            ? [
                <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => editor.create()}>
                  {t('projects.create')}
                </Button>,
              ]
            : []
        }
      />
      {editor.state && (
        <ProjectForm
          editing={editor.state.row}
          parent={editor.state.parent ?? null}
          units={units.rows}
          pickUnit={!ownUnitOnly}
          onClose={editor.close}
          onDone={reload}
        />
      )}
      {progressOf && <ProgressDialog project={progressOf} onClose={() => setProgressOf(null)} onDone={reload} />}
      {statusOf && <StatusDialog project={statusOf} onClose={() => setStatusOf(null)} onDone={reload} />}
      {timelineOf && <TimelineDrawer project={timelineOf} onClose={() => setTimelineOf(null)} />}
    </PageContainer>
  );
}
