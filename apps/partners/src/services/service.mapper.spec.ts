import type { UpdateServicePayload } from '#contracts';
import { searchWords } from '../directory/directory.service.js';
import type { ServiceEntity } from './service.entity.js';
import { toServiceColumns, toServiceView } from './service.mapper.js';

describe(toServiceColumns.name, () => {
  it('sets only the fields a PATCH gives, and clears the nullable ones given as null', () => {
    const patch = {
      serviceId: '3d5f2a60-8c1b-4e7a-b9d2-6f0e1c2b3a01',
      name: { fi: 'Uusi', en: 'New' },
      eligibility: null,
      address: null,
      contact: { phone: '+358 6 555 0101' },
    } as UpdateServicePayload;
    expect(toServiceColumns(patch)).toEqual({
      nameFi: 'Uusi',
      nameSv: null,
      nameEn: 'New',
      eligibilityFi: null,
      eligibilitySv: null,
      eligibilityEn: null,
      streetAddress: null,
      postalCode: null,
      city: null,
      region: null,
      latitude: null,
      longitude: null,
      phone: '+358 6 555 0101',
      email: null,
      url: null,
    });
  });

  it('round-trips through the entity into the view', () => {
    const columns = toServiceColumns({
      organisationId: '7b0c8a52-3f1e-4c6a-9d2b-0a1e5f3c9d01',
      name: { fi: 'Palvelu', sv: null, en: null },
      description: { fi: 'Kuvaus', sv: 'Beskrivning', en: null },
      needs: ['housing'],
      languages: ['fi'],
      address: {
        street: 'Katu 1',
        postalCode: '60100',
        city: 'Seinäjoki',
        region: null,
        latitude: 1,
        longitude: 2,
      },
    });
    const entity = {
      id: 'a',
      organisationId: 'b',
      eligibilityFi: null,
      eligibilitySv: null,
      eligibilityEn: null,
      howToReferFi: null,
      howToReferSv: null,
      howToReferEn: null,
      interpretationAvailable: false,
      referralStatus: 'accepting',
      phone: null,
      email: null,
      url: null,
      createdAt: new Date('2026-01-01T00:00:00Z'),
      updatedAt: new Date('2026-01-02T00:00:00Z'),
      deletedAt: null,
      ...columns,
    } as ServiceEntity;
    expect(toServiceView(entity)).toMatchObject({
      name: { fi: 'Palvelu', sv: null, en: null },
      description: { fi: 'Kuvaus', sv: 'Beskrivning', en: null },
      address: {
        street: 'Katu 1',
        postalCode: '60100',
        city: 'Seinäjoki',
        region: null,
        latitude: 1,
        longitude: 2,
      },
      eligibility: null,
      updatedAt: '2026-01-02T00:00:00.000Z',
    });
  });
});

describe(searchWords.name, () => {
  it('splits on any white space, drops empty words and keeps at most eight', () => {
    expect(searchWords('  suomen\tkielen\n kurssi ')).toEqual(['suomen', 'kielen', 'kurssi']);
    expect(searchWords(undefined)).toEqual([]);
    expect(searchWords('a b c d e f g h i j')).toHaveLength(8);
  });
});
