// A report as a file: CSV (RFC 4180, UTF-8 with a BOM so that spreadsheet programs read the
// letters right) or XLSX (exceljs). The same cells as the JSON, suppression applied: "<5" is text.
// A file has no other place for what the JSON and the portal tell beside the cells, so beside each
// organisation id comes its name (the JSON's `organisations`) and beside each other code its words
// (`<column>Label`, as the portal shows them), in the download's language; the codes stay for
// whoever processes the file further.
import ExcelJS from 'exceljs';
import type { StatisticsExportLanguage, StatisticsExportReply, StatisticsReport } from '#contracts';
import { codeLabel, hasCodeLabels, totalLabel } from './code-labels.js';
import { ORGANISATION_DIMENSIONS } from './report-params.js';

type Cell = string | number | null;

const ORGANISATION_COLUMNS = new Set<string>(ORGANISATION_DIMENSIONS);

/** What a column beside a report's column holds: its organisation's name, or its code in words. */
type Beside = 'name' | 'label';

interface FileColumn {
  key: string;
  beside?: Beside;
}

/**
 * The file's columns: the report's, each organisation column followed by `<column>Name` and each
 * other code column by `<column>Label`.
 */
function columnsOf(report: StatisticsReport): FileColumn[] {
  const isCode = (key: string) => report.groupBy.includes(key) && hasCodeLabels(key);
  return report.columns.flatMap((key): FileColumn[] => {
    if (ORGANISATION_COLUMNS.has(key)) {
      return [{ key }, { key, beside: 'name' }];
    }
    return isCode(key) ? [{ key }, { key, beside: 'label' }] : [{ key }];
  });
}

const HEADER_SUFFIX: Record<Beside, string> = { name: 'Name', label: 'Label' };

function table(report: StatisticsReport, lang: StatisticsExportLanguage): Cell[][] {
  const columns = columnsOf(report);
  const nameOf = (id: Cell): Cell => {
    const name = typeof id === 'string' ? report.organisations[id] : undefined;
    return name ? (name[lang] ?? name.fi) : null;
  };
  const besideOf = (key: string, beside: Beside, code: Cell): Cell =>
    beside === 'name' ? nameOf(code) : codeLabel(key, code, lang);
  const body = report.rows.map((row) =>
    columns.map(({ key, beside }) => {
      const cell = row[key] ?? null;
      return beside ? besideOf(key, beside, cell) : cell;
    }),
  );
  const totals: Record<string, Cell> = { count: report.total, attendance: report.attendanceTotal ?? null };
  // The first column says "total", and the column of words beside it (if any) says it in words;
  // other columns beside another have none (the first column is never one).
  const total: Cell[] = columns.map(({ key, beside }, i) => {
    if (i === 0) {
      return 'total';
    }
    if (i === 1 && beside === 'label') {
      return totalLabel(lang);
    }
    return beside ? null : (totals[key] ?? null);
  });
  const header = columns.map(({ key, beside }) => (beside ? `${key}${HEADER_SUFFIX[beside]}` : key));
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
