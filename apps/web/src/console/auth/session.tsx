import type { MeResponse, Permission } from '@tongxin/domain';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { get, post, setUnauthenticatedHandler } from '../../shared/api.ts';

export interface Session {
  /** the signed-in user, null when signed out; undefined while the first /me is loading */
  me: MeResponse | null | undefined;
  setMe: (me: MeResponse | null) => void;
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
  can: (p: Permission) => boolean;
}

const Ctx = createContext<Session | null>(null);

/** Holds GET /api/v1/me for the whole console; a 401 from any call signs the user out. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<MeResponse | null | undefined>(undefined);

  const refresh = useCallback(async () => {
    try {
      setMe(await get<MeResponse>('/me'));
    } catch {
      setMe(null);
    }
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => setMe(null));
    void refresh();
  }, [refresh]);

  const logout = useCallback(async () => {
    try {
      await post('/auth/logout');
    } finally {
      setMe(null);
    }
  }, []);

  const value = useMemo<Session>(
    () => ({ me, setMe, refresh, logout, can: (p) => !!me && me.permissions.includes(p) }),
    [me, refresh, logout],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in user (inside RequireAuth, never null). */
export function useMe(): MeResponse {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}
