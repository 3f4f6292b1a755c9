import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
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
  app.enableShutdownHooks();
  const microservice = app.connectMicroservice(
    natsServerStrategy(config.natsUrl, config.serviceName, config.natsSubjectPrefix),
    {
      inheritAppConfig: true,
    },
  );
  microservice.useGlobalFilters(new RpcErrorFilter());
  await app.startAllMicroservices();
  await app.listen(config.opsPort, config.host);
  return app;
}
