import { deflateSync } from 'node:zlib';
import { expect, type Locator, type Page } from '@playwright/test';

export const PASSWORD = 'Tongxin@2026';

/** Logs into the console through its login form. */
export async function consoleLogin(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

/**
 * Asserts that Chinese text is drawn with a real CJK font, not as boxes: asks Chromium (DevTools protocol) which
 * platform fonts rendered the glyphs of an element showing Chinese text, and compares a glyph's pixels with a tofu box.
 */
export async function expectCjkFont(page: Page, text: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: 'body *' });
  let fonts: { familyName: string; glyphCount: number }[] = [];
  for (const nodeId of nodeIds) {
    const { outerHTML } = await cdp.send('DOM.getOuterHTML', { nodeId });
    // the innermost element whose own markup holds the text
    if (!outerHTML.includes(text) || outerHTML.length > text.length + 400) continue;
    fonts = (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts;
    if (fonts.length) break;
  }
  await cdp.detach();
  const cjk = fonts.filter((f) => /CJK|Hei|Song|Ming|Noto Sans SC|WenQuanYi/i.test(f.familyName));
  expect(cjk.length, `fonts used for "${text}": ${JSON.stringify(fonts)} (install fonts-noto-cjk)`).toBeGreaterThan(0);
  expect(cjk.reduce((n, f) => n + f.glyphCount, 0)).toBeGreaterThan(0);

  const same = await page.evaluate(() => {
    const draw = (s: string) => {
      const c = document.createElement('canvas');
      c.width = 48;
      c.height = 48;
      const g = c.getContext('2d') as CanvasRenderingContext2D;
      g.font = '40px "Noto Sans CJK SC", sans-serif';
      g.fillText(s, 2, 40);
      return Array.from(g.getImageData(0, 0, 48, 48).data).join(',');
    };
    // U+9FFF-adjacent unassigned code point renders as the missing-glyph box
    return draw('商') === draw('\u{E0FFF}') || draw('商') === draw('心');
  });
  expect(same, 'distinct Chinese glyphs must render differently (not as identical boxes)').toBe(false);
}

/**
 * The antd dialog of that title once it has finished opening: on a loaded machine a form filled while the dialog still
 * zooms in can lose what was typed, and its 确定 then only shows "required".
 */
export async function openedDialog(page: Page, name: string | RegExp): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name });
  await expect(dialog).toBeVisible();
  await expect(dialog).not.toHaveClass(/ant-zoom-appear/);
  return dialog;
}

/** A unique suffix so reruns against the same server never collide. */
export const uniq = () => Date.now().toString(36).slice(-5);

/** A small real PNG (a colour gradient), as a phone camera would hand the page a file. */
export function pngPhoto(w = 96, h = 72): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = table[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour RGB
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      raw[o] = 200;
      raw[o + 1] = (x * 2) & 255;
      raw[o + 2] = (y * 3) & 255;
    }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid 统一社会信用代码 of an individual business (92…, Yiwu 330782): GB 11714 check at 17, GB 32100 check at 18. */
export function creditCode(): string {
  const body = Array.from({ length: 8 }, () => String(Math.floor(Math.random() * 10))).join('');
  const orgSum = [3, 7, 9, 10, 5, 8, 4, 2].reduce((s, w, i) => s + w * Number(body[i]), 0);
  const c = 11 - (orgSum % 11);
  const first17 = `92330782${body}${c === 10 ? 'X' : c === 11 ? '0' : String(c)}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARS.indexOf(first17[i]!) * (3 ** i % 31);
  const check = (31 - (sum % 31)) % 31;
  return first17 + CHARS[check];
}
