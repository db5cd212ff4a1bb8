import { z } from 'zod';
import { ORG_KINDS, type OrgKind } from '../enums.ts';
import { Id, NameText, OptionalNameText, OptionalRef, OptionalText, PageQuery, Text } from './common.ts';

export const Org = z.object({
  id: Id,
  allianceId: Id,
  parentId: Id.nullable(),
  kind: z.enum(ORG_KINDS),
  name: z.string(),
  secretary: z.string().nullable(),
  description: z.string().nullable(),
  sortOrder: z.number().int(),
  createdAt: z.number().int(),
});
export type Org = z.infer<typeof Org>;

export const OrgCreate = z.object({
  parentId: OptionalRef,
  kind: z.enum(ORG_KINDS),
  name: NameText(64),
  secretary: OptionalNameText(32),
  description: OptionalText(500),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});
export type OrgCreate = z.infer<typeof OrgCreate>;

// an edit takes the stored names back unchecked: the service refuses only a changed name holding a number (keptName)
export const OrgUpdate = OrgCreate.extend({ name: Text(64), secretary: OptionalText(32) }).partial();
export type OrgUpdate = z.infer<typeof OrgUpdate>;

export const OrgQuery = PageQuery.extend({ kind: z.enum(ORG_KINDS).optional(), parentId: Id.optional() });

/** Whether an org of `kind` may sit under one of `parentKind` (null: a top org): kinds go strictly down, 镇党委 … 党小组. */
export function orgKindFitsUnder(kind: OrgKind, parentKind: OrgKind | null): boolean {
  return parentKind === null || ORG_KINDS.indexOf(kind) > ORG_KINDS.indexOf(parentKind);
}

/** Whether an org of this kind can take a child: a 党小组, the lowest kind, cannot. */
export function orgTakesChildren(kind: OrgKind): boolean {
  return ORG_KINDS.indexOf(kind) < ORG_KINDS.length - 1;
}
