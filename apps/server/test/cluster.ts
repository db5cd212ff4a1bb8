import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { openDb, type DbHandle } from '../src/db/index.ts';
import type { TicketTable } from '../src/db/types.ts';
import type { Deps } from '../src/lib/context.ts';
import { newId } from '../src/lib/ids.ts';
import type { TestEnv } from './harness.ts';

/** A second server "process" on the same database as env: its own connection pool (or SQLite handle) and app. */
export interface Peer {
  app: FastifyInstance;
  deps: Deps;
  handle: DbHandle;
  close(): Promise<void>;
}

export async function startPeer(env: TestEnv): Promise<Peer> {
  const handle = openDb(env.config.db.kind, env.config.db.url);
  const { app, deps } = await buildApp({ config: env.config, clock: env.clock, handle, logger: false });
  await app.ready();
  return {
    app,
    deps,
    handle,
    async close() {
      await app.close();
      await handle.close();
    },
  };
}

/** A grid written straight to the database: top-level, or under `parent` (its path below the parent's). */
export async function insertGrid(env: TestEnv, allianceId: string, name: string, parent?: { id: string; path: string; level: number }): Promise<string> {
  const now = env.clock.now();
  const id = newId(now);
  await env.deps.db
    .insertInto('grids')
    .values({
      id,
      alliance_id: allianceId,
      parent_id: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      level: (parent?.level ?? 0) + 1,
      name,
      code: null,
      org_id: null,
      description: null,
      sort_order: 0,
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** Reference rows for tickets written straight to the database (units, grids, a category). */
export interface Fixture {
  allianceId: string;
  categoryId: string;
  unitIds: string[];
  gridIds: string[];
}

export async function insertFixture(env: TestEnv, allianceId: string, opts: { units?: string[]; grids?: string[]; category?: string } = {}): Promise<Fixture> {
  const db = env.deps.db;
  const now = env.clock.now();
  const unitIds: string[] = [];
  for (const name of opts.units ?? ['城管中队', '市场监管所']) {
    const id = newId(now);
    unitIds.push(id);
    await db
      .insertInto('units')
      .values({
        id,
        alliance_id: allianceId,
        kind: 'regulator',
        name,
        category: null,
        org_id: null,
        grid_id: null,
        contact_name: null,
        contact_phone_enc: null,
        contact_phone_bidx: null,
        address: null,
        duties: null,
        status: 'active',
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  const gridIds: string[] = [];
  for (const name of opts.grids ?? ['一网格', '二网格']) gridIds.push(await insertGrid(env, allianceId, name));
  const categoryId = newId(now);
  await db
    .insertInto('categories')
    .values({
      id: categoryId,
      alliance_id: allianceId,
      code: `C${Math.floor(Math.random() * 1e8)}`,
      name: opts.category ?? '占道经营',
      gb_class: null,
      accept_hours: 2,
      resolve_days: 7,
      urgent_hours: 2,
      default_lead_unit_id: null,
      active: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { allianceId, categoryId, unitIds, gridIds };
}

let seq = 0;

/** A ticket row with every NOT NULL column filled; `t` overrides anything. */
export async function insertTicket(env: TestEnv, fx: Fixture, t: Partial<TicketTable> = {}): Promise<string> {
  const now = env.clock.now();
  const id = newId(now);
  seq++;
  const row: TicketTable = {
    id,
    alliance_id: fx.allianceId,
    number: `TST-${seq.toString().padStart(6, '0')}-${id.slice(-6)}`,
    kind: 'report',
    status: 'submitted',
    merchant_id: null,
    complaint_verdict: null,
    verdict_at: null,
    category_id: fx.categoryId,
    title: '占道经营',
    description: '门口堆放货物',
    photos: '[]',
    lng: null,
    lat: null,
    crs: null,
    wgs_lng: null,
    wgs_lat: null,
    address: null,
    grid_id: fx.gridIds[0] ?? null,
    merchant_name: null,
    urgent: 0,
    reporter_user_id: null,
    reporter_name: null,
    reporter_phone_enc: null,
    reporter_phone_bidx: null,
    anonymous: 1,
    tracking_hash: null,
    lead_unit_id: null,
    responsible_person_id: null,
    accept_due_at: null,
    due_at: null,
    due_beyond_calendar: 0,
    warned: 0,
    overdue: 0,
    accept_overdue: 0,
    escalated: 0,
    extension_pending: 0,
    extension_until: null,
    rating_stars: null,
    rating_solved: null,
    rating_comment: null,
    rating_by_callback: null,
    rated_at: null,
    callback_due: 0,
    closed_unrated: 0,
    merged_into_id: null,
    reopen_count: 0,
    created_by: null,
    created_at: now,
    updated_at: now,
    dispatched_at: null,
    accepted_at: null,
    resolved_at: null,
    closed_at: null,
    ...t,
  };
  await env.deps.db.insertInto('tickets').values(row).execute();
  return id;
}
