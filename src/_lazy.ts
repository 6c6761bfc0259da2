/**
 * Internal: how the public modules (those `index.ts` exports from) reach the internal ones.
 *
 * `require('cdk8s-batch')` loads only the public modules. Everything they need to build a
 * construct or run a method (props checks, renderer, gate, version table...) is re-exported by
 * `_internals.ts`, which `internals()` loads with its first call: an app pays for it once it
 * builds something, and a program that only imports the package never does
 * (`test/require-lazy.test.ts` checks which modules `require` loads).
 *
 * A public module calls it inside the constructor or function that needs it, e.g.
 * `const { applyDefaults, renderJob } = internals();`, and takes internal types with
 * `import type` (erased at compile time). Internal modules import each other directly.
 * TypeScript does not narrow types after a call of a destructured `fail()` (it returns `never`):
 * where code relies on that, write `return fail(...)` or `value ?? fail(...)`.
 */
import type * as Internals from './_internals';

let loaded: typeof Internals | undefined;

/** The internal modules (`_internals.ts`), loaded on first use. */
export function internals(): typeof Internals {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./_internals') as typeof Internals;
  return loaded;
}
