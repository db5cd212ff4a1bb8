import { useCallback, useEffect, useState } from 'react';
import { get } from '../../shared/api.ts';
import { errorText } from '../errors.ts';

/** GETs one API resource; reload() for pull-to-refresh. Old answers never overwrite a newer path's. */
export function useFetch<T>(path: string) {
  const [state, setState] = useState<{ path: string; data?: T; error?: string }>({ path });
  const load = useCallback(async () => {
    try {
      const data = await get<T>(path);
      setState((s) => (s.path === path ? { path, data } : s));
    } catch (e) {
      setState((s) => (s.path === path ? { path, data: s.data, error: errorText(e) } : s));
    }
  }, [path]);

  useEffect(() => {
    setState((s) => (s.path === path ? s : { path }));
    void load();
  }, [path, load]);

  const current = state.path === path ? state : { path };
  return { data: current.data, error: current.error, loading: current.data === undefined && current.error === undefined, reload: load };
}
