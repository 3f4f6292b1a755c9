import type {
  ClientBackground,
  ClientEsf,
  ClientListItem,
  ClientNeed,
  ClientSummary,
  ClientView,
  DuplicateMatch,
} from '#contracts';
import type { FieldRef } from '#database';
import type { FieldCipher } from '../crypto/field-cipher.js';
import { EMPTY_BACKGROUND, isEmptyBackground } from './client-fields.js';
import type { ClientEntity, StoredNeed } from './client.entity.js';

export const picContext = (clientId: string): FieldRef => ({ column: 'pic', row: clientId });
export const needContext = (clientId: string, category: string): FieldRef => ({
  column: 'need',
  row: `${clientId}:${category}`,
});
export const backgroundContext = (clientId: string): FieldRef => ({ column: 'background', row: clientId });

export function toClientListItem(client: ClientEntity): ClientListItem {
  return {
    id: client.id,
    organisationId: client.organisationId,
    firstName: client.firstName,
    lastName: client.lastName,
    dateOfBirth: client.dateOfBirth,
    personalIdentityCodeMasked: client.personalIdentityCodeMasked,
    preferredLanguage: client.preferredLanguage,
    municipality: client.municipality,
    erased: client.erasedAt !== null,
    createdAt: client.createdAt.toISOString(),
    updatedAt: client.updatedAt.toISOString(),
  };
}

export function decryptNeeds(client: ClientEntity, cipher: FieldCipher): ClientNeed[] {
  return client.needs.map((need) => ({
    category: need.category,
    description: cipher.decryptNullable(need.description, needContext(client.id, need.category)),
  }));
}

export function encryptNeeds(clientId: string, needs: ClientNeed[], cipher: FieldCipher): StoredNeed[] {
  return needs.map((need) => ({
    category: need.category,
    description: cipher.encryptNullable(need.description?.trim(), needContext(clientId, need.category)),
  }));
}

export function decryptBackground(client: ClientEntity, cipher: FieldCipher): ClientBackground {
  if (client.backgroundEnc === null) {
    return { ...EMPTY_BACKGROUND };
  }
  const stored = JSON.parse(
    cipher.decrypt(client.backgroundEnc, backgroundContext(client.id)),
  ) as Partial<ClientBackground>;
  return { ...EMPTY_BACKGROUND, ...stored };
}

export function encryptBackground(
  clientId: string,
  background: ClientBackground,
  cipher: FieldCipher,
): string | null {
  return isEmptyBackground(background)
    ? null
    : cipher.encrypt(JSON.stringify(background), backgroundContext(clientId));
}

export function esfOf(client: ClientEntity): ClientEsf {
  return {
    labourMarketStatusAtEntry: client.esfLabourMarketStatus,
    educationAtEntry: client.esfEducation,
    resultAtExit: client.esfResultAtExit,
  };
}

/** The client's own page: the identity code in full, the needs decrypted. */
export function toClientView(client: ClientEntity, cipher: FieldCipher): ClientView {
  return {
    ...toClientListItem(client),
    personalIdentityCode: cipher.decryptNullable(client.personalIdentityCodeEnc, picContext(client.id)),
    languages: client.languages,
    interpreterNeeded: client.interpreterNeeded,
    phone: client.phone,
    email: client.email,
    gender: client.gender,
    needs: decryptNeeds(client, cipher),
    background: decryptBackground(client, cipher),
    birthYear: client.birthYear,
    esf: esfOf(client),
    createdBy: client.createdBy,
    lastActivityAt: client.lastActivityAt.toISOString(),
    erasedAt: client.erasedAt?.toISOString() ?? null,
  };
}

export function toClientSummary(client: ClientEntity): ClientSummary {
  return {
    id: client.id,
    organisationId: client.organisationId,
    preferredLanguage: client.preferredLanguage,
    erased: client.erasedAt !== null,
  };
}

const initial = (name: string | null): string => (name ? `${[...name][0].toUpperCase()}***` : '***');

export function toDuplicateMatch(
  client: ClientEntity,
  matchedOn: DuplicateMatch['matchedOn'],
): DuplicateMatch {
  return {
    id: client.id,
    matchedOn,
    nameMasked: `${initial(client.firstName)} ${initial(client.lastName)}`,
    dateOfBirth: client.dateOfBirth,
    personalIdentityCodeMasked: client.personalIdentityCodeMasked,
  };
}
