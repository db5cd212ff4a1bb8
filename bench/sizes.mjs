// node bench/sizes.mjs: first-load sizes of the console, the H5 app and the public pages (issue 7), measured in
// Debian's Chromium: every script and stylesheet the first screen requests, gzip-compressed here (level 9), summed.
// Targets: H5 ≤ 250 KB of JS (gzip) for its first screen; the public pages (/m/<code>, /t/<token>) load no JS at all.
// Needs the built web apps (npm run build) and /usr/bin/chromium (or CHROMIUM_PATH); says so and exits 0 otherwise.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { SERVER_NODE_FLAGS } from './lib.mjs';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'Tongxin@2026';
const H5_JS_LIMIT = 250 * 1024;

if (!existsSync(join(root, 'apps/web/dist/index.html'))) {
  console.log('sizes: skipped, the web apps are not built (npm run build)');
  process.exit(0);
}
if (!existsSync(CHROMIUM)) {
  console.log(`sizes: skipped, no Chromium at ${CHROMIUM}`);
  process.exit(0);
}
const { chromium } = require('playwright-core');

const dataDir = mkdtempSync(join(tmpdir(), 'tongxin-sizes-'));
const port = 18000 + Math.floor(Math.random() * 2000);
const base = `http://127.0.0.1:${port}`;
const server = spawn('node', [...SERVER_NODE_FLAGS, 'apps/server/bin/tongxin.mjs', 'start'], {
  cwd: root,
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: 'true', LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
let browser;
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (i > 600) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });

  /** Opens a page (after an optional login), waits until it shows `ready` and the network is idle, and sums what it loaded. */
  async function measure(label, path, { viewport, login, ready } = {}) {
    const context = await browser.newContext({ viewport: viewport ?? { width: 1440, height: 900 }, locale: 'zh-CN' });
    if (login) {
      const r = await context.request.post(`${base}/api/v1/auth/login`, { data: { username: login, password: PASSWORD } });
      if (!r.ok()) throw new Error(`login ${login}: ${r.status()}`);
    }
    const page = await context.newPage();
    const files = [];
    // every body read is awaited before the context closes, so that a late response is counted, not dropped
    const reads = [];
    page.on('response', (res) => {
      const type = res.request().resourceType();
      if (type !== 'script' && type !== 'stylesheet' && type !== 'document') return;
      reads.push(
        res.body().then(
          (body) => files.push({ type, url: res.url(), bytes: body.length, gzip: gzipSync(body, { level: 9 }).length }),
          () => {}, // a redirect has no body
        ),
      );
    });
    await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
    // network idle alone came too early: parsing the entry's scripts can take longer than its 500 ms on a slow machine,
    // before the app asks for the session and the screen's lazily loaded parts (the console's home was not counted)
    if (ready) {
      await page.getByText(ready).first().waitFor({ timeout: 30_000 });
      await page.waitForLoadState('networkidle');
    }
    await page.waitForTimeout(300);
    await Promise.all(reads);
    await context.close();
    const sum = (t, k) => files.filter((f) => f.type === t).reduce((a, f) => a + f[k], 0);
    const r = {
      label,
      path,
      scripts: files.filter((f) => f.type === 'script').length,
      jsBytes: sum('script', 'bytes'),
      jsGzip: sum('script', 'gzip'),
      cssGzip: sum('stylesheet', 'gzip'),
      htmlGzip: sum('document', 'gzip'),
    };
    console.log(
      `${label.padEnd(44)} ${String(r.scripts).padStart(3)} scripts, JS ${(r.jsGzip / 1024).toFixed(1)} KB gzip (${(r.jsBytes / 1024).toFixed(0)} KB raw), CSS ${(r.cssGzip / 1024).toFixed(1)} KB, HTML ${(r.htmlGzip / 1024).toFixed(1)} KB gzip`,
    );
    return r;
  }

  const phone = { width: 375, height: 667 };
  const results = [];
  results.push(await measure('console: login screen', '/login', { ready: '登录' }));
  results.push(await measure('console: first screen as hhx_staff', '/', { login: 'hhx_staff', ready: '我的待办' }));
  results.push(await measure('H5: login screen', '/h5/login', { viewport: phone, ready: '登录' }));
  results.push(await measure('H5: home as hhx_grid', '/h5/', { viewport: phone, login: 'hhx_grid', ready: '我的职责' }));
  // a public integrity page and the public report form's tracking page
  const cookie = await (async () => {
    const r = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'hhx_staff', password: PASSWORD }),
    });
    return (r.headers.get('set-cookie') ?? '').split(';')[0];
  })();
  const merchants = await (await fetch(`${base}/api/v1/merchants?pageSize=1`, { headers: { cookie } })).json();
  const code = merchants.items?.[0]?.publicCode;
  if (code) results.push(await measure('public: integrity page /m/<code>', `/m/${code}`, { viewport: phone }));
  results.push(await measure('public: tracking page /t/<unknown>', '/t/unknown-token-for-size', { viewport: phone }));

  const h5 = results.filter((r) => r.label.startsWith('H5'));
  const publicPages = results.filter((r) => r.label.startsWith('public'));
  const h5Max = Math.max(...h5.map((r) => r.jsGzip));
  console.log(`  target H5 first screen ≤ 250 KB JS (gzip): ${h5Max <= H5_JS_LIMIT ? 'PASS' : 'FAIL'} (${(h5Max / 1024).toFixed(1)} KB)`);
  const publicJs = publicPages.reduce((a, r) => a + r.scripts, 0);
  console.log(`  target public pages load no JS: ${publicJs === 0 ? 'PASS' : 'FAIL'} (${publicJs} scripts)`);
  mkdirSync(join(here, 'results'), { recursive: true });
  const file = join(here, 'results', `sizes-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), pages: results, h5MaxJsGzip: h5Max, publicScripts: publicJs }, null, 2));
  console.log(`written ${file}`);
} finally {
  await browser?.close();
  server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
