import type { Deps, TenantActor } from '../../lib/context.ts';
import { ticketsForExport, type TicketFilters } from './tickets.service.ts';

// exceljs costs ~10 MB of memory: loaded on the first export, not at start
const xlsx = () => import('./tickets.xlsx.ts');

/** The filtered ticket list of the actor's data scope as a workbook (the newest first, masked like the list). */
export async function exportTickets(deps: Deps, a: TenantActor, q: TicketFilters): Promise<Buffer> {
  const { total, capped, pages } = await ticketsForExport(deps, a, q);
  return (await xlsx()).writeTicketExport(pages, { total, capped }, deps.clock.now());
}
