import { Toast } from 'antd-mobile';
import { useCallback, useRef, useState } from 'react';
import { get } from '../../shared/api.ts';
import { errorText } from '../errors.ts';

type Params = Record<string, string | undefined>;
const PAGE_SIZE = 20;

interface ListState<T> {
  id: string; // which query these rows answer
  items: T[];
  total: number;
  /** the ticket list counts up to a cap: more match than `total` */
  totalCapped: boolean;
  page: number;
  hasMore: boolean;
  error: string | null;
}

const fresh = <T>(id: string): ListState<T> => ({ id, items: [], total: 0, totalCapped: false, page: 0, hasMore: true, error: null });

/**
 * A paged API list (`{items, total}`) for InfiniteScroll + PullToRefresh. A new query starts over at once;
 * answers to an older query, or overtaken by a refresh, are dropped.
 */
export function usePagedList<T>(path: string, params: Params) {
  const id = `${path}?${JSON.stringify(params)}`;
  const [stored, setStored] = useState<ListState<T>>(() => fresh(id));
  const state = stored.id === id ? stored : fresh<T>(id);
  const latest = useRef({ id, state, epoch: 0 });
  latest.current.id = id;
  latest.current.state = state;

  const fetchPage = useCallback(
    async (n: number) => {
      const epoch = latest.current.epoch;
      try {
        const res = await get<{ items: T[]; total: number; totalCapped?: boolean }>(path, { ...params, page: n, pageSize: PAGE_SIZE });
        if (latest.current.id !== id || latest.current.epoch !== epoch) return;
        setStored((prev) => {
          const base = prev.id === id && n > 1 ? prev.items : [];
          return {
            id,
            items: [...base, ...res.items],
            total: res.total,
            totalCapped: res.totalCapped === true,
            page: n,
            hasMore: res.items.length > 0 && n * PAGE_SIZE < res.total,
            error: null,
          };
        });
      } catch (e) {
        if (latest.current.id === id) setStored((prev) => ({ ...(prev.id === id ? prev : fresh<T>(id)), error: errorText(e) }));
        throw e;
      }
    },
    // params and path are described completely by id, which is derived from them
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [id],
  );

  const loadMore = useCallback(() => fetchPage(latest.current.state.page + 1), [fetchPage]);
  const refresh = useCallback(async () => {
    latest.current.epoch += 1;
    await fetchPage(1).catch((e: unknown) => Toast.show({ icon: 'fail', content: errorText(e) }));
  }, [fetchPage]);

  return { ...state, loadMore, refresh, queryId: id };
}
