import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

// Loaded only through modules' lazily imported *.xlsx.ts files: exceljs costs ~10 MB of memory.

/** The number format that keeps a column as text (credit codes, phone numbers, ticket numbers). */
export const TEXT = '@';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDECEC' } };

/** A workbook with a fixed creation time (the same rows give the same bytes). */
export function newWorkbook(): ExcelJS.Workbook {
  return stamped(new ExcelJS.Workbook());
}

/** Our author and a fixed creation time on a workbook. */
function stamped<W extends ExcelJS.Workbook>(wb: W): W {
  wb.creator = 'Tongxin 同心';
  wb.created = new Date(0);
  return wb;
}

/** Bold header cells, required columns marked with * in red. */
export function styleHeaderRow(row: ExcelJS.Row, headers: string[], required: boolean[] = []): void {
  headers.forEach((h, i) => {
    const c = row.getCell(i + 1);
    c.value = required[i] ? `${h}*` : h;
    c.font = { bold: true, color: required[i] ? { argb: 'FFC00000' } : { argb: 'FF000000' } };
    c.fill = HEADER_FILL;
    c.alignment = { vertical: 'middle' };
  });
}

/** The header row styled (styleHeaderRow) and frozen above the data. */
export function styleHeader(ws: ExcelJS.Worksheet, headers: string[], required: boolean[] = []): void {
  styleHeaderRow(ws.getRow(1), headers, required);
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

/** The workbook as .xlsx bytes. */
export async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * A workbook written with exceljs's streaming writer: `write` adds sheets and commits their rows as they come, so an
 * export holds one page of rows at a time (the in-memory workbook cost ~35 KB per row: 50,000 merchants took 1.2 GB).
 */
export async function streamWorkbook(write: (wb: ExcelJS.stream.xlsx.WorkbookWriter) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = stamped(new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false }));
  await write(wb);
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

/** A streaming sheet with a styled, frozen header row and column widths; `text` columns keep their values as text. */
export function addStreamSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: Array<{ header: string; width: number; text?: boolean; required?: boolean }>,
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width, ...(c.text ? { style: { numFmt: TEXT } } : {}) }));
  styleHeaderRow(
    ws.getRow(1),
    columns.map((c) => c.header),
    columns.map((c) => !!c.required),
  );
  ws.getRow(1).commit();
  return ws;
}
