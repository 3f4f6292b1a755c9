// `npm run audit:verify`: walks the audit log's hash chain (DATABASE_URL, schema audit). Exits 0 with
// the number of records when it is intact, 1 naming the first broken record, 2 when it cannot check.
import { DEFAULT_DATABASE_URL } from '#config';
import { runAuditVerify } from '../apps/audit/src/audit-log/chain-verifier.js';

const { exitCode, message } = await runAuditVerify(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
(exitCode === 0 ? process.stdout : process.stderr).write(`${message}\n`);
process.exit(exitCode);
