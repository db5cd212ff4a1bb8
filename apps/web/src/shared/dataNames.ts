import { BUILTIN_ROLES, PUBLIC_REPORTER_ACTOR_NAME, RECOUNT_ACTOR_NAME, SLA_CLOCK_ACTOR_NAME, type BuiltinRole } from '@tongxin/domain';
import { currentLocale, t } from './i18n.ts';

/**
 * Names that are data but start out as the platform's own Chinese words: the built-in roles and the statutory
 * holidays seeded from chinese-days. They read in the user's language while they still carry the seeded name; a
 * name someone typed (a renamed or custom role, an edited holiday) shows as stored.
 */

/** The built-in role a stored role name still names, or null. */
export function builtinRoleKey(name: string): BuiltinRole['key'] | null {
  return BUILTIN_ROLES.find((r) => r.name === name)?.key ?? null;
}

/** A role's name in the user's language: a built-in role's translated name, any other as stored. */
export function roleLabel(name: string): string {
  const key = currentLocale() === 'zh-CN' ? null : builtinRoleKey(name);
  return key ? t(`builtinRole.${key}`) : name;
}

/** A role's description in the user's language: a built-in role's seeded description translated, any other as stored. */
export function roleDescriptionLabel(description: string | null | undefined): string | null {
  if (description == null || currentLocale() === 'zh-CN') return description ?? null;
  const key = BUILTIN_ROLES.find((r) => r.description === description)?.key;
  return key ? t(`builtinRole.${key}.description`) : description;
}

/**
 * Who acted, as stored on a timeline or an audit record, in the user's language: the SLA clock, `tongxin recount` and
 * the account-less reporter have no account and are stored under Chinese names; a person's name shows as is.
 */
export function actorLabel(name: string): string {
  if (name === SLA_CLOCK_ACTOR_NAME) return t('console.ticket.slaClock');
  if (name === RECOUNT_ACTOR_NAME) return t('console.recountActor');
  return name === PUBLIC_REPORTER_ACTOR_NAME ? t('console.ticket.publicReporter') : name;
}

// the names chinese-days gives the holidays (清明, 端午, 中秋) and the longer forms people write
const HOLIDAYS: Record<string, string> = {
  元旦: 'new_year',
  春节: 'spring_festival',
  清明: 'qingming',
  清明节: 'qingming',
  劳动节: 'labour_day',
  端午: 'dragon_boat',
  端午节: 'dragon_boat',
  中秋: 'mid_autumn',
  中秋节: 'mid_autumn',
  国庆节: 'national_day',
  中秋节国庆节: 'mid_autumn_national_day',
  '中秋、国庆': 'mid_autumn_national_day',
  中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日: 'victory_day_70',
};

const MAKE_UP = '调休';

/** The holiday key of a calendar day's name and whether it is the 调休 working day of it (null key: not a known one). */
export function holidayKey(name: string): { key: string | null; makeUp: boolean } | null {
  const n = name.trim();
  if (n === MAKE_UP) return { key: null, makeUp: true };
  const makeUp = n.endsWith(MAKE_UP);
  const key = HOLIDAYS[makeUp ? n.slice(0, -MAKE_UP.length) : n];
  return key ? { key, makeUp } : null;
}

/** A calendar day's name in the user's language: a known statutory holiday (or its 调休 day) translated, any other as stored. */
export function holidayLabel(name: string | null | undefined): string | null {
  if (name == null) return null;
  const k = currentLocale() === 'zh-CN' ? null : holidayKey(name);
  if (!k) return name;
  if (!k.key) return t('holiday.makeUpDay');
  const holiday = t(`holiday.${k.key}`);
  return k.makeUp ? t('holiday.makeUpOf', { name: holiday }) : holiday;
}
