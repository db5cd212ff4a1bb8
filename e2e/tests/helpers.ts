import { expect, type Page } from '@playwright/test';

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

/** A unique suffix so reruns against the same server never collide. */
export const uniq = () => Date.now().toString(36).slice(-5);
