import path from 'node:path';
import { DEFAULT_KEYCLOAK_URL, loadIdentityConfig, readInt, readUrl } from '#config';
import { log, StartError } from './log.js';
import type { Supervisor } from './supervisor.js';
import { poll } from './wait.js';

const DEV_IDP = new URL(DEFAULT_KEYCLOAK_URL);

async function discoveryAnswers(url: string): Promise<boolean | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok ? true : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves KEYCLOAK_URL: the configured Keycloak (checked), or the dev identity provider started here. */
export async function resolveIdentity(
  env: NodeJS.ProcessEnv,
  root: string,
  supervisor: Supervisor,
): Promise<string> {
  const { realm } = loadIdentityConfig(env);
  if (env.KEYCLOAK_URL?.trim()) {
    const url = readUrl(env, 'KEYCLOAK_URL', DEFAULT_KEYCLOAK_URL);
    const discovery = `${url}/realms/${realm}/.well-known/openid-configuration`;
    // A Keycloak that was started a moment ago takes a while to answer.
    const answered = await poll(() => discoveryAnswers(discovery), {
      timeoutMs: 30_000,
      intervalMs: 1000,
      shouldStop: () => supervisor.stopping,
    });
    supervisor.checkpoint();
    if (!answered) {
      throw new StartError(`KEYCLOAK_URL=${url}: no realm "${realm}" answers at ${discovery}`);
    }
    log(`Identity: ${url}/realms/${realm} (KEYCLOAK_URL)`);
    return url;
  }

  const { startDevIdp } = await import('#dev-idp');
  // Another port lets a second stack (a benchmark, the fault suite) run beside npm start.
  const port = readInt(env, 'DEV_IDP_PORT', Number(DEV_IDP.port), 1);
  let idp: Awaited<ReturnType<typeof startDevIdp>>;
  try {
    idp = await startDevIdp({
      host: DEV_IDP.hostname,
      port,
      realmFile: path.join(root, 'deploy', 'keycloak', 'realm-moni.json'),
    });
  } catch (error) {
    throw new StartError(
      `could not start the dev identity provider on ${DEV_IDP.hostname}:${port} (${(error as Error).message}). ` +
        `If a Keycloak with the realm "moni" already runs there, set KEYCLOAK_URL=${DEFAULT_KEYCLOAK_URL}; otherwise free the port.`,
    );
  }
  supervisor.defer('identity provider', () => idp.close());
  supervisor.checkpoint();
  log(`Identity: ${idp.issuer} (dev identity provider, realm from deploy/keycloak/realm-moni.json)`);
  return idp.baseUrl.replace(/\/+$/, '');
}
