// The browser tests drive the built portal: build it when dist/portal is missing or older than
// its sources, so that `npm ci && npm test` on a fresh clone works.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

export default function globalSetup(): void {
  const root = process.cwd();
  const built = path.join(root, 'dist/portal/index.html');
  const sources = [path.join(root, 'apps/portal/src'), path.join(root, 'apps/portal/index.html')];
  const sourceTime = Math.max(
    ...sources.map((source) => (statSync(source).isDirectory() ? newest(source) : statSync(source).mtimeMs)),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= sourceTime) {
    return;
  }
  process.stdout.write('\nbrowser tests: building the portal (dist/portal)\n');
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/portal/vite.config.ts'],
    {
      cwd: root,
      stdio: 'inherit',
      // Jest sets NODE_ENV=test, which would give React's development build: test what users get.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
}
