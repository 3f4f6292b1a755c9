// A report's codes in words, for the downloads: the same words the portal shows for them. The
// label files (labels/<lang>.json) are copies of the portal's groups, and code-labels.spec.ts fails
// when one differs from the portal's, so a file and the screen never name a code differently.
import { MUNICIPALITIES, type StatisticsExportLanguage } from '#contracts';
import en from './labels/en.json' with { type: 'json' };
import fi from './labels/fi.json' with { type: 'json' };
import sv from './labels/sv.json' with { type: 'json' };

export type LabelCatalog = typeof fi;

export const LABELS: Record<StatisticsExportLanguage, LabelCatalog> = { fi, sv, en };

type Group = Record<string, string>;

/** Dimensions whose codes are the keys of one group of labels. */
function groupsOf(l: LabelCatalog): Record<string, Group> {
  return {
    channel: l.channel,
    topic: l.need,
    need: l.need,
    kind: l.contactKind,
    ageBand: l.ageBand,
    labourMarketStatus: l.labourMarketStatus,
    education: l.educationLevel,
    result: { ...l.exitResult, not_exited: l.esf.notExited },
    status: l.status,
    end: l.statistics.end,
    indicator: l.statistics.indicator,
    // A contact's gender has words of its own; a participant's, the client's.
    gender: { ...l.gender, ...l.contactGender },
    // A broken chain ends with a rejection or cancellation reason, or a failed referral's outcome.
    reason: { ...l.outcome, ...l.reason },
  };
}

const GROUPS: Record<StatisticsExportLanguage, Record<string, Group>> = {
  fi: groupsOf(fi),
  sv: groupsOf(sv),
  en: groupsOf(en),
};

const languageNames = new Map<StatisticsExportLanguage, Intl.DisplayNames>();

function languageName(code: string, lang: StatisticsExportLanguage): string {
  let names = languageNames.get(lang);
  if (!names) {
    names = new Intl.DisplayNames([lang], { type: 'language' });
    languageNames.set(lang, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

function municipalityName(code: string, lang: StatisticsExportLanguage): string | null {
  if (code === 'unknown') {
    return LABELS[lang].contacts.municipalityUnknown;
  }
  const found = MUNICIPALITIES.find((entry) => entry.code === code);
  if (!found) {
    return null;
  }
  // Municipalities have official names in Finnish and Swedish; English uses the Finnish one.
  return lang === 'sv' ? found.sv : found.fi;
}

/** The word for the total row, beside its `total`. */
export const totalLabel = (lang: StatisticsExportLanguage): string => LABELS[lang].statistics.total;

/** The dimensions a download gives words for, beside their codes. */
export function hasCodeLabels(dimension: string): boolean {
  return dimension in GROUPS.fi || ['language', 'interpreter', 'municipality'].includes(dimension);
}

/** A dimension's code in words in `lang`; null for a code with no words (shown as the code alone). */
export function codeLabel(dimension: string, code: unknown, lang: StatisticsExportLanguage): string | null {
  if (typeof code !== 'string' && typeof code !== 'boolean') {
    return null;
  }
  const text = String(code);
  const labels = LABELS[lang];
  switch (dimension) {
    case 'language':
      return languageName(text, lang);
    case 'interpreter':
      return text === 'true' ? labels.statistics.interpreterUsed : labels.statistics.noInterpreter;
    case 'municipality':
      return municipalityName(text, lang);
  }
  return GROUPS[lang][dimension]?.[text] ?? null;
}
