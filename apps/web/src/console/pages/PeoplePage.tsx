import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import type { Person } from '@tongxin/domain';
import { Button, Tag } from 'antd';
import { useRef } from 'react';
import { del } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { editDeleteActions } from '../components/RowActions.tsx';
import { useSession } from '../auth/session.tsx';
import { GridTreeSelect, UnitSelect } from '../components/RefSelects.tsx';
import { RevealButton } from '../components/RevealButton.tsx';
import { attempt } from '../lib/errors.ts';
import { listRequest } from '../lib/list.ts';
import { nameMap, useGrids, useOrgs, useUnits } from '../lib/lookups.ts';
import { useEditor } from '../lib/useEditor.ts';
import { PersonForm } from './PersonForm.tsx';

/** 人员: people of the alliance, phone and ID masked; exact lookup by phone or ID; reveal when permitted. */
export function PeoplePage() {
  const { can } = useSession();
  const action = useRef<ActionType>(null);
  const editor = useEditor<Person>();
  const orgs = useOrgs();
  const units = useUnits();
  const grids = useGrids();
  const orgNames = nameMap(orgs.rows);
  const unitNames = nameMap(units.rows);
  const gridNames = nameMap(grids.rows);
  const writable = can('person:write');
  const revealable = can('person:reveal');

  const remove = async (p: Person) => {
    if (await attempt(() => del(`/people/${p.id}`), undefined, t('common.deleted'))) action.current?.reload();
  };

  const columns: ProColumns<Person>[] = [
    { title: t('console.keyword'), dataIndex: 'q', hideInTable: true, fieldProps: { placeholder: t('console.person.searchPlaceholder') } },
    { title: t('console.person.name'), dataIndex: 'name', search: false, width: 100 },
    { title: t('console.person.gender'), dataIndex: 'gender', search: false, width: 60, render: (_d, r) => (r.gender ? t(`gender.${r.gender}`) : '-') },
    { title: t('console.person.phone'), dataIndex: 'phone', width: 140, fieldProps: { placeholder: t('console.person.exactPhone') } },
    {
      title: t('console.person.idType'),
      dataIndex: 'idType',
      search: false,
      width: 130,
      ellipsis: true,
      render: (_d, r) => (r.idType ? t(`idType.${r.idType}`) : '-'),
    },
    { title: t('console.person.idNumber'), dataIndex: 'idNumber', width: 190, fieldProps: { placeholder: t('console.person.exactId') } },
    {
      title: t('console.person.isPartyMember'),
      dataIndex: 'isPartyMember',
      width: 90,
      valueType: 'select',
      fieldProps: {
        options: [
          { label: t('console.person.partyMember'), value: 'true' },
          { label: t('console.person.notPartyMember'), value: 'false' },
        ],
      },
      render: (_d, r) => (r.isPartyMember ? <Tag color="red">{t('console.person.partyMember')}</Tag> : <Tag>{t('console.person.masses')}</Tag>),
    },
    { title: t('console.person.org'), dataIndex: 'orgId', search: false, ellipsis: true, render: (_d, r) => (r.orgId ? (orgNames.get(r.orgId) ?? '-') : '-') },
    {
      title: t('console.person.unit'),
      dataIndex: 'unitId',
      ellipsis: true,
      renderFormItem: () => <UnitSelect units={units.rows} />,
      render: (_d, r) => (r.unitId ? (unitNames.get(r.unitId) ?? '-') : '-'),
    },
    {
      title: t('console.person.grid'),
      dataIndex: 'gridId',
      ellipsis: true,
      renderFormItem: () => <GridTreeSelect grids={grids.rows} />,
      render: (_d, r) => (r.gridId ? (gridNames.get(r.gridId) ?? '-') : '-'),
    },
    { title: t('console.person.title'), dataIndex: 'title', search: false, width: 100, ellipsis: true },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 200,
      fixed: 'right',
      hideInTable: !writable && !revealable,
      render: (_d, r) => [
        revealable && <RevealButton key="reveal" personId={r.id} name={r.name} hasPhone={!!r.phone} hasId={!!r.idNumber} />,
        ...(writable
          ? editDeleteActions(
              () => editor.edit(r),
              () => remove(r),
            )
          : []),
      ],
    },
  ];

  return (
    <PageContainer title={t('console.menu.people')}>
      <ProTable<Person>
        rowKey="id"
        actionRef={action}
        columns={columns}
        request={listRequest<Person>('/people')}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        scroll={{ x: 1300 }}
        search={{ labelWidth: 'auto', defaultCollapsed: false }}
        toolBarRender={() =>
          writable
            ? [
                <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => editor.create()}>
                  {t('common.create')}
                </Button>,
              ]
            : []
        }
      />
      {editor.state && (
        <PersonForm
          editing={editor.state.row}
          orgs={orgs.rows}
          units={units.rows}
          grids={grids.rows}
          onClose={editor.close}
          onDone={() => action.current?.reload()}
        />
      )}
    </PageContainer>
  );
}
