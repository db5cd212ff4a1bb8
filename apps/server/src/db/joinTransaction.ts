import type { Db } from './index.ts';

/**
 * A view of `trx` whose `transaction().execute(fn)` runs `fn` inside `trx` instead of opening a new transaction:
 * services that always open their own transaction (ticket intake, the ticket actions) can then be composed into a
 * caller's transaction — one commit for the whole change, or nothing.
 */
export function joinTransaction(trx: Db): Db {
  return new Proxy(trx, {
    get(target, prop) {
      if (prop === 'transaction') return () => ({ execute: <T>(fn: (t: Db) => Promise<T>) => fn(target) });
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v;
    },
  });
}
