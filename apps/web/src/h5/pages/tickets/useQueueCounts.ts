import { useEffect, useState } from 'react';
import { get } from '../../../shared/api.ts';
import type { Tile } from '../../tiles.ts';

/** How many cases wait in each work-queue tile (its `count` filter's total), fetched when the home page shows. */
export function useQueueCounts(tiles: readonly Tile[], enabled: boolean): Record<string, number> {
  const [counts, setCounts] = useState<Record<string, number>>({});
  const queues = tiles.filter((tile) => tile.count);
  const key = queues.map((tile) => tile.key).join(',');
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    for (const tile of queues)
      get<{ total: number }>('/tickets', { ...tile.count, pageSize: 1 })
        .then((r) => live && setCounts((c) => ({ ...c, [tile.key]: r.total })))
        .catch(() => undefined);
    return () => {
      live = false;
    };
    // the queues are described completely by their keys
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, enabled]);
  return counts;
}
