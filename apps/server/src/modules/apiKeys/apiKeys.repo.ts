import type { Db } from '../../db/index.ts';
import type { ApiKeyTable } from '../../db/types.ts';
import { containsText } from '../../db/like.ts';

// never the key hash
const SELECT = ['k.id', 'k.name', 'k.prefix', 'k.role_id', 'r.name as role_name', 'k.created_at', 'k.last_used_at', 'k.revoked_at'] as const;

function base(db: Db, allianceId: string, q: string | undefined) {
  let b = db.selectFrom('api_keys as k').innerJoin('roles as r', 'r.id', 'k.role_id').where('k.alliance_id', '=', allianceId);
  if (q) b = b.where(containsText('k.name', q));
  return b;
}

export type ApiKeyRow = NonNullable<Awaited<ReturnType<typeof get>>>;

/** A page of the alliance's keys, newest first, and how many there are. */
export async function list(db: Db, allianceId: string, q: string | undefined, offset: number, limit: number) {
  const [items, total] = await Promise.all([
    base(db, allianceId, q).select(SELECT).orderBy('k.created_at', 'desc').orderBy('k.id', 'desc').offset(offset).limit(limit).execute(),
    base(db, allianceId, q)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** One key of the alliance. */
export function get(db: Db, allianceId: string, id: string) {
  return base(db, allianceId, undefined).select(SELECT).where('k.id', '=', id).executeTakeFirst();
}

/** A role of the alliance, which a new key is bound to. */
export function findRole(db: Db, allianceId: string, id: string) {
  return db.selectFrom('roles').selectAll().where('alliance_id', '=', allianceId).where('id', '=', id).executeTakeFirst();
}

export async function insert(db: Db, row: ApiKeyTable): Promise<void> {
  await db.insertInto('api_keys').values(row).execute();
}
