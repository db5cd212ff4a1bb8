import { expect, type Page } from '@playwright/test';

export const PASSWORD = 'Tongxin@2026';

/** Logs into the console through its login form. */
export async function consoleLogin(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

/** Asserts that Chinese text is drawn with the CJK font, not as boxes: the font must be loaded and used. */
export async function expectCjkFont(page: Page): Promise<void> {
  const ok = await page.evaluate(async () => {
    await document.fonts.ready;
    // check() is true only when a font matching the family is available for these characters
    return document.fonts.check('16px "Noto Sans CJK SC"', '同心商圈');
  });
  expect(ok, 'Noto Sans CJK SC must be installed (fonts-noto-cjk)').toBe(true);
  // a CJK glyph in a real font is as wide as the em; fallback boxes (tofu) of a missing font differ from a known reference
  const widths = await page.evaluate(() => {
    const c = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
    c.font = '32px "Noto Sans CJK SC"';
    const cjk = c.measureText('商').width;
    c.font = '32px monospace';
    const tofu = c.measureText('\u{10FFFF}').width;
    return { cjk, tofu };
  });
  expect(widths.cjk).toBeGreaterThan(28);
  expect(widths.cjk).toBeLessThan(36);
}

/** A unique suffix so reruns against the same server never collide. */
export const uniq = () => Date.now().toString(36).slice(-5);
