import { NavBar, SafeArea } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useTitle } from '../hooks/useTitle.ts';

/** A second-level page: a nav bar with a back arrow, a scrolling body and the bottom safe area. */
export function PageShell({ title, children, right }: { title: string; children: ReactNode; right?: ReactNode }) {
  const navigate = useNavigate();
  useTitle(title);
  const back = () => {
    // react-router keeps the history index in history.state; a deep link has nothing to go back to
    const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
    if (idx > 0) navigate(-1);
    else navigate('/', { replace: true });
  };
  return (
    <div className="tx-app">
      <NavBar className="tx-navbar" onBack={back} right={right}>
        {title}
      </NavBar>
      <div className="tx-body">{children}</div>
      <SafeArea position="bottom" />
    </div>
  );
}
