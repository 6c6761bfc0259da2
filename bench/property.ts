/**
 * The validation guarantee at scale (docs/validation.md): random props for every construct must
 * either be rejected with an error of the standard form, or synthesize manifests that pass the
 * upstream Kubernetes 1.28 schema strictly and the manifest rules with zero errors.
 *
 *   npx ts-node -P test/tsconfig.json bench/property.ts [--runs N] [--seed S]
 *
 * Runs N cases per construct (default 10,000), prints the counts (accepted, rejected, failures)
 * and the props most often rejected, writes bench/results/property.json, and exits 1 on any
 * failure (with the recipe and seed to reproduce it).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { SUBJECTS, cases, runCase } from '../test/util/property';

interface Row {
  construct: string;
  cases: number;
  accepted: number;
  rejected: number;
  failures: number;
  manifests: number;
  warnings: number;
  seconds: number;
  topRejectedProps: Array<[string, number]>;
  failureExamples: string[];
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(n) || n < 1) {
    console.error(`${name} needs a positive whole number`);
    process.exit(2);
  }
  return n;
}

const runs = arg('--runs', 10_000);
const seed = arg('--seed', Date.now() % 2 ** 31);
const rows: Row[] = [];

for (const subject of SUBJECTS) {
  const row: Row = {
    construct: subject.kind,
    cases: 0,
    accepted: 0,
    rejected: 0,
    failures: 0,
    manifests: 0,
    warnings: 0,
    seconds: 0,
    topRejectedProps: [],
    failureExamples: [],
  };
  const byProp = new Map<string, number>();
  const start = process.hrtime.bigint();
  for (const [chartId, id, recipe] of fc.sample(cases(subject), { numRuns: runs, seed })) {
    row.cases++;
    const outcome = runCase(subject, chartId, id, recipe);
    if (outcome.result === 'accepted') {
      row.accepted++;
      row.manifests += outcome.manifests;
      row.warnings += outcome.warnings;
    } else if (outcome.result === 'rejected') {
      row.rejected++;
      const prop = /^\w+ '[^']+': '([^'.[]+)/.exec(outcome.message)?.[1] ?? '?';
      byProp.set(prop, (byProp.get(prop) ?? 0) + 1);
    } else {
      row.failures++;
      if (row.failureExamples.length < 5) {
        row.failureExamples.push(`${outcome.why}\n    recipe: ${JSON.stringify([chartId, id, recipe])}`);
      }
    }
  }
  row.seconds = Number(process.hrtime.bigint() - start) / 1e9;
  row.topRejectedProps = [...byProp].sort((a, b) => b[1] - a[1]).slice(0, 8);
  rows.push(row);
  console.log(`${subject.kind.padEnd(18)} ${String(row.cases).padStart(6)} cases: ${String(row.accepted).padStart(6)} accepted, `
    + `${String(row.rejected).padStart(6)} rejected, ${row.failures} failures (${row.seconds.toFixed(1)} s)`);
}

const total = rows.reduce((t, r) => ({
  cases: t.cases + r.cases, accepted: t.accepted + r.accepted, rejected: t.rejected + r.rejected, failures: t.failures + r.failures,
}),
{ cases: 0, accepted: 0, rejected: 0, failures: 0 });
console.log(`${'total'.padEnd(18)} ${String(total.cases).padStart(6)} cases: ${String(total.accepted).padStart(6)} accepted, `
  + `${String(total.rejected).padStart(6)} rejected, ${total.failures} failures (seed ${seed})`);
for (const r of rows) {
  console.log(`\n${r.construct}: most rejected props ${r.topRejectedProps.map(([p, n]) => `${p} ${n}`).join(', ')}; `
    + `${r.manifests} manifests synthesized, ${r.warnings} best-practice warnings`);
  for (const f of r.failureExamples) console.log(`  FAILURE ${f}`);
}

const out = path.join(__dirname, 'results');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'property.json'), `${JSON.stringify({ seed, runsPerConstruct: runs, total, rows }, null, 2)}\n`);
process.exitCode = total.failures > 0 ? 1 : 0;
