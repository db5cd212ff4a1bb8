import { z } from 'zod';
import { GENDERS } from '../enums.ts';
import { ID_TYPES, validateIdDocument } from '../validators/idNumber.ts';
import { Id, NameText, OptionalRef, OptionalText, PageQuery, Text } from './common.ts';
import { PhoneEdit, PhoneInput, PhoneLookup } from './unit.ts';

export const Person = z.object({
  id: Id,
  allianceId: Id,
  name: z.string(),
  gender: z.enum(GENDERS).nullable(),
  phone: z.string().nullable(), // masked
  idType: z.enum(ID_TYPES).nullable(),
  idNumber: z.string().nullable(), // masked
  isPartyMember: z.boolean(),
  orgId: Id.nullable(),
  unitId: Id.nullable(),
  gridId: Id.nullable(),
  title: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.number().int(),
});
export type Person = z.infer<typeof Person>;

const PersonFields = z.object({
  name: NameText(32),
  gender: z.enum(GENDERS).nullable().optional(),
  phone: PhoneInput.nullable().optional(),
  idType: z.enum(ID_TYPES).nullable().optional(),
  idNumber: z
    .string()
    .trim()
    .max(32)
    .nullable()
    .optional()
    .transform((v) => (v ? v.toUpperCase() : v === '' ? null : v)),
  isPartyMember: z.boolean().optional(),
  orgId: OptionalRef,
  unitId: OptionalRef,
  gridId: OptionalRef,
  title: OptionalText(32),
  note: OptionalText(500),
});

function checkIdDocument(v: { idType?: string | null; idNumber?: string | null }, ctx: z.RefinementCtx): void {
  if (!v.idNumber) return;
  const type = (v.idType ?? 'resident_id') as (typeof ID_TYPES)[number];
  const problem = validateIdDocument(type, v.idNumber);
  if (problem) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: problem });
}

export const PersonCreate = PersonFields.superRefine(checkIdDocument);
export type PersonCreate = z.infer<typeof PersonCreate>;

// The identity document of an edit is checked by the server, against the stored one: an API client may send the full
// stored number back with its type, which saves as no change even when today's rules refuse that number (a record
// entered before them); a changed pair is checked there (400 on idNumber). The same goes for the stored name (keptName)
// and phone (PhoneEdit).
export const PersonUpdate = PersonFields.extend({ name: Text(32), phone: PhoneEdit }).partial();
export type PersonUpdate = z.infer<typeof PersonUpdate>;

export const PersonQuery = PageQuery.extend({
  orgId: Id.optional(),
  unitId: Id.optional(),
  gridId: Id.optional(),
  isPartyMember: z.enum(['true', 'false']).optional(),
  phone: PhoneLookup,
  // exact lookup through the blind index
  idNumber: z.string().trim().max(32).optional(),
});

export const RevealBody = z.object({ field: z.enum(['phone', 'idNumber']) });
export const RevealResponse = z.object({ field: z.enum(['phone', 'idNumber']), value: z.string().nullable() });
