// A report as a file: CSV (RFC 4180, UTF-8 with a BOM so that spreadsheet programs read the
// letters right) or XLSX (exceljs). The same cells as the JSON, suppression applied: "<5" is text,
// and beside each organisation id its name (the JSON's `organisations`), as a file has no other
// place for them and an id alone tells a reader nothing.
import ExcelJS from 'exceljs';
import type { StatisticsExportLanguage, StatisticsExportReply, StatisticsReport } from '#contracts';
import { ORGANISATION_DIMENSIONS } from './report-params.js';

type Cell = string | number | null;

const ORGANISATION_COLUMNS = new Set<string>(ORGANISATION_DIMENSIONS);

/** The file's columns: the report's, each organisation column followed by `<column>Name`. */
function columnsOf(report: StatisticsReport): { key: string; name?: true }[] {
  return report.columns.flatMap((key) =>
    ORGANISATION_COLUMNS.has(key) ? [{ key }, { key, name: true as const }] : [{ key }],
  );
}

function table(report: StatisticsReport, lang: StatisticsExportLanguage): Cell[][] {
  const columns = columnsOf(report);
  const nameOf = (id: Cell): Cell => {
    const name = typeof id === 'string' ? report.organisations[id] : undefined;
    return name ? (name[lang] ?? name.fi) : null;
  };
  const body = report.rows.map((row) =>
    columns.map(({ key, name }) => (name ? nameOf(row[key] ?? null) : (row[key] ?? null))),
  );
  const totals: Record<string, Cell> = { count: report.total, attendance: report.attendanceTotal ?? null };
  // The first column says "total"; a name column has none (the first column is never one).
  const total: Cell[] = columns.map(({ key, name }, i) => {
    if (i === 0) {
      return 'total';
    }
    return name ? null : (totals[key] ?? null);
  });
  const header = columns.map(({ key, name }) => (name ? `${key}Name` : key));
  return [header, ...body, ...(report.report === 'esf-participants' ? [] : [total])];
}

/**
 * A CSV cell. Text that a spreadsheet program would take for a formula (an organisation's name is
 * free text its administrator writes) gets a leading apostrophe, which shows it as text.
 */
const csvCell = (cell: Cell): string => {
  const text = cell === null ? '' : String(cell);
  const safe = typeof cell === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function toCsv(report: StatisticsReport, lang: StatisticsExportLanguage = 'fi'): string {
  return `\uFEFF${table(report, lang)
    .map((row) => row.map(csvCell).join(','))
    .join('\r\n')}\r\n`;
}

export async function toXlsx(
  report: StatisticsReport,
  lang: StatisticsExportLanguage = 'fi',
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'MONI';
  workbook.created = new Date(report.generatedAt);
  const sheet = workbook.addWorksheet(report.report);
  for (const row of table(report, lang)) {
    sheet.addRow(row);
  }
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function exportReport(
  report: StatisticsReport,
  format: 'csv' | 'xlsx',
  lang: StatisticsExportLanguage = 'fi',
): Promise<StatisticsExportReply> {
  const filename = `moni-${report.report}-${report.from}-${report.to}.${format}`;
  return format === 'csv'
    ? {
        contentType: 'text/csv; charset=utf-8',
        filename,
        body: Buffer.from(toCsv(report, lang), 'utf8').toString('base64'),
      }
    : {
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        filename,
        body: (await toXlsx(report, lang)).toString('base64'),
      };
}
