import SQLite from 'better-sqlite3';
import { sql, type Expression, type SqlBool } from 'kysely';
import { containsText, type Db } from '../../db/index.ts';
import { runSql } from '../../db/fastSql.ts';
import type { Deps } from '../../lib/context.ts';
import { jsonStringArray } from '../../lib/json.ts';
import { CODE_INDEX_MAX, CodeIndex } from './integrity.codeIndex.ts';

/** What the public page /m/<code> shows, read in one statement. */
export interface PageViewRow {
  alliance_name: string;
  alliance_status: string;
  name: string;
  status: string;
  plaques: string;
  credit_points: number;
  credit_stars: number | null;
  credit_flag: string | null;
  promise: string | null;
  party_member_operator: number;
  operator_name: string | null;
  upheld: number;
}

/** The page's row with what a complaint from the page needs besides: the merchant, its alliance, grid and address. */
export interface PageRow extends PageViewRow {
  merchant_id: string;
  alliance_id: string;
  alliance_code: string;
  address: string | null;
  grid_id: string | null;
}

// the page's columns, in the order pageViewRowOf reads them; parameters: the current year (Asia/Shanghai), the public
// code. The upheld count is the merchant's own summary (credit recountUpheld), not a count of its tickets: that probe
// of the tickets index cost a tenth of the page under load.
const VIEW_COLUMNS = `a.name as alliance_name, a.status as alliance_status, m.name, m.status, m.plaques, m.credit_points,
  m.credit_stars, m.credit_flag, m.promise, m.party_member_operator, coalesce(m.operator_name, p.name) as operator_name,
  case when m.upheld_year = ? then m.upheld_count else 0 end as upheld`;
const FROM_PAGE = `from merchants m join alliances a on a.id = m.alliance_id left join people p on p.id = m.operator_person_id`;
// the hottest public read reads only what the page shows (every text column costs its decoding): by the row's place
// when the reader's CodeIndex knows it (the code still checked on the row), else by the code, with the place to learn
const PAGE_VIEW_BY_ROWID_SQL = `select ${VIEW_COLUMNS} ${FROM_PAGE} where m.rowid = ? and m.public_code = ?`;
const PAGE_VIEW_BY_CODE_SQL = `select ${VIEW_COLUMNS}, m.rowid ${FROM_PAGE} where m.public_code = ?`;
const PAGE_SQL = `select ${VIEW_COLUMNS}, m.id as merchant_id, m.alliance_id, a.code as alliance_code, m.address, m.grid_id ${FROM_PAGE}
where m.public_code = ?`;

/** A raw (array) row of the page's view statements as a PageViewRow: one object literal of a fixed shape. */
function pageViewRowOf(r: unknown[]): PageViewRow {
  return {
    alliance_name: r[0],
    alliance_status: r[1],
    name: r[2],
    status: r[3],
    plaques: r[4],
    credit_points: r[5],
    credit_stars: r[6],
    credit_flag: r[7],
    promise: r[8],
    party_member_operator: r[9],
    operator_name: r[10],
    upheld: r[11],
  } as PageViewRow;
}

/** A raw row of PAGE_SQL (the view's columns, then the complaint's) as a PageRow. */
function pageRowOf(r: unknown[]): PageRow {
  return { ...pageViewRowOf(r), merchant_id: r[12], alliance_id: r[13], alliance_code: r[14], address: r[15], grid_id: r[16] } as PageRow;
}

export interface PageReader {
  /** The page row of a public code, with the complaints upheld in `year` (Asia/Shanghai); undefined when unknown. */
  read(code: string, year: number): Promise<PageRow | undefined>;
  /** What the page shows of a public code, synchronously: only where the driver reads synchronously (SQLite). */
  readNow?: (code: string, year: number) => PageViewRow | undefined;
  close(): void;
}

/**
 * The page reader. On a SQLite file it opens its own read-only connection and keeps its statements prepared (a WAL
 * reader sees every commit at the start of each statement, so each page is exact) and reads synchronously, which lets
 * a listening server answer the page before Fastify (integrity.raw.ts). PostgreSQL goes through a named prepared
 * statement.
 */
export function openPageReader(deps: Pick<Deps, 'db' | 'dbKind' | 'config'>): PageReader {
  const url = deps.config.db.url;
  if (deps.dbKind === 'sqlite' && url !== ':memory:') {
    type Row = SQLite.Statement<[number, string], unknown[]>;
    type Conn = {
      db: SQLite.Database;
      page: Row;
      byCode: Row;
      byRowid: SQLite.Statement<[number, number, string], unknown[]>;
      codes: CodeIndex;
    };
    let conn: Conn | null = null;
    const open = (): Conn => {
      if (conn) return conn;
      const db = new SQLite(url, { readonly: true, fileMustExist: true });
      db.pragma('busy_timeout = 5000');
      // random codes touch pages all over the merchants table: a larger page cache than SQLite's 2 MB default, bounded
      // by the server's memory budget (issue 7: < 300 MB under load; not mmap, whose pages count against it too)
      db.pragma('cache_size = -16384');
      // one statement, one consistent snapshot; rows as arrays (half the cost of three lookups in a transaction, measured)
      const page = db.prepare<[number, string], unknown[]>(PAGE_SQL).raw();
      const byCode = db.prepare<[number, string], unknown[]>(PAGE_VIEW_BY_CODE_SQL).raw();
      const byRowid = db.prepare<[number, number, string], unknown[]>(PAGE_VIEW_BY_ROWID_SQL).raw();
      // where every code's row is, read once (250,000 codes: ~0.2 s, 6 MB); codes registered later are learnt on their first page
      const codes = new CodeIndex(Number(db.prepare('select count(*) from merchants').pluck().get()));
      for (const [code, rowid] of db.prepare<[number], [string, number]>('select public_code, rowid from merchants limit ?').raw().iterate(CODE_INDEX_MAX))
        codes.set(code, rowid);
      conn = { db, page, byCode, byRowid, codes };
      return conn;
    };
    return {
      async read(code, year) {
        const raw = open().page.get(year, code);
        return raw ? pageRowOf(raw) : undefined;
      },
      readNow(code, year) {
        const c = open();
        const rowid = c.codes.get(code);
        const known = rowid < 0 ? undefined : c.byRowid.get(year, rowid, code);
        if (known) return pageViewRowOf(known);
        const raw = c.byCode.get(year, code);
        if (!raw) return undefined;
        c.codes.set(code, raw[12] as number);
        return pageViewRowOf(raw);
      },
      close() {
        conn?.db.close();
        conn = null;
      },
    };
  }
  return {
    async read(code, year) {
      // a named prepared statement on PostgreSQL (db/fastSql.ts)
      const [row] = await runSql<PageRow>(deps.db, PAGE_SQL, [year, code]);
      return row ? { ...row, upheld: Number(row.upheld) } : undefined;
    },
    close() {},
  };
}

export interface CardRow {
  id: string;
  name: string;
  credit_code: string;
  address: string | null;
  grid_id: string | null;
  grid_name: string | null;
  status: string;
  credit_points: number;
  credit_stars: number | null;
  credit_flag: string | null;
  plaques: string;
  party_member_operator: number;
  monitoring_point: number;
  public_code: string;
  promise: string | null;
  upheld: number;
}

function cards(db: Db, allianceId: string, scope: Expression<SqlBool>, year: number) {
  return db
    .selectFrom('merchants')
    .leftJoin('grids as g', 'g.id', 'merchants.grid_id')
    .select([
      'merchants.id',
      'merchants.name',
      'merchants.credit_code',
      'merchants.address',
      'merchants.grid_id',
      'g.name as grid_name',
      'merchants.status',
      'merchants.credit_points',
      'merchants.credit_stars',
      'merchants.credit_flag',
      'merchants.plaques',
      'merchants.party_member_operator',
      'merchants.monitoring_point',
      'merchants.public_code',
      'merchants.promise',
      sql<number>`case when merchants.upheld_year = ${year} then merchants.upheld_count else 0 end`.as('upheld'),
    ])
    .where('merchants.alliance_id', '=', allianceId)
    .where(scope);
}

/** Merchants of the alliance in scope matching a name fragment, a credit code or a public code (at most 20). */
export async function lookupCards(
  db: Db,
  allianceId: string,
  scope: Expression<SqlBool>,
  year: number,
  q: { text: string; code: string | null },
): Promise<CardRow[]> {
  return cards(db, allianceId, scope, year)
    .where((eb) =>
      eb.or([
        eb('merchants.credit_code', '=', q.text.toUpperCase()),
        // codes are lowercase base32 (newPublicCode): one typed on a phone whose keyboard capitalised it still matches
        ...(q.code ? [eb('merchants.public_code', 'in', [...new Set([q.code, q.code.toLowerCase()])])] : []),
        containsText('merchants.name', q.text),
      ]),
    )
    .orderBy('merchants.name')
    .limit(20)
    .execute();
}

/** One merchant card in scope, or undefined. */
export async function cardById(db: Db, allianceId: string, scope: Expression<SqlBool>, year: number, id: string): Promise<CardRow | undefined> {
  return cards(db, allianceId, scope, year).where('merchants.id', '=', id).executeTakeFirst();
}

/** Merchants of a grid subtree in scope, by name (for the batch poster print). */
export async function cardsOfGrid(db: Db, allianceId: string, scope: Expression<SqlBool>, year: number, gridPath: string, limit: number): Promise<CardRow[]> {
  return cards(db, allianceId, scope, year)
    .where(sql<SqlBool>`merchants.grid_id in (select g2.id from grids g2 where g2.path like ${`${gridPath}%`})`)
    .where('merchants.status', '=', 'operating')
    .orderBy('merchants.name')
    .limit(limit)
    .execute();
}

/** A grid of the alliance (path and name), or undefined. */
export async function gridOf(db: Db, allianceId: string, id: string) {
  return db.selectFrom('grids').select(['id', 'path', 'name']).where('id', '=', id).where('alliance_id', '=', allianceId).executeTakeFirst();
}

/** The alliance's active category by code, else its first active one (complaints and feedback need a category). */
export async function categoryFor(db: Db, allianceId: string, code: string): Promise<string | undefined> {
  const rows = await db.selectFrom('categories').select(['id', 'code']).where('alliance_id', '=', allianceId).where('active', '=', 1).orderBy('code').execute();
  return (rows.find((r) => r.code === code) ?? rows[0])?.id;
}

/** The designated contact for confidential feedback, with the user's name. */
export async function settingsOf(db: Db, allianceId: string) {
  return db
    .selectFrom('integrity_settings as s')
    .leftJoin('users as u', 'u.id', 's.confidential_contact_user_id')
    .select(['s.confidential_contact_user_id', 'u.display_name'])
    .where('s.alliance_id', '=', allianceId)
    .executeTakeFirst();
}

/** Upserts the designated contact and hands the alliance's open confidential tickets to them. */
export async function saveSettings(trx: Db, allianceId: string, userId: string | null, by: string | null, now: number): Promise<void> {
  await trx
    .insertInto('integrity_settings')
    .values({ alliance_id: allianceId, confidential_contact_user_id: userId, updated_by: by, updated_at: now })
    .onConflict((oc) => oc.column('alliance_id').doUpdateSet({ confidential_contact_user_id: userId, updated_by: by, updated_at: now }))
    .execute();
  if (userId)
    await trx
      .updateTable('tickets')
      .set({ confidential_user_id: userId })
      .where('alliance_id', '=', allianceId)
      .where('confidential', '=', 1)
      .where('status', 'not in', ['closed', 'cancelled', 'merged'])
      .execute();
}

/** The permissions of a user's role in the alliance; null when not a member. */
export async function memberPermissions(db: Db, allianceId: string, userId: string): Promise<string[] | null> {
  const m = await db
    .selectFrom('memberships')
    .innerJoin('roles', 'roles.id', 'memberships.role_id')
    .select('roles.permissions')
    .where('memberships.alliance_id', '=', allianceId)
    .where('memberships.user_id', '=', userId)
    .executeTakeFirst();
  return m ? jsonStringArray(m.permissions) : null;
}

/** The monitoring points a person looks after as 居务联络员. */
export async function monitoringPointsOf(db: Db, allianceId: string, personId: string) {
  return db
    .selectFrom('merchants as m')
    .leftJoin('grids as g', 'g.id', 'm.grid_id')
    .select(['m.id', 'm.name', 'm.address', 'g.name as grid_name'])
    .where('m.alliance_id', '=', allianceId)
    .where('m.monitoring_point', '=', 1)
    .where('m.liaison_person_id', '=', personId)
    .orderBy('m.name')
    .limit(200)
    .execute();
}

/** A merchant of the alliance with what feedback intake needs. */
export async function merchantForFeedback(db: Db, allianceId: string, id: string) {
  return db
    .selectFrom('merchants')
    .select(['id', 'name', 'address', 'grid_id', 'monitoring_point', 'liaison_person_id'])
    .where('id', '=', id)
    .where('alliance_id', '=', allianceId)
    .executeTakeFirst();
}

/** Active units of the alliance (id, name). */
export async function unitOptions(db: Db, allianceId: string) {
  return db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('alliance_id', '=', allianceId)
    .where('status', '=', 'active')
    .orderBy('name')
    .limit(500)
    .execute();
}

/** True when the unit exists in the alliance. */
export async function unitExists(db: Db, allianceId: string, id: string): Promise<boolean> {
  return !!(await db.selectFrom('units').select('id').where('id', '=', id).where('alliance_id', '=', allianceId).executeTakeFirst());
}

/** The feedback tickets a user filed, newest first. */
export async function feedbackOf(db: Db, allianceId: string, userId: string, offset: number, limit: number) {
  const base = db
    .selectFrom('tickets as t')
    .where('t.alliance_id', '=', allianceId)
    .where('t.kind', '=', 'feedback')
    .where('t.reporter_user_id', '=', userId)
    .where('t.merchant_id', 'is not', null);
  const [items, total] = await Promise.all([
    base
      .leftJoin('merchants as m', 'm.id', 't.merchant_id')
      .select([
        't.id',
        't.number',
        't.merchant_id',
        'm.name as merchant_name',
        't.feedback_topic',
        't.confidential',
        't.status',
        't.description',
        't.created_at',
      ])
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id', 'desc')
      .offset(offset)
      .limit(limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}
