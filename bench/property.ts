/**
 * The validation guarantee at scale (docs/validation.md): random props for every construct must
 * either be rejected with a BatchValidationError of the standard form, or synthesize manifests
 * that pass the upstream Kubernetes 1.28 schema strictly and the manifest rules with zero errors
 * and show every prop given; every JavaScript-style misuse must be rejected.
 *
 *   npm run bench:property -- [--runs N] [--seed S] [--shrink]
 *
 * Per construct: N random cases (three typed props made with the real classes for one misuse on
 * random valid props; default 10,000) and every misuse candidate on the smallest valid props.
 * Prints the counts (accepted, rejected, skipped, failures), how each misuse category fared, and
 * a histogram of the failure categories over all constructs with the shortest repro of each
 * (`--shrink`: shrunk by fast-check instead). Writes bench/results/property-<version>.json, and exits 1 on
 * any failure.
 */
import * as fs from 'fs';
import * as path from 'path';
import { VERSIONS, minorOf } from '../src/rules/versions';
import { Kind, misuseCandidates } from '../test/util/arbitraries';
import { Tally, count, explore, minimize, runCase, subjectsAt } from '../test/util/property';

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
const shrink = process.argv.includes('--shrink');
const versionArg = process.argv.indexOf('--kubernetes') >= 0 ? process.argv[process.argv.indexOf('--kubernetes') + 1] : '1.28';
if (minorOf(versionArg ?? '') === undefined) {
  console.error(`--kubernetes needs a version from ${VERSIONS[0]} to ${VERSIONS[VERSIONS.length - 1]}`);
  process.exit(2);
}
const version = `1.${minorOf(versionArg)}`;
const SUBJECTS = subjectsAt(version);
console.log(`target Kubernetes ${version}, seed ${seed}, ${runs} typed cases per construct`);

interface Row {
  construct: string;
  cases: number;
  accepted: number;
  rejected: number;
  masked: number;
  skipped: number;
  failures: number;
  seconds: number;
  topRejectedProps: Array<[string, number]>;
}

const rows: Row[] = [];
const tallies = new Map<string, Tally>();
const pad = (x: unknown, n: number) => String(x).padStart(n);

for (const subject of SUBJECTS) {
  const start = process.hrtime.bigint();
  const tally = explore(subject, subject.recipe, runs, seed);
  const candidates = misuseCandidates(subject.kind as Kind);
  for (const c of candidates) count(tally, subject, ['app', 'job', c], runCase(subject, 'app', 'job', c));
  tallies.set(subject.kind, tally);
  const masked = [...tally.misuse.values()].reduce((t, m) => t + m.masked, 0);
  const row: Row = {
    construct: subject.kind,
    cases: runs + candidates.length,
    accepted: tally.accepted,
    rejected: tally.rejected,
    masked,
    skipped: tally.skipped,
    failures: tally.failures,
    seconds: Number(process.hrtime.bigint() - start) / 1e9,
    topRejectedProps: [...tally.rejectedProps].sort((a, b) => b[1] - a[1]).slice(0, 8),
  };
  rows.push(row);
  console.log(`${subject.kind.padEnd(18)} ${pad(row.cases, 6)} cases: ${pad(row.accepted, 6)} accepted, ${pad(row.rejected, 6)} rejected `
    + `(${masked} misuses rejected for another prop), ${pad(row.skipped, 4)} skipped, ${pad(row.failures, 5)} failures `
    + `in ${tally.categories.size} categories (${row.seconds.toFixed(1)} s)`);
}

const total = rows.reduce((t, r) => ({
  cases: t.cases + r.cases,
  accepted: t.accepted + r.accepted,
  rejected: t.rejected + r.rejected,
  skipped: t.skipped + r.skipped,
  failures: t.failures + r.failures,
}), { cases: 0, accepted: 0, rejected: 0, skipped: 0, failures: 0 });
console.log(`${'total'.padEnd(18)} ${pad(total.cases, 6)} cases: ${pad(total.accepted, 6)} accepted, ${pad(total.rejected, 6)} rejected, `
  + `${total.skipped} skipped, ${total.failures} failures (seed ${seed}; ${runs} random cases per construct + every misuse candidate)`);

for (const r of rows) console.log(`  ${r.construct}: most rejected props ${r.topRejectedProps.map(([p, n]) => `${p} ${n}`).join(', ')}`);

// ---- misuse categories -------------------------------------------------------------------------
const misuse = new Map<string, { cases: number; rejected: number; masked: number; failures: number }>();
for (const t of tallies.values()) {
  for (const [c, m] of t.misuse) {
    const x = misuse.get(c) ?? { cases: 0, rejected: 0, masked: 0, failures: 0 };
    x.cases += m.cases;
    x.rejected += m.rejected;
    x.masked += m.masked;
    x.failures += m.failures;
    misuse.set(c, x);
  }
}
console.log('\nMisuse (JavaScript-style props; each must be rejected):');
console.log(`  ${'category'.padEnd(44)} ${pad('cases', 6)} ${pad('rejected', 9)} ${pad('(masked)', 9)} ${pad('FAILED', 7)}`);
for (const [c, m] of [...misuse].sort((a, b) => b[1].failures - a[1].failures || a[0].localeCompare(b[0]))) {
  console.log(`  ${c.padEnd(44)} ${pad(m.cases, 6)} ${pad(m.rejected, 9)} ${pad(m.masked, 9)} ${pad(m.failures, 7)}`);
}

// ---- failure histogram -------------------------------------------------------------------------
interface Example { construct: string; source: string; why: string; first?: number }
const histogram = new Map<string, { total: number; by: Map<string, number>; example: Example }>();
for (const [construct, t] of tallies) {
  for (const [category, c] of t.categories) {
    const example: Example = { construct, source: c.example.source, why: c.example.why, first: c.first };
    const h = histogram.get(category) ?? { total: 0, by: new Map(), example };
    h.total += c.count;
    h.by.set(construct, c.count);
    if (c.example.source.length < h.example.source.length) h.example = example;
    histogram.set(category, h);
  }
}
const sorted = [...histogram].sort((a, b) => b[1].total - a[1].total);
console.log(`\nFailures by category (${sorted.length} categories, ${total.failures} failures):`);
const width = Math.max(1, ...sorted.map(([, h]) => h.total));
for (const [category, h] of sorted) {
  const bar = '#'.repeat(Math.max(1, Math.round((h.total / width) * 30)));
  console.log(`  ${pad(h.total, 6)} ${bar.padEnd(30)} ${category}  [${[...h.by].map(([k, n]) => `${k} ${n}`).join(', ')}]`);
}
sorted.forEach(([category, h], i) => {
  const subject = SUBJECTS.find(s => s.kind === h.example.construct)!;
  // A case from the random run is shrunk from where it was found; misuse candidates are minimal already.
  const min = shrink && h.example.first !== undefined ? minimize(subject, subject.recipe, category, runs, seed, 10_000, h.example.first) : undefined;
  console.log(`\n${i + 1}. [${category}] x${h.total}`);
  const how = min ? `fast-check: seed ${min.seed}, path "${min.path}", ${min.shrinks} shrinks`
    : h.example.first === undefined ? 'a misuse on the smallest valid props: minimal already' : 'shortest seen; --shrink to shrink';
  console.log(`   repro (${how}):`);
  console.log(`     ${min?.source ?? h.example.source}`);
  console.log(`   what happened: ${(min?.why ?? h.example.why).split('\n').join('\n     ')}`);
});

const out = path.join(__dirname, 'results');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, `property-${version}.json`), `${JSON.stringify({
  kubernetesVersion: version,
  seed,
  runsPerConstruct: runs,
  total,
  rows,
  misuse: Object.fromEntries(misuse),
  failures: Object.fromEntries(sorted.map(([c, h]) => [c, { total: h.total, byConstruct: Object.fromEntries(h.by), example: h.example }])),
}, null, 2)}\n`);
process.exitCode = total.failures > 0 ? 1 : 0;
