import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Defaults, ParallelShardJob, ParallelShardJobProps, ShardMode } from '../src';
import { checkManifest } from '../src/rules';
import { building, exampleTarget, mainContainer as main, synthExamples, synthOne } from './util/synth';
import { Target, target } from '../src/rules/versions';

const INDEX_FIELD = "metadata.annotations['batch.kubernetes.io/job-completion-index']";

/** Rule ids of the 1.28 API server's rules (src/rules) that a manifest breaks (errors only). */
/** The API server rules' errors, for 1.28 with the given gates (the per-shard fields are alpha there). */
function apiServerErrors(job: any, t: Target = target('1.28', ['JobBackoffLimitPerIndex'])): string[] {
  return checkManifest(job, { noWarnings: true, target: t }).findings.map(f => f.ruleId);
}

/** Synthesizes one ParallelShardJob and returns its manifest. */
function synthJob(props: Partial<ParallelShardJobProps> = {}, id = 'shards'): any {
  return synthOne(chart => new ParallelShardJob(chart, id, { image: 'python:3.12', shards: 4, ...props }));
}

function envOf(job: any): { [name: string]: any } {
  return Object.fromEntries((main(job).env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));
}

function build(props: Partial<ParallelShardJobProps>): () => void {
  return building(chart => new ParallelShardJob(chart, 'shards', { image: 'python:3.12', ...props }));
}

/** Props that opt in to the alpha per-shard fields. */
const ALPHA = { enableAlphaBackoffLimitPerIndex: true };

/** The start of every error of the construct built by `build`. */
const WHERE = "ParallelShardJob 'test/shards': ";

describe('ParallelShardJob defaults', () => {
  test('default manifest', () => {
    // GIVEN / WHEN
    const job = synthJob({ command: ['python', 'infer.py'], shards: 100 });
    // THEN
    expect(job).toMatchSnapshot();
  });

  test('indexed shards by default (Defaults.SHARD_MODE): completions = shards, completionMode Indexed', () => {
    // GIVEN / WHEN
    const job = synthJob({ shards: 8 });
    // THEN
    expect(Defaults.SHARD_MODE).toBe(ShardMode.INDEXED);
    expect(job.spec.completionMode).toBe('Indexed');
    expect(job.spec.completions).toBe(8);
    expect(job.spec.backoffLimitPerIndex).toBeUndefined();
    expect(job.spec.maxFailedIndexes).toBeUndefined();
  });

  test('parallelism defaults to Defaults.SHARD_PARALLELISM, never more than the shards', () => {
    // GIVEN / WHEN / THEN
    expect(synthJob({ shards: 100 }).spec.parallelism).toBe(Defaults.SHARD_PARALLELISM);
    expect(synthJob({ shards: 3 }).spec.parallelism).toBe(3);
    expect(synthJob({ shards: Defaults.SHARD_PARALLELISM }).spec.parallelism).toBe(Defaults.SHARD_PARALLELISM);
  });

  test('each pod gets SHARD_INDEX from the completion-index annotation and SHARD_COUNT (Defaults.SHARD_*_ENV)', () => {
    // GIVEN / WHEN
    const job = synthJob({ shards: 12 });
    // THEN
    expect(Defaults.SHARD_INDEX_ENV).toBe('SHARD_INDEX');
    expect(Defaults.SHARD_COUNT_ENV).toBe('SHARD_COUNT');
    expect(main(job).env).toEqual([
      { name: Defaults.SHARD_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: INDEX_FIELD } } },
      { name: Defaults.SHARD_COUNT_ENV, value: '12' },
      { name: 'HOME', value: Defaults.HOME_DIR },
    ]);
    // Kubernetes sets JOB_COMPLETION_INDEX itself in Indexed mode; the construct does not write it.
    expect(envOf(job).JOB_COMPLETION_INDEX).toBeUndefined();
  });

  test('the total backoffLimit scales with the shard count (Defaults.SHARD_BACKOFF_FRACTION)', () => {
    // GIVEN / WHEN / THEN
    expect(synthJob({ shards: 1 }).spec.backoffLimit).toBe(Defaults.BACKOFF_LIMIT);
    expect(synthJob({ shards: 30 }).spec.backoffLimit).toBe(Defaults.BACKOFF_LIMIT);
    expect(synthJob({ shards: 100 }).spec.backoffLimit).toBe(Math.ceil(100 * Defaults.SHARD_BACKOFF_FRACTION));
    expect(synthJob({ shards: 1001 }).spec.backoffLimit).toBe(101);
  });

  test('the TrainingJob defaults apply: TTL, deadline, disruptions ignored, restricted pods, component label', () => {
    // GIVEN / WHEN
    const job = synthJob();
    // THEN
    expect(job.spec.activeDeadlineSeconds).toBe(Defaults.ACTIVE_DEADLINE.toSeconds());
    expect(job.spec.ttlSecondsAfterFinished).toBe(Defaults.TTL_AFTER_FINISHED.toSeconds());
    expect(job.spec.suspend).toBe(false);
    expect(job.spec.podFailurePolicy).toEqual({
      rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
    });
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(main(job).resources.requests).toEqual({ cpu: Defaults.CPU_REQUEST.amount, memory: Defaults.MEMORY_REQUEST.asString() });
    expect(job.metadata.labels['app.kubernetes.io/component']).toBe('batch');
    expect(job.spec.template.metadata.labels['app.kubernetes.io/component']).toBe('batch');
  });

  test('the generated name leaves room for the shard index in pod hostnames', () => {
    // GIVEN / WHEN
    const job = synthJob({ shards: 100_000 }, 'x'.repeat(120));
    // THEN: `<name>-99999` is a DNS label of at most 63 characters
    expect(job.metadata.name.length).toBeLessThanOrEqual(63 - '-99999'.length);
    expect(`${job.metadata.name}-99999`).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });

  test('Resource is the escape hatch', () => {
    // GIVEN
    const chart = Testing.chart();
    const job = new ParallelShardJob(chart, 'shards', { image: 'python:3.12', shards: 4, name: 'infer' });
    // WHEN
    ApiObject.of(job).addJsonPatch(JsonPatch.add('/spec/template/spec/hostname', 'custom'));
    const [manifest] = Testing.synth(chart);
    // THEN
    expect(job.apiObject).toBe(ApiObject.of(job));
    expect(job.node.defaultChild).toBe(job.apiObject);
    expect(job.name).toBe('infer');
    expect(manifest.spec.template.spec.hostname).toBe('custom');
  });
});

describe('a 10,000-shard job', () => {
  test('synthesizes with every pod wired to its shard', () => {
    // GIVEN / WHEN
    const job = synthJob({ shards: 10_000, command: ['python', 'infer.py', '--shard', '$(SHARD_INDEX)', '--of', '$(SHARD_COUNT)'] });
    // THEN
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 10_000, parallelism: Defaults.SHARD_PARALLELISM, backoffLimit: 1000 });
    expect(envOf(job)).toEqual({
      HOME: Defaults.HOME_DIR,
      SHARD_INDEX: { fieldRef: { fieldPath: INDEX_FIELD } },
      SHARD_COUNT: '10000',
    });
    // the variables are defined in the container, so Kubernetes expands $(SHARD_INDEX) in the command
    expect(main(job).command).toEqual(['python', 'infer.py', '--shard', '$(SHARD_INDEX)', '--of', '$(SHARD_COUNT)']);
    expect(`${job.metadata.name}-9999`.length).toBeLessThanOrEqual(63);
  });

  test('the manifest stays small: one pod template, no per-shard objects', () => {
    // GIVEN
    const chart = Testing.chart();
    new ParallelShardJob(chart, 'shards', { image: 'python:3.12', shards: 10_000, parallelism: 500 });
    // WHEN
    const manifests = Testing.synth(chart);
    // THEN
    expect(manifests).toHaveLength(1);
    expect(manifests[0].spec.parallelism).toBe(500);
    expect(JSON.stringify(manifests[0]).length).toBeLessThan(4000);
  });
});

describe('ParallelShardJob props', () => {
  test('parallelism', () => {
    expect(synthJob({ shards: 100, parallelism: 25 }).spec.parallelism).toBe(25);
    expect(synthJob({ shards: 100, parallelism: 100 }).spec.parallelism).toBe(100);
  });

  test('shardIndexEnv and shardCountEnv rename the variables', () => {
    // GIVEN / WHEN
    const job = synthJob({ shards: 6, shardIndexEnv: 'PART', shardCountEnv: 'PARTS' });
    // THEN
    expect(envOf(job)).toEqual({ HOME: Defaults.HOME_DIR, PART: { fieldRef: { fieldPath: INDEX_FIELD } }, PARTS: '6' });
  });

  test('disableShardEnv leaves the variables out', () => {
    const job = synthJob({ disableShardEnv: true });
    expect(envOf(job)).toEqual({ HOME: Defaults.HOME_DIR });
    expect(job.spec.completionMode).toBe('Indexed');
  });

  test('shard env comes first, so the user\'s env values can use $(SHARD_INDEX)', () => {
    // GIVEN / WHEN
    const job = synthJob({ env: { OUTPUT: kplus.EnvValue.fromValue('s3://out/part-$(SHARD_INDEX)-of-$(SHARD_COUNT).parquet') } });
    // THEN: Kubernetes expands $(NAME) only for variables defined earlier in the list
    expect(main(job).env.map((e: any) => e.name)).toEqual(['SHARD_INDEX', 'SHARD_COUNT', 'OUTPUT', 'HOME']);
    expect(envOf(job).OUTPUT).toBe('s3://out/part-$(SHARD_INDEX)-of-$(SHARD_COUNT).parquet');
  });

  test('backoffLimitPerShard: backoffLimitPerIndex, and a total that never fails the Job first', () => {
    // GIVEN / WHEN
    const job = synthJob({ ...ALPHA, shards: 50, backoffLimitPerShard: 2 });
    // THEN
    expect(job.spec.backoffLimitPerIndex).toBe(2);
    expect(job.spec.maxFailedIndexes).toBeUndefined();
    expect(job.spec.backoffLimit).toBe((2 + 1) * 50);
  });

  test('backoffLimitPerShard 0 (no retries of a shard)', () => {
    const job = synthJob({ ...ALPHA, shards: 7, backoffLimitPerShard: 0 });
    expect(job.spec.backoffLimitPerIndex).toBe(0);
    expect(job.spec.backoffLimit).toBe(7);
  });

  test('the per-shard total is capped at the int32 maximum', () => {
    const job = synthJob({ ...ALPHA, shards: 100_000, backoffLimitPerShard: 2 ** 31 - 1, maxFailedShards: 10 });
    expect(job.spec.backoffLimit).toBe(2 ** 31 - 1);
  });

  test('maxFailedShards', () => {
    const job = synthJob({ ...ALPHA, shards: 100, backoffLimitPerShard: 1, maxFailedShards: 5 });
    expect(job.spec.maxFailedIndexes).toBe(5);
    expect(synthJob({ ...ALPHA, shards: 100, backoffLimitPerShard: 1, maxFailedShards: 0 }).spec.maxFailedIndexes).toBe(0);
    expect(synthJob({ ...ALPHA, shards: 100, backoffLimitPerShard: 1, maxFailedShards: 100 }).spec.maxFailedIndexes).toBe(100);
  });

  test('failShardExitCodes: a sorted FailIndex rule for the main container, between FailJob and Ignore', () => {
    // GIVEN / WHEN
    const job = synthJob({
      ...ALPHA, backoffLimitPerShard: 1, failShardExitCodes: [42, 3], failFastExitCodes: [2], containerName: 'infer',
    });
    // THEN
    expect(job.spec.podFailurePolicy.rules).toEqual([
      { action: 'FailJob', onExitCodes: { containerName: 'infer', operator: 'In', values: [2] } },
      { action: 'FailIndex', onExitCodes: { containerName: 'infer', operator: 'In', values: [3, 42] } },
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
    ]);
    expect(job.spec.template.spec.containers[0].name).toBe('infer');
  });

  test('an empty failShardExitCodes adds no rule', () => {
    const job = synthJob({ ...ALPHA, backoffLimitPerShard: 1, failShardExitCodes: [] });
    expect(job.spec.podFailurePolicy.rules.map((r: any) => r.action)).toEqual(['Ignore']);
  });

  test('enableAlphaBackoffLimitPerIndex alone changes nothing', () => {
    const plain = synthJob();
    const optedIn = synthJob({ ...ALPHA });
    expect(optedIn).toEqual(plain);
  });

  test('the user\'s backoffLimit wins over the scaled default', () => {
    expect(synthJob({ shards: 1000, backoffLimit: 7 }).spec.backoffLimit).toBe(7);
    expect(synthJob({ ...ALPHA, shards: 10, backoffLimitPerShard: 3, backoffLimit: 12 }).spec.backoffLimit).toBe(12);
  });

  test('a name of exactly the room left by the largest index', () => {
    // 10 shards: '-9' leaves 61 characters
    const name = 'a'.repeat(61);
    expect(synthJob({ shards: 10, name }).metadata.name).toBe(name);
    // 100,000 shards: '-99999' leaves 57
    expect(synthJob({ shards: 100_000, name: 'b'.repeat(57) }).metadata.name).toBe('b'.repeat(57));
  });

  test('a single shard', () => {
    const job = synthJob({ shards: 1 });
    expect(job.spec).toMatchObject({ completions: 1, parallelism: 1, completionMode: 'Indexed' });
    expect(envOf(job).SHARD_COUNT).toBe('1');
  });

  test('the largest Indexed job: 100,000 shards and parallelism', () => {
    const job = synthJob({ shards: 100_000, parallelism: 100_000 });
    expect(job.spec).toMatchObject({ completions: 100_000, parallelism: 100_000 });
  });
});

describe('ShardMode.COMPLETIONS', () => {
  test('completions and parallelism, NonIndexed, no shard env', () => {
    // GIVEN / WHEN
    const job = synthJob({ shards: undefined, mode: ShardMode.COMPLETIONS, completions: 5 });
    // THEN
    expect(job.spec).toMatchObject({ completionMode: 'NonIndexed', completions: 5, parallelism: 5, backoffLimit: Defaults.BACKOFF_LIMIT });
    expect(envOf(job)).toEqual({ HOME: Defaults.HOME_DIR });
    expect(job.spec.backoffLimitPerIndex).toBeUndefined();
  });

  test('one after another, or k at a time', () => {
    expect(synthJob({ shards: undefined, mode: ShardMode.COMPLETIONS, completions: 5, parallelism: 1 }).spec.parallelism).toBe(1);
    expect(synthJob({ shards: undefined, mode: ShardMode.COMPLETIONS, completions: 5, parallelism: 2 }).spec.parallelism).toBe(2);
    expect(synthJob({ shards: undefined, mode: ShardMode.COMPLETIONS, completions: 500 }).spec.parallelism).toBe(Defaults.SHARD_PARALLELISM);
  });

  test('more than 100,000 completions are fine when not Indexed; backoffLimit scales', () => {
    const job = synthJob({ shards: undefined, mode: ShardMode.COMPLETIONS, completions: 200_000 });
    expect(job.spec.completions).toBe(200_000);
    expect(job.spec.backoffLimit).toBe(20_000);
  });

  test('restartPolicy OnFailure works (no pod failure policy)', () => {
    const job = synthJob({ shards: undefined, mode: ShardMode.COMPLETIONS, completions: 5, restartPolicy: kplus.RestartPolicy.ON_FAILURE });
    expect(job.spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(job.spec.podFailurePolicy).toBeUndefined();
  });

  test('a long name is fine: no index in hostnames', () => {
    const name = 'c'.repeat(63);
    expect(synthJob({ shards: undefined, mode: ShardMode.COMPLETIONS, completions: 5, name }).metadata.name).toBe(name);
  });
});

describe('ShardMode.WORK_QUEUE', () => {
  test('parallelism workers, no completions', () => {
    // GIVEN / WHEN
    const job = synthJob({ shards: undefined, mode: ShardMode.WORK_QUEUE, parallelism: 5 });
    // THEN
    expect(job.spec).toMatchObject({ completionMode: 'NonIndexed', parallelism: 5, backoffLimit: Defaults.BACKOFF_LIMIT });
    expect(job.spec.completions).toBeUndefined();
    expect(envOf(job)).toEqual({ HOME: Defaults.HOME_DIR });
  });

  test('Defaults.SHARD_PARALLELISM workers by default; backoffLimit scales with the workers', () => {
    expect(synthJob({ shards: undefined, mode: ShardMode.WORK_QUEUE }).spec.parallelism).toBe(Defaults.SHARD_PARALLELISM);
    expect(synthJob({ shards: undefined, mode: ShardMode.WORK_QUEUE, parallelism: 200 }).spec.backoffLimit).toBe(20);
  });
});

describe('ParallelShardJob validation', () => {
  test.each([
    ['missing', undefined, /'shards' \(undefined\) must be set with ShardMode\.INDEXED; e\.g\. shards: 100/],
    ['zero', 0, /'shards' \(0\) must be an integer from 1 to 100000/],
    ['negative', -3, /'shards' \(-3\) must be an integer from 1 to 100000/],
    ['fractional', 2.5, /'shards' \(2\.5\) must be an integer from 1 to 100000/],
    ['over 100,000', 100_001, /'shards' \(100001\) must be an integer from 1 to 100000/],
  ])('fails when shards is %s', (_, shards, message) => {
    expect(build({ shards })).toThrow(message);
    expect(build({ shards })).toThrow(WHERE);
  });

  test.each([
    ['zero', 0, /'parallelism' \(0\) must be an integer from 1 to 100000/],
    ['fractional', 1.5, /'parallelism' \(1\.5\) must be an integer from 1 to 100000/],
    ['over 100,000 with Indexed', 100_001, /'parallelism' \(100001\) must be an integer from 1 to 100000/],
  ])('fails when parallelism is %s', (_, parallelism, message) => {
    expect(build({ shards: 100_000, parallelism })).toThrow(message);
  });

  test('fails when parallelism is larger than shards', () => {
    expect(build({ shards: 10, parallelism: 20 }))
      .toThrow(`${WHERE}'parallelism' (20) must be at most 'shards' (10): no more pods than that can run at once; lower 'parallelism' to 10 or less`);
  });

  test('fails when parallelism is larger than completions', () => {
    expect(build({ mode: ShardMode.COMPLETIONS, completions: 5, parallelism: 6 }))
      .toThrow(/'parallelism' \(6\) must be at most 'completions' \(5\)/);
  });

  test('fails when a work queue has no positive parallelism', () => {
    expect(build({ mode: ShardMode.WORK_QUEUE, parallelism: 0 })).toThrow(/'parallelism' \(0\) must be an integer from 1 to 2147483647/);
  });

  test('fails when completions is missing, zero or not an integer with ShardMode.COMPLETIONS', () => {
    expect(build({ mode: ShardMode.COMPLETIONS })).toThrow(/'completions' \(undefined\) must be set with ShardMode\.COMPLETIONS/);
    expect(build({ mode: ShardMode.COMPLETIONS, completions: 0 })).toThrow(/'completions' \(0\) must be an integer from 1 to 2147483647/);
    expect(build({ mode: ShardMode.COMPLETIONS, completions: 1.5 })).toThrow(/'completions' \(1\.5\) must be an integer/);
  });

  test('fails when the count does not belong to the mode', () => {
    expect(build({ shards: 4, completions: 4 }))
      .toThrow(`${WHERE}'completions' (4) must be left out with ShardMode.INDEXED; use 'shards' for ShardMode.INDEXED`);
    expect(build({ mode: ShardMode.COMPLETIONS, shards: 4, completions: 4 }))
      .toThrow(/'shards' \(4\) must be left out with ShardMode\.COMPLETIONS/);
    expect(build({ mode: ShardMode.WORK_QUEUE, shards: 4 })).toThrow(/'shards' \(4\) must be left out with ShardMode\.WORK_QUEUE/);
    expect(build({ mode: ShardMode.WORK_QUEUE, completions: 4 }))
      .toThrow(/'completions' \(4\) must be left out with ShardMode\.WORK_QUEUE; a work queue has no completion count/);
  });

  test('fails on an unknown mode', () => {
    expect(build({ mode: 'Sharded' as ShardMode, shards: 2 }))
      .toThrow(/'mode' \("Sharded"\) must be one of 'Indexed', 'Completions', 'WorkQueue'; e.g. ShardMode.INDEXED/);
  });

  test.each([
    ['backoffLimitPerShard', { backoffLimitPerShard: 1 }],
    ['maxFailedShards', { maxFailedShards: 1 }],
    ['failShardExitCodes', { failShardExitCodes: [3] }],
    ['shardIndexEnv', { shardIndexEnv: 'PART' }],
    ['shardCountEnv', { shardCountEnv: 'PARTS' }],
    ['disableShardEnv', { disableShardEnv: true }],
  ])('fails when %s is used without Indexed shards', (prop, extra) => {
    const props = { ...ALPHA, mode: ShardMode.COMPLETIONS, completions: 4, ...extra };
    expect(build(props)).toThrow(new RegExp(`'${prop}' \\(.*\\) must be left out with ShardMode\\.COMPLETIONS; only Indexed shards have an index`));
  });

  test.each([
    ['backoffLimitPerShard', { backoffLimitPerShard: 1 }],
    ['maxFailedShards', { maxFailedShards: 1 }],
    ['failShardExitCodes', { failShardExitCodes: [3] }],
  ])('fails when %s is used on 1.28 without the gate or the alpha opt-in', (prop, extra) => {
    expect(build({ shards: 4, ...extra })).toThrow(new RegExp(
      `'${prop}' \\(.*\\) must be used only with the JobBackoffLimitPerIndex feature gate on: it is alpha in Kubernetes 1\\.28, `
      + 'whose API server drops the field silently without the gate; if the cluster turns the gate on, add \'JobBackoffLimitPerIndex\' to featureGates '
      + '\\(or set enableAlphaBackoffLimitPerIndex: true\\); else raise kubernetesVersion \\(construct, BatchDefaults or the cdk8s-batch:kubernetesVersion context\\) '
      + `to 1\\.29 or later \\(on by default\\), or remove '${prop}'`));
  });

  test('fails when backoffLimitPerShard is negative or fractional', () => {
    expect(build({ ...ALPHA, shards: 4, backoffLimitPerShard: -1 })).toThrow(/'backoffLimitPerShard' \(-1\) must be an integer from 0 to 2147483647/);
    expect(build({ ...ALPHA, shards: 4, backoffLimitPerShard: 0.5 })).toThrow(/'backoffLimitPerShard' \(0\.5\) must be an integer/);
  });

  test('fails when maxFailedShards comes without backoffLimitPerShard', () => {
    expect(build({ ...ALPHA, shards: 4, maxFailedShards: 1 }))
      .toThrow(`${WHERE}'maxFailedShards' (1) must be used together with 'backoffLimitPerShard'; set backoffLimitPerShard too`);
  });

  test('fails when maxFailedShards is negative or more than the shards', () => {
    expect(build({ ...ALPHA, shards: 4, backoffLimitPerShard: 1, maxFailedShards: -1 }))
      .toThrow(/'maxFailedShards' \(-1\) must be an integer from 0 to 100000/);
    expect(build({ ...ALPHA, shards: 4, backoffLimitPerShard: 1, maxFailedShards: 5 }))
      .toThrow(`${WHERE}'maxFailedShards' (5) must be at most 'shards' (4); lower it to 4 or less`);
  });

  test('fails when failShardExitCodes comes without backoffLimitPerShard (FailIndex needs a per-index limit)', () => {
    expect(build({ ...ALPHA, shards: 4, failShardExitCodes: [3] }))
      .toThrow(`${WHERE}'failShardExitCodes' ([3]) must be used together with 'backoffLimitPerShard' (failing one shard needs a per-shard limit)`);
  });

  test.each([
    ['0 (success, not allowed with In)', [0], /'failShardExitCodes' \(\[0\]\) must be exit codes from 1 to 255 \(got 0; 0 means success/],
    ['over 255', [256], /'failShardExitCodes' \(\[256\]\) must be exit codes from 1 to 255 \(got 256/],
    ['duplicated', [3, 3], /'failShardExitCodes' \(\[3, 3\]\) must be free of duplicates \(3 appears twice\)/],
  ])('fails when failShardExitCodes has a code %s', (_, codes, message) => {
    expect(build({ ...ALPHA, shards: 4, backoffLimitPerShard: 1, failShardExitCodes: codes })).toThrow(message);
  });

  test('fails when an exit code fails both the Job and the shard', () => {
    expect(build({ ...ALPHA, shards: 4, backoffLimitPerShard: 1, failShardExitCodes: [3, 4], failFastExitCodes: [2, 3] }))
      .toThrow(`${WHERE}'failFastExitCodes' ([2, 3]) must be free of the codes in 'failShardExitCodes' (3 in both)`);
  });

  test('fails when per-shard retries come with restartPolicy OnFailure', () => {
    expect(build({ ...ALPHA, shards: 4, backoffLimitPerShard: 1, restartPolicy: kplus.RestartPolicy.ON_FAILURE }))
      .toThrow(`${WHERE}'restartPolicy' ("OnFailure") must be 'Never' with a per-shard backoff limit ('backoffLimitPerShard')`);
  });

  test('fails when a FailIndex rule comes with restartPolicy OnFailure (a pod failure policy needs Never)', () => {
    expect(build({
      ...ALPHA, shards: 4, backoffLimitPerShard: 1, failShardExitCodes: [3], restartPolicy: kplus.RestartPolicy.ON_FAILURE,
    })).toThrow(/'restartPolicy' \("OnFailure"\) must be 'Never'/);
  });

  test('fails when the name leaves no room for the shard index in pod hostnames', () => {
    expect(build({ shards: 10, name: 'a'.repeat(62) }))
      .toThrow(`${WHERE}'name' ("${'a'.repeat(62)}") must be a DNS-1123 label (no '.') of at most 61 characters (it has 62): `
        + 'pod hostnames are \'<job name>-<index>\', and the index adds up to 2 characters');
    expect(build({ shards: 10_000, name: 'b'.repeat(59) })).toThrow(/at most 58 characters \(it has 59\)/);
  });

  test('fails when an Indexed job name has a dot (pod hostnames are DNS labels)', () => {
    expect(build({ shards: 2, name: 'infer.v2' })).toThrow(/'name' \("infer\.v2"\) must be a DNS-1123 label \(no '\.'\)/);
  });

  test.each([
    ['an invalid name', { shardIndexEnv: '1ST' }, /'shardIndexEnv' \("1ST"\) must be a valid environment variable name/],
    ['JOB_COMPLETION_INDEX', { shardIndexEnv: 'JOB_COMPLETION_INDEX' },
      /'shardIndexEnv' \("JOB_COMPLETION_INDEX"\) must be another name than JOB_COMPLETION_INDEX, which Kubernetes sets itself/],
    ['an invalid count name', { shardCountEnv: 'a b' }, /'shardCountEnv' \("a b"\) must be a valid environment variable name/],
    ['the same name twice', { shardIndexEnv: 'N', shardCountEnv: 'N' }, /'shardCountEnv' \("N"\) must be different from 'shardIndexEnv' \(N\)/],
    ['renamed while disabled', { disableShardEnv: true, shardCountEnv: 'N' }, /'shardCountEnv' \("N"\) must be left out when 'disableShardEnv' is true/],
  ])('fails on shard env: %s', (_, extra, message) => {
    expect(build({ shards: 4, ...extra })).toThrow(message);
  });

  test('fails when the user env already has the shard variable', () => {
    expect(build({ shards: 4, env: { SHARD_INDEX: kplus.EnvValue.fromValue('0') } }))
      .toThrow(`${WHERE}'env.SHARD_INDEX' ("SHARD_INDEX") must be left to ParallelShardJob, which sets it`);
  });
});

describe('the API server rules catch broken sharded manifests', () => {
  test('each mutation of a valid per-shard manifest breaks the rule the 1.28 API server applies', () => {
    // GIVEN a valid sharded manifest
    const good = synthJob({ ...ALPHA, shards: 10, backoffLimitPerShard: 1, maxFailedShards: 2, failShardExitCodes: [3, 7], name: 'infer' });
    const broken = (mutate: (j: any) => void): string[] => {
      const j = JSON.parse(JSON.stringify(good));
      mutate(j);
      return apiServerErrors(j);
    };
    // WHEN / THEN
    expect(apiServerErrors(good)).toEqual([]);
    expect(broken(j => { delete j.spec.backoffLimitPerIndex; })).toEqual(['job.per-index', 'job.pod-failure-policy.rules']);
    expect(broken(j => { j.spec.maxFailedIndexes = 11; })).toEqual(['job.per-index']);
    expect(broken(j => { j.metadata.name = 'x'.repeat(62); })).toEqual(['job.name.indexed-hostname']);
    expect(broken(j => { j.spec.completionMode = 'NonIndexed'; })).toContain('job.per-index');
    expect(broken(j => { j.spec.podFailurePolicy.rules[0].onExitCodes.values = [7, 3]; })).toEqual(['job.pod-failure-policy.exit-codes']);
    expect(broken(j => { j.spec.podFailurePolicy.rules[0].onExitCodes.values = [0, 3]; })).toEqual(['job.pod-failure-policy.exit-codes']);
    expect(broken(j => { j.spec.podFailurePolicy.rules[0].onExitCodes.containerName = 'nope'; })).toEqual(['job.pod-failure-policy.exit-codes']);
    expect(broken(j => { j.spec.template.spec.restartPolicy = 'OnFailure'; })).toEqual(['job.pod-failure-policy.restart-policy']);
    expect(broken(j => { j.spec.parallelism = 100_001; })).toEqual(['job.indexed.parallelism']);
  });
});

describe('examples', () => {
  test('every example Job passes the API server rules of its target (cdk8s.yaml: 1.28 with JobBackoffLimitPerIndex, one chart 1.33)', () => {
    let checked = 0;
    for (const [id, manifests] of synthExamples().byChart) {
      for (const m of manifests.filter(x => x.kind === 'Job')) {
        expect({ name: m.metadata.name, errors: apiServerErrors(m, exampleTarget(id)) }).toEqual({ name: m.metadata.name, errors: [] });
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });

  test('completions: 5, one after another', () => {
    const [job] = synthExamples().byChart.get('job-2')!;
    expect(job.metadata.name).toBe('job-2');
    expect(job.spec).toMatchObject({ completions: 5, parallelism: 1, completionMode: 'NonIndexed' });
    expect(job.spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(job.spec.template.spec.containers[0]).toMatchObject({ name: 'job-2', args: ["echo 'consuming a message'; sleep 5"] });
  });

  test('parallelism: 5 work queue, without completions', () => {
    const [job] = synthExamples().byChart.get('job-3')!;
    expect(job.spec).toMatchObject({ parallelism: 5, completionMode: 'NonIndexed' });
    expect(job.spec.completions).toBeUndefined();
    expect(job.spec.template.spec.containers[0].args).toEqual(["echo 'consuming a message'; sleep $(shuf -i 5-10 -n 1)"]);
  });

  test('100-shard batch inference with per-shard retries', () => {
    const [job] = synthExamples().byChart.get('batch-inference')!;
    expect(job.spec).toMatchObject({
      completionMode: 'Indexed', completions: 100, parallelism: 20, backoffLimitPerIndex: 2, maxFailedIndexes: 5, backoffLimit: 300,
    });
    expect(job.spec.podFailurePolicy.rules.map((r: any) => r.action)).toEqual(['FailJob', 'FailIndex', 'Ignore']);
    const c = job.spec.template.spec.containers[0];
    expect(c.command).toContain('$(SHARD_INDEX)');
    expect(c.env).toContainEqual({ name: 'SHARD_INDEX', valueFrom: { fieldRef: { fieldPath: INDEX_FIELD } } });
    expect(c.env).toContainEqual({ name: 'SHARD_COUNT', value: '100' });
  });
});
