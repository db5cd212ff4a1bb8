import type { Grid, Org, Role, Unit } from '@tongxin/domain';
import { useCallback, useEffect, useState } from 'react';
import { get } from '../../shared/api.ts';
import { useSession } from '../auth/session.tsx';
import { fetchAll } from './list.ts';
import type { Paged } from './list.ts';

/** Loads a list once (and again on reload()); empty when the user lacks the permission or the call fails. */
function useList<T>(path: string, enabled: boolean, tree = false) {
  const [rows, setRows] = useState<T[]>([]);
  const [loading, setLoading] = useState(false);
  const reload = useCallback(async () => {
    if (!enabled) return;
    setLoading(true);
    try {
      setRows(tree ? (await get<Paged<T>>(path)).items : await fetchAll<T>(path));
    } catch {
      setRows([]);
    } finally {
      setLoading(false);
    }
  }, [path, enabled, tree]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { rows, loading, reload };
}

export function useOrgs() {
  return useList<Org>('/orgs/tree', useSession().can('org:read'), true);
}
export function useGrids() {
  return useList<Grid>('/grids/tree', useSession().can('grid:read'), true);
}
export function useUnits() {
  return useList<Unit>('/units', useSession().can('unit:read'));
}
export function useRoles() {
  const { can } = useSession();
  return useList<Role>('/roles', can('role:read') || can('user:write') || can('apikey:manage'));
}

/** id → name map of rows. */
export function nameMap(rows: { id: string; name: string }[]): Map<string, string> {
  return new Map(rows.map((r) => [r.id, r.name]));
}
