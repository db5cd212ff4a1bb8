import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { RECORD_STATUSES, RESOURCE_CATEGORIES } from '@tongxin/domain';
import type { Resource } from '@tongxin/domain';
import { Button, Tag, Typography } from 'antd';
import { useRef } from 'react';
import { del } from '../../../shared/api.ts';
import { enumOptions, t } from '../../../shared/i18n.ts';
import { editDeleteActions } from '../../components/RowActions.tsx';
import { useSession } from '../../auth/session.tsx';
import { attempt } from '../../lib/errors.ts';
import { listRequest } from '../../lib/list.ts';
import { useUnits } from '../../lib/lookups.ts';
import { useEditor } from '../../lib/useEditor.ts';
import { ResourceForm } from './ResourceForm.tsx';
import { openingText } from './slots.ts';

/** 资源清单: what each member unit offers (venue, legal aid, finance …), searchable by words, category and unit. */
export function ResourcesPage() {
  const { can, me } = useSession();
  const action = useRef<ActionType>(null);
  const editor = useEditor<Resource>();
  const units = useUnits();
  const writable = can('resource:write');
  const ownUnitOnly = me?.role?.dataScope === 'unit';
  const myUnit = me?.memberships.find((m) => m.allianceId === me.currentAlliance?.id)?.unitId ?? null;
  const mayEdit = (r: Resource) => writable && (!ownUnitOnly || r.unitId === myUnit);

  const remove = async (r: Resource) => {
    if (await attempt(() => del(`/resources/${r.id}`), undefined, t('common.deleted'))) action.current?.reload();
  };

  const columns: ProColumns<Resource>[] = [
    { title: t('console.keyword'), dataIndex: 'q', hideInTable: true, fieldProps: { placeholder: t('resources.searchPlaceholder') } },
    {
      title: t('resources.title'),
      dataIndex: 'title',
      search: false,
      render: (_d, r) => (
        <span>
          <Typography.Text strong>{r.title}</Typography.Text>
          {r.description && (
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0, maxWidth: 420 }}>
              {r.description}
            </Typography.Paragraph>
          )}
        </span>
      ),
    },
    {
      title: t('resources.category'),
      dataIndex: 'category',
      valueType: 'select',
      width: 120,
      fieldProps: { options: enumOptions('resourceCategory', RESOURCE_CATEGORIES) },
      render: (_d, r) => <Tag color="cyan">{t(`resourceCategory.${r.category}`)}</Tag>,
    },
    {
      title: t('resources.unit'),
      dataIndex: 'unitId',
      valueType: 'select',
      width: 200,
      fieldProps: { options: units.rows.map((u) => ({ value: u.id, label: u.name })), showSearch: true, optionFilterProp: 'label' },
      render: (_d, r) => r.unitName,
    },
    { title: t('resources.capacity'), dataIndex: 'capacity', search: false, width: 80, render: (_d, r) => r.capacity ?? '-' },
    {
      title: t('resources.availability'),
      dataIndex: 'availability',
      search: false,
      width: 220,
      render: (_d, r) => openingText(r) || '-',
    },
    {
      title: t('resources.contact'),
      dataIndex: 'contactName',
      search: false,
      width: 160,
      render: (_d, r) => [r.contactName, r.contactPhone].filter(Boolean).join(' ') || '-',
    },
    { title: t('resources.address'), dataIndex: 'address', search: false, ellipsis: true, width: 180 },
    {
      title: t('common.status'),
      dataIndex: 'status',
      valueType: 'select',
      width: 90,
      fieldProps: { options: enumOptions('status', RECORD_STATUSES) },
      render: (_d, r) => <Tag color={r.status === 'active' ? 'green' : 'default'}>{t(`status.${r.status}`)}</Tag>,
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      fixed: 'right',
      width: 120,
      hideInTable: !writable,
      render: (_d, r) =>
        mayEdit(r)
          ? editDeleteActions(
              () => editor.edit(r),
              () => remove(r),
            )
          : [],
    },
  ];

  return (
    <PageContainer title={t('console.menu.resources')} content={t('resources.pageHint')}>
      <ProTable<Resource>
        rowKey="id"
        actionRef={action}
        columns={columns}
        request={listRequest<Resource>('/resources')}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        scroll={{ x: 1300 }}
        toolBarRender={() =>
          writable
            ? [
                <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => editor.create()}>
                  {t('resources.create')}
                </Button>,
              ]
            : []
        }
      />
      {editor.state && (
        <ResourceForm editing={editor.state.row} units={units.rows} pickUnit={!ownUnitOnly} onClose={editor.close} onDone={() => action.current?.reload()} />
      )}
    </PageContainer>
  );
}
