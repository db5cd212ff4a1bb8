import { useCallback, useEffect, useState } from 'react';
import { get, poll } from '../../../shared/api.ts';

const listeners = new Set<() => void>();

/** Tells every unread counter (the header bell) to fetch again, e.g. after marking items read. */
export function refreshUnread(): void {
  for (const l of listeners) l();
}

/** The signed-in user's unread count in the current alliance, polled every minute and on refreshUnread(). */
export function useUnreadCount(enabled = true): number {
  const [n, setN] = useState(0);
  const load = useCallback(
    (background = false) => {
      if (!enabled) return;
      (background ? poll : get)<{ unread: number }>('/inbox/unread-count')
        .then((r) => setN(r.unread))
        .catch(() => undefined);
    },
    [enabled],
  );
  useEffect(() => {
    load();
    listeners.add(load);
    // the minute's poll is the app's own doing: it must not keep an unattended console signed in
    const timer = setInterval(() => load(true), 60_000);
    return () => {
      listeners.delete(load);
      clearInterval(timer);
    };
  }, [load]);
  return n;
}
