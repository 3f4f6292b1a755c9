// Rebuilding the read model: from the stream (the durables deleted and created again from the first
// event; what the stream no longer holds is lost), or from the owning services' snapshots (their
// records as they are now). Either way the tables are emptied first, in one transaction with the
// load for the snapshot, so a report never sees a half-built model of a snapshot rebuild.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { DataSource, EntityManager } from 'typeorm';
import type { CommonConfig } from '#config';
import { AppError, SYSTEM_ACTOR, type Actor, type StatisticsRebuildReply } from '#contracts';
import { NATS_CONNECTION, SERVICE_CONFIG } from '#service-core';
import { StatisticsServiceClient } from '../peers.js';
import { STATISTICS_DURABLES, StatisticsEventConsumers } from './event-consumers.js';
import { ReadModelWriter } from './read-model.writer.js';

const TABLES = ['contacts', 'group_events', 'participants', 'referrals'];
const CATCH_UP_MS = 20_000;

@Injectable()
export class RebuildService {
  private readonly logger = new Logger(RebuildService.name);

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CommonConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    private readonly consumers: StatisticsEventConsumers,
    private readonly writer: ReadModelWriter,
    private readonly peers: StatisticsServiceClient,
  ) {}

  async rebuild(actor: Actor | null, source: 'stream' | 'snapshot'): Promise<StatisticsRebuildReply> {
    if (actor?.userId !== SYSTEM_ACTOR.userId) {
      throw new AppError('AUTH.FORBIDDEN', 'Only operators rebuild the statistics');
    }
    this.logger.log(`rebuilding the read model from the ${source}`);
    if (source === 'stream') {
      await this.fromStream();
    } else {
      await this.fromSnapshot();
    }
    return { source, ...(await this.sizes()) };
  }

  private async fromStream(): Promise<void> {
    await this.consumers.stop();
    try {
      const jsm = await jetstreamManager(this.nats);
      for (const durable of STATISTICS_DURABLES) {
        await jsm.consumers.delete(this.config.eventsStream, durable).catch(() => false);
      }
      await this.dataSource.transaction(async (manager) => {
        await this.empty(manager);
        await manager.query(`DELETE FROM "statistics"."inbox" WHERE consumer = ANY($1)`, [
          STATISTICS_DURABLES,
        ]);
      });
    } finally {
      await this.consumers.start();
    }
    await this.caughtUp();
  }

  private async fromSnapshot(): Promise<void> {
    const context = { actor: SYSTEM_ACTOR, correlationId: `statistics-rebuild-${Date.now()}` };
    await this.dataSource.transaction(async (manager) => {
      await this.empty(manager);
      for (const part of ['contacts', 'group_events', 'participants'] as const) {
        let after: string | undefined;
        do {
          const page = await this.peers.request('clients.statistics.snapshot', { part, after }, context);
          for (const contact of page.contacts) {
            await this.writer.contact(manager, contact);
          }
          for (const event of page.groupEvents) {
            await this.writer.groupEvent(manager, event);
          }
          for (const participant of page.participants) {
            await this.writer.participant(manager, participant);
          }
          after = page.next ?? undefined;
        } while (after);
      }
      let after: string | undefined;
      do {
        const page = await this.peers.request('referrals.statistics.snapshot', { after }, context);
        for (const fact of page.items) {
          await this.writer.referralFact(manager, fact);
        }
        after = page.next ?? undefined;
      } while (after);
    });
  }

  private async empty(manager: EntityManager): Promise<void> {
    await manager.query(`TRUNCATE ${TABLES.map((table) => `"statistics"."${table}"`).join(', ')}`);
  }

  /** Waits (a while) until every durable has no event left to deliver or acknowledge. */
  private async caughtUp(): Promise<void> {
    const jsm = await jetstreamManager(this.nats);
    const deadline = Date.now() + CATCH_UP_MS;
    while (Date.now() < deadline) {
      const infos = await Promise.all(
        STATISTICS_DURABLES.map((durable) => jsm.consumers.info(this.config.eventsStream, durable)),
      );
      if (infos.every((info) => info.num_pending === 0 && info.num_ack_pending === 0)) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async sizes(): Promise<Omit<StatisticsRebuildReply, 'source'>> {
    const [row] = await this.dataSource.query<Array<Record<string, string>>>(
      `SELECT (SELECT count(*) FROM "statistics"."contacts") AS contacts,
              (SELECT count(*) FROM "statistics"."group_events") AS group_events,
              (SELECT count(*) FROM "statistics"."participants") AS participants,
              (SELECT count(*) FROM "statistics"."referrals" WHERE sent_at IS NOT NULL) AS referrals`,
    );
    return {
      contacts: Number(row.contacts),
      groupEvents: Number(row.group_events),
      participants: Number(row.participants),
      referrals: Number(row.referrals),
    };
  }
}
