/** The XML side of GeoReport v2: the same objects as the JSON answers, element for field, with the spec's list item names. */

/** Element name of the items of a list field (the spec's plural → singular). */
const ITEM_NAMES: Record<string, string> = { endpoints: 'endpoint', formats: 'format', attributes: 'attribute', values: 'value' };

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

// characters XML 1.0 cannot carry at all, even escaped
// eslint-disable-next-line no-control-regex
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function escapeText(s: string): string {
  return s.replace(INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) return `<${name}>${value.map((v) => element(ITEM_NAMES[name] ?? 'value', v)).join('')}</${name}>`;
  if (typeof value === 'object') return `<${name}>${fields(value as Record<string, unknown>)}</${name}>`;
  return `<${name}>${escapeText(String(value))}</${name}>`;
}

function fields(o: Record<string, unknown>): string {
  // keys come from our own schemas; anything that is not a valid element name is left out rather than break the document
  return Object.entries(o)
    .filter(([k]) => NAME.test(k))
    .map(([k, v]) => element(k, v))
    .join('');
}

/** A whole document: `<root>` holding one `<item>` per list entry, or the fields of one object when item is null. */
export function toXml(root: string, item: string | null, body: unknown): string {
  const inner = item === null ? fields(body as Record<string, unknown>) : (body as unknown[]).map((x) => element(item, x)).join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<${root}>${inner}</${root}>\n`;
}
