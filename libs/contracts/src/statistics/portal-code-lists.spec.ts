// The portal's copies of issue 15's code lists (the browser cannot import #contracts, which carries
// the server's validators) must stay equal to the contracts' lists. Here, not in apps/portal: the
// portal's own tsconfig does not compile the server's libraries.
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
  MUNICIPALITIES,
  STATISTICS_REPORTS,
} from '#contracts';
import * as portal from '../../../../apps/portal/src/api/statistics-types.js';

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
});
