import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamUpdateConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { EVENTS_SUBJECT_PREFIX } from '#contracts';
import { DEFAULT_DEAD_LETTER_PREFIX, streamSubject } from './subjects.js';

export interface EnsureStreamsOptions {
  eventsStream: string;
  deadLetterStream: string;
  /** Events are on `<subjectPrefix>.>` (default `events`). */
  subjectPrefix?: string;
  /** Dead letters are on `<deadLetterSubjectPrefix>.>` (default `deadletter`). */
  deadLetterSubjectPrefix?: string;
  /** How long JetStream remembers a Nats-Msg-Id; covers a relay crash between publish and mark. */
  duplicateWindowMs?: number;
  /** 3 in a production cluster. */
  replicas?: number;
  /** How long dead letters are kept (default 30 days); events are kept until a limit is set. */
  deadLetterMaxAgeMs?: number;
  eventsMaxAgeMs?: number;
}

const isApiError = (error: unknown, code: number): boolean =>
  error instanceof JetStreamApiError && error.code === code;

// Creates the stream, or brings an existing one to this config; replicas may race to do either.
// Storage and retention are fixed at creation; everything in `config` can change later.
async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  config: Partial<StreamUpdateConfig>,
): Promise<void> {
  try {
    await jsm.streams.info(name);
  } catch (error) {
    if (!isApiError(error, JetStreamApiCodes.StreamNotFound)) {
      throw error;
    }
    try {
      await jsm.streams.add({
        ...config,
        name,
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
      });
      return;
    } catch (addError) {
      // Another replica created it first with a different config: fall through to update.
      if (!(addError instanceof JetStreamApiError)) {
        throw addError;
      }
    }
  }
  await jsm.streams.update(name, config);
}

export async function ensureStreams(jsm: JetStreamManager, options: EnsureStreamsOptions): Promise<void> {
  const common = {
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(options.duplicateWindowMs ?? 2 * 60_000),
    num_replicas: options.replicas ?? 1,
  };
  await ensureStream(jsm, options.eventsStream, {
    ...common,
    subjects: [streamSubject(options.subjectPrefix ?? EVENTS_SUBJECT_PREFIX)],
    max_age: nanos(options.eventsMaxAgeMs ?? 0),
  });
  await ensureStream(jsm, options.deadLetterStream, {
    ...common,
    subjects: [streamSubject(options.deadLetterSubjectPrefix ?? DEFAULT_DEAD_LETTER_PREFIX)],
    max_age: nanos(options.deadLetterMaxAgeMs ?? 30 * 24 * 60 * 60_000),
  });
}
