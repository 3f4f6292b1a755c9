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

  it('gives each code its words beside it, in the language asked, and leaves a code without words alone', () => {
    const byStatus: StatisticsReport = {
      ...report,
      groupBy: ['status'],
      columns: ['status', 'count'],
      rows: [
        { status: 'requested', count: '<5' },
        { status: 'something_new', count: 6 },
      ],
      total: 9,
      organisations: {},
    };
    expect(toCsv(byStatus, 'en')).toBe(
      '\uFEFFstatus,statusLabel,count\r\nrequested,Sent,<5\r\nsomething_new,,6\r\ntotal,Total,9\r\n',
    );
    expect(toCsv(byStatus, 'sv').split('\r\n')[1]).toBe('requested,Skickad,<5');
    expect(toCsv(byStatus, 'sv').split('\r\n')[3]).toBe('total,Totalt,9');
    expect(toCsv(byStatus, 'fi').split('\r\n')[1]).toBe('requested,Lähetetty,<5');
  });

  it('keeps a report by month as its columns: a month needs no words', () => {
    const byMonth: StatisticsReport = {
      ...report,
      groupBy: ['month'],
      columns: ['month', 'count'],
      rows: [{ month: '2026-01', count: 11 }],
      total: 11,
      organisations: {},
    };
    expect(toCsv(byMonth, 'sv')).toBe('\uFEFFmonth,count\r\n2026-01,11\r\ntotal,11\r\n');
  });

  it('words the codes of contacts and participants as the portal does', () => {
    const contacts: StatisticsReport = {
      ...report,
      report: 'contacts',
      groupBy: ['channel', 'language'],
      columns: ['channel', 'language', 'count'],
      rows: [{ channel: 'walk_in', language: 'ar', count: 8 }],
      total: 8,
      organisations: {},
    };
    expect(toCsv(contacts, 'fi').split('\r\n')[0]).toBe(
      '\uFEFFchannel,channelLabel,language,languageLabel,count',
    );
    expect(toCsv(contacts, 'fi').split('\r\n')[1]).toBe('walk_in,Käynti paikan päällä,ar,arabia,8');
    const interpreted: StatisticsReport = {
      ...contacts,
      groupBy: ['interpreter', 'municipality'],
      columns: ['interpreter', 'municipality', 'count'],
      rows: [
        { interpreter: 'true', municipality: '010', count: 5 },
        { interpreter: 'false', municipality: 'unknown', count: 6 },
      ],
      total: 11,
    };
    const sv = toCsv(interpreted, 'sv').split('\r\n');
    expect(sv[1]).toBe('true,Med tolk,010,Alavo,5');
    expect(sv[2]).toBe('false,Utan tolk,unknown,Okänd,6');
    // English has no names of its own for municipalities: the Finnish one, as on the screen.
    expect(toCsv(interpreted, 'en').split('\r\n')[1]).toBe('true,With an interpreter,010,Alavus,5');
  });

  it("words a broken chain's reasons from either list, and an ESF indicator without a total row", () => {
    const chains: StatisticsReport = {
      ...report,
      report: 'broken-chain',
      groupBy: ['end', 'reason'],
      columns: ['end', 'reason', 'count'],
      rows: [
        { end: 'rejected', reason: 'could_not_contact', count: 5 },
        { end: 'failed', reason: 'did_not_attend', count: 6 },
        { end: 'failed', reason: 'service_started', count: 7 },
      ],
      total: 18,
      organisations: {},
    };
    const en = toCsv(chains, 'en').split('\r\n');
    // A code in both lists has the reason's words, as the portal shows it.
    expect(en[1]).toBe('rejected,Rejected,could_not_contact,Could not contact the client,5');
    expect(en[2]).toBe('failed,Failed,did_not_attend,Did not attend,6');
    expect(en[3]).toBe('failed,Failed,service_started,Service started,7');
    const esf: StatisticsReport = {
      ...report,
      report: 'esf-participants',
      groupBy: ['indicator'],
      columns: ['indicator', 'count'],
      rows: [{ indicator: 'long_term_unemployed', count: 12 }],
      total: 12,
      organisations: {},
    };
    expect(toCsv(esf, 'en')).toBe(
      '\uFEFFindicator,indicatorLabel,count\r\nlong_term_unemployed,Long-term unemployed,12\r\n',
    );
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
