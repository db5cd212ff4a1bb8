import { z } from 'zod';
import { GRID_ROLES } from '../enums.ts';
import { Id, NameText, OptionalRef, OptionalText, PageQuery, Text } from './common.ts';

export const GridMember = z.object({ personId: Id, personName: z.string(), role: z.enum(GRID_ROLES) });

export const Grid = z.object({
  id: Id,
  allianceId: Id,
  parentId: Id.nullable(),
  level: z.number().int(),
  levelName: z.string(),
  name: z.string(),
  code: z.string().nullable(),
  orgId: Id.nullable(),
  description: z.string().nullable(),
  sortOrder: z.number().int(),
  members: z.array(GridMember),
  createdAt: z.number().int(),
});
export type Grid = z.infer<typeof Grid>;

export const GridCreate = z.object({
  parentId: OptionalRef,
  name: NameText(64),
  code: OptionalText(32),
  orgId: OptionalRef,
  description: OptionalText(500),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});
export type GridCreate = z.infer<typeof GridCreate>;

// an edit takes the stored name back unchecked: the service refuses only a changed name holding a number (keptName)
export const GridUpdate = GridCreate.extend({ name: Text(64) }).partial();

/**
 * Whether a grid at `level` (0 = the top) fits an alliance's tree: it is as deep as the alliance names levels (社区 /
 * 网格 / 企业 / 商铺 allows levels 0–3), so the last level takes no children.
 */
export function gridLevelFits(level: number, levelNames: readonly string[]): boolean {
  return level >= 0 && level < levelNames.length;
}
export type GridUpdate = z.infer<typeof GridUpdate>;

export const GridQuery = PageQuery.extend({ parentId: Id.optional() });

export const GridMemberBody = z.object({ personId: Id, role: z.enum(GRID_ROLES) });
export const GridMemberParams = z.object({ id: Id, personId: Id, role: z.enum(GRID_ROLES) });
