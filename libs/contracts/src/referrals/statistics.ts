// What the statistics service reads of a referral when it rebuilds from a snapshot instead of the
// stream: ids, codes and times only (never the reason, messages or shared data).
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { ReferralStatus } from './events.js';

/** One referral as the statistics count it (sent or logged; drafts are left out). */
export interface ReferralStatisticsFact {
  referralId: string;
  kind: 'sent' | 'logged';
  sendingOrganisationId: string;
  /** null: logged to an organisation not on the platform. */
  receivingOrganisationId: string | null;
  need: string;
  status: ReferralStatus;
  /** ISO times; null when the step was never reached. */
  sentAt: string;
  dueAt: string | null;
  receivedAt: string | null;
  acceptedAt: string | null;
  /** The first answer: accepted or rejected. */
  answeredAt: string | null;
  completedAt: string | null;
  /** When the status last changed (a newer event replaces it). */
  statusAt: string;
  /** Reject or cancel reason of the current status, the outcome of a failure. */
  reasonCode: string | null;
  outcomeCode: string | null;
  overdue: boolean;
}

export class ReferralsStatisticsSnapshotPayload {
  @IsOptional()
  @IsUUID()
  after?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;
}

export interface ReferralsStatisticsSnapshotReply {
  items: ReferralStatisticsFact[];
  /** The id to pass as `after`; null at the end. */
  next: string | null;
}
