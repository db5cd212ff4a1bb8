import { ApiError } from '../shared/api.ts';
import { timeOfDay } from '../shared/dates.ts';
import { t } from '../shared/i18n.ts';

function known(key: string): string | null {
  const s = t(key);
  return s === key ? null : s;
}

/** A message for the user from any thrown error: the stable API code's text, a field issue, or a network problem. */
export function errorText(e: unknown): string {
  if (!(e instanceof ApiError)) return t('error.network');
  if (e.code === 'ACCOUNT_LOCKED') {
    const until = (e.details as { lockedUntil?: number } | undefined)?.lockedUntil;
    return typeof until === 'number' ? t('h5.error.lockedUntil', { time: timeOfDay(until) }) : t('error.ACCOUNT_LOCKED');
  }
  if (e.code === 'VALIDATION_FAILED') {
    const issue = e.fieldIssues[0];
    if (issue) return known(`issue.${issue.code}`) ?? issue.message;
  }
  return known(`error.${e.code}`) ?? (e.status >= 500 ? t('error.INTERNAL') : e.message || t('error.network'));
}
