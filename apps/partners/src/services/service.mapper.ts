import type {
  CreateServicePayload,
  LocalisedText,
  ServiceAddress,
  ServiceAddressPayload,
  ServiceContactPayload,
  ServiceFields,
  ServiceView,
  UpdateServicePayload,
} from '#contracts';
import type { ServiceEntity } from './service.entity.js';

type Localised = { fi: string; sv?: string | null; en?: string | null };
type Columns = Partial<ServiceEntity>;

const text = (fi: string, sv: string | null, en: string | null): LocalisedText => ({ fi, sv, en });

const optionalText = (fi: string | null, sv: string | null, en: string | null): LocalisedText | null =>
  fi === null ? null : text(fi, sv, en);

function address(entity: ServiceEntity): ServiceAddress | null {
  if (entity.streetAddress === null || entity.postalCode === null || entity.city === null) {
    return null;
  }
  return {
    street: entity.streetAddress,
    postalCode: entity.postalCode,
    city: entity.city,
    region: entity.region,
    latitude: entity.latitude,
    longitude: entity.longitude,
  };
}

export function toServiceFields(entity: ServiceEntity): ServiceFields {
  return {
    name: text(entity.nameFi, entity.nameSv, entity.nameEn),
    description: text(entity.descriptionFi, entity.descriptionSv, entity.descriptionEn),
    needs: entity.needs,
    eligibility: optionalText(entity.eligibilityFi, entity.eligibilitySv, entity.eligibilityEn),
    languages: entity.languages,
    interpretationAvailable: entity.interpretationAvailable,
    address: address(entity),
    contact: { phone: entity.phone, email: entity.email, url: entity.url },
    howToRefer: optionalText(entity.howToReferFi, entity.howToReferSv, entity.howToReferEn),
    referralStatus: entity.referralStatus,
  };
}

export function toServiceView(entity: ServiceEntity): ServiceView {
  return {
    id: entity.id,
    organisationId: entity.organisationId,
    ...toServiceFields(entity),
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}

function localisedColumns<K extends string>(
  prefix: K,
  value: Localised | null,
): Record<`${K}Fi` | `${K}Sv` | `${K}En`, string | null> {
  return {
    [`${prefix}Fi`]: value?.fi ?? null,
    [`${prefix}Sv`]: value?.sv ?? null,
    [`${prefix}En`]: value?.en ?? null,
  } as Record<`${K}Fi` | `${K}Sv` | `${K}En`, string | null>;
}

type ServicePayload = CreateServicePayload | UpdateServicePayload;

const LOCALISED_FIELDS = ['name', 'description', 'eligibility', 'howToRefer'] as const;

function plainColumns(payload: ServicePayload): Columns {
  const columns: Columns = {};
  if (payload.needs !== undefined) {
    columns.needs = [...payload.needs];
  }
  if (payload.languages !== undefined) {
    columns.languages = [...payload.languages];
  }
  if (payload.interpretationAvailable !== undefined) {
    columns.interpretationAvailable = payload.interpretationAvailable;
  }
  if (payload.referralStatus !== undefined) {
    columns.referralStatus = payload.referralStatus;
  }
  return columns;
}

/** A given address sets every address column; `null` clears them all. */
function addressColumns(given: ServiceAddressPayload | null): Columns {
  return {
    streetAddress: given?.street ?? null,
    postalCode: given?.postalCode ?? null,
    city: given?.city ?? null,
    region: given?.region ?? null,
    latitude: given?.latitude ?? null,
    longitude: given?.longitude ?? null,
  };
}

function contactColumns(contact: ServiceContactPayload): Columns {
  return { phone: contact.phone ?? null, email: contact.email ?? null, url: contact.url ?? null };
}

/** The columns that a create or update payload sets; fields left out of a PATCH are left out here. */
export function toServiceColumns(payload: ServicePayload): Columns {
  const columns: Columns = {};
  for (const field of LOCALISED_FIELDS) {
    const value = payload[field];
    if (value !== undefined) {
      Object.assign(columns, localisedColumns(field, value));
    }
  }
  Object.assign(columns, plainColumns(payload));
  if (payload.address !== undefined) {
    Object.assign(columns, addressColumns(payload.address));
  }
  if (payload.contact !== undefined) {
    Object.assign(columns, contactColumns(payload.contact));
  }
  return columns;
}
