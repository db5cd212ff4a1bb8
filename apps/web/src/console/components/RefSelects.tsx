import type { Grid, Org, Person, Role, Unit, User } from '@tongxin/domain';
import { Select, Tag, TreeSelect } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { t } from '../../shared/i18n.ts';
import { fetchAll } from '../lib/list.ts';
import { buildTree } from '../lib/tree.ts';
import { roleLabel } from '../../shared/dataNames.ts';

interface RefProps {
  value?: string | null;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  disabled?: boolean;
  id?: string;
}

/** 党组织 TreeSelect over rows of GET /orgs/tree. */
export function OrgTreeSelect({ orgs, value, onChange, placeholder, disabled, id }: RefProps & { orgs: Org[] }) {
  const treeData = useMemo(() => buildTree(orgs, (o) => o.name), [orgs]);
  return (
    <TreeSelect
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v)}
      treeData={treeData}
      allowClear
      showSearch
      treeNodeFilterProp="label"
      treeDefaultExpandAll
      disabled={disabled}
      placeholder={placeholder ?? t('console.org.select')}
      style={{ width: '100%' }}
    />
  );
}

/** 网格 TreeSelect over rows of GET /grids/tree. */
export function GridTreeSelect({ grids, value, onChange, placeholder, disabled, id, required }: RefProps & { grids: Grid[]; required?: boolean }) {
  const treeData = useMemo(() => buildTree(grids, (g) => (g.levelName ? `${g.name}（${g.levelName}）` : g.name)), [grids]);
  return (
    <TreeSelect
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v)}
      treeData={treeData}
      allowClear={!required}
      showSearch
      treeNodeFilterProp="label"
      treeDefaultExpandAll
      disabled={disabled}
      placeholder={placeholder ?? t('console.grid.select')}
      style={{ width: '100%' }}
    />
  );
}

/** 成员单位 Select. */
export function UnitSelect({ units, value, onChange, placeholder, disabled, id }: RefProps & { units: Unit[] }) {
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v)}
      options={units.map((u) => ({ value: u.id, label: u.name }))}
      allowClear
      showSearch
      optionFilterProp="label"
      disabled={disabled}
      placeholder={placeholder ?? t('console.unit.select')}
      style={{ width: '100%' }}
    />
  );
}

/** 角色 Select; builtin roles are tagged. */
export function RoleSelect({ roles, value, onChange, placeholder, disabled, id }: RefProps & { roles: Role[] }) {
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v)}
      options={roles.map((r) => ({ value: r.id, label: roleLabel(r.name), scope: r.dataScope }))}
      optionRender={(o) => (
        <span>
          {o.label} <Tag>{t(`dataScope.${String(o.data.scope)}`)}</Tag>
        </span>
      )}
      showSearch
      optionFilterProp="label"
      disabled={disabled}
      placeholder={placeholder ?? t('console.role.select')}
      style={{ width: '100%' }}
    />
  );
}

/** A Select over a list route, searching `?q=` as the user types; `current` names the value before any search finds it. */
function RemoteSelect<T extends { id: string }>({
  path,
  label,
  current,
  value,
  onChange,
  placeholder,
  disabled,
  id,
}: RefProps & { path: string; label: (row: T) => string; current?: { value: string; label: string } | null }) {
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      setLoading(true);
      void fetchAll<T>(path, { q: q.trim() || undefined, pageSize: 20 }).then((rows) => {
        setOptions(rows.map((r) => ({ value: r.id, label: label(r) })));
        setLoading(false);
      });
    }, 250);
  };
  useEffect(() => {
    search('');
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path]);
  const shown = current && !options.some((o) => o.value === current.value) ? [current, ...options] : options;
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v)}
      options={shown}
      showSearch
      filterOption={false}
      onSearch={search}
      loading={loading}
      allowClear
      disabled={disabled}
      placeholder={placeholder}
      style={{ width: '100%' }}
      notFoundContent={loading ? t('common.loading') : t('common.none')}
    />
  );
}

/** 人员 Select searching GET /people?q= as the user types. */
export function PersonSelect(props: RefProps) {
  return (
    <RemoteSelect<Person>
      {...props}
      path="/people"
      label={(p) => (p.phone ? `${p.name}（${p.phone}）` : p.name)}
      placeholder={props.placeholder ?? t('console.person.searchPlaceholder')}
    />
  );
}

/** 账号 Select searching GET /users?q= (the alliance's accounts) as the user types. */
export function UserSelect(props: RefProps & { current?: { value: string; label: string } | null }) {
  return (
    <RemoteSelect<User>
      {...props}
      path="/users"
      label={(u) => `${u.displayName}（${u.username}）`}
      placeholder={props.placeholder ?? t('console.user.searchPlaceholder')}
    />
  );
}
