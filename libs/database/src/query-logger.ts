import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { safeDatabaseError } from './errors.js';

/**
 * TypeORM's log, without what its own loggers print: the failed query and its parameters (names,
 * dates of birth...). A failed query is one line with the SQLSTATE and the table or constraint.
 */
export class SafeQueryLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('TypeORM');

  logQuery(): void {
    // Queries are not logged.
  }

  logQueryError(error: string | Error): void {
    const safe = safeDatabaseError(error);
    const where = safe?.constraint ?? safe?.table;
    this.logger.error(
      safe
        ? `query failed: ${safe.type} ${safe.message}${where && !safe.message.includes(where) ? ` (${where})` : ''}`
        : 'query failed',
    );
  }

  logQuerySlow(time: number): void {
    this.logger.warn(`slow query: ${time} ms`);
  }

  logSchemaBuild(): void {
    // synchronize is never on.
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') {
      this.logger.warn(typeof message === 'string' ? message : 'TypeORM warning');
    }
  }
}
