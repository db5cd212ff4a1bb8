import type { DashboardOverview } from '@tongxin/domain';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../../shared/api.ts';

/** How often a screen reads the figures again. */
export const REFRESH_MS = 60_000;

/**
 * The big screen's figures, read at once and again every minute (`read(true)`: a background read), and a clock that
 * ticks every second. The last figures stay after a failed refresh, with the error beside them.
 */
export function useScreenData(read: (background: boolean) => Promise<DashboardOverview>) {
  const [data, setData] = useState<DashboardOverview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const load = useCallback(
    (background: boolean) => {
      read(background)
        .then((d) => {
          setData(d);
          setError(null);
        })
        .catch((e: unknown) => setError(e instanceof ApiError ? e : new ApiError(0, 'NETWORK', String(e))));
    },
    [read],
  );

  useEffect(() => {
    load(false);
    const refresh = setInterval(() => load(true), REFRESH_MS);
    const clock = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearInterval(refresh);
      clearInterval(clock);
    };
  }, [load]);

  return { data, error, now, load };
}

/** Full screen on, or off again (a wall screen's browser allows it on a click). */
export function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen();
  else void document.documentElement.requestFullscreen?.();
}
