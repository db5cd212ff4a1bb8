import { unstableSetRender } from 'antd-mobile';
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { currentLocale, loadLocale } from '../shared/i18n.ts';
import { App } from './App.tsx';
import { applyLargeFont } from './largeFont.ts';
import './h5.css';

// antd-mobile 5 renders Toast/Dialog with the legacy ReactDOM.render, which React 19 removed.
unstableSetRender((node, container) => {
  const c = container as Element & { _txRoot?: Root };
  c._txRoot ??= createRoot(c);
  const root = c._txRoot;
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    delete c._txRoot;
  };
});

applyLargeFont();
document.documentElement.lang = currentLocale() === 'zh-CN' ? 'zh-CN' : 'en';

// the strings first: every component reads them synchronously
void loadLocale().then(() =>
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
