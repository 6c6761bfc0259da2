import * as fc from 'fast-check';
import { SUBJECTS, Tally, cases, runCase } from './util/property';

/**
 * The validation guarantee, as a property (docs/validation.md): random props for every construct
 * (valid and invalid mixes) either throw an error of the standard form, or synthesize manifests
 * that pass the upstream 1.28 schema strictly and the manifest rules with zero errors.
 * bench/property.ts runs the same property 10,000+ times.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 250);

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
