import { z } from 'zod';
import { maskFreeText } from '../mask.ts';

/** A row id (UUIDv7 text). */
export const Id = z.string().min(1).max(64);

/** Optional reference to another row: null clears it. */
export const OptionalRef = Id.nullable().optional();

/** Trimmed text with a length limit; empty strings are rejected. */
export const Text = (max: number) => z.string().trim().min(1).max(max);

/** Optional trimmed text: empty string becomes null. */
export const OptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .optional()
    .transform((v) => (v === '' ? null : v));

/** Whether 'YYYY-MM-DD' names a day that exists (no 2026-02-31). */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** A calendar day, e.g. 2026-12-31, that exists. */
export const CalendarDate = z.string().refine(isCalendarDate, { message: 'invalid_date' });

/** A time window [from, to) must not end before it starts: a reversed one would answer nothing as if nothing happened. */
export const windowInOrder = (q: { from?: number | undefined; to?: number | undefined }) => q.from === undefined || q.to === undefined || q.from < q.to;

/**
 * Whether a text holds a phone or ID number. A name (a person's, or a thing's: a merchant, a grid, a meeting …) is shown
 * wherever its row is and joined into other rows' views, public ones too: it must not carry one.
 */
export const holdsNumber = (v: string): boolean => maskFreeText(v) !== v;

const noNumber = (v: string | null | undefined) => v === null || v === undefined || !holdsNumber(v);

/**
 * A name or title, of a person (a member, a unit's contact, a shop's operator) or of a thing (a merchant, unit, grid,
 * org, category, role, meeting, project …): 400 `contains_number` for a phone or ID number typed into it. The edit body
 * of a person or a thing takes its name as plain Text instead, and the service checks it only when it changes (keptName):
 * a row named before the rule stays editable.
 */
export const NameText = (max: number) => Text(max).refine(noNumber, { message: 'contains_number' });

/** An optional NameText: empty string becomes null. */
export const OptionalNameText = (max: number) => OptionalText(max).refine(noNumber, { message: 'contains_number' });

/** Query of every paginated list. */
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  q: z.string().trim().max(100).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** The languages of the console (zh-CN first, the default). */
export const UI_LOCALES = ['zh-CN', 'en-US'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

/**
 * `?lang=` of a file the console downloads (the Excel exports): a download is a plain GET that carries none of the
 * app's state, so the console names its language; without it the server follows Accept-Language, else Chinese.
 */
export const FileLangQuery = z.object({ lang: z.enum(UI_LOCALES).optional() });

/** Shape of every paginated list response. */
export function listOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}

/** Path parameter `:id`. */
export const IdParams = z.object({ id: Id });

/** Stable error codes of the API. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'ILLEGAL_TRANSITION',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One field problem inside a VALIDATION_FAILED error. */
export const FieldIssue = z.object({ path: z.string(), code: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof FieldIssue>;

/** Body of every error response. */
export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  requestId: z.string(),
});

export const Ok = z.object({ ok: z.literal(true) });
