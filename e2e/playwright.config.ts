import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 8097);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Debian's Chromium, never a downloaded browser; the server runs on a fresh temp SQLite database with the demo.
export default defineConfig({
  testDir: './tests',
  outputDir: './artifacts/results',
  timeout: 90_000,
  // lazily loaded pages on a busy 2-core CI machine can take several seconds to appear
  expect: { timeout: 20_000 },
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['html', { outputFolder: './artifacts/report', open: 'never' }]],
  webServer: {
    // a fresh embedded database each run, seeded with the demo alliances on first start
    command: `rm -rf ./artifacts/data && node ../apps/server/bin/tongxin.mjs start`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: { PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: './artifacts/data', DEMO: 'true', LOG_LEVEL: 'warn', NODE_ENV: 'test' },
  },
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    {
      name: 'console',
      testMatch: /console.*\.spec\.ts/,
      testIgnore: /console\.meetings\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } },
    },
    // takes a 吹哨 case of its own onto a meeting of its own (so it reruns on the same data); that case is then the newest
    // agenda item and no longer waiting, while the console project's 吹哨议题 test expects the newest to wait: after it
    {
      name: 'console-meetings',
      testMatch: /console\.meetings\.spec\.ts/,
      dependencies: ['console'],
      use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } },
    },
    {
      name: 'h5',
      testMatch: /h5.*\.spec\.ts/,
      use: {
        viewport: { width: 375, height: 667 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
        userAgent:
          'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47 NetType/WIFI Language/zh_CN',
      },
    },
  ],
});
