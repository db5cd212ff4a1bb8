/**
 * Past months change only by late ratings and closures, so the figures read for one are kept a while, per process
 * (docs/TICKETS.md: 数据大屏, 全市总览); the current month is never kept. Bounded: the oldest entry goes first.
 */
const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 1_000;

/** A bounded map of past-month figures, each kept 10 minutes on `now`'s clock (a clock set back reads afresh). */
export interface PastCache<T> {
  get(key: string, now: number): T | undefined;
  set(key: string, now: number, value: T): void;
}

/** A new, empty past-month cache. */
export function pastCache<T>(): PastCache<T> {
  const cache = new Map<string, { at: number; value: T }>();
  return {
    get(key, now) {
      const hit = cache.get(key);
      return hit && now - hit.at < TTL_MS && now >= hit.at ? hit.value : undefined;
    },
    set(key, now, value) {
      cache.delete(key);
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
      cache.set(key, { at: now, value });
    },
  };
}
