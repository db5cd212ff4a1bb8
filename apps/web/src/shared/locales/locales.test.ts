import enMerchants from './en-US/merchants.ts';
import zhMerchants from './zh-CN/merchants.ts';
import enResources from './en-US/resources.ts';
import zhResources from './zh-CN/resources.ts';
import enNotifications from './en-US/notifications.ts';
import zhNotifications from './zh-CN/notifications.ts';
import enMeetings from './en-US/meetings.ts';
import zhMeetings from './zh-CN/meetings.ts';
import enOpen311 from './en-US/open311.ts';
import enScreen from './en-US/screen.ts';
import zhScreen from './zh-CN/screen.ts';
import zhOpen311 from './zh-CN/open311.ts';
import { PERMISSIONS } from '@tongxin/domain';
import { describe, expect, it } from 'vitest';
import enCommon from './en-US/common.ts';
import enConsole from './en-US/console.ts';
import enH5 from './en-US/h5.ts';
import zhCommon from './zh-CN/common.ts';
import zhConsole from './zh-CN/console.ts';
import zhH5 from './zh-CN/h5.ts';

/** The sorted set of `{name}` placeholders in a string. */
function placeholders(s: string): string[] {
  return [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}

const PAIRS: [string, Record<string, string>, Record<string, string>][] = [
  ['common', zhCommon, enCommon],
  ['console', zhConsole, enConsole],
  ['h5', zhH5, enH5],
  ['merchants', zhMerchants, enMerchants],
  ['resources', zhResources, enResources],
  ['meetings', zhMeetings, enMeetings],
  ['notifications', zhNotifications, enNotifications],
  ['open311', zhOpen311, enOpen311],
  ['screen', zhScreen, enScreen],
];

describe.each(PAIRS)('locale file %s', (_name, zh, en) => {
  it('has an en-US string for every zh-CN key', () => {
    const missing = Object.keys(zh).filter((k) => !(k in en));
    expect(missing).toEqual([]);
  });

  it('has no en-US key unknown to zh-CN', () => {
    const extra = Object.keys(en).filter((k) => !(k in zh));
    expect(extra).toEqual([]);
  });

  it('has no empty en-US strings', () => {
    const empty = Object.keys(en).filter((k) => !en[k]!.trim());
    expect(empty).toEqual([]);
  });

  it('uses the same {placeholders} in both locales', () => {
    const mismatched = Object.keys(zh)
      .filter((k) => k in en)
      .filter((k) => placeholders(zh[k]!).join(',') !== placeholders(en[k]!).join(','))
      .map((k) => `${k}: zh {${placeholders(zh[k]!).join(',')}} en {${placeholders(en[k]!).join(',')}}`);
    expect(mismatched).toEqual([]);
  });
});

// keys the apps build from the domain's enumerations: a key missing from both locales passes the pairing test above
describe('labels of the domain enumerations', () => {
  it('names every permission and every permission group (the role dialog shows each)', () => {
    for (const [lang, common, console] of [
      ['zh-CN', zhCommon, zhConsole],
      ['en-US', enCommon, enConsole],
    ] as const) {
      const missing = [
        ...PERMISSIONS.map((p) => `perm.${p}`).filter((k) => !(k in common)),
        ...[...new Set(PERMISSIONS.map((p) => p.split(':')[0]))].map((g) => `console.permGroup.${g}`).filter((k) => !(k in console)),
      ];
      expect(missing, lang).toEqual([]);
    }
  });
});
