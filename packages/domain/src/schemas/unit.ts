import { z } from 'zod';
import { RECORD_STATUSES, UNIT_KINDS } from '../enums.ts';
import { isValidPhone, normalizePhone } from '../validators/phone.ts';
import { Id, NameText, OptionalNameText, OptionalRef, OptionalText, PageQuery, Text } from './common.ts';

/** A phone number input: mobile or landline, normalised. */
export const PhoneInput = z
  .string()
  .trim()
  .max(24)
  .refine((v) => v === '' || isValidPhone(v), { message: 'invalid_phone' })
  .transform((v) => (v === '' ? null : normalizePhone(v)));

/**
 * The phone of an edit (PATCH): any text up to 24 characters, checked by the server against the stored number — sent
 * back as stored (in any spelling) or as shown (masked) it is no change, even when today's format refuses the stored
 * one (entered before); a changed number must be one PhoneInput takes (400 `invalid_phone` on the field). An edit form
 * checks what a user types with PhoneInput.
 */
export const PhoneEdit = z.string().trim().max(24).nullable().optional();

/** `?phone=` of a list: one whole number in any spelling, looked up exactly through its blind index (never a part). */
export const PhoneLookup = z.string().trim().max(24).optional();

export const Unit = z.object({
  id: Id,
  allianceId: Id,
  kind: z.enum(UNIT_KINDS),
  name: z.string(),
  category: z.string().nullable(),
  orgId: Id.nullable(),
  gridId: Id.nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(), // always masked
  address: z.string().nullable(),
  duties: z.string().nullable(),
  status: z.enum(RECORD_STATUSES),
  createdAt: z.number().int(),
});
export type Unit = z.infer<typeof Unit>;

export const UnitCreate = z.object({
  kind: z.enum(UNIT_KINDS),
  name: NameText(64),
  category: OptionalText(32),
  orgId: OptionalRef,
  gridId: OptionalRef,
  contactName: OptionalNameText(32),
  contactPhone: PhoneInput.nullable().optional(),
  address: OptionalText(200),
  duties: OptionalText(1000),
  status: z.enum(RECORD_STATUSES).optional(),
});
export type UnitCreate = z.infer<typeof UnitCreate>;

// an edit takes the stored names and phone back unchecked: the service refuses only a changed name holding a number
// (keptName) or a changed phone of a wrong format (PhoneEdit)
export const UnitUpdate = UnitCreate.extend({ name: Text(64), contactName: OptionalText(32), contactPhone: PhoneEdit }).partial();
export type UnitUpdate = z.infer<typeof UnitUpdate>;

export const UnitQuery = PageQuery.extend({ kind: z.enum(UNIT_KINDS).optional(), orgId: Id.optional(), phone: PhoneLookup });
export type UnitQuery = z.infer<typeof UnitQuery>;
