// `npm run nats:config`: writes the NATS server's users and permissions (deploy/nats/auth.conf and
// the Helm chart's copy) from the code. Run it after adding a request between services, an event
// consumer or a stream; the unit test scripts/nats/auth-config.spec.ts fails until you do.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NATS_AUTH_FILES, renderNatsAuthConfig } from './nats/auth-config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const text = renderNatsAuthConfig();
for (const file of NATS_AUTH_FILES) {
  await writeFile(path.join(root, file), text);
  process.stdout.write(`wrote ${file}\n`);
}
