import type { z } from 'zod';
import { t } from './i18n.ts';

// an empty field is the `required` rule's to report (once), not a second 格式不正确
const isEmpty = (value: unknown) => value === '' || value === undefined || value === null;

/** The message of a zod issue in the user's language: a custom refinement's message is its key. */
function issueError(issue: z.core.$ZodIssue | undefined): Error {
  const key = issue?.code === 'custom' ? issue.message : issue?.code;
  return new Error(t(`issue.${key ?? 'invalid_value'}`));
}

/** An antd Form rule that validates one field with the shared domain schema, so the form and the server agree. */
export function zodRule(schema: z.ZodObject, field: string) {
  const fieldSchema = schema.shape[field] as z.ZodType | undefined;
  return {
    validator: async (_rule: unknown, value: unknown) => {
      if (!fieldSchema || isEmpty(value)) return;
      const r = fieldSchema.safeParse(value);
      if (!r.success) throw issueError(r.error.issues[0]);
    },
  };
}

/**
 * The rule of a name an edit form loaded as stored (`createSchema`'s field, e.g. NameText): the value as loaded passes, so a
 * row named before today's rules can still be saved unchanged, and any other value is checked as on create — the server's
 * keptName. For a list (grid-level names) an entry that is one of the loaded ones passes, as keptNames; the others and the
 * list's own bounds are checked.
 */
export function keptRule(createSchema: z.ZodObject, field: string, stored: unknown) {
  const fieldSchema = createSchema.shape[field] as z.ZodType | undefined;
  const kept = (v: unknown) => !isEmpty(stored) && (Array.isArray(stored) ? stored.includes(v) : v === stored);
  return {
    validator: async (_rule: unknown, value: unknown) => {
      if (!fieldSchema || isEmpty(value) || (!Array.isArray(value) && kept(value))) return;
      const r = fieldSchema.safeParse(value);
      if (r.success) return;
      // an issue on a list entry the form loaded is the stored entry's, kept as it is
      const entryKept = (i: z.core.$ZodIssue) => Array.isArray(value) && typeof i.path[0] === 'number' && kept(value[i.path[0]]);
      const issue = r.error.issues.find((i) => !entryKept(i));
      if (issue) throw issueError(issue);
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
