// The results as JSON and as a Markdown table (printed and written to tests/perf/results/).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Row {
  measure: string;
  value: string;
  ceiling?: string;
  ratio?: string;
  target?: string;
  /** true met, false not met, undefined: no target. */
  met?: boolean;
}

export function fmt(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || Number.isNaN(n)) {
    return 'n/a';
  }
  return n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** The "met" column: yes, a bold no, or empty without a target. */
const MET_CELL: Record<string, string> = { true: 'yes', false: '**no**', undefined: '' };

export function markdown(
  title: string,
  machine: Record<string, unknown>,
  rows: Row[],
  extra: string[],
): string {
  const lines = [`# ${title}`, ''];
  for (const [key, value] of Object.entries(machine)) {
    lines.push(`- ${key}: ${String(value)}`);
  }
  lines.push(
    '',
    '| measure | value | ceiling (same run) | ratio | target | met |',
    '|---|---|---|---|---|---|',
  );
  for (const row of rows) {
    const met = MET_CELL[String(row.met)];
    lines.push(
      `| ${row.measure} | ${row.value} | ${row.ceiling ?? ''} | ${row.ratio ?? ''} | ${row.target ?? ''} | ${met} |`,
    );
  }
  lines.push('', ...extra, '');
  return lines.join('\n');
}

export function writeResults(dir: string, base: string, json: unknown, md: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files = [path.join(dir, `${base}.json`), path.join(dir, `${base}.md`)];
  writeFileSync(files[0], `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(files[1], md);
  return files;
}

/** The machine and the code a result was measured on. */
export function machine(root: string, label: string): Record<string, unknown> {
  const cpus = os.cpus();
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: root }).toString().trim();
    } catch {
      return 'unknown';
    }
  };
  return {
    label,
    date: new Date().toISOString(),
    commit: `${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain']) ? ' (with uncommitted changes)' : ''}`,
    cpu: `${cpus.length} × ${cpus[0]?.model ?? 'unknown'}`,
    memory: `${fmt(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

/** CPU per process (and in all) as a Markdown table, each figure divided by `divisor`. */
export function cpuTable(cpuMs: Record<string, number>, divisor: number, unit: string): string[] {
  const entries = Object.entries(cpuMs).sort((a, b) => b[1] - a[1]);
  const total = entries.reduce((sum, [, ms]) => sum + ms, 0);
  return [
    `| process | ${unit} |`,
    '|---|---|',
    ...entries.map(([label, ms]) => `| ${label} | ${fmt(ms / divisor, 2)} |`),
    `| **all** | **${fmt(total / divisor, 2)}** |`,
  ];
}
