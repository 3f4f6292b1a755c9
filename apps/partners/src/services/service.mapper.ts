import type {
  CreateServicePayload,
  LocalisedText,
  ServiceAddress,
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

/** The columns that a create or update payload sets; fields left out of a PATCH are left out here. */
export function toServiceColumns(payload: CreateServicePayload | UpdateServicePayload): Columns {
  const columns: Columns = {};
  if (payload.name !== undefined) {
    Object.assign(columns, localisedColumns('name', payload.name));
  }
  if (payload.description !== undefined) {
    Object.assign(columns, localisedColumns('description', payload.description));
  }
  if (payload.eligibility !== undefined) {
    Object.assign(columns, localisedColumns('eligibility', payload.eligibility));
  }
  if (payload.howToRefer !== undefined) {
    Object.assign(columns, localisedColumns('howToRefer', payload.howToRefer));
  }
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
  if (payload.address !== undefined) {
    const given = payload.address;
    columns.streetAddress = given?.street ?? null;
    columns.postalCode = given?.postalCode ?? null;
    columns.city = given?.city ?? null;
    columns.region = given?.region ?? null;
    columns.latitude = given?.latitude ?? null;
    columns.longitude = given?.longitude ?? null;
  }
  if (payload.contact !== undefined) {
    columns.phone = payload.contact.phone ?? null;
    columns.email = payload.contact.email ?? null;
    columns.url = payload.contact.url ?? null;
  }
  return columns;
}
