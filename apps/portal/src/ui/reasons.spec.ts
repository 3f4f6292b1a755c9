// The reasons the API gives for the fields of the portal's forms, taken from the contracts'
// validators themselves, must be said in the interface's language: a reason the portal does not
// recognise reaches a Finnish form in English (found in the browser, 2026-12-05).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  AnonymousContactPayload,
  CreateClientPayload,
  RecordContactPayload,
  ServiceAddressPayload,
  parsePersonalIdentityCode,
} from '#contracts';
import { reasonInWords } from './reasons.js';

type Messages = { [key: string]: string | Messages };

function load(language: string): Messages {
  const file = path.join(import.meta.dirname, '..', 'i18n', `${language}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as Messages;
}

/** i18next's `t` over one language's file, as the portal configures it (`{name}` placeholders). */
function translator(messages: Messages) {
  return ((key: string, values: Record<string, string> = {}) => {
    const text = key
      .split('.')
      .reduce<string | Messages | undefined>(
        (node, part) => (typeof node === 'object' ? node[part] : undefined),
        messages,
      );
    if (typeof text !== 'string') {
      throw new Error(`no text for ${key}`);
    }
    return text.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
  }) as unknown as Parameters<typeof reasonInWords>[1];
}

/** What class-validator says of a payload, reason by reason, as the gateway's pipe passes it on. */
function reasonsOf<T extends object>(type: new () => T, plain: Record<string, unknown>): string[] {
  const errors = validateSync(plainToInstance(type, plain));
  const collect = (list: typeof errors): string[] =>
    list.flatMap((error) => [...Object.values(error.constraints ?? {}), ...collect(error.children ?? [])]);
  return collect(errors);
}

const TODAY = new Date('2026-12-05T12:00:00Z');

const identityCodeReasons = ['01059', '010594Q9021', '310294-9024', '010594Y0011', '010594Y9022'].map(
  (code) => {
    const result = parsePersonalIdentityCode(code, TODAY);
    if (result.valid) {
      throw new Error(`${code} was meant to be refused`);
    }
    return result.message;
  },
);

const FORM_REASONS: string[] = [
  // The client form.
  ...reasonsOf(CreateClientPayload, {
    firstName: 'Amal',
    lastName: 'Haddad',
    dateOfBirth: '1990-02-31',
    phone: 'abc',
    email: 'not an address',
  }),
  ...identityCodeReasons,
  // A guidance contact in the future, and an anonymous one's municipality.
  ...reasonsOf(RecordContactPayload, { date: '2099-01-01' }).filter((reason) => reason.startsWith('date ')),
  ...reasonsOf(AnonymousContactPayload, { municipality: 'Seinäjoki' }).filter((reason) =>
    reason.startsWith('municipality '),
  ),
  // A service's address in the directory.
  ...reasonsOf(ServiceAddressPayload, { postalCode: '123' }).filter((reason) =>
    reason.startsWith('postalCode '),
  ),
  // The services' own field errors (apps/clients consent.service.ts and client rules,
  // apps/partners organisations and members).
  'validUntil must be in the future',
  'validUntil must be within 5 years',
  'dateOfBirth does not match the date in personalIdentityCode',
  'preferredLanguage must be one of languages',
  'businessId is already registered',
  'email is already a member',
  'email is your own',
];

describe('the reasons the API gives for the portal’s form fields', () => {
  it('covers what the forms can be refused for', () => {
    // The payloads above are refused for what they were built to show, not for something else.
    expect(FORM_REASONS).toEqual(
      expect.arrayContaining([
        'dateOfBirth must be an existing date YYYY-MM-DD, not in the future',
        'phone must be a phone number (digits, spaces, +, -, parentheses)',
        'personalIdentityCode has a wrong check character',
      ]),
    );
    expect(FORM_REASONS.some((reason) => reason.startsWith('date must be an existing date'))).toBe(true);
    expect(FORM_REASONS.some((reason) => reason.startsWith('municipality '))).toBe(true);
    expect(FORM_REASONS.some((reason) => reason.startsWith('postalCode '))).toBe(true);
    expect(identityCodeReasons).toHaveLength(5);
  });

  it.each(['fi', 'sv', 'en'])('says every one of them in words of %s', (language) => {
    const t = translator(load(language));
    const untranslated = FORM_REASONS.filter((reason) => reasonInWords(reason, t) === reason);
    expect(untranslated).toEqual([]);
  });

  it('names no field by its API name and leaves no placeholder in Finnish', () => {
    const t = translator(load('fi'));
    for (const reason of FORM_REASONS) {
      const words = reasonInWords(reason, t);
      expect({ reason, words }).toEqual({ reason, words: expect.not.stringMatching(/[a-z][A-Z]|\{|YYYY/) });
    }
  });
});
