import * as fs from 'fs';
import * as path from 'path';
import { Size, Testing } from 'cdk8s';
import { Defaults, Gpu, TrainingJob } from '../src';

/**
 * Keeps the `@default` tags, `src/defaults.ts` and the synthesized output in sync:
 * every `@default Defaults.X` tag names a constant that exists, and every such constant is
 * checked against what a construct synthesizes with minimal props.
 */
const SRC = path.join(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

/** Every `Defaults.X` named in an `@default` tag, with where it was named. */
function documentedDefaults(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = fs.readFileSync(file, 'utf-8');
    for (const m of text.matchAll(/@default\s+(?:-\s+)?([^\n]*)/g)) {
      for (const ref of m[1].matchAll(/Defaults\.([A-Z0-9_]+)/g)) {
        found.set(ref[1], [...(found.get(ref[1]) ?? []), path.relative(SRC, file)]);
      }
    }
  }
  return found;
}

function minimalJob(extra: object = {}): any {
  const chart = Testing.chart();
  new TrainingJob(chart, 'train', { image: 'python:3.12', ...extra });
  return Testing.synth(chart)[0];
}

/** For each default: [what the minimal manifest has, what Defaults says]. */
const CHECKS: { [name: string]: () => [unknown, unknown] } = {
  BACKOFF_LIMIT: () => [minimalJob().spec.backoffLimit, Defaults.BACKOFF_LIMIT],
  ACTIVE_DEADLINE: () => [minimalJob().spec.activeDeadlineSeconds, Defaults.ACTIVE_DEADLINE.toSeconds()],
  TTL_AFTER_FINISHED: () => [minimalJob().spec.ttlSecondsAfterFinished, Defaults.TTL_AFTER_FINISHED.toSeconds()],
  SUSPEND: () => [minimalJob().spec.suspend, Defaults.SUSPEND],
  IGNORE_DISRUPTIONS: () => [
    minimalJob().spec.podFailurePolicy.rules.some((r: any) => r.action === 'Ignore' && r.onPodConditions[0].type === 'DisruptionTarget'),
    Defaults.IGNORE_DISRUPTIONS,
  ],
  RESTART_POLICY: () => [minimalJob().spec.template.spec.restartPolicy, Defaults.RESTART_POLICY],
  CONTAINER_NAME: () => [minimalJob().spec.template.spec.containers[0].name, Defaults.CONTAINER_NAME],
  CPU_REQUEST: () => [minimalJob().spec.template.spec.containers[0].resources.requests.cpu, Defaults.CPU_REQUEST.amount],
  MEMORY_REQUEST: () => [minimalJob().spec.template.spec.containers[0].resources.requests.memory, Defaults.MEMORY_REQUEST.asString()],
  IMAGE_PULL_POLICY: () => [minimalJob().spec.template.spec.containers[0].imagePullPolicy, Defaults.IMAGE_PULL_POLICY],
  UNPINNED_IMAGE_PULL_POLICY: () => [
    minimalJob({ image: 'python', allowUnpinnedImage: true }).spec.template.spec.containers[0].imagePullPolicy,
    Defaults.UNPINNED_IMAGE_PULL_POLICY,
  ],
  HOME_DIR: () => [minimalJob().spec.template.spec.containers[0].env.find((e: any) => e.name === 'HOME').value, Defaults.HOME_DIR],
  RUN_AS_USER: () => [minimalJob().spec.template.spec.securityContext.runAsUser, Defaults.RUN_AS_USER],
  RUN_AS_GROUP: () => [minimalJob().spec.template.spec.securityContext.runAsGroup, Defaults.RUN_AS_GROUP],
  FS_GROUP: () => [minimalJob().spec.template.spec.securityContext.fsGroup, Defaults.FS_GROUP],
  READ_ONLY_ROOT_FILESYSTEM: () => [
    minimalJob().spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem, Defaults.READ_ONLY_ROOT_FILESYSTEM,
  ],
  AUTOMOUNT_SERVICE_ACCOUNT_TOKEN: () => [minimalJob().spec.template.spec.automountServiceAccountToken, Defaults.AUTOMOUNT_SERVICE_ACCOUNT_TOKEN],
  RECOMMENDED_LABELS: () => [minimalJob().metadata.labels['app.kubernetes.io/managed-by'] === Defaults.MANAGED_BY, Defaults.RECOMMENDED_LABELS],
  GPU_TOLERATE_TAINT: () => [
    (minimalJob({ gpu: Gpu.nvidia(1), memory: Size.gibibytes(16) }).spec.template.spec.tolerations ?? [])
      .some((t: any) => t.key === 'nvidia.com/gpu'),
    Defaults.GPU_TOLERATE_TAINT,
  ],
};

/**
 * Defaults whose output checks live in the construct's own test file (named here so the
 * "every documented default has an output check" test knows where they are).
 */
const EXTRA_CHECKS: { [name: string]: string } = {
  SHARD_MODE: 'parallel-shard-job.test.ts',
  SHARD_PARALLELISM: 'parallel-shard-job.test.ts',
  SHARD_INDEX_ENV: 'parallel-shard-job.test.ts',
  SHARD_COUNT_ENV: 'parallel-shard-job.test.ts',
  SHM_PER_GPU: 'gpu.test.ts',
  SHM_MAX_FRACTION_OF_MEMORY_LIMIT: 'gpu.test.ts',
  GPU_JOB_ACTIVE_DEADLINE: 'gpu-job.test.ts',
  GPU_JOB_MEMORY_PER_GPU: 'gpu-job.test.ts',
  GPU_JOB_CPU_PER_GPU: 'gpu-job.test.ts',
  NIGHTLY_HOUR: 'nightly-cron-job.test.ts',
  NIGHTLY_MINUTE: 'nightly-cron-job.test.ts',
  CRON_TIME_ZONE: 'nightly-cron-job.test.ts',
  CRON_CONCURRENCY_POLICY: 'nightly-cron-job.test.ts',
  CRON_STARTING_DEADLINE: 'nightly-cron-job.test.ts',
  CRON_SUCCESSFUL_JOBS_HISTORY_LIMIT: 'nightly-cron-job.test.ts',
  CRON_FAILED_JOBS_HISTORY_LIMIT: 'nightly-cron-job.test.ts',
  CRON_SUSPEND: 'nightly-cron-job.test.ts',
  DISTRIBUTED_PORT: 'distributed-training-job.test.ts',
  ELASTIC_MAX_RESTARTS: 'distributed-training-job.test.ts',
  SWEEP_LAYOUT: 'hyperparameter-sweep.test.ts',
  SWEEP_MAX_CONCURRENT_TRIALS: 'hyperparameter-sweep.test.ts',
  SWEEP_PARAM_ENV_PREFIX: 'hyperparameter-sweep.test.ts',
  ANTI_AFFINITY_TOPOLOGY_KEY: 'placement.test.ts',
  TOPOLOGY_SPREAD_MAX_SKEW: 'placement.test.ts',
  PORT_PROTOCOL: 'placement.test.ts',
  KUBERNETES_VERSION: 'kubernetes-version.test.ts',
  GPU_POD_REPLACEMENT_POLICY: 'kubernetes-version.test.ts',
  SHARD_BACKOFF_LIMIT_PER_INDEX: 'kubernetes-version.test.ts',
  SWEEP_BACKOFF_LIMIT_PER_TRIAL: 'kubernetes-version.test.ts',
  DISTRIBUTED_SUCCEEDED_INDEXES: 'kubernetes-version.test.ts',
};

describe('documented defaults', () => {
  const documented = documentedDefaults();

  test('the @default tags name Defaults constants that exist', () => {
    const missing = [...documented.keys()].filter(name => !(name in Defaults));
    expect(missing).toEqual([]);
    expect(documented.size).toBeGreaterThan(10);
  });

  test('every documented default has an output check', () => {
    const unchecked = [...documented.keys()].filter(name => !(name in CHECKS) && !(name in EXTRA_CHECKS));
    expect(unchecked).toEqual([]);
  });

  test.each(Object.entries(EXTRA_CHECKS))('%s is asserted in %s', (name, file) => {
    const text = fs.readFileSync(path.join(__dirname, file), 'utf-8');
    expect(text).toMatch(new RegExp(`Defaults\\.${name}\\b`));
  });

  test.each(Object.keys(CHECKS))('%s appears in the output of a minimal TrainingJob', (name) => {
    const [actual, expected] = CHECKS[name]();
    expect(actual).toEqual(expected);
  });
});
