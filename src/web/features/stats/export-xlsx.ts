import type { TStatUnit } from './format';

/** One column of an exported table: a header in the screen's language and how its cells are written. */
export interface XlsxColumn {
  header: string;
  /** 'text', or a number shown with the figure's unit (counts, %, đồng), or a plain decimal (z). */
  type: 'text' | 'value' | 'decimal';
  width?: number;
}

export interface XlsxTable {
  /** Sheet name (at most 31 characters; Excel refuses longer ones). */
  sheet: string;
  /** Lines above the table: what, which period, compared with what, printed when. */
  title: string[];
  unit: TStatUnit;
  columns: XlsxColumn[];
  rows: (string | number | null)[][];
}

function numberFormat(col: XlsxColumn, unit: TStatUnit): string | undefined {
  if (col.type === 'decimal') return '0.00';
  if (col.type !== 'value') return undefined;
  // Formats are stored in Excel's invariant syntax; Excel shows them with the reader's separators (1.234,5 in vi-VN).
  return unit === 'percent' ? '0.0' : '#,##0';
}

/** Excel's sheet-name rules: ≤ 31 characters, none of : \ / ? * [ ]. */
export function safeSheetName(name: string): string {
  return (
    name
      .replace(/[:\\/?*[\]]/g, ' ')
      .slice(0, 31)
      .trim() || 'Sheet1'
  );
}

/**
 * Builds the workbook in the browser and saves it. ExcelJS is loaded only when a user exports, so it
 * stays out of the dashboard's own chunk.
 */
export async function exportXlsx(table: XlsxTable, fileName: string): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Bình An';
  wb.created = new Date();
  const ws = wb.addWorksheet(safeSheetName(table.sheet), {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  for (const line of table.title) {
    const row = ws.addRow([line]);
    row.font = { bold: row.number === 1, size: row.number === 1 ? 13 : 11 };
  }
  ws.addRow([]);
  const header = ws.addRow(table.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F4FF' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  for (const r of table.rows) ws.addRow(r.map((v) => (v === null ? '' : v)));
  table.columns.forEach((col, i) => {
    const column = ws.getColumn(i + 1);
    column.width = col.width ?? (col.type === 'text' ? 40 : 14);
    const fmt = numberFormat(col, table.unit);
    if (fmt) column.numFmt = fmt;
  });
  const buffer = await wb.xlsx.writeBuffer();
  const blob = new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
