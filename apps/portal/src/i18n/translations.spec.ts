// The three catalogues must stay in step: the same keys, the same `{placeholders}` in each text,
// and a label for every code the API sends (statuses, needs, categories, reasons, outcomes).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CANCEL_REASONS,
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  CONSENT_STATUSES,
  FAIL_REASONS,
  DATA_CATEGORIES,
  GENDERS,
  HOLD_REASONS,
  NEED_CATEGORIES,
  OUTCOMES,
  REFERRAL_STATUSES,
  REJECT_REASONS,
  ROLES,
  URGENCIES,
} from '../api/types.js';
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
} from '../api/statistics-types.js';

type Catalogue = { [key: string]: string | Catalogue };

const dir = path.resolve('apps/portal/src/i18n');
const load = (language: string): Catalogue =>
  JSON.parse(readFileSync(path.join(dir, `${language}.json`), 'utf8')) as Catalogue;

function flatten(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    if (typeof value === 'string') {
      entries.set(`${prefix}${key}`, value);
    } else {
      for (const [inner, text] of flatten(value, `${prefix}${key}.`)) {
        entries.set(inner, text);
      }
    }
  }
  return entries;
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** The text without its placeholders and punctuation: what a reader reads. */
const words = (text: string): string => text.replace(/\{\w+\}/g, '').replace(/[^\p{L}]/gu, '');

const catalogues = { fi: flatten(load('fi')), sv: flatten(load('sv')), en: flatten(load('en')) };

describe('portal translations', () => {
  it.each(['sv', 'en'] as const)('%s has exactly the keys of fi', (language) => {
    const fiKeys = [...catalogues.fi.keys()].sort();
    expect([...catalogues[language].keys()].sort()).toEqual(fiKeys);
  });

  it.each(['sv', 'en'] as const)('%s uses the same placeholders as fi in every text', (language) => {
    const mismatches = [...catalogues.fi].filter(
      ([key, text]) =>
        JSON.stringify(placeholders(text)) !==
        JSON.stringify(placeholders(catalogues[language].get(key) ?? '')),
    );
    expect(mismatches.map(([key]) => key)).toEqual([]);
  });

  it('has no empty text and no i18next-style {{double}} placeholders', () => {
    for (const catalogue of Object.values(catalogues)) {
      for (const [key, text] of catalogue) {
        expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
        expect({ key, double: text.includes('{{') }).toEqual({ key, double: false });
      }
    }
  });

  it('Finnish and Swedish are translations, not copies of the English', () => {
    const same = (language: 'fi' | 'sv') =>
      [...catalogues.en].filter(
        ([key, text]) => words(text).length > 12 && catalogues[language].get(key) === text,
      );
    expect(same('fi').map(([key]) => key)).toEqual([]);
    expect(same('sv').map(([key]) => key)).toEqual([]);
  });

  const codeLists: [string, readonly string[]][] = [
    ['status', REFERRAL_STATUSES],
    ['consentStatus', CONSENT_STATUSES],
    ['need', NEED_CATEGORIES],
    ['category', DATA_CATEGORIES],
    ['purpose', CONSENT_PURPOSES],
    ['method', CONSENT_METHODS],
    ['givenBy', CONSENT_GIVERS],
    ['urgency', URGENCIES],
    ['reason', [...REJECT_REASONS, ...CANCEL_REASONS, ...HOLD_REASONS, ...FAIL_REASONS]],
    ['outcome', OUTCOMES],
    ['gender', GENDERS],
    ['role', ROLES],
    ['channel', CONTACT_CHANNELS],
    ['duration', CONTACT_DURATIONS],
    ['ageBand', AGE_BANDS],
    ['contactGender', CONTACT_GENDERS],
    ['labourMarketStatus', LABOUR_MARKET_STATUSES],
    ['educationLevel', EDUCATION_LEVELS],
    ['exitResult', EXIT_RESULTS],
    ['statistics.end', CHAIN_ENDS],
    ['statistics.indicator', ESF_INDICATORS],
  ];

  it.each(codeLists)('every %s code has a label in all three languages', (group, codes) => {
    for (const catalogue of Object.values(catalogues)) {
      const missing = codes.filter((code) => !catalogue.has(`${group}.${code}`));
      expect(missing).toEqual([]);
    }
  });
});
