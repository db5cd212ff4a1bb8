import { ModalForm, ProFormDigit, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { GridCreate, GridUpdate } from '@tongxin/domain';
import type { Grid, Org } from '@tongxin/domain';
import { Form } from 'antd';
import { patch, post } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { keptRule, zodRule } from '../../shared/zodRule.ts';
import { GridTreeSelect, OrgTreeSelect } from '../components/RefSelects.tsx';
import { attempt } from '../lib/errors.ts';
import { nullify } from '../lib/list.ts';

interface FormValues {
  parentId?: string | null;
  name: string;
  code?: string;
  orgId?: string | null;
  description?: string;
  sortOrder?: number;
}

interface Props {
  grids: Grid[];
  orgs: Org[];
  editing: Grid | null;
  parent: Grid | null;
  levelName: (level: number) => string;
  onClose: () => void;
  onDone: (g: Grid) => void;
}

/** Create a grid cell (under a parent) or edit one. */
export function GridForm({ grids, orgs, editing, parent, levelName, onClose, onDone }: Props) {
  const [form] = Form.useForm<FormValues>();
  const schema = editing ? GridUpdate : GridCreate;
  const initial: Partial<FormValues> = editing
    ? {
        parentId: editing.parentId,
        name: editing.name,
        code: editing.code ?? undefined,
        orgId: editing.orgId,
        description: editing.description ?? undefined,
        sortOrder: editing.sortOrder,
      }
    : { parentId: parent?.id ?? null, orgId: parent?.orgId ?? null, sortOrder: 0 };
  const level = editing ? editing.level : parent ? parent.level + 1 : 0;
  const submit = async (v: FormValues) => {
    const body = nullify(v, ['parentId', 'orgId']);
    let saved: Grid | null = null;
    const ok = await attempt(async () => {
      saved = editing ? await patch<Grid>(`/grids/${editing.id}`, body) : await post<Grid>('/grids', body);
    }, form);
    if (ok && saved) onDone(saved);
    return ok;
  };
  const title = editing ? t('console.grid.edit') : t('console.grid.createLevel', { level: levelName(level) });
  return (
    <ModalForm<FormValues>
      name="grid"
      title={title}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={560}
      initialValues={initial}
      onFinish={submit}
    >
      <Form.Item name="parentId" label={t('console.grid.parent')}>
        <GridTreeSelect grids={editing ? grids.filter((g) => g.id !== editing.id) : grids} placeholder={t('console.grid.root')} />
      </Form.Item>
      <ProFormText
        name="name"
        label={t('console.grid.name')}
        rules={[{ required: true, message: t('issue.required') }, keptRule(GridCreate, 'name', editing?.name)]}
      />
      <ProFormText name="code" label={t('console.grid.code')} rules={[zodRule(schema, 'code')]} />
      <Form.Item name="orgId" label={t('console.grid.org')}>
        <OrgTreeSelect orgs={orgs} />
      </Form.Item>
      <ProFormTextArea name="description" label={t('console.grid.description')} rules={[zodRule(schema, 'description')]} />
      <ProFormDigit name="sortOrder" label={t('console.sortOrder')} min={0} max={100000} fieldProps={{ precision: 0 }} />
    </ModalForm>
  );
}
