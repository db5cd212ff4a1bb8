import { PERMISSIONS } from '@tongxin/domain';
import type { Permission } from '@tongxin/domain';
import { Checkbox, Col, Row } from 'antd';
import { t } from '../../shared/i18n.ts';
import { togglePermissions } from '../lib/permissionToggle.ts';

/** Permissions grouped by resource (alliance, org, unit, …), in the order of PERMISSIONS. */
export const PERMISSION_GROUPS: { group: string; perms: Permission[] }[] = (() => {
  const out: { group: string; perms: Permission[] }[] = [];
  for (const p of PERMISSIONS) {
    const group = p.split(':')[0] as string;
    const g = out.find((x) => x.group === group);
    if (g) g.perms.push(p);
    else out.push({ group, perms: [p] });
  }
  return out;
})();

/** A grouped checkbox list of permissions (labels perm.*), with a select-all per group; a write ticks its read (togglePermissions). */
export function PermissionChecklist({ value, onChange, disabled }: { value?: Permission[]; onChange?: (v: Permission[]) => void; disabled?: boolean }) {
  const selected = new Set(value ?? []);
  const set = (perms: Permission[], on: boolean) => onChange?.(togglePermissions(value ?? [], perms, on));
  return (
    <div style={{ border: '1px solid #f0f0f0', borderRadius: 4 }}>
      {PERMISSION_GROUPS.map(({ group, perms }) => {
        const n = perms.filter((p) => selected.has(p)).length;
        return (
          <Row key={group} style={{ padding: '8px 12px', borderBottom: '1px solid #f5f5f5' }} align="middle">
            <Col flex="140px">
              <Checkbox
                checked={n === perms.length}
                indeterminate={n > 0 && n < perms.length}
                disabled={disabled}
                onChange={(e) => set(perms, e.target.checked)}
              >
                <b>{t(`console.permGroup.${group}`)}</b>
              </Checkbox>
            </Col>
            <Col flex="auto">
              {perms.map((p) => (
                <Checkbox key={p} checked={selected.has(p)} disabled={disabled} onChange={(e) => set([p], e.target.checked)} data-perm={p}>
                  {t(`perm.${p}`)}
                </Checkbox>
              ))}
            </Col>
          </Row>
        );
      })}
    </div>
  );
}
