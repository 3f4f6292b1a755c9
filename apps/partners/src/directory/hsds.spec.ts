import type { ServiceView } from '#contracts';
import { describeErrors, hsdsValidators } from '../../test/directory-hsds-schema.js';
import { DEMO_ORGANISATIONS } from '../demo/demo-organisations.js';
import { DEMO_SERVICES } from './demo-services.js';
import { needTermId, toHsdsDirectory, type HsdsOrganisation } from './hsds.js';

/** The export is plain JSON: the tests read it loosely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const organisations: HsdsOrganisation[] = DEMO_ORGANISATIONS.map((org) => ({
  id: org.id,
  name: org.name,
  businessId: org.businessId,
  kind: org.kind,
}));

const services: ServiceView[] = DEMO_SERVICES.map((service) => ({
  ...service,
  createdAt: '2026-01-05T08:00:00.000Z',
  updatedAt: '2026-01-06T08:00:00.000Z',
}));

describe(toHsdsDirectory.name, () => {
  const validators = hsdsValidators();

  it.each(['fi', 'sv', 'en'] as const)(
    'builds a directory in %s that validates against the HSDS 3.0 schemas',
    (lang) => {
      const directory = toHsdsDirectory(organisations, services, lang);
      expect(validators.official(directory)).toBe(true);
      expect(describeErrors(validators.strict.errors)).toBe('');
      expect(validators.strict(directory)).toBe(true);
      expect(directory.total_items).toBe(organisations.length);
    },
  );

  it('nests services with their languages, location, contact and need categories as taxonomy terms', () => {
    const directory = toHsdsDirectory(organisations, services, 'en');
    const all: Loose[] = directory.contents.flatMap((org): Loose[] => org.services as Loose[]);
    const guidance = all.find((service) => service.id === DEMO_SERVICES[0].id)!;
    expect(guidance.name).toBe('MONI guidance and counselling');
    expect(guidance.languages.map((language: { code: string }) => language.code)).toContain('ar');
    expect(guidance.languages.find((language: { code: string }) => language.code === 'ar').name).toBe(
      'Arabic',
    );
    expect(guidance.interpretation_services).toEqual(expect.any(String));
    expect(guidance.service_at_locations[0].location.addresses[0]).toMatchObject({
      address_1: 'Kauppakatu 17',
      postal_code: '60100',
      city: 'Seinäjoki',
      state_province: 'Etelä-Pohjanmaa',
      country: 'FI',
    });
    expect(guidance.contacts[0].phones[0].number).toBe('+358 6 555 0101');
    expect(
      guidance.attributes.map(
        (attribute: { taxonomy_term: { code: string } }) => attribute.taxonomy_term.code,
      ),
    ).toEqual(DEMO_SERVICES[0].needs);
    expect(guidance.attributes[0].taxonomy_term_id).toBe(needTermId(DEMO_SERVICES[0].needs[0]));
  });

  it('falls back to Finnish where a translation is missing and keeps derived ids stable', () => {
    const untranslated = [{ ...services[0], name: { fi: 'Vain suomeksi', sv: null, en: null } }];
    const first = toHsdsDirectory(organisations.slice(0, 1), untranslated, 'sv');
    const second = toHsdsDirectory(organisations.slice(0, 1), untranslated, 'sv');
    expect((first.contents[0].services as Loose[])[0].name).toBe('Vain suomeksi');
    expect(first).toEqual(second);
  });

  it('refuses a broken document: the validator is wired to the schemas', () => {
    const directory = toHsdsDirectory(organisations, services, 'fi');
    const broken = structuredClone(directory) as Loose;
    delete broken.contents[0].name;
    broken.contents[1].services[0].status = 'open';
    broken.contents[2].id = 'not-a-uuid';
    expect(validators.official(broken)).toBe(false);
    const errors = describeErrors(validators.official.errors);
    expect(errors).toContain("/contents/0 must have required property 'name'");
    expect(errors).toContain('/contents/1/services/0/status must be equal to one of the allowed values');
    expect(errors).toContain('/contents/2/id must match format "uuid"');

    const misspelt = structuredClone(directory) as Loose;
    misspelt.contents[0].servces = misspelt.contents[0].services;
    expect(validators.official(misspelt)).toBe(true);
    expect(validators.strict(misspelt)).toBe(false);
  });
});
