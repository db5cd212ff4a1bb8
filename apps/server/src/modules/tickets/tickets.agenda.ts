import { maskFreeText, type AgendaItem, type AgendaQuery, type TicketStatus } from '@tongxin/domain';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { shownText } from '../../lib/freeText.ts';
import { listParams, paged, resolveScope } from '../access/index.ts';
import { agendaPage } from './tickets.agenda.repo.ts';
import { ticketScope } from './tickets.service.ts';

/** The 吹哨 items of cases in the actor's reach, newest first: the list the committee brings to its joint meeting. */
export async function listAgenda(deps: Deps, a: TenantActor, q: AgendaQuery) {
  const { offset, limit } = listParams(q);
  const resolved = await resolveScope(deps.db, a);
  const scope = ticketScope(resolved, a.userId);
  // residents, merchants and volunteers (own scope) reach the items of their own cases: like the timeline's 吹哨
  // entry, they learn that it was blown, not the staff's reason (REPORTER_NOTE_ACTIONS)
  const outsider = resolved.kind === 'own';
  // which meeting took an item is the committee's business: named to who reads meetings
  const meetings = a.permissions.has('meeting:read');
  const { rows, total } = await agendaPage(deps.db, a.allianceId, scope, q, offset, limit);
  const items: AgendaItem[] = rows.map((r) => ({
    id: r.id,
    ticketId: r.ticket_id,
    ticketNumber: r.number,
    ticketTitle: maskFreeText(r.title),
    ticketStatus: r.status as TicketStatus,
    leadUnitName: shownText(r.lead_unit_name),
    // free text typed by staff: phone and ID numbers leave masked
    reason: outsider ? null : maskFreeText(r.reason),
    source: r.source === 'overdue' ? 'overdue' : 'manual',
    state: r.meeting_id === null ? 'waiting' : 'taken',
    meetingId: meetings ? r.meeting_id : null,
    // typed by staff like the reason: phone and ID numbers leave masked
    meetingTitle: meetings && r.meeting_title ? maskFreeText(r.meeting_title) : null,
    createdAt: Number(r.created_at),
    createdByName: shownText(r.created_by_name ?? null),
  }));
  return paged(items, total);
}
