import { z } from 'zod';
import { RECORD_STATUSES } from '../enums.ts';
import { Id, NameText, OptionalText, PageQuery, Text } from './common.ts';

// a grid level's name (社区, 网格, 十邻铺 …) is shown beside every grid, on the public report form too: no number in it
const GridLevelNames = z.array(NameText(16)).min(1).max(8);
// an edit takes stored level names back unchecked: the service refuses only a changed one holding a number (keptNames)
const GridLevelNamesEdit = z.array(Text(16)).min(1).max(8);

export const Alliance = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  region: z.string().nullable(),
  description: z.string().nullable(),
  gridLevelNames: z.array(z.string()),
  status: z.enum(RECORD_STATUSES),
  createdAt: z.number().int(),
});
export type Alliance = z.infer<typeof Alliance>;

export const AllianceCreate = z.object({
  // short uppercase prefix of human ticket numbers, e.g. HHX
  code: z
    .string()
    .trim()
    .regex(/^[A-Z][A-Z0-9]{1,7}$/, { message: 'invalid_alliance_code' }),
  name: NameText(64),
  region: OptionalText(64),
  description: OptionalText(500),
  gridLevelNames: GridLevelNames.optional(),
});
export type AllianceCreate = z.infer<typeof AllianceCreate>;

// an edit takes the stored name back unchecked: the service refuses only a changed name holding a number (keptName)
export const AllianceUpdate = AllianceCreate.omit({ code: true })
  .extend({ name: Text(64), gridLevelNames: GridLevelNamesEdit })
  .partial()
  .extend({ status: z.enum(RECORD_STATUSES).optional() });
export type AllianceUpdate = z.infer<typeof AllianceUpdate>;

export const AllianceQuery = PageQuery;
