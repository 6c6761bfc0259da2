import { ApiObject, App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { TrainingJob } from '../src';
import { Kind, misuseCandidates } from './util/arbitraries';
import { SUBJECTS, Subject, count, explore, formProblems, lookup, newTally, report, runCase, subjectsAt, toSource } from './util/property';
import { reflected } from './util/reflect';
import { VERSIONS } from '../src/rules/versions';

/**
 * The validation guarantee, as a property (docs/validation.md): random props for every construct
 * either throw a BatchValidationError of the standard form, or synthesize manifests that pass
 * the upstream schema of their target Kubernetes version strictly and that version's manifest
 * rules with zero errors, and that show every prop given (test/util/reflect.ts). Three families
 * per construct:
 *
 * - typed props made with the real cdk8s / cdk8s-plus-28 classes, valid and wild values mixed;
 * - every JavaScript-style misuse (null, wrong primitives, strings for arrays, `{ seconds: 5 }`
 *   for a Duration, misspelled props...) on the smallest valid props: each must be rejected;
 * - the same misuses on random valid props.
 *
 * Each family runs for the oldest and the newest target the library knows (the app's
 * `cdk8s-batch:kubernetesVersion` context; a case may set its own `kubernetesVersion`), the runs
 * split between the two so the suite takes as long as one target would.
 *
 * A failing test lists every failure category with a repro shrunk by fast-check, and the seed.
 * `PROPERTY_SEED` (default fixed) and `PROPERTY_RUNS` (default 2000 typed cases per construct,
 * 3 to 10 s per construct on 2 shared cores) change the run; `npm run bench:property` runs 10,000+.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 2000);
const SEED = Number(process.env.PROPERTY_SEED ?? 20240601);
const TIMEOUT = 300_000;
/** The oldest and the newest target. */
const TARGETS = [VERSIONS[0], VERSIONS[VERSIONS.length - 1]];
const HALF = Math.ceil(RUNS / TARGETS.length);
/** Each target's own cases (the seed, then the next one): together as many distinct cases as one run of RUNS. */
const seedOf = (version: string) => SEED + TARGETS.indexOf(version);

describe.each(SUBJECTS.map(s => [s.kind] as const))('%s', (kind) => {
  const atTarget = TARGETS.map(version => subjectsAt(version).find(s => s.kind === kind)!);

  test.each(atTarget.map(s => [s.version!, s] as const))(`${HALF} typed props at Kubernetes %s (real classes, valid and wild): rejected in the standard form, or accepted with valid manifests that show every prop`, (_version, subject) => {
    // GIVEN / WHEN
    const seed = seedOf(subject.version!);
    const tally = explore(subject, subject.typed!, HALF, seed);
    // THEN: every failure category, each with a repro fast-check shrank
    if (tally.failures > 0) throw new Error(report(subject, `typed props at ${subject.version}`, tally, subject.typed!, HALF, seed));
    // Both kinds of outcome are exercised (a fifth to a third accepted: the sweep's and the
    // CronJob's own props refuse more, and below 1.29 most of the newer features are refused).
    expect(tally.accepted).toBeGreaterThan(HALF * 0.15);
    expect(tally.rejected).toBeGreaterThan(HALF * 0.2);
    expect(tally.skipped).toBeLessThan(HALF * 0.05);
  }, TIMEOUT);

  test('every JavaScript-style misuse of every prop, on the smallest valid props (alternately at the oldest and the newest target): a BatchValidationError of the standard form', () => {
    // GIVEN every candidate (a prop replaced by a wrong value), in order, each at one of the targets
    const candidates = misuseCandidates(kind as Kind);
    const tally = newTally();
    // WHEN
    candidates.forEach((c, i) => {
      const subject = atTarget[i % atTarget.length];
      count(tally, subject, ['app', 'job', c], runCase(subject, 'app', 'job', c));
    });
    // THEN (the candidates are already minimal: one wrong prop on the baseline; no shrinking)
    if (tally.failures > 0) throw new Error(report(atTarget[0], 'misuse on the smallest valid props', tally, atTarget[0].misuse!, candidates.length, SEED, false));
    expect(tally.rejected).toBe(candidates.length - tally.skipped);
  }, TIMEOUT);

  test.each(atTarget.map(s => [s.version!, s] as const))(`${Math.ceil(HALF / 4)} misuses on random valid props at Kubernetes %s: a BatchValidationError of the standard form`, (_version, subject) => {
    const runs = Math.ceil(HALF / 4);
    const seed = seedOf(subject.version!);
    const tally = explore(subject, subject.misuse!, runs, seed);
    if (tally.failures > 0) throw new Error(report(subject, `misuse on random valid props at ${subject.version}`, tally, subject.misuse!, runs, seed));
    expect(tally.accepted).toBe(0);
  }, TIMEOUT);
});

describe('the property harness itself', () => {
  const job = (restartPolicy: string) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'x' },
    spec: { template: { spec: { restartPolicy, containers: [{ name: 'main', image: 'perl:5.34' }] } } },
  });
  const subject = (build: Subject['build']): Subject => ({ kind: 'Fake', recipe: fc.constant({}), build });
  const training = SUBJECTS.find(s => s.kind === 'TrainingJob')!;

  test('accepts a construct that writes a valid Job', () => {
    expect(runCase(subject(scope => new ApiObject(scope, 'r', job('Never'))), 'app', 'job', {}).result).toBe('accepted');
  });

  test('fails a construct that writes a manifest a rule refuses, or one the schema refuses', () => {
    const ruleBroken = runCase(subject(scope => new ApiObject(scope, 'r', job('Always'))), 'app', 'job', {});
    expect(ruleBroken).toEqual({ result: 'failure', category: 'rule job.restart-policy', why: expect.stringContaining('rule job.restart-policy') });
    const schemaBroken = runCase(subject(scope => new ApiObject(scope, 'r', { ...job('Never'), spec: { ...job('Never').spec, retries: 3 } })), 'app', 'job', {});
    expect(schemaBroken).toEqual({ result: 'failure', category: expect.stringMatching(/^schema: /), why: expect.stringContaining('schema 1.28: Job/x') });
  });

  test('fails a construct that throws anything but a standard-form BatchValidationError', () => {
    const plain = runCase(subject(() => { throw new Error('boom'); }), 'app', 'job', {});
    expect(plain).toEqual({ result: 'failure', category: 'threw Error: boom', why: 'threw Error not in the standard form: boom' });
    const typeError = runCase(subject(() => (null as any).x), 'app', 'job', {});
    expect(typeError).toEqual({ result: 'failure', category: expect.stringMatching(/^threw TypeError: /), why: expect.stringMatching(/^threw TypeError/) });
    const rejected = runCase(subject(scope => new TrainingJob(scope, 'j', { image: 'python:3.12', backoffLimit: -1 })), 'app', 'job', {});
    expect(rejected).toEqual({ result: 'rejected', message: expect.stringMatching(/^TrainingJob 'app\/j': 'backoffLimit' \(-1\) must be/) });
  });

  test('checks every line of a rejection, and what it shows', () => {
    const line = "TrainingJob 'app/job': 'backoffLimit' (-1) must be an integer; use 0";
    expect(formProblems(line, { kind: 'TrainingJob', path: 'app/job' })).toEqual([]);
    expect(formProblems(`${line}\nand a second line`, {})).toEqual([['line not in the standard form', 'and a second line']]);
    expect(formProblems("TrainingJob 'app/job': 'env.A' ([object Object]) must be an EnvValue; use one", {})[0][0]).toBe('shows [object Object]');
    expect(formProblems("TrainingJob 'app/job': 'tolerations[0].key' (undefined) must be set; set it", { props: { tolerations: [{ key: 'k' }] } })[0][0])
      .toBe('shows undefined for a given value');
    expect(formProblems(line, { kind: 'GpuJob', path: 'app/job' })[0][0]).toBe('names another construct');
    expect(lookup({ labels: { 'example.com/team': 'a' } }, 'labels.example.com/team')).toEqual({ found: true, value: 'a' });
  });

  test('fails an accepted misuse, and a prop the manifests do not show', () => {
    const fake: Subject = {
      ...training,
      // Drops `backoffLimit` and `labels`, and ignores a misspelled prop.
      create: (scope, id, props: any) => new TrainingJob(scope, id, { image: props.image }),
    };
    const dropped = runCase(fake, 'app', 'job', { props: { image: 'python:3.12', backoffLimit: 2, labels: { team: 'ml' } } });
    expect(dropped).toEqual({ result: 'failure', category: 'not reflected: backoffLimit', why: expect.stringContaining('not reflected: labels.team') });
    const misuse = runCase(fake, 'app', 'job', {
      props: { image: 'python:3.12', backOffLimit: 3 }, misuse: { category: 'unknown-prop', prop: 'backOffLimit', at: 'backOffLimit', type: '(none)' },
    });
    expect(misuse).toEqual({ result: 'failure', category: 'accepted misuse: unknown-prop', why: expect.stringContaining("'backOffLimit' ((none)) given 3") });
  });

  test('reflected() compares each prop with the manifest', () => {
    const manifest = (spec: object) => [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'x' }, spec }];
    const podSpec = { containers: [{ name: 'main', image: 'python:3.12', command: ['python'] }] };
    const base = { image: 'python:3.12', podSecurity: 'none' };
    expect(reflected('TrainingJob', { ...base, command: ['python'] }, manifest({ template: { spec: podSpec } }))).toEqual([]);
    expect(reflected('TrainingJob', { ...base, activeDeadline: Duration.hours(1) }, manifest({ template: { spec: podSpec } })))
      .toEqual([expect.stringMatching(/^not reflected: activeDeadline — given 3600, but spec.activeDeadlineSeconds is absent/)]);
    const vol = kplus.Volume.fromEmptyDir(new Chart(new App(), 'c'), 'v', 'data');
    expect(reflected('TrainingJob', { ...base, volumes: [vol] }, manifest({ template: { spec: podSpec } })))
      .toEqual([expect.stringMatching(/^not reflected: volumes\[0\]/)]);
    // The default podSecurity ("restricted") must hold too.
    expect(reflected('TrainingJob', { image: 'python:3.12' }, manifest({ template: { spec: podSpec } })))
      .toEqual([expect.stringMatching(/^not reflected: podSecurity — given nothing \(default "restricted"\)/)]);
  });

  test('a repro is TypeScript that builds the same props', () => {
    expect(toSource({ image: 'x'.repeat(64), activeDeadline: { $call: 'Duration.millis', args: [1.5] }, n: NaN }))
      .toBe('{ image: "x".repeat(64), activeDeadline: Duration.millis(1.5), n: NaN }');
    expect(toSource({ $call: 'Volume.fromEmptyDir', args: ['data'] })).toBe('kplus.Volume.fromEmptyDir(chart, \'R0\', "data")');
  });
});
