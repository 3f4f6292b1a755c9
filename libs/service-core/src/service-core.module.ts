import {
  Controller,
  Get,
  Header,
  Inject,
  Injectable,
  Module,
  Res,
  type DynamicModule,
  type OnApplicationShutdown,
  type Provider,
  type Type,
} from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Response } from 'express';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { CommonConfig } from '#config';
import { healthSubject, type HealthReport, type ServiceName } from '#contracts';
import { migrate, serviceDataSourceOptions, type ServiceDataSourceOptions } from '#database';
import { createMessagingMigration, MESSAGING_ENTITIES, OutboxWriter } from '#messaging';
import { checkDatabase, checkNats, healthReport, loggingModule, MetricsService } from '#observability';
import {
  createIdempotencyMigration,
  createIdempotencyScopeMigration,
  IDEMPOTENCY_OPTIONS,
  IdempotencyCleanup,
  IdempotencyInterceptor,
  idempotencyOptions,
  IdempotencyStore,
  type IdempotencyOptions,
} from './idempotency.js';
import { CursorCodec, ServiceCursorCodec } from './cursor.js';
import { connectNats, NATS_CONNECTION } from './nats-connection.js';
import { AuditRecorder } from './audit-recorder.js';
import { ServiceEventConsumers } from './event-consumers.js';
import { MessagingHousekeeping } from './messaging-housekeeping.js';
import { OutboxPublisher, outboxWriterFactory, SERVICE_CONFIG } from './outbox.js';

export interface ServiceCoreOptions {
  serviceName: ServiceName;
  config: CommonConfig;
  entities: ServiceDataSourceOptions['entities'];
  migrations: ServiceDataSourceOptions['migrations'];
  /** Idempotency keys of commands (defaults: replayed for 24 h; tests shorten the timings). */
  idempotency?: Partial<IdempotencyOptions>;
}

@Injectable()
export class ServiceHealth {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CommonConfig,
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {}

  async report(): Promise<HealthReport> {
    const [database, nats] = await Promise.all([checkDatabase(this.dataSource), checkNats(this.nats)]);
    return healthReport(this.config.serviceName, { database, nats });
  }
}

@Injectable()
export class NatsConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly nats: NatsConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.nats.drain().catch(() => this.nats.close());
  }
}

/** Health over NATS (for the gateway's readiness) and over the ops HTTP port (for Kubernetes). */
function createOpsController(serviceName: ServiceName): Type {
  @Controller()
  class OpsController {
    constructor(
      private readonly health: ServiceHealth,
      private readonly metrics: MetricsService,
    ) {}

    @MessagePattern(healthSubject(serviceName))
    check(): Promise<HealthReport> {
      return this.health.report();
    }

    @Get('health/live')
    live(): { status: 'up' } {
      return { status: 'up' };
    }

    @Get('health/ready')
    async ready(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
      const report = await this.health.report();
      res.status(report.status === 'up' ? 200 : 503);
      return report;
    }

    @Get('metrics')
    @Header('Cache-Control', 'no-store')
    async metricsText(@Res() res: Response): Promise<void> {
      res.type(this.metrics.contentType()).send(await this.metrics.render());
    }
  }
  return OpsController;
}

function asArray<T>(list: T[] | Record<string, T>): T[] {
  return Array.isArray(list) ? list : Object.values(list);
}

/** A service's migrations in the order they run: messaging, idempotency keys, then its own. */
export function serviceMigrations(
  serviceName: ServiceName,
  migrations: ServiceDataSourceOptions['migrations'],
): ServiceDataSourceOptions['migrations'] {
  return [
    createMessagingMigration(serviceName),
    createIdempotencyMigration(serviceName),
    createIdempotencyScopeMigration(serviceName),
    ...asArray(migrations),
  ];
}

/**
 * What every back-end service has: JSON logs, its PostgreSQL schema with migrations applied at
 * start, a NATS connection, its outbox published to JetStream, health and metrics.
 */
@Module({})
export class ServiceCoreModule {
  static forRoot(options: ServiceCoreOptions): DynamicModule {
    const { config } = options;
    const dataSourceOptions = serviceDataSourceOptions({
      url: config.databaseUrl,
      schema: options.serviceName,
      entities: [...MESSAGING_ENTITIES, ...asArray(options.entities)],
      migrations: serviceMigrations(options.serviceName, options.migrations),
      preparedStatements: config.databasePreparedStatements,
    });
    const providers: Provider[] = [
      { provide: SERVICE_CONFIG, useValue: config },
      {
        provide: NATS_CONNECTION,
        useFactory: () => connectNats(config, `moni-${options.serviceName}`),
      },
      NatsConnectionCloser,
      ServiceHealth,
      MetricsService,
      { provide: OutboxWriter, useFactory: () => outboxWriterFactory(config) },
      OutboxPublisher,
      MessagingHousekeeping,
      { provide: IDEMPOTENCY_OPTIONS, useValue: idempotencyOptions(config, options.idempotency) },
      IdempotencyStore,
      IdempotencyCleanup,
      { provide: CursorCodec, useClass: ServiceCursorCodec },
      ServiceEventConsumers,
      AuditRecorder,
      // Every @MessagePattern handler: a command with an idempotency key runs once.
      { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    ];
    return {
      module: ServiceCoreModule,
      global: true,
      imports: [
        loggingModule(options.serviceName, config.logLevel, config.logFile),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions,
          dataSourceFactory: async (resolved?: DataSourceOptions) => {
            if (config.migrationDatabaseUrl) {
              // Migrations as the schema's owner, on a connection closed before the service runs.
              const migrator = new DataSource({
                ...dataSourceOptions,
                url: config.migrationDatabaseUrl,
              } as DataSourceOptions);
              await migrator.initialize();
              try {
                await migrate(migrator, options.serviceName);
              } finally {
                await migrator.destroy();
              }
            }
            const dataSource = new DataSource(resolved ?? dataSourceOptions);
            await dataSource.initialize();
            // Nothing left to do after a migration role ran them; otherwise the service migrates itself.
            await migrate(dataSource, options.serviceName);
            return dataSource;
          },
        }),
      ],
      controllers: [createOpsController(options.serviceName)],
      providers,
      exports: [
        SERVICE_CONFIG,
        NATS_CONNECTION,
        ServiceHealth,
        MetricsService,
        OutboxWriter,
        IdempotencyStore,
        CursorCodec,
        ServiceEventConsumers,
        AuditRecorder,
      ],
    };
  }
}
