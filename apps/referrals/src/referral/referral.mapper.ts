import type {
  DataCategory,
  ReferralHistoryEntry,
  ReferralMessageView,
  ReferralSummary,
  ReferralView,
} from '#contracts';
import { referralFields, type FieldCipher } from '../crypto/field-cipher.js';
import type { ReferralEntity, ReferralHistoryEntity, ReferralMessageEntity } from './referral.entity.js';
import { AWAITING_ANSWER } from './referral-state-machine.js';

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

export function isOverdue(referral: Pick<ReferralEntity, 'status' | 'dueAt'>, now: Date): boolean {
  return (
    (AWAITING_ANSWER as readonly string[]).includes(referral.status) &&
    referral.dueAt !== null &&
    referral.dueAt.getTime() < now.getTime()
  );
}

/** The columns a list row carries (the inbox and outbox read only these). */
export type ReferralSummaryRow = Pick<
  ReferralEntity,
  | 'id'
  | 'kind'
  | 'status'
  | 'version'
  | 'clientId'
  | 'need'
  | 'urgency'
  | 'serviceId'
  | 'sendingOrganisationId'
  | 'sendingOrganisationName'
  | 'receivingOrganisationId'
  | 'receivingOrganisationName'
  | 'assigneeId'
  | 'createdAt'
  | 'listedAt'
  | 'sentAt'
  | 'receivedAt'
  | 'dueAt'
  | 'closedAt'
>;

/**
 * The client's id is the sending organisation's key to its own register: the receiving side gets
 * only what the client consented to share (the snapshot), never an id that links its referrals.
 */
export function toSummary(referral: ReferralSummaryRow, now: Date, asSender: boolean): ReferralSummary {
  return {
    id: referral.id,
    kind: referral.kind,
    status: referral.status,
    version: referral.version,
    clientId: asSender ? referral.clientId : null,
    need: referral.need,
    urgency: referral.urgency,
    serviceId: referral.serviceId,
    sendingOrganisation: { id: referral.sendingOrganisationId, name: referral.sendingOrganisationName },
    receivingOrganisation: { id: referral.receivingOrganisationId, name: referral.receivingOrganisationName },
    assigneeId: referral.assigneeId,
    createdAt: referral.createdAt.toISOString(),
    sentAt: iso(referral.sentAt),
    receivedAt: iso(referral.receivedAt),
    dueAt: iso(referral.dueAt),
    overdue: isOverdue(referral, now),
    closedAt: iso(referral.closedAt),
  };
}

/**
 * Free texts (reason, history texts, messages) the caller may no longer read: the receiving
 * organisation's once the consent ended (withdrawn, expired, superseded without cover), everyone's
 * once the client was erased (then they are also overwritten in the database).
 */
export function textsWithheld(
  referral: Pick<ReferralEntity, 'redactedAt' | 'redactionReason'>,
  party: 'sender' | 'receiver',
): boolean {
  return (
    referral.redactionReason === 'client_erased' || (party === 'receiver' && referral.redactedAt !== null)
  );
}

export function toHistoryEntry(
  entry: ReferralHistoryEntity,
  cipher: FieldCipher,
  withheld = false,
): ReferralHistoryEntry {
  return {
    from: entry.fromStatus,
    to: entry.toStatus,
    at: entry.at.toISOString(),
    actorUserId: entry.actorUserId,
    actorOrganisationId: entry.actorOrganisationId,
    party: entry.party,
    reasonCode: entry.reasonCode,
    reasonText:
      !withheld && entry.reasonTextEncrypted
        ? cipher.decrypt(entry.reasonTextEncrypted, referralFields.historyReasonText(entry.id))
        : null,
    outcomeCode: entry.outcomeCode,
    note:
      !withheld && entry.noteEncrypted
        ? cipher.decrypt(entry.noteEncrypted, referralFields.historyNote(entry.id))
        : null,
  };
}

export function toView(
  referral: ReferralEntity,
  history: ReferralHistoryEntity[],
  cipher: FieldCipher,
  now: Date,
  options: { withSharedData: boolean; withheld?: boolean; asSender: boolean },
): ReferralView {
  const withheld = options.withheld ?? false;
  const entries = history.map((entry) => toHistoryEntry(entry, cipher, withheld));
  const last = entries.at(-1);
  return {
    ...toSummary(referral, now, options.asSender),
    sender: { id: referral.senderUserId, username: referral.senderUsername },
    reason: withheld ? null : cipher.decrypt(referral.reasonEncrypted, referralFields.reason(referral.id)),
    language: referral.language,
    interpreterNeeded: referral.interpreterNeeded,
    categories: referral.categories as DataCategory[],
    consentId: referral.consentId,
    consentVersion: referral.consentVersion,
    sharedData:
      options.withSharedData && referral.sharedDataEncrypted
        ? cipher.decryptJson<ReferralView['sharedData']>(
            referral.sharedDataEncrypted,
            referralFields.sharedData(referral.id),
          )
        : null,
    sharedDataRedacted: referral.redactedAt !== null,
    redactedAt: iso(referral.redactedAt),
    expiresAt: iso(referral.expiresAt),
    reasonCode: referral.statusReasonCode,
    reasonText: last && last.to === referral.status ? last.reasonText : null,
    outcomeCode: referral.outcomeCode,
    history: entries,
  };
}

export function toMessageView(
  message: ReferralMessageEntity,
  cipher: FieldCipher,
  withheld = false,
): ReferralMessageView {
  return {
    id: message.id,
    referralId: message.referralId,
    authorUserId: message.authorUserId,
    authorUsername: message.authorUsername,
    authorName: message.authorName,
    authorOrganisationId: message.authorOrganisationId,
    body: withheld ? null : cipher.decrypt(message.bodyEncrypted, referralFields.messageBody(message.id)),
    redacted: withheld,
    createdAt: message.createdAt.toISOString(),
  };
}
