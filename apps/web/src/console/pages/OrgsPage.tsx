import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormDigit, ProFormSelect, ProFormText, ProFormTextArea, ProTable } from '@ant-design/pro-components';
import type { ProColumns } from '@ant-design/pro-components';
import { ORG_KINDS, OrgCreate, OrgUpdate, orgTakesChildren } from '@tongxin/domain';
import type { Org, OrgKind } from '@tongxin/domain';
import { Button, Form, Input, Popconfirm, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { del, patch, post } from '../../shared/api.ts';
import { enumOptions, t } from '../../shared/i18n.ts';
import { keptRule, zodRule } from '../../shared/zodRule.ts';
import { useSession } from '../auth/session.tsx';
import { OrgTreeSelect } from '../components/RefSelects.tsx';
import { attempt } from '../lib/errors.ts';
import { nullify } from '../lib/list.ts';
import { useOrgs } from '../lib/lookups.ts';
import { allKeys, buildTree } from '../lib/tree.ts';
import type { TreeNode } from '../lib/tree.ts';
import { useEditor } from '../lib/useEditor.ts';

const KIND_COLORS = ['volcano', 'volcano', 'red', 'red', 'orange', 'gold', 'default'];

export function OrgKindTag({ kind }: { kind: OrgKind }) {
  return <Tag color={KIND_COLORS[ORG_KINDS.indexOf(kind)]}>{t(`orgKind.${kind}`)}</Tag>;
}

interface FormValues {
  parentId?: string | null;
  kind: OrgKind;
  name: string;
  secretary?: string;
  description?: string;
  sortOrder?: number;
}

/** The kind one step below the parent's (a 党总支 under a 商圈党委, a 党支部 under a 党总支). */
function childKind(parent: Org | null | undefined): OrgKind {
  if (!parent) return 'district_committee';
  const i = ORG_KINDS.indexOf(parent.kind);
  return ORG_KINDS[Math.min(i + 1, ORG_KINDS.length - 1)] as OrgKind;
}

function OrgForm({
  orgs,
  editing,
  parent,
  onClose,
  onDone,
}: {
  orgs: Org[];
  editing: Org | null;
  parent: Org | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<FormValues>();
  const schema = editing ? OrgUpdate : OrgCreate;
  const initial: Partial<FormValues> = editing
    ? {
        parentId: editing.parentId,
        kind: editing.kind,
        name: editing.name,
        secretary: editing.secretary ?? undefined,
        description: editing.description ?? undefined,
        sortOrder: editing.sortOrder,
      }
    : { parentId: parent?.id ?? null, kind: childKind(parent), sortOrder: 0 };
  const submit = async (v: FormValues) => {
    const body = nullify(v, ['parentId']);
    const ok = await attempt(() => (editing ? patch(`/orgs/${editing.id}`, body) : post('/orgs', body)), form);
    if (ok) onDone();
    return ok;
  };
  return (
    <ModalForm<FormValues>
      name="org"
      title={editing ? t('console.org.edit') : parent ? t('console.org.addChildOf', { name: parent.name }) : t('console.org.create')}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={560}
      initialValues={initial}
      onFinish={submit}
    >
      <Form.Item name="parentId" label={t('console.org.parent')} extra={t('console.org.parentHelp')}>
        <OrgTreeSelect orgs={editing ? orgs.filter((o) => o.id !== editing.id) : orgs} placeholder={t('console.org.root')} />
      </Form.Item>
      <ProFormSelect
        name="kind"
        label={t('console.org.kind')}
        options={enumOptions('orgKind', ORG_KINDS)}
        rules={[{ required: true, message: t('issue.required') }]}
        allowClear={false}
      />
      <ProFormText
        name="name"
        label={t('console.org.name')}
        rules={[{ required: true, message: t('issue.required') }, keptRule(OrgCreate, 'name', editing?.name)]}
      />
      <ProFormText name="secretary" label={t('console.org.secretary')} rules={[keptRule(OrgCreate, 'secretary', editing?.secretary)]} />
      <ProFormTextArea name="description" label={t('console.org.description')} rules={[zodRule(schema, 'description')]} />
      <ProFormDigit name="sortOrder" label={t('console.sortOrder')} min={0} max={100000} fieldProps={{ precision: 0 }} />
    </ModalForm>
  );
}

/** 党组织: the organisation tree, with add child / edit / delete on each row. */
export function OrgsPage() {
  const { can } = useSession();
  const { rows, loading, reload } = useOrgs();
  const editor = useEditor<Org, Org>();
  const [q, setQ] = useState('');
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const writable = can('org:write');

  const tree = useMemo(() => {
    const term = q.trim();
    const visible = term ? rows.filter((o) => o.name.includes(term) || (o.secretary ?? '').includes(term)) : rows;
    return buildTree(visible);
  }, [rows, q]);
  const keys = useMemo(() => allKeys(tree), [tree]);

  const remove = async (o: Org) => {
    if (await attempt(() => del(`/orgs/${o.id}`), undefined, t('common.deleted'))) void reload();
  };

  const columns: ProColumns<TreeNode<Org>>[] = [
    { title: t('console.org.name'), dataIndex: 'label' },
    { title: t('console.org.kind'), width: 140, render: (_d, n) => <OrgKindTag kind={n.row.kind} /> },
    { title: t('console.org.secretary'), width: 120, render: (_d, n) => n.row.secretary ?? '-' },
    { title: t('console.org.description'), ellipsis: true, render: (_d, n) => n.row.description ?? '-' },
    { title: t('console.sortOrder'), width: 80, render: (_d, n) => n.row.sortOrder },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 200,
      hideInTable: !writable,
      render: (_d, n) => [
        // a 党小组 is the lowest kind: the server refuses anything under it (kind_not_below_parent)
        orgTakesChildren(n.row.kind) && (
          <a key="child" onClick={() => editor.create(n.row)}>
            {t('console.org.addChild')}
          </a>
        ),
        <a key="edit" onClick={() => editor.edit(n.row)}>
          {t('common.edit')}
        </a>,
        <Popconfirm
          key="del"
          title={t('common.confirmDelete')}
          description={n.children ? t('console.org.deleteHasChildren') : undefined}
          onConfirm={() => remove(n.row)}
        >
          <a style={{ color: '#cf1322' }}>{t('common.delete')}</a>
        </Popconfirm>,
      ],
    },
  ];

  return (
    <PageContainer title={t('console.menu.orgs')}>
      <ProTable<TreeNode<Org>>
        rowKey="key"
        columns={columns}
        dataSource={tree}
        loading={loading}
        search={false}
        pagination={false}
        expandable={{ expandedRowKeys: expanded ?? keys, onExpandedRowsChange: (k) => setExpanded(k as string[]) }}
        options={{ reload: () => void reload(), density: true, setting: false }}
        headerTitle={<Input.Search allowClear placeholder={t('console.org.searchPlaceholder')} onSearch={(v) => setQ(v)} style={{ width: 280 }} />}
        toolBarRender={() =>
          writable
            ? [
                <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => editor.create(null)}>
                  {t('common.create')}
                </Button>,
              ]
            : []
        }
      />
      {editor.state && (
        <OrgForm orgs={rows} editing={editor.state.row} parent={editor.state.parent ?? null} onClose={editor.close} onDone={() => void reload()} />
      )}
    </PageContainer>
  );
}
