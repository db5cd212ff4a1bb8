import type { Grid, Org, Role, Unit } from '@tongxin/domain';
import { Col, Form } from 'antd';
import { t } from '../../shared/i18n.ts';
import { GridTreeSelect, OrgTreeSelect, RoleSelect, UnitSelect } from '../components/RefSelects.tsx';

interface Props {
  roles: Role[];
  units: Unit[];
  orgs: Org[];
  grids: Grid[];
}

/** Role, unit and data-scope fields of a membership; the scope pickers follow the chosen role's data scope. */
export function MembershipFields({ roles, units, orgs, grids }: Props) {
  const form = Form.useFormInstance();
  const roleId = Form.useWatch('roleId', form) as string | undefined;
  const scope = roles.find((r) => r.id === roleId)?.dataScope;
  return (
    <>
      <Col span={12}>
        <Form.Item name="roleId" label={t('console.user.role')} rules={[{ required: true, message: t('issue.required') }]}>
          <RoleSelect roles={roles} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item
          name="unitId"
          label={t('console.user.unit')}
          rules={scope === 'unit' ? [{ required: true, message: t('console.user.unitRequired') }] : []}
          extra={scope === 'unit' ? t('console.user.unitScopeHelp') : undefined}
        >
          <UnitSelect units={units} />
        </Form.Item>
      </Col>
      {scope === 'org' && (
        <Col span={12}>
          <Form.Item name="scopeOrgId" label={t('console.user.scopeOrg')} rules={[{ required: true, message: t('issue.required') }]}>
            <OrgTreeSelect orgs={orgs} />
          </Form.Item>
        </Col>
      )}
      {scope === 'grid' && (
        <Col span={12}>
          <Form.Item name="scopeGridId" label={t('console.user.scopeGrid')} rules={[{ required: true, message: t('issue.required') }]}>
            <GridTreeSelect grids={grids} />
          </Form.Item>
        </Col>
      )}
    </>
  );
}

/** Clears the scope references the chosen role does not use. */
export function scopeBody<T extends { roleId?: string; unitId?: string | null; scopeOrgId?: string | null; scopeGridId?: string | null }>(
  v: T,
  roles: Role[],
): T {
  const scope = roles.find((r) => r.id === v.roleId)?.dataScope;
  return {
    ...v,
    unitId: v.unitId ?? null,
    scopeOrgId: scope === 'org' ? (v.scopeOrgId ?? null) : null,
    scopeGridId: scope === 'grid' ? (v.scopeGridId ?? null) : null,
  };
}
