import { MERCHANT_BUSINESS_TYPES, MERCHANT_STATUSES, type Merchant } from '@tongxin/domain';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { invalidField } from '../../lib/errors.ts';
import { TEXT, addStreamSheet, newWorkbook, streamWorkbook, styleHeader, toBuffer } from '../../lib/workbook.ts';
import type { PageLang } from '../../lib/pageLang.ts';
import { CELL_VALUES, COLUMNS, CRS_LABELS, DATA_SHEET, SHEET_TEXT, columnOf } from './merchants.columns.ts';

/** Rows of the template that carry drop-downs and text formats (Excel shows them as soon as the user types). */
const TEMPLATE_ROWS = 5000;

type DvSheet = { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } };

/** A column's header and note in the file's language. */
const header = (c: (typeof COLUMNS)[number], lang: PageLang) => (lang === 'en' ? c.en : c.header);
const note = (c: (typeof COLUMNS)[number], lang: PageLang) => (lang === 'en' ? c.enNote : c.note);

function colLetter(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** The hidden sheet of drop-down values, in the file's language (titles and values); the refs of its lists. */
function addDictionary(wb: ExcelJS.Workbook, grids: string[], lang: PageLang): Record<string, string> {
  const t = SHEET_TEXT[lang];
  const v = CELL_VALUES[lang];
  const ws = wb.addWorksheet(t.dict, { state: 'hidden' });
  const lists: string[][] = [
    MERCHANT_BUSINESS_TYPES.map((c) => v.businessType[c]),
    MERCHANT_STATUSES.map((c) => v.status[c]),
    grids.length ? grids : [t.noGrids],
    [v.yes, v.no],
    [CRS_LABELS.wgs84, CRS_LABELS.gcj02],
  ];
  const refs: Record<string, string> = {};
  const keys = ['businessType', 'status', 'grid', 'yesNo', 'crs'];
  lists.forEach((values, i) => {
    const col = colLetter(i);
    ws.getCell(`${col}1`).value = t.dictTitles[i] as string;
    values.forEach((value, j) => {
      ws.getCell(`${col}${j + 2}`).value = value;
    });
    refs[keys[i] as string] = `${t.dict}!$${col}$2:$${col}$${values.length + 1}`;
  });
  return refs;
}

function addNotes(wb: ExcelJS.Workbook, lang: PageLang): void {
  const t = SHEET_TEXT[lang];
  const ws = wb.addWorksheet(t.notes);
  const [h, r, n] = t.notesHeaders;
  ws.columns = [
    { header: h, key: 'h', width: 22 },
    { header: r, key: 'r', width: 10 },
    { header: n, key: 'n', width: 90 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const c of COLUMNS) ws.addRow({ h: header(c, lang), r: c.required ? t.required : t.optional, n: note(c, lang) });
  ws.addRow({});
  for (const [k, v] of t.howTo) ws.addRow({ h: k, n: v });
}

/** Applies the data sheet's column widths, text formats and drop-downs for `rows` data rows. */
function formatDataSheet(ws: ExcelJS.Worksheet, refs: Record<string, string>, rows: number, lang: PageLang): void {
  COLUMNS.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    if (c.text) col.numFmt = TEXT;
    const ref = c.list ? refs[c.list] : undefined;
    if (ref) {
      const letter = colLetter(i);
      (ws as unknown as DvSheet).dataValidations.add(`${letter}2:${letter}${rows + 1}`, {
        type: 'list',
        allowBlank: !c.required,
        formulae: [ref],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: header(c, lang),
        error: SHEET_TEXT[lang].pick,
      });
    }
  });
  // a note on each header explains the column where the user types
  COLUMNS.forEach((c, i) => {
    ws.getRow(1).getCell(i + 1).note = note(c, lang);
  });
}

export type TemplateRow = Partial<Record<(typeof COLUMNS)[number]['key'], string | number>>;

/**
 * The import template: 商户 (headers, drop-downs, text columns), 填写说明, and the hidden 字典 sheet; optional sample rows.
 * Sheet names, headers, notes and drop-down values are in `lang` (import reads either language's headers and values).
 */
export async function buildTemplate(gridLabels: string[], rows: TemplateRow[] = [], lang: PageLang = 'zh'): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet(SHEET_TEXT[lang].data);
  addNotes(wb, lang);
  const refs = addDictionary(wb, gridLabels, lang);
  styleHeader(
    ws,
    COLUMNS.map((c) => header(c, lang)),
    COLUMNS.map((c) => c.required),
  );
  formatDataSheet(ws, refs, Math.max(TEMPLATE_ROWS, rows.length), lang);
  rows.forEach((r, i) => {
    const row = ws.getRow(i + 2);
    COLUMNS.forEach((c, j) => {
      const v = r[c.key];
      if (v !== undefined && v !== '') row.getCell(j + 1).value = v;
    });
  });
  // the data sheet opens first
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  return toBuffer(wb);
}

/** The export's file name, data sheet and the headers of its columns beyond the template's, per language. */
export const MERCHANT_EXPORT_TEXT: Record<PageLang, { file: string; sheet: string; extra: string[] }> = {
  zh: { file: '商户名录.xlsx', sheet: DATA_SHEET, extra: ['公开码', '信用分', '星级', '红黄旗', '挂牌', '营商环境监测点', '居务联络员', '经营者（人员）'] },
  en: {
    file: 'Merchants.xlsx',
    sheet: 'Merchants',
    extra: ['Public code', 'Credit points', 'Stars', 'Flag', 'Plaques', 'Business-environment monitoring point', 'Community liaison', 'Operator (person)'],
  },
};

/**
 * The filtered list as a workbook, written page by page (streaming: one page of rows in memory at a time): the
 * template's columns (so it can be edited and re-imported) plus the credit summary. Sheet name, headers and dictionary
 * values (业态, 在营, 是/否, flags, plaques) are in `lang`; the import reads either language's, so the file goes back in.
 */
export async function buildExport(pages: AsyncIterable<Merchant[]>, lang: PageLang = 'zh'): Promise<Buffer> {
  const x = MERCHANT_EXPORT_TEXT[lang];
  return streamWorkbook(async (wb) => {
    const ws = addStreamSheet(wb, x.sheet, [
      ...COLUMNS.map((c) => ({ header: header(c, lang), width: c.width, text: c.text, required: c.required })),
      ...x.extra.map((header) => ({ header, width: 14 })),
    ]);
    for await (const page of pages) for (const m of page) ws.addRow(exportRow(m, CELL_VALUES[lang])).commit();
    ws.commit();
  });
}

/** One merchant as a row of the export: the template's columns, then the credit and integrity ones. */
function exportRow(m: Merchant, v: (typeof CELL_VALUES)[PageLang]) {
  // a plaque the alliance named itself (not one of the kinds) is shown as stored
  const plaque = (k: string) => (v.plaque as Record<string, string>)[k] ?? k;
  return [
    m.name,
    m.creditCode,
    v.businessType[m.businessType],
    v.status[m.status],
    m.gridName ?? '',
    m.address ?? '',
    m.operatorName ?? '',
    m.partyMemberOperator ? v.yes : v.no,
    m.contactPhone ?? '', // masked
    m.location?.lng ?? '',
    m.location?.lat ?? '',
    m.location ? CRS_LABELS[m.location.crs] : '',
    m.publicCode,
    m.creditPoints,
    m.creditStars ?? '',
    m.creditFlag === 'red' || m.creditFlag === 'yellow' ? v.flag[m.creditFlag] : '',
    m.plaques.map(plaque).join(v.listSep),
    m.monitoringPoint ? v.yes : v.no,
    m.liaisonPersonName ?? '',
    m.operatorPersonName ?? '',
  ];
}

/** A rejected row of a report: as typed, as others may see it (`shown`: phones masked), and every reason. */
export interface ReportRow {
  row: number;
  cells: string[];
  shown: string[];
  reasons: string[];
}

/**
 * The error report in `lang`: each rejected row (its headers as uploaded), its row number, and every reason in 错误原因.
 * One workbook gives both copies: `content` with the shown (masked) cells for everyone, and `typed`, written first
 * from the same workbook, with the cells as typed for the uploader — null when no cell differs.
 */
export async function buildReport(headers: string[], rows: ReportRow[], lang: PageLang = 'zh'): Promise<{ content: Buffer; typed: Buffer | null }> {
  const t = SHEET_TEXT[lang];
  const wb = newWorkbook();
  const ws = wb.addWorksheet(t.data);
  const all = [...headers, t.row, t.reason];
  styleHeader(
    ws,
    all,
    all.map(() => false),
  );
  headers.forEach((h, i) => {
    const c = columnOf(h);
    const col = ws.getColumn(i + 1);
    col.width = c?.width ?? 16;
    if (c?.text) col.numFmt = TEXT;
  });
  ws.getColumn(all.length).width = 60;
  ws.getRow(1).getCell(all.length).font = { bold: true, color: { argb: 'FFC00000' } };
  const differing: Array<{ cell: ExcelJS.Cell; shown: string }> = [];
  for (const r of rows) {
    const row = ws.addRow([...headers.map((_, i) => r.cells[i] ?? ''), r.row, r.reasons.join(lang === 'en' ? '; ' : '；')]);
    row.getCell(all.length).font = { color: { argb: 'FFC00000' } };
    headers.forEach((_, i) => {
      const shown = r.shown[i] ?? '';
      if (shown !== (r.cells[i] ?? '')) differing.push({ cell: row.getCell(i + 1), shown });
    });
  }
  if (differing.length === 0) return { content: await toBuffer(wb), typed: null };
  const typed = await toBuffer(wb);
  for (const d of differing) d.cell.value = d.shown;
  return { content: await toBuffer(wb), typed };
}

/** One data row as read: 1-based sheet row number and the cell texts in header order (`numeric` marks numbers). */
export interface SheetRow {
  row: number;
  cells: string[];
  numeric: boolean[];
}

/** The text of a cell however the writing program stored it (shared string, rich text, formula result, number …). */
function cellText(v: ExcelJS.CellValue): { text: string; numeric: boolean } {
  if (v === null || v === undefined) return { text: '', numeric: false };
  if (typeof v === 'string') return { text: v.trim(), numeric: false };
  if (typeof v === 'number') return { text: Number.isInteger(v) ? v.toFixed(0) : String(v), numeric: true };
  if (typeof v === 'boolean') return { text: v ? CELL_VALUES.zh.yes : CELL_VALUES.zh.no, numeric: false };
  if (v instanceof Date) return { text: v.toISOString().slice(0, 10), numeric: false };
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText))
      return {
        text: v.richText
          .map((r) => r.text)
          .join('')
          .trim(),
        numeric: false,
      };
    if ('formula' in v || 'sharedFormula' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in v && typeof v.text === 'string') return { text: v.text.trim(), numeric: false };
  }
  return { text: '', numeric: false };
}

/**
 * Reads the data sheet: the first sheet whose header row (within the first 5 rows) names 统一社会信用代码 (or, from an
 * English export, Unified social credit code); 400 when
 * none. Uses exceljs's streaming reader, which skips styles and data validations (a template's drop-downs cover
 * thousands of rows, and expanding them costs seconds in the full reader).
 */
export async function readSheet(buf: Buffer): Promise<{ headers: string[]; rows: SheetRow[] }> {
  let found: { headers: string[]; rows: SheetRow[] } | null;
  try {
    found = await scanSheets(
      new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buf]), {
        worksheets: 'emit',
        sharedStrings: 'cache',
        hyperlinks: 'ignore',
        styles: 'ignore',
        entries: 'ignore',
      }),
    );
  } catch {
    // exceljs's streaming reader fails now and then on a valid file (an unzip race under load): the full reader decides
    try {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
      found = await scanSheets(wb.worksheets.map((ws) => ws.getRows(1, ws.rowCount) ?? []));
    } catch {
      throw invalidField('file', 'unreadable_workbook', 'the workbook cannot be read');
    }
  }
  if (!found) throw invalidField('file', 'missing_columns', 'no sheet has a 统一社会信用代码 header row');
  return found;
}

type SheetSource = AsyncIterable<AsyncIterable<ExcelJS.Row> | Iterable<ExcelJS.Row>> | Iterable<Iterable<ExcelJS.Row>>;

/** The first sheet whose header row (within the first 5 rows) names 统一社会信用代码, with its non-empty rows. */
async function scanSheets(sheets: SheetSource): Promise<{ headers: string[]; rows: SheetRow[] } | null> {
  let found: { headers: string[]; rows: SheetRow[] } | null = null;
  for await (const ws of sheets) {
    let headers: string[] | null = null;
    const rows: SheetRow[] = [];
    // every sheet is read to its end: the streaming reader expects its entries to be consumed in order
    for await (const r of ws) {
      if (found) continue;
      if (!headers) {
        if (r.number > 5) continue;
        const cells: string[] = [];
        for (let c = 1; c <= r.cellCount; c++) cells.push(cellText(r.getCell(c).value).text);
        if (cells.some((x) => columnOf(x)?.key === 'creditCode')) headers = cells;
        continue;
      }
      const cells: string[] = [];
      const numeric: boolean[] = [];
      for (let c = 1; c <= headers.length; c++) {
        const t = cellText(r.getCell(c).value);
        cells.push(t.text);
        numeric.push(t.numeric);
      }
      if (cells.some((x) => x !== '')) rows.push({ row: r.number, cells, numeric });
    }
    if (!found && headers) found = { headers, rows };
  }
  return found;
}
