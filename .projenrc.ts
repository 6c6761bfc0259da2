import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-batch',
  description:
    'Production-grade Kubernetes Job and CronJob constructs for data and ML work: training, sharded batch, nightly and GPU jobs with safe, validated defaults.',
  author: 'cdk8s-batch maintainers',
  authorAddress: 'maintainers@cdk8s-batch.dev',
  repositoryUrl: 'https://github.com/cdk8s-batch/cdk8s-batch.git',
  defaultReleaseBranch: 'main',
  license: 'Apache-2.0',
  keywords: ['cdk8s', 'kubernetes', 'job', 'cronjob', 'batch', 'machine-learning', 'gpu'],
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',
  minNodeVersion: '18.0.0',

  // cdk8s v2 + cdk8s-plus-28 (Kubernetes 1.28), as peer dependencies of the library.
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.3.0',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],

  // Runtime dependencies bundled into the package (not jsii types): YAML parsing for the
  // `cdk8s-batch validate` CLI and the cdk8s validation plugin.
  bundledDeps: ['yaml@^2.5.0'],
  bin: { 'cdk8s-batch': 'bin/cdk8s-batch.js' },
  // Only the bin above (projen would also add one named after each file in bin/).
  autoDetectBin: false,

  devDeps: [
    'cdk8s-cli@^2.207.0',
    'ajv@^8.17.0',
    'fast-check@^4.3.0',
    'ts-node@^10.9.2',
  ],

  // No hosted CI here: `.ci/run` is the CI entry point.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  docgen: false,
  sampleCode: false,

  jestOptions: {
    // CI runs jest with --ci: snapshots are never written silently. `npx projen test:update`
    // rewrites them on purpose.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestVersion: '^29.4.0', // see the note on unrs-resolver below
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/dist/', '/bench/'],
      // Every manifest a test synthesizes is validated against the upstream 1.28 schema.
      setupFilesAfterEnv: ['<rootDir>/test/util/setup.ts'],
      coverageReporters: ['text-summary', 'lcov'],
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'scripts'],
  },
  gitignore: ['/dist/manifests/', 'cdk8s.out/', '/bench/results/', '.cdk8s-batch-tmp/'],
});

// The npm package is lib/, bin/, docs/, README, LICENSE, .jsii and the bundled `yaml`; never the
// repository's tooling or local artifacts (test scratch files, synth output, packed tarballs).
// test/package.test.ts checks the packed file list.
for (const pattern of [
  '/examples/', '/bench/', '/scripts/', '/cdk8s.yaml', '/.ci/', '/dist/manifests/',
  '/.cdk8s-batch-tmp/', '/cdk8s.out/', '/*.tgz',
]) {
  project.addPackageIgnore(pattern);
}

// Synthesize the examples app (one chart per seed scenario) to dist/manifests. No cluster needed.
// cdk8s.yaml lists the library's own validation plugin (lib/index.js), so compile first.
project.addTask('synth:examples', {
  description: 'Synthesize the examples app to YAML under dist/manifests, checked by the cdk8s-batch validation plugin',
  steps: [{ spawn: 'compile' }, { exec: 'cdk8s synth --no-check-upgrade' }],
});

// jest 30 and eslint-import-resolver-typescript >= 3.8 resolve modules through unrs-resolver,
// whose optional per-platform bindings some registries do not serve; npm 11 then writes a lock
// file that its own `npm ci` rejects. jest 29 and this resolver resolve in plain JavaScript.
project.deps.removeDependency('eslint-import-resolver-typescript');
project.addDevDeps('eslint-import-resolver-typescript@~3.7.0');
// ts-jest requires jest-util from the top level (a peer dependency npm may not hoist on its own).
project.addDevDeps('jest-util@^29.7.0');

// `npm test` is the whole suite: jsii compile first (the public API must stay jsii-compatible,
// and the CLI's end-to-end test runs the compiled bin), then jest --ci, then eslint.
project.testTask.prependSpawn(project.compileTask);

// Node 20 still runs jsii; its end-of-life banner is not a finding of ours.
project.compileTask.env('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// The property-based proof at scale: 10,000+ generated cases per construct (never run as tests).
project.addTask('bench:property', {
  description: 'Property-based proof at scale: generated props for every construct, with counts',
  exec: 'ts-node -P bench/tsconfig.json bench/property.ts',
  receiveArgs: true,
});

// Synthesis speed, side by side with a plain cdk8s-plus-28 Job (medians and ratios).
project.addTask('bench:synth', {
  description: 'Synthesis speed of each construct next to a plain cdk8s-plus-28 Job (medians, ratios)',
  exec: 'ts-node -P bench/tsconfig.json bench/synth.ts',
  receiveArgs: true,
});

project.synth();
