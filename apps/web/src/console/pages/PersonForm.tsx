import { ModalForm, ProFormSelect, ProFormSwitch, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { GENDERS, ID_TYPES, PersonCreate, PersonUpdate } from '@tongxin/domain';
import type { Grid, Org, Person, Unit } from '@tongxin/domain';
import { Col, Form } from 'antd';
import { patch, post } from '../../shared/api.ts';
import { enumOptions, t } from '../../shared/i18n.ts';
import { keptRule, zodRule } from '../../shared/zodRule.ts';
import { GridTreeSelect, OrgTreeSelect, UnitSelect } from '../components/RefSelects.tsx';
import { attempt } from '../lib/errors.ts';
import { nullify } from '../lib/list.ts';

interface FormValues {
  name: string;
  gender?: 'male' | 'female' | null;
  phone?: string;
  idType?: (typeof ID_TYPES)[number] | null;
  idNumber?: string;
  isPartyMember?: boolean;
  orgId?: string | null;
  unitId?: string | null;
  gridId?: string | null;
  title?: string;
  note?: string;
}

interface Props {
  editing: Person | null;
  orgs: Org[];
  units: Unit[];
  grids: Grid[];
  onClose: () => void;
  onDone: () => void;
}

/** Create / edit a person. Phone and ID number come masked: on edit, an empty field keeps the stored value. */
export function PersonForm({ editing, orgs, units, grids, onClose, onDone }: Props) {
  const [form] = Form.useForm<FormValues>();
  const schema = editing ? PersonUpdate : PersonCreate;
  const initial: Partial<FormValues> = editing
    ? {
        name: editing.name,
        gender: editing.gender,
        idType: editing.idType ?? 'resident_id',
        isPartyMember: editing.isPartyMember,
        orgId: editing.orgId,
        unitId: editing.unitId,
        gridId: editing.gridId,
        title: editing.title ?? undefined,
        note: editing.note ?? undefined,
      }
    : { idType: 'resident_id', isPartyMember: false };

  const submit = async (v: FormValues) => {
    const body: Partial<FormValues> = nullify(v, ['orgId', 'unitId', 'gridId', 'gender']);
    if (editing && !v.phone) delete body.phone;
    if (editing && !v.idNumber) delete body.idNumber;
    // cross-field check (ID number against its document type) before the server sees it; an edit's pair is checked by
    // the server, which knows the stored one
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      form.setFields(
        parsed.error.issues.map((i) => ({
          name: i.path.map(String),
          errors: [t(`issue.${i.code === 'custom' ? i.message : i.code}`)],
        })) as Parameters<typeof form.setFields>[0],
      );
      return false;
    }
    const ok = await attempt(() => (editing ? patch(`/people/${editing.id}`, body) : post('/people', body)), form);
    if (ok) onDone();
    return ok;
  };

  return (
    <ModalForm<FormValues>
      name="person"
      title={editing ? t('console.person.edit') : t('console.person.create')}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={720}
      grid
      rowProps={{ gutter: 16 }}
      initialValues={initial}
      onFinish={submit}
    >
      <ProFormText
        colProps={{ span: 12 }}
        name="name"
        label={t('console.person.name')}
        rules={[{ required: true, message: t('issue.required') }, keptRule(PersonCreate, 'name', editing?.name)]}
      />
      <ProFormSelect colProps={{ span: 12 }} name="gender" label={t('console.person.gender')} options={enumOptions('gender', GENDERS)} />
      <ProFormText
        colProps={{ span: 12 }}
        name="phone"
        label={t('console.person.phone')}
        placeholder={editing?.phone ? t('console.keepMasked', { value: editing.phone }) : '13812345678'}
        // a number typed here is a new one (empty keeps the stored): checked as on create
        rules={[zodRule(PersonCreate, 'phone')]}
      />
      {/* 政治面貌 is a switch: it says which way it is set (党员 / 群众), as the list's tag does */}
      <ProFormSwitch
        colProps={{ span: 12 }}
        name="isPartyMember"
        label={t('console.person.isPartyMember')}
        fieldProps={{ checkedChildren: t('console.person.partyMember'), unCheckedChildren: t('console.person.masses') }}
      />
      <ProFormSelect colProps={{ span: 12 }} name="idType" label={t('console.person.idType')} options={enumOptions('idType', ID_TYPES)} allowClear={false} />
      <ProFormText
        colProps={{ span: 12 }}
        name="idNumber"
        label={t('console.person.idNumber')}
        placeholder={editing?.idNumber ? t('console.keepMasked', { value: editing.idNumber }) : undefined}
        dependencies={['idType']}
        rules={[zodRule(schema, 'idNumber')]}
      />
      <Col span={12}>
        <Form.Item name="orgId" label={t('console.person.org')}>
          <OrgTreeSelect orgs={orgs} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="unitId" label={t('console.person.unit')}>
          <UnitSelect units={units} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="gridId" label={t('console.person.grid')}>
          <GridTreeSelect grids={grids} />
        </Form.Item>
      </Col>
      <ProFormText
        colProps={{ span: 12 }}
        name="title"
        label={t('console.person.title')}
        placeholder={t('console.person.titlePlaceholder')}
        rules={[zodRule(schema, 'title')]}
      />
      <ProFormTextArea colProps={{ span: 24 }} name="note" label={t('console.person.note')} rules={[zodRule(schema, 'note')]} />
    </ModalForm>
  );
}
