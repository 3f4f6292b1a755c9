import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/** The compiled entry point of an app, as the images run it. */
export const builtEntry = (root: string, app: string): string =>
  path.join(root, 'dist', 'apps', app, 'src', 'main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, name.name);
    newest = Math.max(newest, name.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Compiles the back end (tsc, not the portal) when an app's entry point is missing or older than
 * the sources, for tests that run apps as processes (CI builds before testing).
 */
export async function ensureAppsBuilt(root: string, apps: readonly string[]): Promise<void> {
  const built = apps.map((app) => builtEntry(root, app)).filter(existsSync);
  const sources = Math.max(newestSource(path.join(root, 'libs')), newestSource(path.join(root, 'apps')));
  if (built.length === apps.length && Math.min(...built.map((file) => statSync(file).mtimeMs)) >= sources) {
    return;
  }
  await promisify(execFile)(
    process.execPath,
    [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    { cwd: root },
  );
}
