import { ApiObject } from 'cdk8s';
import * as fc from 'fast-check';
import { TrainingJob } from '../src';
import { SUBJECTS, Subject, Tally, cases, runCase } from './util/property';

/**
 * The validation guarantee, as a property (docs/validation.md): random props for every construct
 * (valid and invalid mixes) either throw an error of the standard form, or synthesize manifests
 * that pass the upstream 1.28 schema strictly and the manifest rules with zero errors.
 * bench/property.ts runs the same property 10,000+ times.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

describe.each(SUBJECTS.map(s => [s.kind, s] as const))('%s', (_kind, subject) => {
  test(`${RUNS} random props: rejected in the standard form, or accepted with schema-valid, rule-clean manifests`, () => {
    // GIVEN
    const tally: Tally = { accepted: 0, rejected: 0, failures: 0, examples: [] };
    // WHEN / THEN (fast-check shrinks a failure to a small recipe and prints it)
    fc.assert(fc.property(cases(subject), ([chartId, id, recipe]) => {
      const outcome = runCase(subject, chartId, id, recipe);
      if (outcome.result === 'failure') throw new Error(outcome.why);
      tally[outcome.result]++;
    }), { numRuns: RUNS, seed: Number(process.env.PROPERTY_SEED ?? 20240601) });
    // Both kinds of outcome are exercised.
    expect(tally.accepted).toBeGreaterThan(RUNS * 0.1);
    expect(tally.rejected).toBeGreaterThan(RUNS * 0.1);
  });
});

describe('the property harness itself', () => {
  const job = (restartPolicy: string) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'x' },
    spec: { template: { spec: { restartPolicy, containers: [{ name: 'main', image: 'perl:5.34' }] } } },
  });
  const subject = (build: Subject['build']): Subject => ({ kind: 'Fake', recipe: fc.constant({}), build });

  test('accepts a construct that writes a valid Job', () => {
    expect(runCase(subject(scope => new ApiObject(scope, 'r', job('Never'))), 'app', 'job', {}).result).toBe('accepted');
  });

  test('fails a construct that writes a manifest a rule refuses, or one the schema refuses', () => {
    const ruleBroken = runCase(subject(scope => new ApiObject(scope, 'r', job('Always'))), 'app', 'job', {});
    expect(ruleBroken).toEqual({ result: 'failure', why: expect.stringContaining('rule job.restart-policy') });
    const schemaBroken = runCase(subject(scope => new ApiObject(scope, 'r', { ...job('Never'), spec: { ...job('Never').spec, retries: 3 } })), 'app', 'job', {});
    expect(schemaBroken).toEqual({ result: 'failure', why: expect.stringContaining('schema: Job/x') });
  });

  test('fails a construct that throws anything but a standard-form BatchValidationError', () => {
    const plain = runCase(subject(() => { throw new Error('boom'); }), 'app', 'job', {});
    expect(plain).toEqual({ result: 'failure', why: 'threw Error not in the standard form: boom' });
    const rejected = runCase(subject(scope => new TrainingJob(scope, 'j', { image: 'python:3.12', backoffLimit: -1 })), 'app', 'job', {});
    expect(rejected).toEqual({ result: 'rejected', message: expect.stringMatching(/^TrainingJob 'app\/j': 'backoffLimit' \(-1\) must be/) });
  });
});
