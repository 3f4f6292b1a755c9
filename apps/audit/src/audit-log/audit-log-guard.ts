import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AUDIT_CONFIG, type AuditConfig } from '../config.js';

/**
 * The log is append-only only if the service cannot change it: a deployment that runs the audit
 * service as the table's owner or a superuser (one role for everything) is refused in production
 * and warned about elsewhere. README "Keys and database roles" says how to set the roles up.
 */
@Injectable()
export class AuditLogGuard implements OnModuleInit {
  private readonly logger = new Logger(AuditLogGuard.name);

  constructor(
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    @Inject(getDataSourceToken()) private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    const [row] = await this.dataSource.query<{ role: string; owns: boolean; changes: boolean }[]>(
      `SELECT current_user AS role, pg_has_role(c.relowner, 'USAGE') AS owns,
              has_table_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE')
                OR has_table_privilege(c.oid, 'TRUNCATE') AS changes
         FROM pg_class c WHERE c.oid = '"audit"."audit_log"'::regclass`,
    );
    if (!row.owns && !row.changes) {
      return;
    }
    const problem = `the audit service's database role ${row.role} can ${row.owns ? 'alter (it owns)' : 'change'} audit.audit_log: run it as a role with only SELECT and INSERT (README "Keys and database roles")`;
    if (this.config.production) {
      throw new Error(problem);
    }
    this.logger.warn(`${problem} (refused in production)`);
  }
}
