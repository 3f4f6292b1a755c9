// The portal's copies of issue 15's code lists must stay equal to the contracts' lists, and the
// portal may take only types from #contracts (its values carry the server's validators, which the
// browser bundle must not load). A unit test on the portal's side: a lib never imports an app.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  AGE_BANDS,
  CHAIN_ENDS,
  CONTACT_CHANNELS,
  CONTACT_DURATIONS,
  CONTACT_GENDERS,
  EDUCATION_LEVELS,
  ESF_INDICATORS,
  EXIT_RESULTS,
  LABOUR_MARKET_STATUSES,
  MAX_REPORT_MONTHS,
  MUNICIPALITIES,
  STATISTICS_REPORTS,
} from '#contracts';
import * as portal from './statistics-types.js';
import { MAX_PERIOD_MONTHS } from '../features/statistics/period.js';

describe("the portal's code lists for contacts, ESF data and statistics", () => {
  it.each([
    ['CONTACT_CHANNELS', portal.CONTACT_CHANNELS, CONTACT_CHANNELS],
    ['CONTACT_DURATIONS', portal.CONTACT_DURATIONS, CONTACT_DURATIONS],
    ['AGE_BANDS', portal.AGE_BANDS, AGE_BANDS],
    ['CONTACT_GENDERS', portal.CONTACT_GENDERS, CONTACT_GENDERS],
    ['LABOUR_MARKET_STATUSES', portal.LABOUR_MARKET_STATUSES, LABOUR_MARKET_STATUSES],
    ['EDUCATION_LEVELS', portal.EDUCATION_LEVELS, EDUCATION_LEVELS],
    ['EXIT_RESULTS', portal.EXIT_RESULTS, EXIT_RESULTS],
    ['STATISTICS_REPORTS', portal.STATISTICS_REPORTS, STATISTICS_REPORTS],
    ['CHAIN_ENDS', portal.CHAIN_ENDS, CHAIN_ENDS],
    ['ESF_INDICATORS', portal.ESF_INDICATORS, ESF_INDICATORS],
    ['MUNICIPALITIES', portal.MUNICIPALITIES, MUNICIPALITIES],
  ] as const)('%s equals the contracts', (_name, copy, original) => {
    expect([...copy]).toEqual([...original]);
  });

  it('asks for no longer period than the API answers for', () => {
    expect(MAX_PERIOD_MONTHS).toBe(MAX_REPORT_MONTHS);
  });
});

/** Every .ts/.tsx file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return sources(file);
    }
    return /\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

describe("the portal's imports of #contracts", () => {
  const portalSources = sources(path.resolve('apps/portal/src')).filter((file) => !file.endsWith('.spec.ts'));
  const contractImports = (text: string) =>
    [...text.matchAll(/^(?:import|export)\b[^;]*?from '#contracts';/gms)].map((match) => match[0]);

  it('finds the type imports it checks (the pattern still matches the code)', () => {
    const found = portalSources.flatMap((file) => contractImports(readFileSync(file, 'utf8')));
    expect(found.length).toBeGreaterThan(0);
  });

  it('takes only types: nothing of the server library reaches the browser bundle', () => {
    const valueImports = portalSources.flatMap((file) =>
      contractImports(readFileSync(file, 'utf8'))
        .filter((statement) => !/^(?:import|export) type\b/.test(statement))
        .map((statement) => `${path.relative(process.cwd(), file)}: ${statement}`),
    );
    expect(valueImports).toEqual([]);
  });
});
