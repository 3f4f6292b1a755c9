import type { RequestHandler, Request, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { correlationIdFrom } from '#observability';

type RequestWithCorrelation = Request & { correlationId?: string };

/**
 * Per-client rate limit (by address), before authentication so that floods stay cheap.
 * Health and metrics are exempt: probes must never be throttled.
 */
export function createRateLimit(limitPerMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: limitPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => req.path.startsWith('/health/') || req.path === '/metrics',
    handler: (req: RequestWithCorrelation, res: Response) => {
      const correlationId = req.correlationId ?? correlationIdFrom(req.headers['x-correlation-id']);
      res.setHeader('X-Correlation-Id', correlationId);
      res
        .status(429)
        .json({ code: 'RATE.LIMITED', message: 'Too many requests; try again later', correlationId });
    },
  });
}
