import type { Adoption, ProjectStatus } from '@tongxin/domain';
import type { Db } from '../../db/index.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { AppError, conflict, forbidden, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { shownText } from '../../lib/freeText.ts';
import { listParams, paged, resolveScope } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import * as repo from './projects.repo.ts';
import { eventRow, loadProject } from './projects.service.ts';
import { assertUnitWritable, managesUnit } from './reach.ts';

type AdoptionRow = {
  id: string;
  project_id: string;
  project_title: string;
  user_id: string;
  adopter_name: string;
  merchant_id: string | null;
  merchant_name: string | null;
  note: string | null;
  status: string;
  created_at: number;
  cancelled_at: number | null;
};

function toAdoption(r: AdoptionRow): Adoption {
  return {
    id: r.id,
    projectId: r.project_id,
    projectTitle: shownText(r.project_title),
    userId: r.user_id,
    adopterName: shownText(r.adopter_name),
    merchantId: r.merchant_id,
    merchantName: shownText(r.merchant_name),
    note: shownText(r.note),
    status: r.status as Adoption['status'],
    createdAt: Number(r.created_at),
    cancelledAt: r.cancelled_at === null ? null : Number(r.cancelled_at),
  };
}

function adoptions(db: Db, allianceId: string) {
  return db
    .selectFrom('project_adoptions as pa')
    .innerJoin('projects', 'projects.id', 'pa.project_id')
    .leftJoin('merchants', 'merchants.id', 'pa.merchant_id')
    .where('pa.alliance_id', '=', allianceId)
    .select([
      'pa.id',
      'pa.project_id',
      'projects.title as project_title',
      'pa.user_id',
      'pa.adopter_name',
      'pa.merchant_id',
      'merchants.name as merchant_name',
      'pa.note',
      'pa.status',
      'pa.created_at',
      'pa.cancelled_at',
    ]);
}

/** The registered merchant the user runs (merchants.operator_person_id = the user's person), if any. */
async function merchantOf(db: Db, a: TenantActor): Promise<{ id: string } | null> {
  if (!a.personId) return null;
  const m = await db
    .selectFrom('merchants')
    .select('id')
    .where('alliance_id', '=', a.allianceId)
    .where('operator_person_id', '=', a.personId)
    .orderBy('created_at')
    .executeTakeFirst();
  return m ?? null;
}

/**
 * A merchant adopts (认领) a service project: only merchants (the 'own' data scope of the merchant role, or the operator
 * of a registered merchant) may; the project must be a service project still open; places are counted under a row
 * lock (full → 409) and a user holds at most one active adoption per project (→ 409, backed by a unique index).
 */
export async function adopt(deps: Deps, a: TenantActor, projectId: string, body: { note?: string | null | undefined }): Promise<Adoption> {
  const id = await deps.db.transaction().execute(async (trx) => {
    await repo.lockRow(trx, deps.dbKind, projectId);
    const p = await loadProject(trx, a, projectId);
    const merchant = await merchantOf(trx, a);
    if (!a.userId || (a.scope !== 'own' && !merchant)) throw forbidden('only merchants adopt service projects');
    if (p.kind !== 'service') throw conflict('only service projects can be adopted', { kind: p.kind });
    const status = p.status as ProjectStatus;
    if (status !== 'planned' && status !== 'in_progress') throw new AppError('ILLEGAL_TRANSITION', 409, `a ${status} project takes no adoptions`, { status });
    if (Number(p.adopted_by_me) > 0) throw conflict('you have already adopted this project', { reason: 'already_adopted' });
    if (p.capacity !== null && Number(p.adopted_count) >= Number(p.capacity))
      throw conflict('the project has no places left', { reason: 'full', capacity: Number(p.capacity) });
    const now = deps.clock.now();
    const adoptionId = newId(now);
    await trx
      .insertInto('project_adoptions')
      .values({
        id: adoptionId,
        alliance_id: a.allianceId,
        project_id: projectId,
        user_id: a.userId,
        adopter_name: a.name,
        merchant_id: merchant?.id ?? null,
        note: body.note ?? null,
        status: 'active',
        created_at: now,
        cancelled_at: null,
        cancelled_by: null,
      })
      .execute();
    await repo.appendEvent(trx, { ...eventRow(a, p, now, { action: 'adopt', note: body.note ?? null }), subject_user_id: a.userId });
    await appendAudit(trx, deps, a, {
      action: 'project.adopt',
      entity: 'project_adoption',
      entityId: adoptionId,
      after: { projectId, merchantId: merchant?.id ?? null, note: body.note ?? null },
    });
    return adoptionId;
  });
  return toAdoption((await adoptions(deps.db, a.allianceId).where('pa.id', '=', id).executeTakeFirstOrThrow()) as AdoptionRow);
}

/** Cancels an adoption: by the adopter, or by someone who may manage the project's owner unit. Twice → 409. */
export async function cancelAdoption(deps: Deps, a: TenantActor, adoptionId: string): Promise<Adoption> {
  const scope = await resolveScope(deps.db, a);
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('project_adoptions').selectAll().where('id', '=', adoptionId).where('alliance_id', '=', a.allianceId).executeTakeFirst();
    if (!row) throw notFound('adoption');
    await repo.lockRow(trx, deps.dbKind, row.project_id);
    const p = await loadProject(trx, a, row.project_id);
    if (row.user_id !== a.userId) {
      if (!a.permissions.has('resource:write')) throw notFound('adoption');
      await assertUnitWritable(trx, a, scope, p.owner_unit_id, 'ownerUnitId');
    }
    if (row.status !== 'active') throw new AppError('ILLEGAL_TRANSITION', 409, 'the adoption is already cancelled', { status: row.status });
    const now = deps.clock.now();
    await trx.updateTable('project_adoptions').set({ status: 'cancelled', cancelled_at: now, cancelled_by: a.userId }).where('id', '=', adoptionId).execute();
    // the event concerns the adopter, also when a manager of the owner unit cancels: the shop reads it on the timeline
    await repo.appendEvent(trx, { ...eventRow(a, p, now, { action: 'adopt_cancel', note: row.adopter_name }), subject_user_id: row.user_id });
    await appendAudit(trx, deps, a, {
      action: 'project.adopt_cancel',
      entity: 'project_adoption',
      entityId: adoptionId,
      before: { status: 'active' },
      after: { status: 'cancelled' },
    });
  });
  return toAdoption((await adoptions(deps.db, a.allianceId).where('pa.id', '=', adoptionId).executeTakeFirstOrThrow()) as AdoptionRow);
}

/** Adoptions of a project: all of them for those who manage its owner unit, otherwise only the caller's own. */
export async function projectAdoptions(deps: Deps, a: TenantActor, projectId: string, q: { page: number; pageSize: number; status?: string | undefined }) {
  const scope = await resolveScope(deps.db, a);
  const p = await loadProject(deps.db, a, projectId);
  const manager = await managesUnit(deps.db, a, scope, p.owner_unit_id);
  let base = adoptions(deps.db, a.allianceId).where('pa.project_id', '=', projectId);
  if (!manager) base = base.where('pa.user_id', '=', a.userId ?? '');
  if (q.status) base = base.where('pa.status', '=', q.status);
  return pageOf(base, q);
}

/** The caller's own adoptions (H5 "我的认领"). */
export async function myAdoptions(deps: Deps, a: TenantActor, q: { page: number; pageSize: number; status?: string | undefined }) {
  let base = adoptions(deps.db, a.allianceId).where('pa.user_id', '=', a.userId ?? '');
  if (q.status) base = base.where('pa.status', '=', q.status);
  return pageOf(base, q);
}

async function pageOf(base: ReturnType<typeof adoptions>, q: { page: number; pageSize: number }) {
  const { offset, limit } = listParams(q);
  const [rows, total] = await Promise.all([
    base.orderBy('pa.created_at', 'desc').orderBy('pa.id', 'desc').offset(offset).limit(limit).execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return paged(
    rows.map((r) => toAdoption(r as AdoptionRow)),
    total.n,
  );
}
