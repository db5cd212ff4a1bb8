import '@ant-design/v5-patch-for-react-19';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { currentLocale, loadLocale } from '../shared/i18n.ts';
import { App } from './App.tsx';
import { SessionProvider } from './auth/session.tsx';
import './console.css';
import { dayjs } from './lib/time.ts';

const zh = currentLocale() === 'zh-CN';
dayjs.locale(zh ? 'zh-cn' : 'en');
document.documentElement.lang = zh ? 'zh-CN' : 'en';

// the strings first: every component reads them synchronously
void loadLocale().then(() =>
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <ConfigProvider
        locale={zh ? zhCN : enUS}
        theme={{ token: { colorPrimary: '#c41d24', borderRadius: 4 } }}
        // keep button texts exact (登录, 新建), as users and tests read them
        button={{ autoInsertSpace: false }}
      >
        <AntApp>
          <BrowserRouter>
            <SessionProvider>
              <App />
            </SessionProvider>
          </BrowserRouter>
        </AntApp>
      </ConfigProvider>
    </StrictMode>,
  ),
);
