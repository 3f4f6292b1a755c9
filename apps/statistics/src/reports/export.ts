// A report as a file: CSV (RFC 4180, UTF-8 with a BOM so that spreadsheet programs read the
// letters right) or XLSX (exceljs). The same cells as the JSON, suppression applied: "<5" is text.
import ExcelJS from 'exceljs';
import type { StatisticsExportReply, StatisticsReport } from '#contracts';

type Cell = string | number | null;

function table(report: StatisticsReport): Cell[][] {
  const body = report.rows.map((row) => report.columns.map((column) => row[column] ?? null));
  const totals: Record<string, Cell> = { count: report.total, attendance: report.attendanceTotal ?? null };
  const total: Cell[] = report.columns.map((column, i) => (i === 0 ? 'total' : (totals[column] ?? null)));
  return [report.columns, ...body, ...(report.report === 'esf-participants' ? [] : [total])];
}

const csvCell = (cell: Cell): string => {
  const text = cell === null ? '' : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function toCsv(report: StatisticsReport): string {
  return `\uFEFF${table(report)
    .map((row) => row.map(csvCell).join(','))
    .join('\r\n')}\r\n`;
}

export async function toXlsx(report: StatisticsReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'MONI';
  workbook.created = new Date(report.generatedAt);
  const sheet = workbook.addWorksheet(report.report);
  for (const row of table(report)) {
    sheet.addRow(row);
  }
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function exportReport(
  report: StatisticsReport,
  format: 'csv' | 'xlsx',
): Promise<StatisticsExportReply> {
  const filename = `moni-${report.report}-${report.from}-${report.to}.${format}`;
  return format === 'csv'
    ? {
        contentType: 'text/csv; charset=utf-8',
        filename,
        body: Buffer.from(toCsv(report), 'utf8').toString('base64'),
      }
    : {
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        filename,
        body: (await toXlsx(report)).toString('base64'),
      };
}
