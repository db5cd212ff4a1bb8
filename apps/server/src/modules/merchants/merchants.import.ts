import {
  creditCodeProblem,
  isValidPhone,
  holdsNumber,
  maskFreeText,
  maskPhone,
  normalizeCreditCode,
  normalizePhone,
  toWgs84,
  type MerchantImportMode,
  type MerchantImportResult,
} from '@tongxin/domain';
import type { Db } from '../../db/index.ts';
import type { MerchantTable } from '../../db/types.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { keptText } from '../../lib/freeText.ts';
import { samePhone } from '../../lib/patch.ts';
import type { PageLang } from '../../lib/pageLang.ts';
import { invalidField } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { resolveScope } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import { COLUMNS, businessTypeOf, columnOf, gridLabel, shownGridLabel, statusOf, yesNoOf, type ColumnKey } from './merchants.columns.ts';
import * as repo from './merchants.repo.ts';
import { IMPORT_REASONS, type ImportReasons } from './merchants.reasons.ts';
import { merchantScope } from './merchants.scope.ts';
import { newPublicCode } from './merchants.view.ts';
import type { SheetRow } from './merchants.xlsx.ts';
import { assertSafeXlsx } from './merchants.zipGuard.ts';

// exceljs costs ~10 MB of memory: loaded on the first import, not at start
const xlsx = () => import('./merchants.xlsx.ts');

/** Reports stay downloadable for a week. */
const REPORT_TTL_MS = 7 * 24 * 3600 * 1000;
/** How many rejected rows the JSON answer lists (the report workbook lists all). */
const ERRORS_IN_ANSWER = 50;

type Grid = Awaited<ReturnType<typeof repo.grids>>[number];

/** The grid cells a new or moved merchant may be filed into; null = any (alliance-wide reach). */
async function reachableGrids(db: Db, a: TenantActor, grids: Grid[]): Promise<Set<string> | null> {
  const scope = await resolveScope(db, a);
  switch (scope.kind) {
    case 'alliance':
      return null;
    case 'grid':
      return new Set(grids.filter((g) => g.path.startsWith(scope.gridPath)).map((g) => g.id));
    case 'org': {
      const orgs = await db.selectFrom('orgs').select('id').where('alliance_id', '=', a.allianceId).where('path', 'like', `${scope.orgPath}%`).execute();
      const ids = new Set(orgs.map((o) => o.id));
      return new Set(grids.filter((g) => g.org_id && ids.has(g.org_id)).map((g) => g.id));
    }
    case 'unit': {
      const u = await db.selectFrom('units').select('grid_id').where('id', '=', scope.unitId).where('alliance_id', '=', a.allianceId).executeTakeFirst();
      if (!u) return new Set();
      const home = u.grid_id ? grids.find((g) => g.id === u.grid_id) : undefined;
      return home ? new Set(grids.filter((g) => g.path.startsWith(home.path)).map((g) => g.id)) : null;
    }
    case 'own':
      // the import cannot name an operator person, so an own-scope account reaches none of the rows it would write
      return new Set();
  }
}

/** Resolves a grid cell text: the drop-down label (code + name), a code, or a name that is unique in the alliance. */
function gridResolver(grids: Grid[]) {
  const byText = new Map<string, string | 'ambiguous'>();
  const put = (k: string, id: string) => {
    const prev = byText.get(k);
    byText.set(k, prev && prev !== id ? 'ambiguous' : id);
  };
  for (const g of grids) {
    put(gridLabel(g), g.id);
    if (g.code) put(g.code, g.id);
    put(g.name, g.id);
    // a cell named before names refused numbers: the template and the export show it masked, and it comes back so
    put(shownGridLabel(g), g.id);
    put(maskFreeText(g.name), g.id);
  }
  return (text: string) => byText.get(text.replace(/\s+/g, ' ').trim());
}

/** The values of one valid row: only the columns the file has (absent columns leave stored values alone). */
type Parsed = Partial<Pick<MerchantTable, 'name' | 'business_type' | 'status' | 'grid_id' | 'address' | 'operator_name' | 'party_member_operator'>> & {
  credit_code: string;
  /** undefined: column absent or a masked number from an export (keep); null: cleared */
  phone?: string | null;
  phoneMasked?: boolean;
  location?: { lng: number; lat: number; crs: 'wgs84' | 'gcj02' } | null;
};

interface Checked {
  row: SheetRow;
  parsed: Parsed | null;
  /** what the row's cells gave, also when they were refused: its later checks still report on it */
  draft: Parsed;
  reasons: string[];
}

function parseRow(
  r: SheetRow,
  col: Map<ColumnKey, number>,
  grid: (t: string) => string | 'ambiguous' | undefined,
  t: ImportReasons,
): { parsed: Parsed; reasons: string[] } {
  const reasons: string[] = [];
  const has = (k: ColumnKey) => col.has(k);
  const cell = (k: ColumnKey) => {
    const i = col.get(k);
    return i === undefined ? '' : (r.cells[i] ?? '');
  };
  const p: Parsed = { credit_code: '' };

  const name = cell('name');
  if (!name) reasons.push(t.nameRequired);
  else if (name.length > 100) reasons.push(t.nameTooLong);
  else p.name = name;

  const rawCode = cell('creditCode');
  const codeIdx = col.get('creditCode') as number;
  if (!rawCode) reasons.push(t.codeRequired);
  else if (r.numeric[codeIdx] && rawCode.length >= 16) reasons.push(t.codeNumeric);
  else {
    const code = normalizeCreditCode(rawCode);
    const problem = creditCodeProblem(code);
    if (problem) reasons.push(t.code[problem] as string);
    else p.credit_code = code;
  }

  const bt = cell('businessType');
  if (!bt) reasons.push(t.typeRequired);
  else {
    const code = businessTypeOf(bt);
    if (!code) reasons.push(t.typeUnknown(bt));
    else p.business_type = code;
  }

  if (has('status')) {
    const s = cell('status');
    const code = s ? statusOf(s) : 'operating';
    if (!code) reasons.push(t.statusUnknown(s));
    else p.status = code;
  }

  if (has('grid')) {
    const g = cell('grid');
    if (!g) p.grid_id = null;
    else {
      const id = grid(g);
      if (id === 'ambiguous') reasons.push(t.gridAmbiguous(g));
      else if (!id) reasons.push(t.gridUnknown(g));
      else p.grid_id = id;
    }
  }

  if (has('address')) {
    const v = cell('address');
    if (v.length > 200) reasons.push(t.addressTooLong);
    else p.address = v || null;
  }
  if (has('operatorName')) {
    const v = cell('operatorName');
    // a number in it is refused against the stored merchant (step 3): an operator named before the rule re-imports
    if (v.length > 32) reasons.push(t.operatorTooLong);
    else p.operator_name = v || null;
  }
  if (has('partyMember')) {
    const v = yesNoOf(cell('partyMember'));
    if (v === null) reasons.push(t.partyMember);
    else p.party_member_operator = v;
  }
  if (has('contactPhone')) {
    const v = cell('contactPhone');
    if (!v) p.phone = null;
    else if (v.includes('*'))
      p.phoneMasked = true; // a masked number from an export or a report: keep the stored one
    else if (!isValidPhone(v)) reasons.push(t.phone);
    else p.phone = normalizePhone(v);
  }

  if (has('lng') || has('lat')) {
    const lngT = cell('lng');
    const latT = cell('lat');
    const crsT = cell('crs').toUpperCase().replace(/[\s_]/g, '');
    const crs = !crsT || crsT === 'WGS-84' || crsT === 'WGS84' ? 'wgs84' : crsT === 'GCJ-02' || crsT === 'GCJ02' ? 'gcj02' : null;
    if (!crs) reasons.push(t.crs);
    if (!lngT && !latT) p.location = null;
    else if (!lngT || !latT) reasons.push(t.lngLatPair);
    else {
      const lng = Number(lngT);
      const lat = Number(latT);
      const badLng = !Number.isFinite(lng) || lng < -180 || lng > 180;
      const badLat = !Number.isFinite(lat) || lat < -90 || lat > 90;
      if (badLng) reasons.push(t.lng(lngT));
      if (badLat) reasons.push(t.lat(latT));
      if (!badLng && !badLat && crs) p.location = { lng, lat, crs };
    }
  }
  return { parsed: p, reasons };
}

/** The report's copy for anyone but its uploader: phone numbers masked like in every other output (the same array when none). */
function maskedCells(cells: string[], phoneCol: number | undefined): string[] {
  if (phoneCol === undefined || !cells[phoneCol]) return cells;
  const out = [...cells];
  const v = out[phoneCol] as string;
  out[phoneCol] = v.includes('*') ? v : (maskPhone(normalizePhone(v)) ?? '');
  return out;
}

function locationColumns(loc: Parsed['location']): Pick<MerchantTable, 'lng' | 'lat' | 'crs' | 'wgs_lng' | 'wgs_lat'> {
  if (!loc) return { lng: null, lat: null, crs: null, wgs_lng: null, wgs_lat: null };
  const w = toWgs84(loc);
  return { lng: loc.lng, lat: loc.lat, crs: loc.crs, wgs_lng: w.lng, wgs_lat: w.lat };
}

/** The columns a parsed row would change on the stored merchant (empty when the row equals it). */
function patchOf(deps: Deps, p: Parsed, cur: MerchantTable): Partial<MerchantTable> {
  const next: Partial<MerchantTable> = {};
  const set = <K extends keyof MerchantTable>(k: K, v: MerchantTable[K] | undefined) => {
    if (v === undefined) return;
    const a = cur[k];
    const same = typeof a === 'number' || typeof v === 'number' ? (a === null ? v === null : Number(a) === Number(v)) : a === v;
    if (!same) next[k] = v;
  };
  // an exported workbook shows numbers in an old name masked: re-imported as shown, the stored name stays
  set('name', keptText(cur.name, p.name));
  set('business_type', p.business_type);
  set('status', p.status);
  set('grid_id', p.grid_id);
  // an exported workbook shows numbers in the address masked: its masked text re-imported keeps the stored one
  set('address', keptText(cur.address, p.address));
  // …and in the operator's name: kept the same way
  set('operator_name', keptText(cur.operator_name, p.operator_name));
  set('party_member_operator', p.party_member_operator);
  if (p.phone !== undefined && !samePhone(deps.cipher, cur.contact_phone_enc, p.phone)) {
    next.contact_phone_enc = deps.cipher.encrypt(p.phone);
    next.contact_phone_bidx = deps.cipher.phoneIndex(p.phone);
  }
  if (p.location !== undefined) {
    const loc = locationColumns(p.location);
    if (loc.lng !== (cur.lng === null ? null : Number(cur.lng)) || loc.lat !== (cur.lat === null ? null : Number(cur.lat)) || loc.crs !== cur.crs)
      Object.assign(next, loc);
  }
  return next;
}

/**
 * Imports merchants from an uploaded workbook (checked for ZIP bombs and type before parsing). Every row is validated
 * (all problems of a row are reported); mode `valid` writes the valid rows, `all` writes nothing unless every row is
 * valid. Rows upsert by credit code inside one transaction with batched inserts and one audit record, so importing the
 * same file twice leaves the same state. Rejected rows go into a report workbook with a 错误原因 column; the reasons (in
 * the answer and the report) and the report's own headers are in `lang`, the language of the import request.
 */
export async function importMerchants(
  deps: Deps,
  a: TenantActor,
  file: { bytes: Buffer; name: string },
  mode: MerchantImportMode,
  lang: PageLang = 'zh',
): Promise<MerchantImportResult> {
  const t = IMPORT_REASONS[lang];
  assertSafeXlsx(file.bytes);
  const sheet = await (await xlsx()).readSheet(file.bytes);
  const col = new Map<ColumnKey, number>();
  sheet.headers.forEach((h, i) => {
    const c = columnOf(h);
    if (c && !col.has(c.key)) col.set(c.key, i);
  });
  const missing = COLUMNS.filter((c) => c.required && !col.has(c.key)).map((c) => c.header);
  if (missing.length) throw invalidField('file', 'missing_columns', `missing columns: ${missing.join(', ')}`);
  if (sheet.rows.length === 0) throw invalidField('file', 'no_rows', 'the workbook has no data rows');

  const grids = await repo.grids(deps.db, a.allianceId);
  const resolveGrid = gridResolver(grids);
  const reachable = await reachableGrids(deps.db, a, grids);

  // 1. every row on its own
  const checked: Checked[] = sheet.rows.map((row) => {
    const { parsed, reasons } = parseRow(row, col, resolveGrid, t);
    return { row, parsed: reasons.length ? null : parsed, draft: parsed, reasons };
  });
  // 2. across rows: one row per credit code
  const firstRow = new Map<string, number>();
  for (const c of checked) {
    const code = c.parsed?.credit_code;
    if (!code) continue;
    const first = firstRow.get(code);
    if (first !== undefined) {
      c.reasons.push(t.duplicate(first));
      c.parsed = null;
    } else firstRow.set(code, c.row.row);
  }
  // 3. against the registry and the actor's reach
  // every row with a readable code, refused ones too: a report lists all of a row's problems in one go
  const existing = new Map(
    (await repo.byCreditCodes(deps.db, a.allianceId, checked.map((c) => c.draft.credit_code).filter(Boolean))).map((m) => [m.credit_code, m]),
  );
  for (const c of checked) {
    // only a new or changed name: a shop (or its operator) named before the rule re-imports as it is
    const cur = existing.get(c.draft.credit_code);
    const changedWithNumber = (sent: string | null | undefined, stored: string | null | undefined) =>
      typeof sent === 'string' && holdsNumber(sent) && sent !== stored;
    if (changedWithNumber(c.draft.name, cur?.name)) c.reasons.push(t.nameHasNumber);
    if (changedWithNumber(c.draft.operator_name, cur?.operator_name)) c.reasons.push(t.operatorHasNumber);
    if (c.reasons.length) c.parsed = null;
  }
  const valid = checked.filter((c) => c.parsed);
  for (const c of checked) if (!c.parsed && c.draft.credit_code && c.draft.phoneMasked && !existing.has(c.draft.credit_code)) c.reasons.push(t.maskedPhone);
  const inScope = await repo.idsInScope(
    deps.db,
    a.allianceId,
    await merchantScope(deps.db, a),
    [...existing.values()].map((m) => m.id),
  );
  for (const c of valid) {
    const p = c.parsed as Parsed;
    const cur = existing.get(p.credit_code);
    if (cur && !inScope.has(cur.id)) c.reasons.push(t.merchantOutOfScope);
    if (!cur && p.phoneMasked) c.reasons.push(t.maskedPhone);
    const gridId = p.grid_id !== undefined ? p.grid_id : (cur?.grid_id ?? null);
    if (reachable && !(gridId && reachable.has(gridId)) && (!cur || p.grid_id !== undefined)) c.reasons.push(t.gridOutOfScope);
    if (c.reasons.length) c.parsed = null;
  }

  const rejected = checked.filter((c) => !c.parsed);
  const result: MerchantImportResult = {
    mode,
    committed: !(mode === 'all' && rejected.length > 0),
    total: checked.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: rejected.length,
    errors: rejected.slice(0, ERRORS_IN_ANSWER).map((c) => ({ row: c.row.row, reasons: c.reasons })),
    reportFileId: null,
    reportUrl: null,
  };

  if (result.committed) {
    const now = deps.clock.now();
    const stars = await repo.openingStarsOf(deps.db, a.allianceId);
    const inserts: MerchantTable[] = [];
    const updates: Array<{ id: string; patch: Partial<MerchantTable> }> = [];
    for (const c of checked) {
      const p = c.parsed;
      if (!p) continue;
      const cur = existing.get(p.credit_code);
      if (cur) {
        const patch = patchOf(deps, p, cur);
        if (Object.keys(patch).length === 0) result.unchanged++;
        else updates.push({ id: cur.id, patch: { ...patch, updated_at: now } });
        continue;
      }
      const phone = p.phone ?? null;
      inserts.push({
        id: newId(now),
        alliance_id: a.allianceId,
        credit_code: p.credit_code,
        name: p.name as string,
        business_type: p.business_type as string,
        address: p.address ?? null,
        ...locationColumns(p.location),
        grid_id: p.grid_id ?? null,
        operator_person_id: null,
        operator_name: p.operator_name ?? null,
        party_member_operator: p.party_member_operator ?? 0,
        contact_phone_enc: deps.cipher.encrypt(phone),
        contact_phone_bidx: deps.cipher.phoneIndex(phone),
        status: p.status ?? 'operating',
        public_code: newPublicCode(),
        monitoring_point: 0,
        liaison_person_id: null,
        credit_points: 12,
        credit_stars: stars,
        credit_flag: null,
        plaques: '[]',
        upheld_year: 0,
        upheld_count: 0,
        promise: null,
        created_at: now,
        updated_at: now,
      });
    }
    result.created = inserts.length;
    result.updated = updates.length;
    if (inserts.length || updates.length) {
      await deps.db.transaction().execute(async (trx) => {
        await repo.insertMany(trx, inserts);
        for (const u of updates) await repo.update(trx, u.id, u.patch);
        await appendAudit(trx, deps, a, {
          action: 'merchant.import',
          entity: 'merchant',
          after: {
            fileName: file.name,
            mode,
            total: result.total,
            rejected: result.rejected,
            created: inserts.map((m) => ({ id: m.id, creditCode: m.credit_code })),
            // which columns changed; the phone is named, never shown
            updated: updates.map((u) => ({ id: u.id, fields: Object.keys(u.patch).filter((k) => k !== 'updated_at' && k !== 'contact_phone_bidx') })),
          },
        });
      });
    }
  }

  if (rejected.length) {
    const now = deps.clock.now();
    const id = newId(now);
    const phoneCol = col.get('contactPhone');
    const x = await xlsx();
    // the uploader fixes the rows in the report and imports it again: their copy keeps what they typed (a masked phone
    // would be a row error for a new shop), encrypted at rest like every stored phone; everyone else's has phones masked
    const { content, typed } = await x.buildReport(
      sheet.headers,
      rejected.map((c) => ({ row: c.row.row, cells: c.row.cells, shown: maskedCells(c.row.cells, phoneCol), reasons: c.reasons })),
      lang,
    );
    await repo.pruneReports(deps.db, a.allianceId, now - REPORT_TTL_MS);
    await repo.insertReport(deps.db, {
      id,
      alliance_id: a.allianceId,
      created_by: a.userId,
      file_name: file.name,
      rejected: rejected.length,
      content,
      typed_content_enc: typed && deps.cipher.encrypt(typed.toString('base64')),
      created_at: now,
    });
    result.reportFileId = id;
    result.reportUrl = `/api/v1/merchants/import/reports/${id}`;
  }
  return result;
}
