import type { JsonSchema } from './routes.ts';
import type { Prng } from './prng.ts';

/** Strings that break naive code: empty, huge, control and odd unicode, injection, numbers-as-strings. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '0',
  '-1',
  'null',
  'undefined',
  'true',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '99999999999999999999999999',
  '9007199254740993',
  '0x10',
  '2026-02-30',
  '9999-99-99T99:99:99Z',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  "' OR 1=1 --",
  '"; DROP TABLE units; --',
  '%',
  '%00',
  '%E0%A4%A',
  '\u0000',
  '\u0000abc\u0000',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u0644\u0627',
  '\u200b\u200d\ufeff',
  '𠀋𡈽𡌛😀👨‍👩‍👧‍👦',
  'Ｔｅｓｔ　全角',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{7*7}}${7*7}',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  'a\r\nSet-Cookie: x=1',
  '\t\n\r\u000b\u000c',
  '13800138000',
  '11010519491231002X',
  '91350100M000100Y43',
  '0'.repeat(64),
  'x'.repeat(256),
  '中'.repeat(2000),
];

/** A string that is long: up to ~200 KB (requests under the 1 MB body limit), sometimes far beyond it. */
export function hugeString(rng: Prng): string {
  const sizes = [1_000, 10_000, 65_536, 200_000];
  const n = rng.pick(sizes);
  return rng.chance(0.5) ? 'A'.repeat(n) : '汉'.repeat(Math.floor(n / 3));
}

/** Numbers at and beyond the edges of every numeric column type. */
export const NASTY_NUMBERS: readonly number[] = [
  0,
  -0,
  -1,
  1.5,
  0.1,
  2147483647,
  2147483648,
  -2147483649,
  4294967296,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  1e21,
  1e308,
  -1e308,
  5e-324,
];

/** Any nasty scalar (strings, numbers, booleans, null) or a small wrong-shaped container. */
export function nastyScalar(rng: Prng): unknown {
  switch (rng.int(7)) {
    case 0:
    case 1:
      return rng.pick(NASTY_STRINGS);
    case 2:
      return rng.pick(NASTY_NUMBERS);
    case 3:
      return rng.pick([true, false, null]);
    case 4:
      return rng.chance(0.2) ? hugeString(rng) : rng.pick(NASTY_STRINGS);
    case 5:
      return rng.pick([[], {}, [null], [[]], { a: 1 }, ['x', 1, null]]);
    default:
      return rng.pick(NASTY_NUMBERS) * (rng.chance(0.5) ? 1 : -1);
  }
}

/** Id-shaped values: pooled ids (own and another alliance's), malformed ids and nasty strings. */
export function idValue(rng: Prng, pools: { own: string[]; foreign: string[] }): string {
  const r = rng.next();
  if (r < 0.3 && pools.foreign.length) return rng.pick(pools.foreign);
  if (r < 0.55 && pools.own.length) return rng.pick(pools.own);
  if (r < 0.7) return rng.pick(['01a21828-0000-7000-8000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '01' + 'Z'.repeat(24)]);
  return String(rng.pick(NASTY_STRINGS));
}

/** A value shaped by a JSON schema (roughly valid, so requests reach past validation), with ids from the pools. */
export function fromSchema(rng: Prng, schema: JsonSchema | undefined, pools: { own: string[]; foreign: string[] }, key = '', depth = 0): unknown {
  if (!schema || depth > 6) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return rng.pick(schema.enum);
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts?.length) return fromSchema(rng, rng.pick(alts), pools, key, depth + 1);
  if (schema.allOf?.length) return fromSchema(rng, schema.allOf[0], pools, key, depth + 1);
  const type = Array.isArray(schema.type) ? rng.pick(schema.type) : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(k) || rng.chance(0.5)) out[k] = fromSchema(rng, s, pools, k, depth + 1);
      }
      return out;
    }
    case 'array': {
      const n = rng.int(3);
      return Array.from({ length: n }, () => fromSchema(rng, schema.items, pools, key, depth + 1));
    }
    case 'integer':
    case 'number': {
      const lo = schema.minimum ?? 0;
      const hi = schema.maximum ?? lo + 100;
      const v = lo + rng.next() * (hi - lo);
      return type === 'integer' ? Math.round(v) : v;
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'null':
      return null;
    case 'string': {
      if (/id$|ids$/i.test(key)) return idValue(rng, pools);
      if (schema.format === 'date-time') return new Date(Date.UTC(2026, 10, 1 + rng.int(30))).toISOString();
      if (schema.format === 'date' || /date/i.test(key)) return `2026-11-${String(1 + rng.int(28)).padStart(2, '0')}`;
      if (schema.format === 'email') return 'a@example.com';
      if (/phone|mobile|tel/i.test(key)) return `13${rng.int(10)}${String(rng.int(1e8)).padStart(8, '0')}`;
      const min = schema.minLength ?? 1;
      return '测试'.repeat(Math.max(1, Math.ceil(min / 2))).slice(0, Math.max(min, Math.min(schema.maxLength ?? 8, 8)));
    }
    default:
      return rng.chance(0.5) ? 'x' : 1;
  }
}

/** Applies 1–3 random breakages to a value: wrong types, nasty values, dropped/extra keys, deep nesting. */
export function mutate(rng: Prng, value: unknown, times = 1 + rng.int(3)): unknown {
  let v = value;
  for (let i = 0; i < times; i++) v = mutateOnce(rng, v);
  return v;
}

function mutateOnce(rng: Prng, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(obj);
    const r = rng.next();
    if (keys.length && r < 0.45) {
      const k = rng.pick(keys);
      obj[k] = rng.chance(0.3) ? mutateOnce(rng, obj[k]) : nastyScalar(rng);
    } else if (keys.length && r < 0.6) {
      delete obj[rng.pick(keys)];
    } else if (r < 0.75) {
      obj[rng.pick(['extra', 'allianceId', 'id', 'isCityAdmin', 'createdAt', 'status', 'deletedAt', '$where'])] = nastyScalar(rng);
    } else if (r < 0.85) {
      const k = keys.length ? rng.pick(keys) : 'x';
      obj[k] = deepNest(rng, 20 + rng.int(200));
    } else {
      return nastyScalar(rng);
    }
    return obj;
  }
  if (Array.isArray(value)) {
    if (rng.chance(0.5)) return [...value, nastyScalar(rng)];
    return rng.chance(0.5) ? Array.from({ length: 2000 }, () => 'x') : nastyScalar(rng);
  }
  return nastyScalar(rng);
}

/** Arrays or objects nested `depth` levels deep. */
export function deepNest(rng: Prng, depth: number): unknown {
  let v: unknown = 'x';
  const asArray = rng.chance(0.5);
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

/** Raw JSON texts JSON.stringify cannot make: prototype keys, syntax errors, huge nesting, odd encodings. */
export function rawJson(rng: Prng, base: unknown): string {
  const text = JSON.stringify(base ?? {}) ?? '{}';
  const inner = text.startsWith('{') && text.length > 2 ? text.slice(1, -1) + ',' : '';
  const variants: Array<() => string> = [
    () => `{${inner}"__proto__":{"isCityAdmin":true,"polluted":1}}`,
    () => `{${inner}"constructor":{"prototype":{"polluted":1}}}`,
    () => `{"__proto__":[],"a":1}`,
    () => text.slice(0, Math.max(1, rng.int(text.length))),
    () => `${text},`,
    () => text.replace(/"/g, "'"),
    () => `\ufeff${text}`,
    () => `${text}\u0000`,
    () => '',
    () => 'null',
    () => '[]',
    () => '"str"',
    () => '1e999',
    () => 'NaN',
    () => '{"a":1,"a":2}',
    () => '['.repeat(5000) + ']'.repeat(5000),
    () => '{"a":'.repeat(3000) + '1' + '}'.repeat(3000),
    () => '['.repeat(100_000),
    () => `{"x":"\\ud800\\udc00\\ud800"}`,
    () => `{"x":"\\u0000"}`,
    () => `{"x":1e400,"y":-1e400}`,
  ];
  return rng.pick(variants)();
}

/** Content types a JSON route may be sent: right, wrong, odd charsets, no boundary, garbage. */
export const CONTENT_TYPES: readonly string[] = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset="',
  'Application/JSON',
  'application/json, text/html',
  'application/vnd.api+json',
  'text/plain',
  'text/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  '*/*',
  'application/',
  ';;;',
  'x'.repeat(2000),
];

/** A query string: documented keys (when known) and random ones with nasty, repeated, bracketed and overlong values. */
export function queryString(rng: Prng, keys: readonly string[], pools: { own: string[]; foreign: string[] }): string {
  const parts: string[] = [];
  const names = [...keys, 'page', 'pageSize', 'q', 'sort', 'status', '__proto__', 'constructor[prototype][x]', 'a[]', 'a[b][c]'];
  const n = 1 + rng.int(5);
  for (let i = 0; i < n; i++) {
    const k = rng.pick(names);
    const value = (): string => {
      const r = rng.next();
      if (r < 0.2) return idValue(rng, pools);
      if (r < 0.35) return String(rng.pick(NASTY_NUMBERS));
      if (r < 0.4) return 'x'.repeat(rng.pick([1000, 10_000, 60_000]));
      return String(rng.pick(NASTY_STRINGS));
    };
    const enc = (s: string) => (rng.chance(0.1) ? s.replace(/[&=#]/g, '') : encodeURIComponent(s).replace(/%25/g, rng.chance(0.3) ? '%' : '%25'));
    const reps = rng.chance(0.2) ? 2 + rng.int(3) : 1;
    for (let j = 0; j < reps; j++) parts.push(`${encodeURIComponent(k)}=${safeEnc(enc, value())}`);
  }
  if (rng.chance(0.05)) parts.push('&&&==&');
  return parts.join('&');
}

/** encodeURIComponent throws on lone surrogates; those go raw-percent-encoded instead */
function safeEnc(enc: (s: string) => string, s: string): string {
  try {
    return enc(s);
  } catch {
    return '%ED%A0%80';
  }
}

/** Odd request headers: huge or malformed cookies, broken Authorization / X-API-Key, odd Accept and Host. */
export function nastyHeaders(rng: Prng): Record<string, string> {
  const h: Record<string, string> = {};
  const r = rng.next();
  if (r < 0.15) h.cookie = `tx_session=${'a'.repeat(rng.pick([201, 4000, 60_000]))}`;
  else if (r < 0.25)
    h.cookie = rng.pick(['tx_session=%ZZ', 'tx_session=', '=;=;', 'tx_session="unterminated', 'tx_session=x; tx_session=y', `a=${'b'.repeat(50_000)}`]);
  else if (r < 0.4)
    h.authorization = rng.pick([
      'Bearer ',
      'Bearer',
      'Bearer  x',
      `Bearer ${'x'.repeat(5000)}`,
      'Basic Zm9vOmJhcg==',
      'Bearer \u00e9\u00e8',
      'Bearer tx_live_0000',
      'Negotiate abc',
    ]);
  else if (r < 0.55) h['x-api-key'] = rng.pick(['', 'x', 'tx_', `tx_${'0'.repeat(40)}`, 'x'.repeat(10_000), 'null', '../../etc', '\u00ff\u00fe']);
  else if (r < 0.62) h.accept = rng.pick(['application/xml', 'text/html', '*/*;q=abc', 'x'.repeat(3000)]);
  else if (r < 0.68) h.host = rng.pick(['', 'evil.example"<x>', 'a'.repeat(3000), '[::1]:99999']);
  else if (r < 0.74) h['accept-language'] = rng.pick(['zz', 'x'.repeat(2000), '*;q=2']);
  else if (r < 0.8) h['x-forwarded-for'] = rng.pick(['1.2.3.4, <script>', 'x'.repeat(2000), '::ffff:999.1.1.1']);
  return h;
}
