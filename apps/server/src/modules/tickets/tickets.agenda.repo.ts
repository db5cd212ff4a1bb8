import type { AgendaQuery } from '@tongxin/domain';
import type { Expression, SqlBool } from 'kysely';
import { containsText, type Db } from '../../db/index.ts';

/** One page of an alliance's 吹哨 items of cases matching `scope`, newest first, with their total. */
export async function agendaPage(db: Db, allianceId: string, scope: Expression<SqlBool>, q: AgendaQuery, offset: number, limit: number) {
  let base = db
    .selectFrom('agenda_candidates as ac')
    .innerJoin('tickets', 'tickets.id', 'ac.ticket_id')
    .where('ac.alliance_id', '=', allianceId)
    .where('tickets.alliance_id', '=', allianceId)
    .where(scope);
  if (q.state === 'waiting') base = base.where('ac.meeting_id', 'is', null);
  if (q.state === 'taken') base = base.where('ac.meeting_id', 'is not', null);
  if (q.source) base = base.where('ac.source', '=', q.source);
  if (q.q) {
    const text = q.q;
    base = base.where((eb) => eb.or([containsText('tickets.number', text), containsText('tickets.title', text)]));
  }
  const [rows, count] = await Promise.all([
    base
      .leftJoin('units', 'units.id', 'tickets.lead_unit_id')
      .leftJoin('users', 'users.id', 'ac.created_by')
      .leftJoin('meetings', (j) => j.onRef('meetings.id', '=', 'ac.meeting_id').on('meetings.alliance_id', '=', allianceId))
      .select([
        'ac.id',
        'ac.ticket_id',
        'ac.reason',
        'ac.source',
        'ac.meeting_id',
        'ac.created_at',
        'tickets.number',
        'tickets.title',
        'tickets.status',
        'units.name as lead_unit_name',
        'users.display_name as created_by_name',
        'meetings.title as meeting_title',
      ])
      .orderBy('ac.created_at', 'desc')
      .orderBy('ac.id', 'desc')
      .offset(offset)
      .limit(limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}
