import type { z } from 'zod';
import { t } from './i18n.ts';

/** An antd Form rule that validates one field with the shared domain schema, so the form and the server agree. */
export function zodRule(schema: z.ZodObject, field: string) {
  const fieldSchema = schema.shape[field] as z.ZodType | undefined;
  return {
    validator: async (_rule: unknown, value: unknown) => {
      // an empty field is the `required` rule's to report (once), not a second 格式不正确
      if (!fieldSchema || value === '' || value === undefined || value === null) return;
      const r = fieldSchema.safeParse(value);
      if (!r.success) {
        const issue = r.error.issues[0];
        const key = issue?.code === 'custom' ? issue.message : issue?.code;
        throw new Error(t(`issue.${key ?? 'invalid_value'}`));
      }
    },
  };
}

/** Turns a server VALIDATION_FAILED answer into antd `setFields` entries on the right fields. */
export function fieldErrors(issues: { path: string; code: string; message: string }[]) {
  return issues.map((i) => ({
    // a list's index is a number in the form's name path (weeklySlots.0.end → ['weeklySlots', 0, 'end'])
    name: i.path
      .split('.')
      .filter(Boolean)
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
    errors: [t(`issue.${i.code}`) === `issue.${i.code}` ? i.message : t(`issue.${i.code}`)],
  }));
}
