import { message } from 'antd';
import type { FormInstance } from 'antd';
import { ApiError } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { fieldErrors } from '../../shared/zodRule.ts';

/** What still uses a record a delete was refused for (409 with `details.references`), in words. */
function inUseText(details: unknown): string | null {
  const refs = (details as { references?: unknown } | undefined)?.references;
  if (!Array.isArray(refs) || refs.length === 0) return null;
  const names = [...new Set(refs.map((r) => (typeof r === 'string' && t(`ref.${r}`) !== `ref.${r}` ? t(`ref.${r}`) : t('ref.other'))))];
  return t('error.inUse', { refs: names.join(t('console.ticket.listSep')) });
}

/** The translated text of an error: `error.<CODE>` when known, else the server's message. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    const inUse = e.code === 'CONFLICT' ? inUseText(e.details) : null;
    if (inUse) return inUse;
    const key = `error.${e.code}`;
    const s = t(key);
    return s === key ? e.message || t('error.INTERNAL') : s;
  }
  return t('error.network');
}

/** Shows an error: field errors of VALIDATION_FAILED go onto the form's fields, the rest as a message. */
export function showError(e: unknown, form?: FormInstance): void {
  if (e instanceof ApiError && e.code === 'VALIDATION_FAILED' && form && e.fieldIssues.length > 0) {
    form.setFields(fieldErrors(e.fieldIssues));
  }
  void message.error(errorText(e));
}

/** Runs an action, showing success or the error; resolves true when it succeeded (ModalForm closes on true). */
export async function attempt(fn: () => Promise<unknown>, form?: FormInstance, okText?: string): Promise<boolean> {
  try {
    await fn();
    void message.success(okText ?? t('common.saved'));
    return true;
  } catch (e) {
    showError(e, form);
    return false;
  }
}
