// The directory as Open Referral HSDS 3.0 (https://docs.openreferral.org/en/latest/hsds/):
// a page whose contents are organizations (schema compiled/organization.json) with their services
// nested, each with its languages, location, contact and need categories as taxonomy terms.
// HSDS has one language per dataset: the export is in the requested one, falling back to Finnish.
import {
  ISO_639_1_LANGUAGES,
  type HsdsDirectory,
  type HsdsLanguage,
  type LocalisedText,
  type NeedCategory,
  type ServiceView,
} from '#contracts';
import { uuidV5 } from './uuid5.js';

export interface HsdsOrganisation {
  id: string;
  name: LocalisedText;
  businessId: string | null;
  kind: string;
}

type Json = Record<string, unknown>;

const NEED_LABELS: Record<NeedCategory, Record<HsdsLanguage, string>> = {
  employment: { fi: 'Työllistyminen', sv: 'Sysselsättning', en: 'Employment' },
  education: { fi: 'Koulutus', sv: 'Utbildning', en: 'Education' },
  language_training: { fi: 'Kielikoulutus', sv: 'Språkutbildning', en: 'Language training' },
  housing: { fi: 'Asuminen', sv: 'Boende', en: 'Housing' },
  benefits: { fi: 'Etuudet ja toimeentulo', sv: 'Förmåner och utkomst', en: 'Benefits and income' },
  health: { fi: 'Terveys ja hyvinvointi', sv: 'Hälsa och välmående', en: 'Health and wellbeing' },
  family: { fi: 'Perhe', sv: 'Familj', en: 'Family' },
  residence: {
    fi: 'Oleskelu ja maahanmuutto',
    sv: 'Uppehåll och invandring',
    en: 'Residence and immigration',
  },
  leisure_integration: {
    fi: 'Vapaa-aika ja kotoutuminen',
    sv: 'Fritid och integration',
    en: 'Leisure and integration',
  },
};

const TAXONOMY: Record<HsdsLanguage, { name: string; description: string }> = {
  fi: { name: 'MONI-palvelutarpeet', description: 'MONI-verkoston asiakkaiden palvelutarveluokat.' },
  sv: {
    name: 'MONI-servicebehov',
    description: 'Kategorierna för klienternas servicebehov i MONI-nätverket.',
  },
  en: {
    name: 'MONI need categories',
    description: "The categories of clients' service needs in the MONI network.",
  },
};

const INTERPRETATION: Record<HsdsLanguage, string> = {
  fi: 'Tulkkaus järjestetään tarvittaessa.',
  sv: 'Tolkning ordnas vid behov.',
  en: 'Interpretation is arranged when needed.',
};

const WAITLIST: Record<HsdsLanguage, string> = {
  fi: 'Palvelussa on jonoa: uudet lähetteet menevät jonotuslistalle.',
  sv: 'Tjänsten har kö: nya remisser placeras på väntelistan.',
  en: 'The service has a waiting list: new referrals are waitlisted.',
};

export const NEED_TAXONOMY_ID = uuidV5('taxonomy:need-categories');
export const needTermId = (need: NeedCategory): string => uuidV5(`taxonomy-term:need:${need}`);

const pick = (text: LocalisedText, lang: HsdsLanguage): string => text[lang] ?? text.fi;

/** Leaves out absent values: HSDS fields are optional, but a present one must have its type. */
function compact(record: Json): Json {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== null && value !== undefined),
  );
}

function taxonomyTerm(need: NeedCategory, lang: HsdsLanguage): Json {
  return {
    id: needTermId(need),
    code: need,
    name: NEED_LABELS[need][lang],
    description: NEED_LABELS[need][lang],
    taxonomy: TAXONOMY[lang].name,
    taxonomy_id: NEED_TAXONOMY_ID,
    language: lang,
    taxonomy_detail: {
      id: NEED_TAXONOMY_ID,
      name: TAXONOMY[lang].name,
      description: TAXONOMY[lang].description,
      version: '1',
    },
  };
}

function locationOf(service: ServiceView, organisationId: string, lang: HsdsLanguage): Json | null {
  const id = uuidV5(`location:${service.id}`);
  if (service.address) {
    const { street, postalCode, city, region, latitude, longitude } = service.address;
    return compact({
      id,
      location_type: 'physical',
      organization_id: organisationId,
      name: `${street}, ${city}`,
      latitude,
      longitude,
      addresses: [
        {
          id: uuidV5(`address:${service.id}`),
          location_id: id,
          address_1: street,
          city,
          state_province: region ?? city,
          postal_code: postalCode,
          country: 'FI',
          address_type: 'physical',
        },
      ],
    });
  }
  if (service.contact.url) {
    return {
      id,
      location_type: 'virtual',
      organization_id: organisationId,
      name: pick(service.name, lang),
      url: service.contact.url,
    };
  }
  return null;
}

function hsdsService(service: ServiceView, lang: HsdsLanguage): Json {
  const location = locationOf(service, service.organisationId, lang);
  const contactId = uuidV5(`contact:${service.id}`);
  const hasContact = service.contact.email !== null || service.contact.phone !== null;
  return compact({
    id: service.id,
    organization_id: service.organisationId,
    name: pick(service.name, lang),
    description: pick(service.description, lang),
    url: service.contact.url,
    email: service.contact.email,
    status: 'active',
    interpretation_services: service.interpretationAvailable ? INTERPRETATION[lang] : null,
    application_process: service.howToRefer ? pick(service.howToRefer, lang) : null,
    eligibility_description: service.eligibility ? pick(service.eligibility, lang) : null,
    wait_time: service.referralStatus === 'waitlist' ? WAITLIST[lang] : null,
    last_modified: service.updatedAt,
    languages: service.languages.map((code) => ({
      id: uuidV5(`language:${service.id}:${code}`),
      service_id: service.id,
      name: ISO_639_1_LANGUAGES[code] ?? code,
      code,
    })),
    contacts: hasContact
      ? [
          compact({
            id: contactId,
            service_id: service.id,
            organization_id: service.organisationId,
            name: pick(service.name, lang),
            email: service.contact.email,
            phones: service.contact.phone
              ? [
                  {
                    id: uuidV5(`phone:${service.id}`),
                    contact_id: contactId,
                    service_id: service.id,
                    number: service.contact.phone,
                  },
                ]
              : [],
          }),
        ]
      : [],
    service_at_locations: location
      ? [
          {
            id: uuidV5(`service-at-location:${service.id}`),
            service_id: service.id,
            location_id: location.id,
            location,
          },
        ]
      : [],
    attributes: service.needs.map((need) => ({
      id: uuidV5(`attribute:${service.id}:${need}`),
      link_id: service.id,
      link_type: 'need_category',
      link_entity: 'service',
      taxonomy_term_id: needTermId(need),
      taxonomy_term: taxonomyTerm(need, lang),
    })),
  });
}

function hsdsOrganisation(organisation: HsdsOrganisation, services: ServiceView[], lang: HsdsLanguage): Json {
  const own = services.filter((service) => service.organisationId === organisation.id);
  const name = pick(organisation.name, lang);
  const alternate = [organisation.name.fi, organisation.name.sv, organisation.name.en].find(
    (candidate) => candidate !== null && candidate !== name,
  );
  return compact({
    id: organisation.id,
    name,
    alternate_name: alternate,
    description: organisation.kind,
    organization_identifiers: organisation.businessId
      ? [
          {
            id: uuidV5(`organization-identifier:${organisation.id}`),
            organization_id: organisation.id,
            // org-id.guide: the Finnish Patent and Registration Office's business ID (Y-tunnus).
            identifier_scheme: 'FI-PRO',
            identifier_type: 'Business ID (Y-tunnus)',
            identifier: organisation.businessId,
          },
        ]
      : [],
    locations: own.flatMap((service) => {
      const location = locationOf(service, organisation.id, lang);
      return location ? [location] : [];
    }),
    services: own.map((service) => hsdsService(service, lang)),
  });
}

/** One page holding the whole directory (it is small: the organisations of one network). */
export function toHsdsDirectory(
  organisations: HsdsOrganisation[],
  services: ServiceView[],
  lang: HsdsLanguage,
): HsdsDirectory {
  const contents = organisations.map((organisation) => hsdsOrganisation(organisation, services, lang));
  return {
    total_items: contents.length,
    total_pages: 1,
    page_number: 1,
    size: contents.length,
    first_page: true,
    last_page: true,
    empty: contents.length === 0,
    contents,
  };
}
