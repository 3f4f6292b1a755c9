import type { ConsentEventData, ConsentView } from '#contracts';
import type { FieldRef } from '#database';
import type { FieldCipher } from '../crypto/field-cipher.js';
import type { ConsentEntity } from './consent.entity.js';

export const withdrawalNoteContext = (consentId: string): FieldRef => ({
  column: 'withdrawal-note',
  row: consentId,
});

export function toConsentView(consent: ConsentEntity, cipher: FieldCipher): ConsentView {
  return {
    id: consent.id,
    clientId: consent.clientId,
    version: consent.version,
    status: consent.status,
    recipientOrganisationIds: consent.recipientOrganisationIds,
    categories: consent.categories,
    purposes: consent.purposes,
    method: consent.method,
    givenBy: consent.givenBy,
    recordedBy: consent.recordedBy,
    recordedByOrganisationId: consent.organisationId,
    noticeVersion: consent.noticeVersion,
    noticeLanguage: consent.noticeLanguage,
    interpreterUsed: consent.interpreterUsed,
    givenAt: consent.givenAt.toISOString(),
    validUntil: consent.validUntil?.toISOString() ?? null,
    supersedesConsentId: consent.supersedesId,
    supersededByConsentId: consent.supersededById,
    withdrawnAt: consent.withdrawnAt?.toISOString() ?? null,
    withdrawnBy: consent.withdrawnBy,
    withdrawalMethod: consent.withdrawalMethod,
    withdrawalNote: cipher.decryptNullable(consent.withdrawalNoteEnc, withdrawalNoteContext(consent.id)),
    expiredAt: consent.expiredAt?.toISOString() ?? null,
  };
}

/** Ids and codes only. */
export function toConsentEventData(consent: ConsentEntity): ConsentEventData {
  return {
    consentId: consent.id,
    consentVersion: consent.version,
    clientId: consent.clientId,
    organisationId: consent.organisationId,
    recipientOrganisationIds: consent.recipientOrganisationIds,
    categories: consent.categories,
    purposes: consent.purposes,
  };
}
