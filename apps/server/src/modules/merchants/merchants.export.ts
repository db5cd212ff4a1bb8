import type { MerchantQuery } from '@tongxin/domain';
import type { Deps, TenantActor } from '../../lib/context.ts';
import type { PageLang } from '../../lib/pageLang.ts';
import { notFound } from '../../lib/errors.ts';
import { SHEET_TEXT, shownGridLabel } from './merchants.columns.ts';
import * as repo from './merchants.repo.ts';
import { merchantFilter } from './merchants.filter.ts';
import { merchantScope } from './merchants.scope.ts';
import { toMerchant } from './merchants.view.ts';

// exceljs costs ~10 MB of memory: loaded on the first Excel request, not at start
const xlsx = () => import('./merchants.xlsx.ts');

/** The most rows one export carries (a district has hundreds to a few thousand shops). */
export const EXPORT_MAX_ROWS = 50_000;

/** The import template in `lang`, with its file name, and the alliance's grid cells in the 所属网格 drop-down. */
export async function templateFor(deps: Deps, a: TenantActor, lang: PageLang): Promise<{ name: string; content: Buffer }> {
  const grids = await repo.grids(deps.db, a.allianceId);
  return { name: SHEET_TEXT[lang].template, content: await (await xlsx()).buildTemplate(grids.map(shownGridLabel), [], lang) };
}

const EXPORT_PAGE = 1000;

/**
 * The filtered list as a workbook (at most EXPORT_MAX_ROWS, written page by page) with its file name, both in `lang`;
 * phones masked, like every other output.
 */
export async function exportMerchants(
  deps: Deps,
  a: TenantActor,
  q: Omit<MerchantQuery, 'page' | 'pageSize'>,
  lang: PageLang,
): Promise<{ name: string; content: Buffer }> {
  const scope = await merchantScope(deps.db, a);
  const filter = merchantFilter(deps, q);
  // the grid column carries the same label as the template's drop-down, so an edited export re-imports
  const grids = new Map((await repo.grids(deps.db, a.allianceId)).map((g) => [g.id, shownGridLabel(g)]));
  async function* pages() {
    let after: { createdAt: number; id: string } | null = null;
    for (let n = 0; n < EXPORT_MAX_ROWS; n += EXPORT_PAGE) {
      const rows = await repo.listAfter(deps.db, a.allianceId, scope, filter, after, Math.min(EXPORT_PAGE, EXPORT_MAX_ROWS - n));
      if (rows.length === 0) return;
      yield rows.map((row) => {
        const m = toMerchant(deps, row);
        return { ...m, gridName: m.gridId ? (grids.get(m.gridId) ?? m.gridName) : null };
      });
      const last = rows[rows.length - 1] as (typeof rows)[number];
      after = { createdAt: Number(last.created_at), id: last.id };
    }
  }
  const x = await xlsx();
  return { name: x.MERCHANT_EXPORT_TEXT[lang].file, content: await x.buildExport(pages(), lang) };
}

/**
 * An import's error report of the current alliance, for its uploader and for users whose data scope is the whole alliance.
 * It repeats the rejected rows (names, credit codes, phones) of any grid, which a narrower scope does not reach:
 * another importer (a grid officer) gets 404, as for a report that does not exist. Phones come back as typed to the
 * uploader only, masked to everyone else.
 */
export async function importReport(deps: Deps, a: TenantActor, id: string, lang: PageLang): Promise<{ name: string; content: Buffer }> {
  const r = await repo.getReport(deps.db, a.allianceId, id);
  if (!r || (r.created_by !== a.userId && a.scope !== 'alliance')) throw notFound('import report');
  // the uploader gets the values they typed back (not a reveal: nothing in it is news to them); anyone else the masked copy
  const typed = r.created_by === a.userId ? deps.cipher.decrypt(r.typed_content_enc) : null;
  const content = typed === null ? Buffer.from(r.content) : Buffer.from(typed, 'base64');
  // its file name in the language of the download (its content is in that of the import, which the console sends alike)
  return { name: `${r.file_name.replace(/\.xlsx$/i, '')}${SHEET_TEXT[lang].reportSuffix}`, content };
}
