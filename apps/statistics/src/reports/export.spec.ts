import ExcelJS from 'exceljs';
import type { StatisticsReport } from '#contracts';
import { toCsv, toXlsx } from './export.js';

const KELA = '00000000-0000-4000-8000-000000000001';
const EMPLOYMENT = '00000000-0000-4000-8000-000000000002';

const report: StatisticsReport = {
  report: 'referrals',
  from: '2026-01',
  to: '2026-02',
  groupBy: ['receivingOrganisation'],
  scope: { kind: 'network' },
  generatedAt: '2026-03-01T10:00:00.000Z',
  columns: ['receivingOrganisation', 'count'],
  rows: [
    { receivingOrganisation: KELA, count: 12 },
    { receivingOrganisation: EMPLOYMENT, count: '<5' },
    { receivingOrganisation: 'not_on_platform', count: 7 },
  ],
  total: 23,
  organisations: {
    [KELA]: { fi: 'Kela, Seinäjoen toimisto', sv: 'FPA, Seinäjoki byrå', en: null },
    [EMPLOYMENT]: { fi: 'Työllisyyspalvelut, "Seinäjoki"', sv: null, en: null },
  },
};

describe('a report as a file', () => {
  it('names each organisation beside its id, in the language asked (Finnish where it has no name in it)', () => {
    expect(toCsv(report, 'sv')).toBe(
      '\uFEFFreceivingOrganisation,receivingOrganisationName,count\r\n' +
        `${KELA},"FPA, Seinäjoki byrå",12\r\n` +
        `${EMPLOYMENT},"Työllisyyspalvelut, ""Seinäjoki""",<5\r\n` +
        'not_on_platform,,7\r\n' +
        'total,,23\r\n',
    );
    expect(toCsv(report, 'fi').split('\r\n')[1]).toBe(`${KELA},"Kela, Seinäjoen toimisto",12`);
  });

  it('keeps a report without organisations as its columns', () => {
    const byStatus: StatisticsReport = {
      ...report,
      groupBy: ['status'],
      columns: ['status', 'count'],
      rows: [{ status: 'requested', count: '<5' }],
      total: 3,
      organisations: {},
    };
    expect(toCsv(byStatus, 'en')).toBe('\uFEFFstatus,count\r\nrequested,<5\r\ntotal,3\r\n');
  });

  it('writes the same cells to XLSX', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(report, 'en')) as unknown as ArrayBuffer);
    const cells: unknown[][] = [];
    workbook.getWorksheet('referrals')!.eachRow((row) => cells.push((row.values as unknown[]).slice(1)));
    expect(cells).toEqual([
      ['receivingOrganisation', 'receivingOrganisationName', 'count'],
      [KELA, 'Kela, Seinäjoen toimisto', 12],
      [EMPLOYMENT, 'Työllisyyspalvelut, "Seinäjoki"', '<5'],
      ['not_on_platform', undefined, 7],
      ['total', undefined, 23],
    ]);
  });

  it('names both organisations of a report by sender and receiver, and keeps a name that looks like a formula text', () => {
    const both: StatisticsReport = {
      ...report,
      groupBy: ['sendingOrganisation', 'receivingOrganisation'],
      columns: ['sendingOrganisation', 'receivingOrganisation', 'count'],
      rows: [{ sendingOrganisation: EMPLOYMENT, receivingOrganisation: KELA, count: 9 }],
      total: 9,
      organisations: {
        [KELA]: { fi: 'Kela', sv: null, en: null },
        [EMPLOYMENT]: { fi: '=HYPERLINK("http://example.com","Kela")', sv: null, en: null },
      },
    };
    expect(toCsv(both, 'en')).toBe(
      '\uFEFFsendingOrganisation,sendingOrganisationName,receivingOrganisation,receivingOrganisationName,count\r\n' +
        `${EMPLOYMENT},"'=HYPERLINK(""http://example.com"",""Kela"")",${KELA},Kela,9\r\n` +
        'total,,,,9\r\n',
    );
  });
});
