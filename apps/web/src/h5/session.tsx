import type { MeResponse } from '@tongxin/domain';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, get, post, setUnauthenticatedHandler } from '../shared/api.ts';

export type Me = MeResponse;

interface Session {
  /** The signed-in user, or null when signed out; undefined while the first /me is loading. */
  me: Me | null | undefined;
  setMe: (me: Me | null) => void;
  /** Reloads /me (after a switch, or on pull-to-refresh). */
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
}

const Ctx = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const refresh = useCallback(async () => {
    try {
      // null (200) when nobody is signed in: the public report page asks too, and a resident's console stays free of 401s
      setMe(await get<Me | null>('/auth/session'));
    } catch (e) {
      // only a real 401 signs out; a network hiccup keeps what we have (or shows login on first load)
      if (e instanceof ApiError && e.status === 401) setMe(null);
      else setMe((prev) => (prev === undefined ? null : prev));
    }
  }, []);

  const logout = useCallback(async () => {
    try {
      await post('/auth/logout');
    } catch {
      // the session may already be gone; signing out locally is what matters
    }
    setMe(null);
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => setMe(null));
    void refresh();
  }, [refresh]);

  const value = useMemo(() => ({ me, setMe, refresh, logout }), [me, refresh, logout]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in user; only for pages behind RequireAuth. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}
