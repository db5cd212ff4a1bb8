import type { Db } from '../../db/index.ts';
import type { DisplayLinkTable } from '../../db/types.ts';
import { containsText } from '../../db/like.ts';

// never the token hash
const SELECT = [
  'l.id',
  'l.name',
  'l.prefix',
  'l.sections',
  'l.created_by',
  'u.display_name as created_by_name',
  'l.created_at',
  'l.expires_at',
  'l.last_used_at',
  'l.revoked_at',
] as const;

function base(db: Db, allianceId: string, q: string | undefined) {
  let b = db.selectFrom('display_links as l').leftJoin('users as u', 'u.id', 'l.created_by').where('l.alliance_id', '=', allianceId);
  if (q) b = b.where(containsText('l.name', q));
  return b;
}

export type DisplayLinkRow = NonNullable<Awaited<ReturnType<typeof get>>>;

/** A page of the alliance's links, newest first, and how many there are. */
export async function list(db: Db, allianceId: string, q: string | undefined, offset: number, limit: number) {
  const [items, total] = await Promise.all([
    base(db, allianceId, q).select(SELECT).orderBy('l.created_at', 'desc').orderBy('l.id', 'desc').offset(offset).limit(limit).execute(),
    base(db, allianceId, q)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** One link of the alliance. */
export function get(db: Db, allianceId: string, id: string) {
  return base(db, allianceId, undefined).select(SELECT).where('l.id', '=', id).executeTakeFirst();
}

/** Stores a new link. */
export async function insert(db: Db, row: DisplayLinkTable): Promise<void> {
  await db.insertInto('display_links').values(row).execute();
}

/** The link a token hash opens, with its alliance's name and status. */
export function findByHash(db: Db, hash: string) {
  return db
    .selectFrom('display_links as l')
    .innerJoin('alliances as a', 'a.id', 'l.alliance_id')
    .select([
      'l.id',
      'l.alliance_id',
      'l.name',
      'l.sections',
      'l.created_by',
      'l.expires_at',
      'l.last_used_at',
      'l.revoked_at',
      'a.name as alliance_name',
      'a.status as alliance_status',
    ])
    .where('l.token_hash', '=', hash)
    .executeTakeFirst();
}
