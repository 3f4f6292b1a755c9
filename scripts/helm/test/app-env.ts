import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCommonConfig, loadGatewayConfig } from '#config';

// Which environment variables an app reads, derived from the code so that it cannot drift:
// - the shared configuration (libs/config) is run against an environment that records every name
//   asked for: loadGatewayConfig for the gateway, loadCommonConfig(<app>) for every service;
// - the app's own sources (apps/<app>/src) and the libraries the apps run on are scanned for
//   reads: readInt(env, 'NAME', ...) and the like, env.NAME, env['NAME'], process.env.NAME.
// libs/testing and libs/dev-idp serve tests and `npm start` only; libs/config is recorded above.
const RUNTIME_LIBS = ['auth', 'contracts', 'database', 'i18n', 'messaging', 'observability', 'service-core'];

function recordedReads(load: (env: Record<string, string | undefined>) => unknown): Set<string> {
  const names = new Set<string>();
  const recorder = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get: (_target, name) => {
        if (typeof name === 'string') {
          names.add(name);
        }
        return undefined;
      },
    },
  );
  load(recorder);
  return names;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'test' ? [] : sourceFiles(full);
    }
    return /\.ts$/.test(entry.name) && !/\.(spec|int-spec)\.ts$/.test(entry.name) ? [full] : [];
  });
}

const NAME = '([A-Z][A-Z0-9_]*)';
const READ_PATTERNS = [
  // readInt(env, 'NAME', ...), readSecretKey(env, 'NAME'), ...; readPreviousKeys reads NAME_PREVIOUS.
  new RegExp(`\\b(\\w+)\\(\\s*(?:process\\.)?env\\s*,\\s*'${NAME}'`, 'g'),
  new RegExp(`\\b(?:process\\.)?env\\.${NAME}\\b`, 'g'),
  new RegExp(`\\b(?:process\\.)?env\\[\\s*'${NAME}'\\s*\\]`, 'g'),
];

export function scannedReads(files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    for (const pattern of READ_PATTERNS) {
      for (const match of source.matchAll(pattern)) {
        const [fn, name] = match.length === 3 ? [match[1], match[2]] : [undefined, match[1]];
        names.add(fn === 'readPreviousKeys' ? `${name}_PREVIOUS` : name);
      }
    }
  }
  return names;
}

export function envReadBy(root: string, app: string): Set<string> {
  const shared =
    app === 'gateway' ? recordedReads(loadGatewayConfig) : recordedReads((env) => loadCommonConfig(app, env));
  const own = scannedReads([
    ...sourceFiles(path.join(root, 'apps', app, 'src')),
    ...RUNTIME_LIBS.flatMap((lib) => sourceFiles(path.join(root, 'libs', lib, 'src'))),
  ]);
  return new Set([...shared, ...own]);
}
