import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { GatewayConfig } from '#config';
import type { AuditEntryData, ErrorCode } from '#contracts';
import { ServiceClient } from '#messaging';
import { GATEWAY_LIMITS_CONFIG } from './limits.tokens.js';

const RECORD_TIMEOUT_MS = 1_000;
/** Distinct addresses kept per window; beyond it they are counted together, so memory stays bounded. */
const MAX_ADDRESSES = 10_000;
const OTHER_ADDRESSES = '(other addresses)';

interface Tally {
  count: number;
  /** How many of each refusal code (AUTH.TOKEN_MISSING, AUTH.TOKEN_EXPIRED, ...). */
  codes: Record<string, number>;
  /** The first failure's, to find its log lines. */
  correlationId: string;
}

/**
 * Failed authentications, counted per address and written to the audit log once per window
 * (AUTH_FAILURE_AUDIT_WINDOW_MS, a minute): a flood of tokenless requests costs one audit append
 * per address and minute, not one append under the chain's lock per request.
 */
@Injectable()
export class FailedAuthAudit implements OnApplicationShutdown {
  private readonly logger = new Logger(FailedAuthAudit.name);
  private tallies = new Map<string, Tally>();
  private windowStart = new Date();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(GATEWAY_LIMITS_CONFIG) private readonly config: GatewayConfig,
    private readonly services: ServiceClient,
  ) {}

  add(address: string | undefined, code: ErrorCode, correlationId: string): void {
    if (this.timer === null) {
      this.windowStart = new Date();
      this.timer = setTimeout(() => this.flush(), this.config.limits.authFailureWindowMs);
      this.timer.unref();
    }
    let key = address || '(unknown)';
    if (!this.tallies.has(key) && this.tallies.size >= MAX_ADDRESSES) {
      key = OTHER_ADDRESSES;
    }
    const tally = this.tallies.get(key) ?? { count: 0, codes: {}, correlationId };
    tally.count += 1;
    tally.codes[code] = (tally.codes[code] ?? 0) + 1;
    this.tallies.set(key, tally);
  }

  /** Writes one entry per address of the window that ends now; fire and forget. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const tallies = this.tallies;
    const from = this.windowStart.toISOString();
    const to = new Date().toISOString();
    this.tallies = new Map();
    for (const [address, tally] of tallies) {
      const entry: AuditEntryData = {
        action: 'auth.failed',
        outcome: 'refused',
        targetType: 'address',
        targetId: address,
        organisationId: null,
        sourceService: 'gateway',
        detail: { count: tally.count, from, to, ...tally.codes },
      };
      this.services
        .request(
          'audit.entry.record',
          entry,
          { actor: null, correlationId: tally.correlationId },
          RECORD_TIMEOUT_MS,
        )
        .catch((error: unknown) => {
          this.logger.warn(
            { correlationId: tally.correlationId, count: tally.count, err: error },
            'could not record failed authentications in the audit log',
          );
        });
    }
  }

  onApplicationShutdown(): void {
    this.flush();
  }
}
