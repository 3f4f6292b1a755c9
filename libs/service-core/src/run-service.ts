import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestMicroservice } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import type { CommonConfig } from '#config';
import { natsServerStrategy, RpcErrorFilter } from '#messaging';

/**
 * Boots a back-end service: NATS request handlers in the service's queue group, plus a small HTTP
 * server on the ops port for health and metrics. Returns the app so tests can close it.
 */
export async function runService(module: DynamicModule, config: CommonConfig): Promise<INestApplication> {
  const app = await NestFactory.create(module, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // SIGTERM: the hooks drain requests, consumers and relays, then the process exits 0.
  app.enableShutdownHooks([], { useProcessExit: true });
  // Deferred: Nest reads the global filters when it registers the pattern handlers, so the filter
  // must be in place first (otherwise every AppError reaches the caller as an internal error).
  const microservice = app.connectMicroservice(
    natsServerStrategy(config, config.serviceName, config.natsSubjectPrefix),
    { inheritAppConfig: true, deferInitialization: true },
  ) as NestMicroservice;
  microservice.useGlobalFilters(new RpcErrorFilter());
  // The application runs the lifecycle hooks; the microservice must not run them a second time.
  microservice.setIsInitHookCalled(true);
  await app.startAllMicroservices();
  await app.listen(config.opsPort, config.host);
  return app;
}
