import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPORT_DIMENSIONS, STATISTICS_EXPORT_LANGUAGES } from '#contracts';
import { codeLabel, hasCodeLabels, LABELS } from './code-labels.js';
import { ORGANISATION_DIMENSIONS } from './report-params.js';

type Tree = { [key: string]: string | Tree };

/** Every leaf of a tree of labels, as `group.key` → words. */
function leaves(tree: Tree, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === 'string'
        ? [[`${prefix}${key}`, value]]
        : Object.entries(leaves(value, `${prefix}${key}.`)),
    ),
  );
}

const portal = (lang: string): Record<string, string> =>
  leaves(JSON.parse(readFileSync(path.resolve(`apps/portal/src/i18n/${lang}.json`), 'utf8')) as Tree);

describe("a download's words for codes", () => {
  it.each(STATISTICS_EXPORT_LANGUAGES)('are the portal’s, word for word (%s)', (lang) => {
    const ours = leaves(LABELS[lang]);
    const theirs = portal(lang);
    expect(Object.keys(ours).length).toBeGreaterThan(100);
    const differing = Object.entries(ours).filter(([key, words]) => theirs[key] !== words);
    expect(differing).toEqual([]);
  });

  it('has words for every code of every group in every language', () => {
    const keys = (lang: (typeof STATISTICS_EXPORT_LANGUAGES)[number]) =>
      Object.keys(leaves(LABELS[lang])).sort();
    expect(keys('sv')).toEqual(keys('fi'));
    expect(keys('en')).toEqual(keys('fi'));
  });

  it('has words for every dimension a report can be grouped by, but months and organisations', () => {
    const named: string[] = ['month', ...ORGANISATION_DIMENSIONS];
    const dimensions = new Set(Object.values(REPORT_DIMENSIONS).flatMap((d) => [...d.allowed]));
    const without = [...dimensions].filter(
      (dimension) => !named.includes(dimension) && !hasCodeLabels(dimension),
    );
    expect(without).toEqual([]);
  });

  it('answers null for what it has no words for', () => {
    expect(codeLabel('status', 'no_such_status', 'fi')).toBeNull();
    expect(codeLabel('month', '2026-01', 'fi')).toBeNull();
    expect(codeLabel('municipality', '999', 'sv')).toBeNull();
    expect(codeLabel('status', null, 'en')).toBeNull();
  });
});
