import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Response } from 'express';
import { Public } from '#auth';
import { healthSubject, SERVICES, type DependencyStatus, type HealthReport } from '#contracts';
import { checkNats, healthReport, MetricsService } from '#observability';
import { NATS_CONNECTION } from '#service-core';
import { ServiceClient } from '#messaging';
import { CorrelationId } from '../http/request-context.js';

const SERVICE_HEALTH_TIMEOUT_MS = 2000;

@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly services: ServiceClient,
    private readonly metrics: MetricsService,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {}

  @Get('health/live')
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  /**
   * Ready when the gateway itself can serve: its NATS connection is up. The services are reported
   * but do not make it unready: one service down answers 503 on its own routes, and taking every
   * gateway out of the load balancer for it would turn that into a dead API.
   */
  @Get('health/ready')
  async ready(
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HealthReport & { services: Record<string, HealthReport> }> {
    const nats = await checkNats(this.nats);
    const services = nats.status === 'up' ? await this.serviceReports(correlationId) : {};
    const report = { ...healthReport('gateway', { nats }), services };
    res.status(report.status === 'up' ? 200 : 503);
    return report;
  }

  /** The whole system: up when the gateway's NATS and every service's PostgreSQL and NATS are. */
  @Get('health/services')
  async system(
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HealthReport & { services: Record<string, HealthReport> }> {
    const nats = await checkNats(this.nats);
    const services = await this.serviceReports(correlationId);
    const checks: Record<string, DependencyStatus> = { nats };
    for (const [service, report] of Object.entries(services)) {
      checks[service] = { status: report.status };
    }
    const report = { ...healthReport('gateway', checks), services };
    res.status(report.status === 'up' ? 200 : 503);
    return report;
  }

  private async serviceReports(correlationId: string): Promise<Record<string, HealthReport>> {
    const reports = await Promise.all(
      SERVICES.map(async (service): Promise<[string, HealthReport]> => {
        try {
          const report = await this.services.request(
            healthSubject(service),
            {},
            { actor: null, correlationId },
            SERVICE_HEALTH_TIMEOUT_MS,
          );
          return [service, report];
        } catch {
          const down: DependencyStatus = { status: 'down', error: 'no answer' };
          return [service, healthReport(service, { service: down })];
        }
      }),
    );
    return Object.fromEntries(reports);
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async metricsText(@Res() res: Response): Promise<void> {
    res.type(this.metrics.contentType()).send(await this.metrics.render());
  }
}
