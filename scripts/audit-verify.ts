// `npm run audit:verify`: walks the audit log's hash chain (DATABASE_URL, schema audit), checking each
// record's HMAC with AUDIT_CHAIN_KEY, and compares it with the newest checkpoint the audit service
// published outside the database (NATS_URL, EVENTS_STREAM, NATS_SUBJECT_PREFIX), which catches a
// cut-off tail. Exits 0 with the number of records when it is intact, 1 naming the first broken
// record or the missing tail, 2 when it cannot check (also without the chain key in production).
import type { KeyObject } from 'node:crypto';
import { ConfigError, loadCommonConfig } from '#config';
import { auditAnchorLocation } from '../apps/audit/src/audit-log/audit-anchor.js';
import { runAuditVerify } from '../apps/audit/src/audit-log/chain-verifier.js';
import { loadAuditConfig } from '../apps/audit/src/config.js';

let chainKey: KeyObject;
let config: ReturnType<typeof loadCommonConfig>;
try {
  config = loadCommonConfig('audit');
  chainKey = loadAuditConfig().chainKey;
} catch (error) {
  if (!(error instanceof ConfigError)) {
    throw error;
  }
  process.stderr.write(`audit:verify could not check the chain: ${error.message}\n`);
  process.exit(2);
}
const { exitCode, message } = await runAuditVerify(
  config.databaseUrl,
  { natsUrl: config.natsUrl, nats: config.nats, location: auditAnchorLocation(config) },
  chainKey,
);
(exitCode === 0 ? process.stdout : process.stderr).write(`${message}\n`);
process.exit(exitCode);
