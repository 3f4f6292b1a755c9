// tests/faults/results/: results.json (every row with all findings) and results.md (the table).
// The checker looks at the whole database after each scenario, so a finding stays visible in the
// rows after it: each row counts only the findings that are new in it.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Row {
  id: string;
  title: string;
  requests: number;
  ok: number;
  errors: Record<string, number>;
  /** From the repair until the last failed request (0: none failed after it); null: nothing failed. */
  recoveryMs: number | null;
  /** Operations given up after retrying (their final status). */
  operationsFailed: number;
  operations: number;
  /** Findings of the checker after this scenario (cumulative: all of the database). */
  lost: number;
  duplicated: number;
  failedButChanged: number;
  settleMs: number;
  findings: string[];
  notes: string[];
}

export interface Report {
  at: string;
  machine: string;
  durations: object;
  workers: number;
  selfTest: string;
  rows: Row[];
}

/** The findings first seen in each row, counted by kind. */
export function newFindings(
  rows: readonly Row[],
): { findings: string[]; lost: number; duplicated: number; failedButChanged: number }[] {
  const seen = new Set<string>();
  return rows.map((row) => {
    const fresh = row.findings.filter((finding) => !seen.has(finding));
    row.findings.forEach((finding) => seen.add(finding));
    const count = (kind: string) => fresh.filter((finding) => finding.startsWith(`${kind}:`)).length;
    return {
      findings: fresh,
      lost: count('lost'),
      duplicated: count('duplicated'),
      failedButChanged: count('failedButChanged'),
    };
  });
}

export function writeReport(dir: string, report: Report): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  const fresh = newFindings(report.rows);
  const errors = (row: Row) =>
    Object.entries(row.errors)
      .map(([status, n]) => `${status}: ${n}`)
      .join(', ') || '—';
  const table = [
    '| scenario | requests | 2xx | errors by status | recovery | ops given up | lost | duplicated | failed but changed |',
    '| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...report.rows.map(
      (row, i) =>
        `| ${row.id} ${row.title} | ${row.requests} | ${row.ok} | ${errors(row)} | ${
          row.recoveryMs === null ? '—' : `${(row.recoveryMs / 1000).toFixed(1)} s`
        } | ${row.operationsFailed}/${row.operations} | ${fresh[i].lost} | ${fresh[i].duplicated} | ${fresh[i].failedButChanged} |`,
    ),
  ];
  const details = report.rows.flatMap((row, i) => [
    '',
    `### ${row.id}`,
    '',
    ...[...row.notes, ...fresh[i].findings].map((line) => `- ${line}`),
    ...(row.findings.length > fresh[i].findings.length
      ? [`- (${row.findings.length - fresh[i].findings.length} earlier finding(s) still present)`]
      : []),
  ]);
  writeFileSync(
    path.join(dir, 'results.md'),
    [
      '# Fault suite results',
      '',
      `Run ${report.at} on ${report.machine}; ${report.workers} load workers; durations ${JSON.stringify(report.durations)}.`,
      '',
      ...table,
      '',
      ...(report.selfTest
        ? [`Checker self-test (data broken on purpose after the scenarios): ${report.selfTest}.`, '']
        : []),
      'lost / duplicated / failed but changed: findings first seen after that scenario (the checker',
      'looks at the whole database, so earlier findings are listed once). recovery: from the repair',
      '(process ready again, server back) until the last failed request; — when no request failed.',
      'Errors are per attempt (a client retries with the same Idempotency-Key).',
      ...details,
      '',
    ].join('\n'),
  );
}
