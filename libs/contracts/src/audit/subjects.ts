// Request/reply subjects of the audit service: `audit.<resource>.<verb>`.
import type { Role } from '../roles.js';
import type { AuditEntryData } from './events.js';

/** One record of the append-only, hash-chained audit log: ids and codes only. */
export interface AuditEntryView {
  id: string;
  /** Position in the hash chain (a decimal string: the chain outgrows a JavaScript number in theory). */
  seq: string;
  action: string;
  outcome: 'granted' | 'refused';
  actorUserId: string | null;
  actorRole: Role | null;
  organisationId: string | null;
  targetType: string;
  targetId: string | null;
  clientId: string | null;
  consentId: string | null;
  recipientOrganisationId: string | null;
  correlationId: string;
  sourceService: string | null;
  detail: Record<string, string | number | boolean | null> | null;
  occurredAt: string;
  recordedAt: string;
  prevHash: string;
  hash: string;
}

export interface AuditSearchRequest {
  clientId?: string;
  userId?: string;
  organisationId?: string;
  action?: string;
  /** The target's type (`referral`, `organisation`, ...) and id. */
  targetType?: string;
  targetId?: string;
  /** ISO 8601: entries that occurred at or after. */
  from?: string;
  /** ISO 8601: entries that occurred before. */
  to?: string;
  cursor?: string;
  /** 1..100, default 50. */
  limit?: number;
}

export interface AuditSearchReply {
  items: AuditEntryView[];
  nextCursor: string | null;
}

/** One disclosure of a client's data to an organisation: who, when, on which consent. */
export interface DisclosureView {
  id: string;
  occurredAt: string;
  action: string;
  recipientOrganisationId: string;
  consentId: string | null;
  actorUserId: string | null;
  actorRole: Role | null;
  targetType: string;
  targetId: string | null;
}

export interface DisclosureListReply {
  clientId: string;
  items: DisclosureView[];
  /** The distinct organisations that received or viewed the client's data. */
  recipientOrganisationIds: string[];
}

/**
 * The state of the chain's verification, done when asked: every record's hash and link walked in
 * one snapshot, and the newest checkpoint published outside the database compared with it.
 */
export interface AuditChainVerificationView {
  /** `broken`: a record changed or removed, or the tail cut after a checkpoint. */
  state: 'valid' | 'broken';
  checkedAt: string;
  /** How many records were walked (a decimal string). */
  records: string;
  /** The head's hash when valid. */
  headHash: string | null;
  /** The newest checkpoint outside the database; null when there is none yet or it could not be read. */
  checkpoint: { seq: string; at: string; matches: boolean } | null;
  /** Why the checkpoint is null: `none` yet, or `unavailable` (NATS could not be asked). */
  checkpointNote: 'none' | 'unavailable' | null;
  /** When broken: the first record that fails (or the checkpointed seq that is missing) and how. */
  broken: { seq: string; kind: 'gap' | 'prev_hash' | 'hash' | 'tail_missing' | 'checkpoint_mismatch' } | null;
}

export interface AuditRequests {
  /** The gateway records refused requests and failed authentications (fire and forget). */
  'audit.entry.record': { request: AuditEntryData; reply: { id: string; seq: string } };
  /** platform_admin only: newest first, keyset pagination. */
  'audit.entry.search': { request: AuditSearchRequest; reply: AuditSearchReply };
  /** platform_admin only: verifies the chain now (read-only) and answers its state. */
  'audit.chain.verification': { request: Record<string, never>; reply: AuditChainVerificationView };
  /**
   * An advisor's view of who received or viewed one client's data. The gateway first checks with
   * `clients.client.summary` that the client belongs to the caller's organisation.
   */
  'audit.disclosure.list': { request: { clientId: string }; reply: DisclosureListReply };
}
