/**
 * The order jest starts the test files in (jestConfig.testSequencer in .projenrc.ts).
 *
 * jest runs the longest files first when it has their times from an earlier run (its cache), so
 * that no worker is left with a long file at the end while the other one idles. A fresh clone has
 * no cache, and jest then orders by file size, which says little here: the property test is a
 * mid-sized file and runs longest by far (a third of the suite's time in one worker), the upstream
 * cases are the largest file and run in a second. Started in the middle, the property test kept
 * one worker busy long after the other had run out of files. Without timings, the files below
 * (the longest, in seconds on 2 shared cores, `npm test` on fresh clones) go first,
 * longest first; the others follow in jest's order. With timings, this is jest's own order.
 *
 * A file missing here, or a time that is off, changes only the order, never what runs.
 *
 * JavaScript, not TypeScript: jest loads its sequencer with a plain `require`.
 */
const path = require('path');
// jest's default sequencer (what jest uses without this file).
const Sequencer = require('@jest/test-sequencer').default;

/** Seconds per file (the longest ones), relative to the project root. */
const LONG = {
  'test/property.test.ts': 29,
  'test/plugin.test.ts': 19,
  'test/docs.test.ts': 13,
  'test/publishing.test.ts': 9,
  'test/cli.test.ts': 6,
  'test/property-coverage.test.ts': 6,
  'test/schema-rules.test.ts': 6,
  'test/kubernetes-version.test.ts': 3,
  'test/mutations.test.ts': 3,
};

class LongestFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.every(test => test.duration != null)) return sorted;
    const seconds = test => LONG[path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/')] ?? -1;
    return sorted
      .map((test, index) => ({ test, index, seconds: seconds(test) }))
      .sort((a, b) => b.seconds - a.seconds || a.index - b.index)
      .map(({ test }) => test);
  }
}

module.exports = LongestFirstSequencer;
