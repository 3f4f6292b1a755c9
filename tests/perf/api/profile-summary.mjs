// Summarises the .cpuprofile files of a directory (BENCH_API_CPU_PROFILE): per process, the share
// of busy time by where it is spent (a package, a Node.js internal module, the app's own code) and
// the top functions by self time. `node tests/perf/api/profile-summary.mjs <dir> [top]`.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const dir = process.argv[2];
const top = Number(process.argv[3] ?? 20);
const IGNORED = new Set(['(idle)']);

function categoryOf(url, name) {
  if (name === '(program)' || name === '(garbage collector)') {
    return name;
  }
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) {
    return pkg[1];
  }
  if (url.startsWith('node:')) {
    return `node:${url.slice(5).split('/')[0]}`;
  }
  if (url.includes('/dist/')) {
    return `app:${url.split('/dist/')[1].split('/').slice(0, 2).join('/')}`;
  }
  return url ? 'other' : '(native)';
}

const percent = (part, whole) => `${((part / whole) * 100).toFixed(1).padStart(5)}%`;

for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  profile.samples.forEach((id, index) =>
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)),
  );
  const byCategory = new Map();
  const byFunction = new Map();
  let busy = 0;
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const name = functionName || '(anonymous)';
    if (IGNORED.has(name)) {
      continue;
    }
    busy += micros;
    const category = categoryOf(url, name);
    byCategory.set(category, (byCategory.get(category) ?? 0) + micros);
    const key = `${name} ${url.split('node_modules/').pop()}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
  }
  const lines = [`\n== ${file}: busy ${(busy / 1000).toFixed(0)} ms`];
  for (const [category, micros] of [...byCategory].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`  ${percent(micros, busy)}  ${category}`);
  }
  lines.push('  -- top functions (self time)');
  for (const [key, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`  ${percent(micros, busy)}  ${key}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
