import * as fs from 'fs';
import { OUTPUT, readAssembly, render } from '../scripts/prop-types';
import { STRUCTS, TypeRef } from '../src/_prop-types';
import { NAMED_TYPES } from '../src/_props';

/**
 * The runtime prop check (src/_props.ts) reads the public API's types from src/_prop-types.ts,
 * generated from the jsii assembly (`npm test` compiles it before jest runs).
 */
describe('the runtime prop types', () => {
  test('src/_prop-types.ts matches the jsii assembly (regenerate: npx ts-node -P scripts/tsconfig.json scripts/prop-types.ts)', () => {
    expect(fs.readFileSync(OUTPUT, 'utf-8')).toBe(render(readAssembly()));
  });

  test('every type a prop refers to is a struct or has a runtime check', () => {
    const fqns = new Set<string>();
    const walk = (t: TypeRef): void => {
      if ('f' in t) fqns.add(t.f);
      else if ('a' in t) walk(t.a);
      else if ('m' in t) walk(t.m);
    };
    for (const struct of Object.values(STRUCTS)) {
      for (const [type] of Object.values(struct.props)) walk(type);
      for (const base of struct.bases) expect(STRUCTS[base]).toBeTruthy();
    }
    const unchecked = [...fqns].filter(f => !STRUCTS[f] && !NAMED_TYPES[f]);
    expect(unchecked).toEqual([]);
    // Each construct's props struct is there.
    for (const name of ['TrainingJobProps', 'GpuJobProps', 'ParallelShardJobProps', 'NightlyCronJobProps']) {
      expect(Object.keys(STRUCTS)).toContain(`cdk8s-batch.${name}`);
    }
  });
});
