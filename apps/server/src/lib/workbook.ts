import ExcelJS from 'exceljs';

// Loaded only through modules' lazily imported *.xlsx.ts files: exceljs costs ~10 MB of memory.

/** The number format that keeps a column as text (credit codes, phone numbers, ticket numbers). */
export const TEXT = '@';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDECEC' } };

/** A workbook with a fixed creation time (the same rows give the same bytes). */
export function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
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
