// `npm run audit:verify`: walks the audit log's hash chain (DATABASE_URL, schema audit) and compares
// it with the newest checkpoint the audit service published outside the database (NATS_URL,
// EVENTS_STREAM, NATS_SUBJECT_PREFIX), which catches a cut-off tail. Exits 0 with the number of
// records when it is intact, 1 naming the first broken record or the missing tail, 2 when it cannot check.
import { loadCommonConfig } from '#config';
import { auditAnchorLocation } from '../apps/audit/src/audit-log/audit-anchor.js';
import { runAuditVerify } from '../apps/audit/src/audit-log/chain-verifier.js';

const config = loadCommonConfig('audit');
const { exitCode, message } = await runAuditVerify(config.databaseUrl, {
  natsUrl: config.natsUrl,
  nats: config.nats,
  location: auditAnchorLocation(config),
});
(exitCode === 0 ? process.stdout : process.stderr).write(`${message}\n`);
process.exit(exitCode);
