import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { GatewayConfig } from '#config';
import { GatewayModule } from './gateway.module.js';
import { createRateLimit } from './http/rate-limit.js';
import { portalStatic } from './portal/portal-static.js';
import { createValidationPipe } from './http/validation.pipe.js';

export const API_PREFIX = 'api/v1';

function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('MONI Referral Network API')
      .setDescription('Consent-based, closed-loop referrals between MONI and its partner organisations.')
      .setVersion('1')
      .addBearerAuth()
      // The portal's session cookie (moni_session; __Host-moni_session on https), see /auth.
      .addCookieAuth('moni_session')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
}

/**
 * The portal runs under this policy: its own scripts only, no inline script. Inline styles are
 * allowed because styled-components (under suomifi-ui-components) injects <style> elements at run
 * time; a nonce would need server-rendered HTML. Nothing may frame the pages (clickjacking).
 */
function contentSecurityPolicy(config: GatewayConfig): Record<string, string[] | null> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    // On plain http (development) upgrading would break every request.
    upgradeInsecureRequests: config.portal.url.startsWith('https:') ? [] : null,
  };
}

/**
 * Node closes an idle keep-alive connection after 5 s. A caller (a load balancer, a proxy, a fetch
 * pool) that reuses it at that moment gets a reset instead of an answer: a failed request the gateway
 * never saw. Callers close idle connections well within a minute (load balancers at 60 s, fetch's pool
 * at 4 s), so the gateway keeps them longer than that, and reads headers for a second more.
 */
function keepConnectionsOpenLongerThanCallers(server: Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}

/** Builds the gateway application (not listening yet), so tests and main.ts share one set-up. */
export async function createGateway(config: GatewayConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  keepConnectionsOpenLongerThanCallers(app.getHttpServer());
  // TRUST_PROXY: the proxy hops in front of the gateway, so each caller gets its own rate-limit bucket.
  app.set('trust proxy', config.limits.trustProxy);
  app.disable('x-powered-by');
  app.use(helmet({ contentSecurityPolicy: { directives: contentSecurityPolicy(config) } }));
  // Before the rate limit: files are cheap, and one page load fetches many of them.
  app.use(portalStatic(config.portal.dir));
  app.use(createRateLimit(config.rateLimitPerMinute));
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.useBodyParser('urlencoded', { limit: config.bodyLimit, extended: false });
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      // Wildcards: Nest's JSON 404 then also covers unknown paths under them (the portal's SPA
      // fallback leaves these prefixes alone).
      { path: 'health/*path', method: RequestMethod.ALL },
      { path: 'metrics', method: RequestMethod.ALL },
      { path: 'metrics/*path', method: RequestMethod.ALL },
      { path: 'auth/*path', method: RequestMethod.ALL },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  // SIGTERM: in-flight requests finish, the NATS connections drain, then the process exits 0.
  app.enableShutdownHooks([], { useProcessExit: true });
  setUpOpenApi(app);
  return app;
}
