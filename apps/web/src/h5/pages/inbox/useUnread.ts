import { useEffect, useState } from 'react';
import { get } from '../../../shared/api.ts';

/** My unread inbox count in the current alliance (fetched when the page shows; 0 while unknown). */
export function useUnread(enabled: boolean): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    get<{ unread: number }>('/inbox/unread-count')
      .then((r) => live && setN(r.unread))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [enabled]);
  return n;
}
