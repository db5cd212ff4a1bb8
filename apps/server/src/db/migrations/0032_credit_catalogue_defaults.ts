import type { Kysely } from 'kysely';
import { newId } from '../../lib/ids.ts';

// Frozen once released: later changes go into new migration files.

type Schema = {
  alliances: { id: string };
  credit_items: {
    id: string;
    alliance_id: string;
    code: string;
    name: string;
    points: number;
    active: number;
    sort_order: number;
    created_at: number;
    updated_at: number;
  };
};

// The default catalogue as it stood when this migration was written (the domain's DEFAULT_CREDIT_ITEMS may change later)
const DEFAULTS: ReadonlyArray<{ code: string; name: string; points: number }> = [
  { code: 'road_occupation', name: '占道经营', points: 2 },
  { code: 'fume', name: '油烟扰民', points: 2 },
  { code: 'noise', name: '噪音扰民', points: 2 },
  { code: 'frontage_duties', name: '门前三包不落实', points: 1 },
  { code: 'waste_sorting', name: '垃圾分类不到位', points: 1 },
  { code: 'outdoor_ad', name: '违规设置户外广告', points: 1 },
  { code: 'fire_hazard', name: '消防安全隐患', points: 4 },
  { code: 'consumer_complaint', name: '消费投诉属实', points: 3 },
  { code: 'price_fraud', name: '价格欺诈', points: 6 },
  { code: 'food_safety', name: '食品安全问题', points: 6 },
];

/**
 * The deduction catalogue was written on its first read (GET /api/v1/credit/catalogue) or an alliance's first credit
 * write: a read that wrote, which fails on a read-only replica and raced on PostgreSQL. New alliances now get it when
 * they are created; this gives it to every alliance that has no item yet, exactly as the first read would have. An
 * alliance with items already has had the defaults since its first read (items were only added after them).
 */
export async function up(raw: Kysely<unknown>): Promise<void> {
  const db = raw as unknown as Kysely<Schema>;
  const bare = await db
    .selectFrom('alliances')
    .select('id')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('credit_items').select('credit_items.id').whereRef('credit_items.alliance_id', '=', 'alliances.id'))),
    )
    .execute();
  const now = Date.now();
  for (const { id } of bare) {
    await db
      .insertInto('credit_items')
      .values(
        DEFAULTS.map((it, i) => ({
          id: newId(now),
          alliance_id: id,
          code: it.code,
          name: it.name,
          points: it.points,
          active: 1,
          sort_order: (i + 1) * 10,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
}

/** The items stay: by now deductions may reference them. */
export async function down(): Promise<void> {}
