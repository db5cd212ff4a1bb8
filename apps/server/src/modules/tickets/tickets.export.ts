import type { Deps, TenantActor } from '../../lib/context.ts';
import type { PageLang } from '../../lib/pageLang.ts';
import { ticketsForExport, type TicketFilters } from './tickets.service.ts';

// exceljs costs ~10 MB of memory: loaded on the first export, not at start
const xlsx = () => import('./tickets.xlsx.ts');

/**
 * The filtered ticket list of the actor's data scope as a workbook (the newest first, masked like the list), with its
 * file name; both in `lang`.
 */
export async function exportTickets(deps: Deps, a: TenantActor, q: TicketFilters, lang: PageLang): Promise<{ name: string; content: Buffer }> {
  const { total, capped, pages } = await ticketsForExport(deps, a, q);
  const x = await xlsx();
  return { name: x.TICKET_EXPORT_TEXT[lang].file, content: await x.writeTicketExport(pages, { total, capped }, deps.clock.now(), lang) };
}
