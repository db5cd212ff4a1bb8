import { MERCHANT_BUSINESS_TYPE_LABELS, MERCHANT_BUSINESS_TYPES, MERCHANT_STATUS_LABELS, MERCHANT_STATUSES, type Merchant } from '@tongxin/domain';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { invalidField } from '../../lib/errors.ts';
import { TEXT, addStreamSheet, newWorkbook, streamWorkbook, styleHeader, toBuffer } from '../../lib/workbook.ts';
import type { PageLang } from '../../lib/pageLang.ts';
import { COLUMNS, CRS_LABELS, DATA_SHEET, DICT_SHEET, NO, SHEET_TEXT, YES, columnOf } from './merchants.columns.ts';

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

function addDictionary(wb: ExcelJS.Workbook, grids: string[], lang: PageLang): Record<string, string> {
  const ws = wb.addWorksheet(DICT_SHEET, { state: 'hidden' });
  const lists: Array<[string, string[]]> = [
    ['业态', MERCHANT_BUSINESS_TYPES.map((c) => MERCHANT_BUSINESS_TYPE_LABELS[c])],
    ['经营状态', MERCHANT_STATUSES.map((c) => MERCHANT_STATUS_LABELS[c])],
    ['网格', grids.length ? grids : [SHEET_TEXT[lang].noGrids]],
    ['是否', [YES, NO]],
    ['坐标系', [CRS_LABELS.wgs84, CRS_LABELS.gcj02]],
  ];
  const refs: Record<string, string> = {};
  const keys = ['businessType', 'status', 'grid', 'yesNo', 'crs'];
  lists.forEach(([title, values], i) => {
    const col = colLetter(i);
    ws.getCell(`${col}1`).value = title;
    values.forEach((v, j) => {
      ws.getCell(`${col}${j + 2}`).value = v;
    });
    refs[keys[i] as string] = `${DICT_SHEET}!$${col}$2:$${col}$${values.length + 1}`;
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
 * Sheet names, headers and notes are in `lang` (import reads the English headers too); the drop-downs keep the Chinese
 * dictionary values, which are what an import reads.
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
 * template's columns (so it can be edited and re-imported) plus the credit summary. Sheet name and headers are in
 * `lang` (import reads the English headers too); the cells keep the registry's dictionary values (业态, 在营, 是/否), which
 * are what an import reads back.
 */
export async function buildExport(pages: AsyncIterable<Merchant[]>, plaqueLabel: (k: string) => string, lang: PageLang = 'zh'): Promise<Buffer> {
  const x = MERCHANT_EXPORT_TEXT[lang];
  return streamWorkbook(async (wb) => {
    const ws = addStreamSheet(wb, x.sheet, [
      ...COLUMNS.map((c) => ({ header: header(c, lang), width: c.width, text: c.text, required: c.required })),
      ...x.extra.map((header) => ({ header, width: 14 })),
    ]);
    for await (const page of pages) for (const m of page) ws.addRow(exportRow(m, plaqueLabel)).commit();
    ws.commit();
  });
}

/** One merchant as a row of the export: the template's columns, then the credit and integrity ones. */
function exportRow(m: Merchant, plaqueLabel: (k: string) => string) {
  return [
    m.name,
    m.creditCode,
    MERCHANT_BUSINESS_TYPE_LABELS[m.businessType],
    MERCHANT_STATUS_LABELS[m.status],
    m.gridName ?? '',
    m.address ?? '',
    m.operatorName ?? '',
    m.partyMemberOperator ? YES : NO,
    m.contactPhone ?? '', // masked
    m.location?.lng ?? '',
    m.location?.lat ?? '',
    m.location ? CRS_LABELS[m.location.crs] : '',
    m.publicCode,
    m.creditPoints,
    m.creditStars ?? '',
    m.creditFlag === 'red' ? '红旗' : m.creditFlag === 'yellow' ? '黄旗' : '',
    m.plaques.map(plaqueLabel).join('、'),
    m.monitoringPoint ? YES : NO,
    m.liaisonPersonName ?? '',
    m.operatorPersonName ?? '',
  ];
}

/** The error report in `lang`: each rejected row as read (its headers as uploaded), its row number, and every reason in 错误原因. */
export async function buildReport(headers: string[], rows: Array<{ row: number; cells: string[]; reasons: string[] }>, lang: PageLang = 'zh'): Promise<Buffer> {
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
  for (const r of rows) {
    const row = ws.addRow([...headers.map((_, i) => r.cells[i] ?? ''), r.row, r.reasons.join(lang === 'en' ? '; ' : '；')]);
    row.getCell(all.length).font = { color: { argb: 'FFC00000' } };
  }
  return toBuffer(wb);
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
  if (typeof v === 'boolean') return { text: v ? YES : NO, numeric: false };
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
