import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../session.tsx';
import { Loading } from './Loading.tsx';

/** Pages below need a session: wait for /me, send the signed-out to login (remembering where they were going). */
export function RequireAuth() {
  const { me } = useSession();
  const location = useLocation();
  if (me === undefined) return <Loading />;
  if (me === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <Outlet />;
}
