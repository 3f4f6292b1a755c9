import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { AuditSource } from '#contracts';
import { ServiceEventConsumers } from '#service-core';
import { AuditLogService } from './audit-log.service.js';

/** The durable name: also the inbox's consumer column, so a redelivered event is stored once. */
export const AUDIT_CONSUMER_DURABLE = 'audit-log';

/** Every service's audit events, from the durable JetStream consumer into the hash-chained log. */
@Injectable()
export class AuditConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: ServiceEventConsumers,
    private readonly audit: AuditLogService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start(
      {
        [AUDIT_CONSUMER_DURABLE]: {
          // The subject names the service that published the entry (only it may, by the NATS
          // permissions): that is its source, whatever the entry itself says.
          'events.audit.entry.recorded': (event, manager, origin) =>
            this.audit.recordEvent(
              origin.source
                ? { ...event, data: { ...event.data, sourceService: origin.source as AuditSource } }
                : event,
              manager,
            ),
        },
      },
      // Many entries per transaction: one commit (and one head read under the chain's lock) for a
      // whole batch instead of one each. Nobody waits on the log, so an entry waits up to 100 ms
      // for others to join it: at a steady load the entries came one at a time, a transaction each.
      { batchSize: 100, transactionBatch: 100, batchLingerMs: 100 },
    );
  }
}
