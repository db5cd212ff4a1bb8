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
  /** true after the user chose 退出登录 (login then starts from the home page, not the last page) */
  signedOut: boolean;
}

const Ctx = createContext<Session | null>(null);

/** Holds GET /api/v1/me for the whole console; a 401 from any call signs the user out. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMeState] = useState<MeResponse | null | undefined>(undefined);
  const [signedOut, setSignedOut] = useState(false);
  const setMe = useCallback((m: MeResponse | null) => {
    setMeState(m);
    if (m) setSignedOut(false);
  }, []);

  const refresh = useCallback(async () => {
    try {
      // null (200) when nobody is signed in, so the login page does not start with a 401
      setMe(await get<MeResponse | null>('/auth/session'));
    } catch {
      setMe(null);
    }
  }, [setMe]);

  useEffect(() => {
    setUnauthenticatedHandler(() => setMe(null));
    void refresh();
  }, [refresh, setMe]);

  const logout = useCallback(async () => {
    try {
      await post('/auth/logout');
    } finally {
      setSignedOut(true);
      setMe(null);
    }
  }, [setMe]);

  const value = useMemo<Session>(
    () => ({ me, setMe, refresh, logout, signedOut, can: (p) => !!me && me.permissions.includes(p) }),
    [me, setMe, refresh, logout, signedOut],
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
