import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormDigit, ProFormSwitch, ProFormText, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { CategoryCreate, CategoryUpdate } from '@tongxin/domain';
import type { Category, Grid, Unit } from '@tongxin/domain';
import { Button, Col, Form, Row, Tag } from 'antd';
import { useRef } from 'react';
import { patch, post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { keptRule, zodRule } from '../../../shared/zodRule.ts';
import { useSession } from '../../auth/session.tsx';
import { GridTreeSelect, UnitSelect } from '../../components/RefSelects.tsx';
import { attempt } from '../../lib/errors.ts';
import { listRequest } from '../../lib/list.ts';
import { nameMap, useGrids, useUnits } from '../../lib/lookups.ts';
import { useEditor } from '../../lib/useEditor.ts';

interface FormValues {
  code?: string;
  name: string;
  gbClass?: string;
  acceptHours: number;
  resolveDays: number;
  urgentHours: number;
  defaultLeadUnitId?: string | null;
  gridRoutes?: { gridId?: string; unitId?: string }[];
  active?: boolean;
}

function CategoryForm({
  editing,
  grids,
  units,
  onClose,
  onDone,
}: {
  editing: Category | null;
  grids: Grid[];
  units: Unit[];
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<FormValues>();
  const schema = editing ? CategoryUpdate : CategoryCreate;
  const initial: Partial<FormValues> = editing
    ? {
        name: editing.name,
        gbClass: editing.gbClass ?? undefined,
        acceptHours: editing.acceptHours,
        resolveDays: editing.resolveDays,
        urgentHours: editing.urgentHours,
        defaultLeadUnitId: editing.defaultLeadUnitId,
        gridRoutes: editing.gridRoutes,
        active: editing.active,
      }
    : { acceptHours: 4, resolveDays: 7, urgentHours: 24, active: true, gridRoutes: [] };
  const submit = async (v: FormValues) => {
    const body = {
      ...v,
      code: editing ? undefined : v.code?.trim().toUpperCase(),
      gbClass: v.gbClass ? v.gbClass : null,
      defaultLeadUnitId: v.defaultLeadUnitId ?? null,
      gridRoutes: (v.gridRoutes ?? []).filter((r) => r.gridId && r.unitId),
    };
    const ok = await attempt(() => (editing ? patch(`/categories/${editing.id}`, body) : post('/categories', body)), form);
    if (ok) onDone();
    return ok;
  };
  const required = { required: true, message: t('issue.required') };
  return (
    <ModalForm<FormValues>
      name="category"
      title={editing ? t('console.category.edit') : t('console.category.create')}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={720}
      grid
      rowProps={{ gutter: 16 }}
      initialValues={initial}
      onFinish={submit}
    >
      {!editing && (
        <ProFormText
          colProps={{ span: 8 }}
          name="code"
          label={t('console.category.code')}
          placeholder="SRHJ"
          rules={[required, zodRule(CategoryCreate, 'code')]}
          fieldProps={{ style: { textTransform: 'uppercase' } }}
        />
      )}
      <ProFormText
        colProps={{ span: editing ? 12 : 8 }}
        name="name"
        label={t('console.category.name')}
        rules={[required, keptRule(CategoryCreate, 'name', editing?.name)]}
      />
      <ProFormText colProps={{ span: editing ? 12 : 8 }} name="gbClass" label={t('console.category.gbClass')} rules={[zodRule(schema, 'gbClass')]} />
      <ProFormDigit
        colProps={{ span: 8 }}
        name="acceptHours"
        label={t('console.category.acceptHours')}
        min={0.5}
        max={720}
        fieldProps={{ step: 0.5 }}
        rules={[required, zodRule(schema, 'acceptHours')]}
      />
      <ProFormDigit
        colProps={{ span: 8 }}
        name="resolveDays"
        label={t('console.category.resolveDays')}
        min={0}
        max={365}
        fieldProps={{ precision: 0 }}
        rules={[required, zodRule(schema, 'resolveDays')]}
      />
      <ProFormDigit
        colProps={{ span: 8 }}
        name="urgentHours"
        label={t('console.category.urgentHours')}
        min={0.5}
        max={720}
        fieldProps={{ step: 0.5 }}
        rules={[required, zodRule(schema, 'urgentHours')]}
      />
      <Col span={16}>
        <Form.Item name="defaultLeadUnitId" label={t('console.category.defaultLeadUnit')}>
          <UnitSelect units={units} />
        </Form.Item>
      </Col>
      <ProFormSwitch colProps={{ span: 8 }} name="active" label={t('console.category.active')} />
      <Col span={24}>
        <Form.Item label={t('console.category.gridRoutes')} tooltip={t('console.category.gridRoutesHint')} style={{ marginBottom: 0 }}>
          <Form.List name="gridRoutes">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Row key={f.key} gutter={8} align="top">
                    <Col span={11}>
                      <Form.Item name={[f.name, 'gridId']} rules={[required]}>
                        <GridTreeSelect grids={grids} />
                      </Form.Item>
                    </Col>
                    <Col span={11}>
                      <Form.Item name={[f.name, 'unitId']} rules={[required]}>
                        <UnitSelect units={units} />
                      </Form.Item>
                    </Col>
                    <Col span={2}>
                      <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('common.delete')} />
                    </Col>
                  </Row>
                ))}
                <Form.Item>
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block>
                    {t('console.category.addRoute')}
                  </Button>
                </Form.Item>
              </>
            )}
          </Form.List>
        </Form.Item>
      </Col>
    </ModalForm>
  );
}

/** 事项分类: the categories of cases with their SLA and routing (default lead unit, per-grid lead units). */
export function CategoriesPage() {
  const { can } = useSession();
  const action = useRef<ActionType>(null);
  const editor = useEditor<Category>();
  const grids = useGrids();
  const units = useUnits();
  const unitNames = nameMap(units.rows);
  const writable = can('category:write');

  const columns: ProColumns<Category>[] = [
    { title: t('console.keyword'), dataIndex: 'q', hideInTable: true },
    {
      title: t('console.category.active'),
      dataIndex: 'active',
      valueType: 'select',
      hideInTable: true,
      fieldProps: {
        options: [
          { value: 'true', label: t('console.category.activeYes') },
          { value: 'false', label: t('console.category.activeNo') },
        ],
      },
    },
    { title: t('console.category.code'), dataIndex: 'code', search: false, width: 100, render: (_d, r) => <Tag>{r.code}</Tag> },
    { title: t('console.category.name'), dataIndex: 'name', search: false },
    { title: t('console.category.gbClass'), dataIndex: 'gbClass', search: false, render: (_d, r) => r.gbClass ?? '-' },
    { title: t('console.category.acceptHours'), dataIndex: 'acceptHours', search: false, width: 110 },
    { title: t('console.category.resolveDays'), dataIndex: 'resolveDays', search: false, width: 120 },
    { title: t('console.category.urgentHours'), dataIndex: 'urgentHours', search: false, width: 110 },
    {
      title: t('console.category.defaultLeadUnit'),
      dataIndex: 'defaultLeadUnitId',
      search: false,
      render: (_d, r) => (
        <span>
          {r.defaultLeadUnitId ? (unitNames.get(r.defaultLeadUnitId) ?? '-') : '-'}
          {r.gridRoutes.length > 0 && <Tag style={{ marginLeft: 6 }}>{t('console.category.routesN', { n: r.gridRoutes.length })}</Tag>}
        </span>
      ),
    },
    {
      title: t('console.category.active'),
      dataIndex: 'activeCol',
      search: false,
      width: 80,
      render: (_d, r) => <Tag color={r.active ? 'green' : 'default'}>{r.active ? t('console.category.activeYes') : t('console.category.activeNo')}</Tag>,
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 80,
      hideInTable: !writable,
      render: (_d, r) => [
        <a key="edit" onClick={() => editor.edit(r)}>
          {t('common.edit')}
        </a>,
      ],
    },
  ];

  return (
    <PageContainer title={t('console.menu.categories')} subTitle={t('console.category.subtitle')}>
      <ProTable<Category>
        rowKey="id"
        actionRef={action}
        columns={columns}
        request={listRequest<Category>('/categories')}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
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
        <CategoryForm editing={editor.state.row} grids={grids.rows} units={units.rows} onClose={editor.close} onDone={() => action.current?.reload()} />
      )}
    </PageContainer>
  );
}
