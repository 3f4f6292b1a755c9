// The service directory of the partners service: each organisation's services, shaped after
// Open Referral HSDS 3.0, the advisors' search and the HSDS export.
import type { NeedCategory } from '../referrals/subjects.js';
import type {
  CreateServicePayload,
  HsdsExportPayload,
  ListServicesPayload,
  SearchDirectoryPayload,
  ServiceIdPayload,
  UpdateServicePayload,
} from './service-payloads.js';
import type { LocalisedName, Page } from './views.js';

/** A text in the platform's three languages; Finnish is required, Swedish and English optional. */
export type LocalisedText = LocalisedName;

export const SERVICE_REFERRAL_STATUSES = ['accepting', 'waitlist'] as const;
/** Whether the service takes referrals now or puts them on a waiting list. */
export type ServiceReferralStatus = (typeof SERVICE_REFERRAL_STATUSES)[number];

export interface ServiceAddress {
  street: string;
  postalCode: string;
  city: string;
  /** The region (maakunta), e.g. Etelä-Pohjanmaa: HSDS's state_province. */
  region: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface ServiceContact {
  phone: string | null;
  email: string | null;
  url: string | null;
}

/** What an org_admin writes: POST takes all of it, PATCH any subset (each given field is replaced whole). */
export interface ServiceFields {
  name: LocalisedText;
  description: LocalisedText;
  needs: NeedCategory[];
  eligibility: LocalisedText | null;
  /** ISO 639-1 codes of the languages the service is offered in. */
  languages: string[];
  interpretationAvailable: boolean;
  address: ServiceAddress | null;
  contact: ServiceContact;
  howToRefer: LocalisedText | null;
  referralStatus: ServiceReferralStatus;
}

export interface ServiceView extends ServiceFields {
  id: string;
  organisationId: string;
  createdAt: string;
  updatedAt: string;
}

/** A search hit: the service and what an advisor needs to know of its organisation. */
export interface DirectoryServiceView extends ServiceView {
  organisation: {
    id: string;
    name: LocalisedText;
    acceptingReferrals: boolean;
    responseDays: number;
  };
}

export const HSDS_LANGUAGES = ['fi', 'sv', 'en'] as const;
export type HsdsLanguage = (typeof HSDS_LANGUAGES)[number];

/**
 * The directory as Open Referral HSDS 3.0: a page (the HSDS API's `Page`) whose `contents` are
 * organizations (schema `compiled/organization.json`) with their services nested.
 */
export interface HsdsDirectory {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: Record<string, unknown>[];
}

/** Request data: the payload classes' fields (the classes validate them on receipt). */
type Data<T> = { [K in keyof T]: T[K] };

export interface ServiceDirectoryRequests {
  /** The services of one organisation (members and platform_admin; others only when it is active). */
  'partners.service.list': { request: Data<ListServicesPayload>; reply: Page<ServiceView> };
  /** org_admin of the organisation (or platform_admin). */
  'partners.service.create': { request: Data<CreateServicePayload>; reply: ServiceView };
  'partners.service.get': { request: Data<ServiceIdPayload>; reply: ServiceView };
  'partners.service.update': { request: Data<UpdateServicePayload>; reply: ServiceView };
  'partners.service.delete': { request: Data<ServiceIdPayload>; reply: { deleted: true } };
  /** Advisors: services of active, receiving organisations by need, language served and free text. */
  'partners.directory.search': { request: Data<SearchDirectoryPayload>; reply: Page<DirectoryServiceView> };
  /** Any authenticated caller: the directory as Open Referral HSDS 3.0. */
  'partners.directory.hsds': { request: Data<HsdsExportPayload>; reply: HsdsDirectory };
}

export interface ServiceChangedData {
  serviceId: string;
  organisationId: string;
  change: 'created' | 'updated' | 'deleted';
}

export interface ServiceDirectoryEvents {
  /** A service of the directory was created, changed or removed (ids and a code only). */
  'events.partners.service.changed': ServiceChangedData;
}
