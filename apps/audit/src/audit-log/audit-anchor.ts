import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { namespaced } from '#messaging';

/**
 * The anchor of the audit chain outside the database: after appends, the audit service publishes a
 * checkpoint (the head's seq and hash) to a JetStream stream. The hash chain alone cannot show that
 * records were cut off its tail (the shorter chain is still a valid chain); `npm run audit:verify`
 * compares the newest checkpoint with the table and fails when the checkpointed record is missing or
 * different. One subject per chain (named by the hash of its first record), so a fresh database
 * next to an old NATS store starts a chain of its own instead of failing against the old one.
 */
export interface AuditAnchorLocation {
  stream: string;
  /** Checkpoints of one chain are on `<subjectPrefix>.<first 32 hex of the first record's hash>`. */
  subjectPrefix: string;
}

export interface AuditCheckpoint {
  seq: string;
  hash: string;
  /** The hash of record seq 1: which chain this checkpoint belongs to. */
  firstHash: string;
  at: string;
}

/** Next to the deployment's events stream and in its subject namespace (tests namespace both). */
export function auditAnchorLocation(config: {
  eventsStream: string;
  natsSubjectPrefix: string;
}): AuditAnchorLocation {
  return {
    stream: `${config.eventsStream}_AUDIT_ANCHOR`,
    subjectPrefix: namespaced(config.natsSubjectPrefix, 'audit.anchor'),
  };
}

export const anchorSubject = (location: AuditAnchorLocation, firstHash: string): string =>
  `${location.subjectPrefix}.${firstHash.slice(0, 32)}`;

const isApiError = (error: unknown, code: number): boolean =>
  error instanceof JetStreamApiError && error.code === code;

/**
 * Creates the checkpoint stream when it is missing (replicas may race: the loser is fine), with
 * `replicas` copies on a JetStream cluster (EVENTS_STREAM_REPLICAS).
 */
export async function ensureAnchorStream(
  jsm: JetStreamManager,
  location: AuditAnchorLocation,
  replicas = 1,
): Promise<void> {
  try {
    await jsm.streams.info(location.stream);
    return;
  } catch (error) {
    if (!isApiError(error, JetStreamApiCodes.StreamNotFound)) {
      throw error;
    }
  }
  try {
    await jsm.streams.add({
      name: location.stream,
      subjects: [`${location.subjectPrefix}.>`],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      // A history of checkpoints, bounded; only the newest one per chain is needed to verify.
      max_msgs_per_subject: 100_000,
      num_replicas: replicas,
    });
  } catch (error) {
    if (!(error instanceof JetStreamApiError)) {
      throw error;
    }
  }
}

/** The newest checkpoint of the chain that starts with `firstHash`, with its stream sequence. */
export async function readLatestCheckpoint(
  jsm: JetStreamManager,
  location: AuditAnchorLocation,
  firstHash: string,
): Promise<{ checkpoint: AuditCheckpoint; streamSeq: number } | null> {
  try {
    const message = await jsm.streams.getMessage(location.stream, {
      last_by_subj: anchorSubject(location, firstHash),
    });
    return message ? { checkpoint: message.json<AuditCheckpoint>(), streamSeq: message.seq } : null;
  } catch (error) {
    if (
      isApiError(error, JetStreamApiCodes.StreamNotFound) ||
      isApiError(error, JetStreamApiCodes.NoMessageFound)
    ) {
      return null;
    }
    throw error;
  }
}

/**
 * Publishes `head` as the chain's newest checkpoint unless one at or beyond it is already there.
 * Optimistic concurrency on the subject's last sequence keeps the checkpoints monotonic when
 * replicas race: the loser's (older or equal) head is simply not published. Returns whether it was.
 */
export async function publishCheckpoint(
  js: JetStreamClient,
  jsm: JetStreamManager,
  location: AuditAnchorLocation,
  head: { seq: string; hash: string; firstHash: string },
): Promise<boolean> {
  const latest = await readLatestCheckpoint(jsm, location, head.firstHash);
  if (latest && BigInt(latest.checkpoint.seq) >= BigInt(head.seq)) {
    return false;
  }
  const checkpoint: AuditCheckpoint = { ...head, at: new Date().toISOString() };
  try {
    await js.publish(anchorSubject(location, head.firstHash), JSON.stringify(checkpoint), {
      msgID: `audit-anchor-${head.firstHash.slice(0, 32)}-${head.seq}`,
      expect: { lastSubjectSequence: latest?.streamSeq ?? 0 },
    });
    return true;
  } catch (error) {
    if (error instanceof JetStreamApiError) {
      return false;
    }
    throw error;
  }
}
