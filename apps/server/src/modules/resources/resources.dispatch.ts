import {
  maskFreeText,
  shanghaiDate,
  shanghaiDayStart,
  toWgs84,
  type DispatchWithResourceBody,
  type Project,
  type ResourceSuggestion,
  type TicketDetail,
} from '@tongxin/domain';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { conflict, forbidden, invalidField } from '../../lib/errors.ts';
import { resolveScope } from '../access/index.ts';
import { getTicket, indexTokens, partiesOf, runTransition } from '../tickets/index.ts';
import { createProjectIn, getProject } from './projects.service.ts';
import { CATEGORY_LABELS, rankResources } from './resources.matching.ts';
import * as repo from './resources.repo.ts';
import { toResource } from './resources.service.ts';
import { joinTransaction } from '../../db/joinTransaction.ts';

/** How many active resources one ranking reads at most (an alliance lists tens to hundreds). */
const CANDIDATE_CAP = 2000;
const DAY = 86_400_000;
/** the share of a need's word weight (idf) a resource must match to be suggested on words alone */
const MIN_TEXT_SCORE = 0.2;

const parseTokens = (json: string): string[] => {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

/** GET /tickets/:id/resource-suggestions: the alliance's active resources ranked for a need ticket the caller can see. */
export async function suggestResources(deps: Deps, a: TenantActor, ticketId: string, limit: number): Promise<{ items: ResourceSuggestion[] }> {
  if (!a.permissions.has('ticket:read')) throw forbidden('missing permission ticket:read');
  const t = await getTicket(deps, a, ticketId);
  const cat = await deps.db.selectFrom('categories').select(['code', 'name']).where('id', '=', t.categoryId).executeTakeFirst();
  const text = [t.title, t.description, cat?.name ?? ''].join('\n');
  const rows = await repo.activeForMatching(deps.db, a.allianceId, CANDIDATE_CAP);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ranked = rankResources(
    { text, tokens: indexTokens(`${t.title}\n${t.description}`), categoryCode: cat?.code ?? null, point: t.location ? toWgs84(t.location) : null },
    rows.map((r) => ({
      id: r.id,
      category: r.category as keyof typeof CATEGORY_LABELS,
      // the category's label is part of what the resource offers ("法律援助")
      tokens: [...parseTokens(r.tokens), ...indexTokens(CATEGORY_LABELS[r.category as keyof typeof CATEGORY_LABELS] ?? '')],
      point: r.wgs_lng === null || r.wgs_lat === null ? null : { lng: Number(r.wgs_lng), lat: Number(r.wgs_lat) },
    })),
  );
  // nearness alone is no match, nor one common word ("没人" shares 人 with a 活动室's description): a resource shares the
  // need's category, or a fifth of the weight of its words, or it is not suggested
  const relevant = ranked.filter((r) => r.categoryScore > 0 || r.textScore >= MIN_TEXT_SCORE);
  return {
    items: relevant.slice(0, limit).map(({ id, ...s }) => ({ resource: toResource(deps, byId.get(id) as repo.ResourceRow), ...s })),
  };
}

/**
 * POST /tickets/:id/dispatch-with-resource: dispatches the need to the unit offering the resource (the tickets module's
 * dispatch action: state check, timeline, audit, outbox) and opens its project (owner unit = that unit, linked to
 * ticket and resource, deadline = the ticket's) in ONE transaction — any failure leaves neither.
 */
export async function dispatchWithResource(
  deps: Deps,
  a: TenantActor,
  ticketId: string,
  body: DispatchWithResourceBody,
): Promise<{ ticket: TicketDetail; project: Project }> {
  const scope = await resolveScope(deps.db, a);
  // a ticket out of reach is 404 before anything about the resource is said (runTransition checks again under its lock)
  await getTicket(deps, a, ticketId);
  const now = deps.clock.now();
  if (body.deadline !== undefined && body.deadline < shanghaiDate(now)) throw invalidField('deadline', 'in_past', 'the deadline must not lie in the past');
  const projectId = await deps.db.transaction().execute(async (trx) => {
    const resource = await repo.get(trx, a.allianceId, body.resourceId);
    if (!resource) throw invalidField('resourceId', 'unknown_reference', 'resourceId does not exist in this alliance');
    if (resource.status !== 'active') throw invalidField('resourceId', 'inactive', 'the resource is not offered at the moment');
    const ticket = await runTransition(
      { ...deps, db: joinTransaction(trx) },
      { actor: a, parties: (r) => partiesOf(a, r), scope: { scope, userId: a.userId } },
      ticketId,
      'dispatch',
      {
        leadUnitId: resource.unit_id,
        assistUnitIds: body.assistUnitIds,
        responsiblePersonId: body.responsiblePersonId ?? null,
        // the end of the chosen Shanghai day
        ...(body.deadline !== undefined ? { dueAt: shanghaiDayStart(body.deadline) + DAY - 1 } : {}),
        note: body.note ?? `资源对接：${resource.title}（${resource.unit_name}）`,
      },
    );
    // the whole alliance reads projects: a confidential case (conduct feedback) is dispatched alone, and this rolls back
    if (Number(ticket.confidential) === 1) throw conflict('a confidential case is dispatched without opening a project', { reason: 'confidential' });
    return createProjectIn(
      trx,
      deps,
      { a, scope },
      {
        kind: 'undertaking',
        parentId: body.parentProjectId ?? null,
        // the ticket's title may hold the reporter's number, which a project's title must not (NameText)
        title: body.projectTitle ?? maskFreeText(ticket.title),
        // others read the project: personal numbers in the reporter's text stay masked
        description: maskFreeText(ticket.description),
        ownerUnitId: resource.unit_id,
        responsiblePersonId: body.responsiblePersonId ?? null,
        deadline: body.deadline ?? (ticket.due_at === null ? null : shanghaiDate(Number(ticket.due_at))),
        ...(body.weight !== undefined ? { weight: body.weight } : {}),
        ticketId: ticket.id,
        resourceId: resource.id,
      },
    );
  });
  const [ticket, project] = await Promise.all([getTicket(deps, a, ticketId), getProject(deps, a, projectId)]);
  return { ticket, project };
}
