/**
 * A tiny auto-escaping HTML template for the server-rendered public pages.
 *
 *   html`<p>${value}</p>`
 *
 * Every interpolation is escaped unless it is a value made by `html` itself or wrapped in `raw()`.
 * Arrays are joined (each element escaped the same way); null, undefined and false render nothing.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for use in element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  // most text has nothing to escape: a test is far cheaper than a replace with a callback
  return NEEDS_ESCAPE.test(s) ? s.replace(ESCAPE_ALL, (c) => ESCAPES[c] as string) : s;
}
const NEEDS_ESCAPE = /[&<>"'`]/;
const ESCAPE_ALL = /[&<>"'`]/g;

/** Marks trusted markup as safe: never pass user input here. */
export function raw(s: string): SafeHtml {
  return new SafeHtml(s);
}

function render(v: unknown): string {
  if (v instanceof SafeHtml) return v.value;
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/** The tagged template: literal parts are trusted, interpolations are escaped. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** The constant parts of a page (lib/html.ts page), for pages that assemble their bytes from pre-encoded pieces. */
export interface PageShell {
  /** doctype, meta tags and the inline CSS */
  head: string;
  /** the <title> and the opening of the body, the one varying piece of the shell */
  open(title: string): string;
  /** the closing of <main>, the footer and the end of the document */
  tail: string;
}

/** The shell of page() for one CSS and footer; page() is `head + open(title) + body + tail`. */
export function pageShell(o: { css: string; footer?: string; bare?: boolean; lang?: string }): PageShell {
  const head = `<!doctype html>
<html lang="${o.lang ?? 'zh-CN'}">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width,initial-scale=1" />
<meta name="referrer" content="no-referrer" />
<meta name="robots" content="noindex,nofollow" />
<style>
${o.css}
</style>
`;
  const bodyOpen = o.bare ? '<body>\n' : '<body>\n<main>';
  const tail = `${o.bare ? '' : '</main>'}${o.footer ? html`<footer>${o.footer}</footer>`.value : ''}\n</body>\n</html>`;
  return { head, open: (title) => html`<title>${title}</title>\n</head>\n`.value + bodyOpen, tail };
}

/**
 * A whole server-rendered page: zh-CN unless `lang` says otherwise (an `<html lang>` value), mobile viewport, no referrer, not indexed, inline CSS, no script. `footer`
 * (optional) goes under the body, which is wrapped in <main> unless `bare` (print views lay out their own pages).
 */
export function page(o: { title: string; css: string; body: SafeHtml | SafeHtml[]; footer?: string; bare?: boolean; lang?: string }): SafeHtml {
  const shell = pageShell(o);
  return new SafeHtml(shell.head + shell.open(o.title) + render(o.body) + shell.tail);
}
