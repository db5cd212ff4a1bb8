import { ModalForm, ProFormDatePicker, ProFormDigit, ProFormSelect, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { PROJECT_KINDS, ProjectCreate, ProjectUpdate } from '@tongxin/domain';
import type { Person, ProjectKind, ProjectNode, Unit } from '@tongxin/domain';
import { Col, Form, Select } from 'antd';
import { useEffect, useState } from 'react';
import { patch, post } from '../../../shared/api.ts';
import { enumOptions, t } from '../../../shared/i18n.ts';
import { keptRule, zodRule } from '../../../shared/zodRule.ts';
import { UnitSelect } from '../../components/RefSelects.tsx';
import { attempt } from '../../lib/errors.ts';
import { fetchAll } from '../../lib/list.ts';
import { dayjs } from '../../lib/time.ts';

interface Values {
  kind: ProjectKind;
  title: string;
  description?: string;
  ownerUnitId?: string;
  responsiblePersonId?: string | null;
  deadline?: unknown;
  weight?: number;
  capacity?: number | null;
}

/** People of a unit, for the responsible person (责任人). */
function UnitPeopleSelect({ unitId, value, onChange, id }: { unitId?: string; value?: string | null; onChange?: (v: string | null) => void; id?: string }) {
  const [people, setPeople] = useState<Person[]>([]);
  useEffect(() => {
    let live = true;
    void fetchAll<Person>('/people', unitId ? { unitId } : {}).then((rows) => live && setPeople(rows));
    return () => {
      live = false;
    };
  }, [unitId]);
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      allowClear
      showSearch
      optionFilterProp="label"
      options={people.map((p) => ({ value: p.id, label: p.title ? `${p.name}（${p.title}）` : p.name }))}
      placeholder={t('projects.responsiblePlaceholder')}
      style={{ width: '100%' }}
    />
  );
}

/** A picked date as YYYY-MM-DD (Asia/Shanghai calendar date), or null. */
function toDate(v: unknown): string | null {
  if (!v) return null;
  return dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : String(v).slice(0, 10);
}

/** Creates a project (under `parent` when adding a sub-project) or edits one. */
export function ProjectForm({
  editing,
  parent,
  units,
  pickUnit,
  onClose,
  onDone,
}: {
  editing: ProjectNode | null;
  parent: ProjectNode | null;
  units: Unit[];
  pickUnit: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const schema = editing ? ProjectUpdate : ProjectCreate;
  const kind = (Form.useWatch('kind', form) as ProjectKind | undefined) ?? editing?.kind ?? 'undertaking';
  const ownerUnitId = (Form.useWatch('ownerUnitId', form) as string | undefined) ?? editing?.ownerUnitId;
  const initial: Partial<Values> = editing
    ? {
        kind: editing.kind,
        title: editing.title,
        description: editing.description ?? undefined,
        responsiblePersonId: editing.responsiblePersonId,
        deadline: editing.deadline ?? undefined,
        weight: editing.weight,
        capacity: editing.capacity,
      }
    : { kind: 'undertaking', weight: 1, ownerUnitId: parent?.ownerUnitId };

  const submit = async (v: Values) => {
    const common = {
      title: v.title,
      description: v.description ?? '',
      responsiblePersonId: v.responsiblePersonId ?? null,
      deadline: toDate(v.deadline),
      weight: v.weight ?? 1,
    };
    const body = editing
      ? { ...common, ...(editing.kind === 'service' ? { capacity: v.capacity ?? null } : {}) }
      : {
          ...common,
          kind: v.kind,
          parentId: parent?.id ?? null,
          ...(pickUnit && v.ownerUnitId ? { ownerUnitId: v.ownerUnitId } : {}),
          ...(v.kind === 'service' ? { capacity: v.capacity ?? null } : {}),
        };
    const ok = await attempt(() => (editing ? patch(`/projects/${editing.id}`, body) : post('/projects', body)), form);
    if (ok) onDone();
    return ok;
  };

  const title = editing ? t('projects.edit') : parent ? t('projects.addChildTo', { title: parent.title }) : t('projects.create');
  return (
    <ModalForm<Values>
      name="project"
      title={title}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={640}
      grid
      rowProps={{ gutter: 16 }}
      initialValues={initial}
      modalProps={{ destroyOnHidden: true }}
      onFinish={submit}
    >
      {!editing && (
        <ProFormSelect colProps={{ span: 12 }} name="kind" label={t('projects.kind')} options={enumOptions('projectKind', PROJECT_KINDS)} allowClear={false} />
      )}
      {!editing && pickUnit && (
        <Col span={12}>
          <Form.Item name="ownerUnitId" label={t('projects.ownerUnit')} rules={[{ required: true, message: t('issue.required') }]}>
            <UnitSelect units={units} onChange={() => form.setFieldValue('responsiblePersonId', null)} />
          </Form.Item>
        </Col>
      )}
      <ProFormText
        colProps={{ span: 24 }}
        name="title"
        label={t('projects.title')}
        rules={[{ required: true, message: t('issue.required') }, keptRule(ProjectCreate, 'title', editing?.title)]}
      />
      <ProFormTextArea colProps={{ span: 24 }} name="description" label={t('projects.description')} rules={[zodRule(schema, 'description')]} />
      <Col span={12}>
        <Form.Item name="responsiblePersonId" label={t('projects.responsible')}>
          <UnitPeopleSelect unitId={ownerUnitId} />
        </Form.Item>
      </Col>
      <ProFormDatePicker
        colProps={{ span: 12 }}
        name="deadline"
        label={t('projects.deadline')}
        fieldProps={{ format: 'YYYY-MM-DD', style: { width: '100%' } }}
      />
      <ProFormDigit
        colProps={{ span: 12 }}
        name="weight"
        label={t('projects.weight')}
        min={0.1}
        max={1000}
        fieldProps={{ step: 1 }}
        extra={t('projects.weightHint')}
        rules={[zodRule(schema, 'weight')]}
      />
      {kind === 'service' && (
        <ProFormDigit
          colProps={{ span: 12 }}
          name="capacity"
          label={t('projects.capacity')}
          min={1}
          fieldProps={{ precision: 0 }}
          rules={[{ required: true, message: t('issue.required') }, zodRule(schema, 'capacity')]}
        />
      )}
    </ModalForm>
  );
}
