import { ApiObject, App, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  BatchDefaults, Defaults, DistributedTrainingJob, Gpu, GpuJob, HyperparameterSweep, KubernetesVersion, NightlyCronJob, ParallelShardJob,
  PodReplacementPolicy, ShardMode, SweepLayout, TrainingJob,
} from '../src';
import { GatedApiObject } from '../src/_gate';
import { jobSpec, podSpec } from './util/synth';

/**
 * Target versions: how a construct's target is resolved (construct > BatchDefaults > app context >
 * 1.28), the props of the newer batch features at each version (refused with a fix where the
 * target is too old, written where it keeps them), and the defaults that change with the target.
 * Every manifest synthesized here is validated against its own target's schema and rules
 * (test/util/setup.ts).
 */

const V = KubernetesVersion;
const IMAGE = 'python:3.12';
const TORCH = 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime';

/** A fresh app (with `context`, set before any construct) and its chart `test`. */
function chartWith(context: { [key: string]: unknown } = {}): Chart {
  const app = Testing.app();
  for (const [key, value] of Object.entries(context)) app.node.setContext(key, value);
  return new Chart(app, 'test');
}

/** Synthesizes what `build` adds to a fresh chart (validated for each object's target). */
function synth(build: (chart: Chart) => void, context: { [key: string]: unknown } = {}): any[] {
  const chart = chartWith(context);
  build(chart);
  return Testing.synth(chart);
}

/** The first Job (or CronJob) of what `build` synthesizes. */
function synthJob(build: (chart: Chart) => void, context: { [key: string]: unknown } = {}): any {
  return synth(build, context).find(m => m.kind === 'Job' || m.kind === 'CronJob');
}

/** A thunk for `toThrow`. */
function building(build: (chart: Chart) => void, context: { [key: string]: unknown } = {}): () => void {
  return () => build(chartWith(context));
}

/** The minor version a construct's Job is written for. */
function minorOf(construct: TrainingJob | GpuJob): number {
  return (ApiObject.of(construct) as GatedApiObject).target.minor;
}

const gpuJob = (props: object = {}) => (chart: Chart) => new GpuJob(chart, 'train', { image: TORCH, gpu: Gpu.nvidia(1), ...props });

// -------------------------------------------------------------------------------------------------
// Target resolution
// -------------------------------------------------------------------------------------------------

describe('the target version', () => {
  test('defaults to Defaults.KUBERNETES_VERSION (1.28), with no feature gates', () => {
    // GIVEN
    const chart = chartWith();
    // WHEN
    const job = new TrainingJob(chart, 'train', { image: IMAGE });
    // THEN
    expect(Defaults.KUBERNETES_VERSION).toBe('1.28');
    expect(minorOf(job)).toBe(28);
    expect([...(ApiObject.of(job) as GatedApiObject).target.gates]).toEqual([]);
  });

  test('precedence: the construct\'s prop, then the nearest BatchDefaults, then the app context', () => {
    // GIVEN an app targeting 1.30 and a chart whose BatchDefaults target 1.33
    const chart = chartWith({ 'cdk8s-batch:kubernetesVersion': '1.30' });
    const other = new Chart(chart.node.scope as App, 'other');
    new BatchDefaults(chart, 'defaults', { kubernetesVersion: V.V1_33 });
    // WHEN
    const own = new TrainingJob(chart, 'own', { image: IMAGE, kubernetesVersion: V.V1_36 });
    const fromDefaults = new TrainingJob(chart, 'defaulted', { image: IMAGE });
    const fromContext = new TrainingJob(other, 'contextual', { image: IMAGE });
    // THEN
    expect(minorOf(own)).toBe(36);
    expect(minorOf(fromDefaults)).toBe(33);
    expect(minorOf(fromContext)).toBe(30);
  });

  test('featureGates: the construct\'s list replaces BatchDefaults\', which replaces the context\'s (a list or a comma-separated string)', () => {
    const chart = chartWith({ 'cdk8s-batch:featureGates': 'JobPodReplacementPolicy, SidecarContainers' });
    const gatesOf = (c: TrainingJob) => [...(ApiObject.of(c) as GatedApiObject).target.gates].sort();
    expect(gatesOf(new TrainingJob(chart, 'a', { image: IMAGE }))).toEqual(['JobPodReplacementPolicy', 'SidecarContainers']);
    expect(gatesOf(new TrainingJob(chart, 'b', { image: IMAGE, featureGates: ['SidecarContainers'] }))).toEqual(['SidecarContainers']);
    const scoped = new Chart(chart.node.scope as App, 'scoped');
    new BatchDefaults(scoped, 'defaults', { featureGates: [] });
    expect(gatesOf(new TrainingJob(scoped, 'c', { image: IMAGE }))).toEqual([]);
  });

  test('the target decides the defaults: a GPU job gets podReplacementPolicy Failed from 1.29 only', () => {
    expect(jobSpec(synthJob(gpuJob())).podReplacementPolicy).toBeUndefined();
    expect(jobSpec(synthJob(gpuJob(), { 'cdk8s-batch:kubernetesVersion': '1.29' })).podReplacementPolicy).toBe('Failed');
    expect(jobSpec(synthJob(gpuJob({ kubernetesVersion: V.V1_36 }))).podReplacementPolicy).toBe('Failed');
  });

  test('fails for a context version that is not a quoted version string cdk8s-batch knows', () => {
    expect(building(chart => new TrainingJob(chart, 'train', { image: IMAGE }), { 'cdk8s-batch:kubernetesVersion': 1.3 }))
      .toThrow(/TrainingJob 'test\/train': 'cdk8s-batch:kubernetesVersion' \(1\.3\) must be a version string such as '1\.33' \(a number loses trailing zeros: 1\.30 reads as 1\.3\); quote it/);
    expect(building(chart => new TrainingJob(chart, 'train', { image: IMAGE }), { 'cdk8s-batch:kubernetesVersion': '1.27' }))
      .toThrow(/'cdk8s-batch:kubernetesVersion' \("1\.27"\) must be a Kubernetes version cdk8s-batch knows \(1\.28 to 1\.36\); set the context to one of '1\.28'/);
  });

  test('fails for an unknown feature gate, with "did you mean"', () => {
    expect(building(chart => new TrainingJob(chart, 'train', { image: IMAGE, featureGates: ['JobSucessPolicy'] })))
      .toThrow(/'featureGates\[0\]' \("JobSucessPolicy"\) must be a feature gate cdk8s-batch knows \(.*\); did you mean 'JobSuccessPolicy'\?/);
    expect(building(chart => new TrainingJob(chart, 'train', { image: IMAGE }), { 'cdk8s-batch:featureGates': ['NoSuchGate'] }))
      .toThrow(/'cdk8s-batch:featureGates\[0\]' \("NoSuchGate"\) must be a feature gate cdk8s-batch knows/);
    expect(building(chart => new TrainingJob(chart, 'train', { image: IMAGE }), { 'cdk8s-batch:featureGates': 3 }))
      .toThrow(/'cdk8s-batch:featureGates' \(3\) must be a list of feature gate names, or one comma-separated string/);
    expect(building(chart => new BatchDefaults(chart, 'defaults', { featureGates: ['jobmanagedby2'] })))
      .toThrow(/BatchDefaults 'test\/defaults': 'featureGates\[0\]' \("jobmanagedby2"\) must be a feature gate cdk8s-batch knows .*; did you mean 'JobManagedBy'\?/);
  });

  test('plain JavaScript and Python values: the version string is accepted, a number or a list as a string is refused', () => {
    const build = (props: object) => building(chart => new TrainingJob(chart, 'train', { image: IMAGE, ...props } as any));
    expect(minorOf(new TrainingJob(chartWith(), 'train', { image: IMAGE, kubernetesVersion: '1.35' as KubernetesVersion }))).toBe(35);
    expect(build({ kubernetesVersion: 1.33 })).toThrow(/'kubernetesVersion' \(1\.33\) must be one of '1\.28', '1\.29', .*'1\.36'/);
    expect(build({ featureGates: 'JobSuccessPolicy' })).toThrow(/'featureGates' \("JobSuccessPolicy"\) must be a list of strings; give a list/);
    expect(building(chart => new BatchDefaults(chart, 'defaults', { kubernetesVersion: 'v1.33' } as any)))
      .toThrow(/BatchDefaults 'test\/defaults': 'kubernetesVersion' \("v1\.33"\) must be one of '1\.28'/);
  });

  test('fails for a gate the target version does not have yet', () => {
    expect(building(chart => new TrainingJob(chart, 'train', { image: IMAGE, featureGates: ['JobSuccessPolicy'] })))
      .toThrow(/'featureGates\[0\]' \("JobSuccessPolicy"\) must be a gate Kubernetes 1\.28 has \(JobSuccessPolicy exists from 1\.30\); raise kubernetesVersion .* to 1\.30 or later, or remove the gate/);
  });

  test('the final gate names the target\'s API server', () => {
    // GIVEN a 1.33 Job patched into one the API server refuses
    const chart = chartWith();
    const job = new TrainingJob(chart, 'train', { image: IMAGE, kubernetesVersion: V.V1_33 });
    ApiObject.of(job).addJsonPatch(JsonPatch.replace('/spec/template/spec/restartPolicy', 'Always'));
    // WHEN / THEN
    expect(() => Testing.synth(chart)).toThrow(/accepted by the Kubernetes 1\.33 API server \(after escape-hatch patches or metadata changes\), which refuses it/);
  });
});

// -------------------------------------------------------------------------------------------------
// podReplacementPolicy
// -------------------------------------------------------------------------------------------------

describe('podReplacementPolicy', () => {
  test('Defaults.GPU_POD_REPLACEMENT_POLICY for a job with a gpu and a DistributedTrainingJob from 1.29; not written for others or on 1.28', () => {
    type Build = (v: KubernetesVersion) => (chart: Chart) => void;
    const at = (version: KubernetesVersion, build: Build) => jobSpec(synthJob(build(version))).podReplacementPolicy;
    const training = (v: KubernetesVersion) => (chart: Chart) => new TrainingJob(chart, 't', { image: IMAGE, kubernetesVersion: v });
    const withGpu = (v: KubernetesVersion) => (chart: Chart) => new TrainingJob(chart, 't', { image: IMAGE, gpu: Gpu.nvidia(1), memory: Size.gibibytes(8), kubernetesVersion: v });
    const cpuDdp = (v: KubernetesVersion) => (chart: Chart) => new DistributedTrainingJob(chart, 'd', { image: TORCH, nodes: 2, kubernetesVersion: v });
    expect(Defaults.GPU_POD_REPLACEMENT_POLICY).toBe(PodReplacementPolicy.FAILED);
    for (const build of [withGpu, cpuDdp]) {
      expect(at(V.V1_28, build)).toBeUndefined();
      expect(at(V.V1_29, build)).toBe(Defaults.GPU_POD_REPLACEMENT_POLICY);
      expect(at(V.V1_36, build)).toBe(Defaults.GPU_POD_REPLACEMENT_POLICY);
    }
    expect(at(V.V1_36, training)).toBeUndefined();
  });

  test('on 1.28 with the JobPodReplacementPolicy gate: written, and the GPU default applies', () => {
    expect(jobSpec(synthJob(gpuJob({ featureGates: ['JobPodReplacementPolicy'] }))).podReplacementPolicy).toBe('Failed');
    const spec = jobSpec(synthJob(chart => new TrainingJob(chart, 't', {
      image: IMAGE, featureGates: ['JobPodReplacementPolicy'], podReplacementPolicy: PodReplacementPolicy.FAILED,
    })));
    expect(spec.podReplacementPolicy).toBe('Failed');
  });

  test('TerminatingOrFailed is written when the Job has no pod failure policy', () => {
    const spec = jobSpec(synthJob(chart => new TrainingJob(chart, 't', {
      image: IMAGE, kubernetesVersion: V.V1_33, ignoreDisruptions: false, podReplacementPolicy: PodReplacementPolicy.TERMINATING_OR_FAILED,
    })));
    expect(spec.podFailurePolicy).toBeUndefined();
    expect(spec.podReplacementPolicy).toBe('TerminatingOrFailed');
  });

  test('fails on 1.28 without the gate (it is alpha there and dropped silently)', () => {
    expect(building(chart => new TrainingJob(chart, 't', { image: IMAGE, podReplacementPolicy: PodReplacementPolicy.FAILED })))
      .toThrow(/'podReplacementPolicy' \("Failed"\) must be used only with the JobPodReplacementPolicy feature gate on: it is alpha in Kubernetes 1\.28, whose API server drops the field silently without the gate; if the cluster turns the gate on, add 'JobPodReplacementPolicy' to featureGates; else raise kubernetesVersion \(construct, BatchDefaults or the cdk8s-batch:kubernetesVersion context\) to 1\.29 or later \(on by default\), or remove 'podReplacementPolicy'/);
  });

  test('fails for TerminatingOrFailed with the default pod failure policy', () => {
    expect(building(chart => new TrainingJob(chart, 't', { image: IMAGE, kubernetesVersion: V.V1_33, podReplacementPolicy: PodReplacementPolicy.TERMINATING_OR_FAILED })))
      .toThrow(/'podReplacementPolicy' \("TerminatingOrFailed"\) must be 'Failed' when the Job has a pod failure policy .*; use PodReplacementPolicy\.FAILED, or set ignoreDisruptions: false and remove failFastExitCodes and failShardExitCodes/);
  });
});

// -------------------------------------------------------------------------------------------------
// managedBy
// -------------------------------------------------------------------------------------------------

describe('managedBy', () => {
  test('written from 1.32 (on by default), and on 1.30 with the JobManagedBy gate', () => {
    const at = (props: object) => jobSpec(synthJob(chart => new TrainingJob(chart, 't', { image: IMAGE, managedBy: 'kueue.x-k8s.io/multikueue', ...props })));
    expect(at({ kubernetesVersion: V.V1_32 }).managedBy).toBe('kueue.x-k8s.io/multikueue');
    expect(at({ kubernetesVersion: V.V1_30, featureGates: ['JobManagedBy'] }).managedBy).toBe('kueue.x-k8s.io/multikueue');
    const cron = synthJob(chart => new NightlyCronJob(chart, 'n', { image: IMAGE, managedBy: 'example.com/controller', kubernetesVersion: V.V1_35 }));
    expect(cron.spec.jobTemplate.spec.managedBy).toBe('example.com/controller');
  });

  test('fails on 1.28, where the field does not exist', () => {
    expect(building(chart => new TrainingJob(chart, 't', { image: IMAGE, managedBy: 'kueue.x-k8s.io/multikueue' })))
      .toThrow(/'managedBy' \("kueue\.x-k8s\.io\/multikueue"\) must be left out: it needs Kubernetes 1\.32 or later \(1\.30 with the JobManagedBy feature gate\), and the target is 1\.28, whose API server refuses the field; raise kubernetesVersion \(construct, BatchDefaults or the cdk8s-batch:kubernetesVersion context\) to 1\.32 or later, or remove 'managedBy'/);
  });

  test('fails on 1.30 without the gate, naming the gate and both fixes', () => {
    expect(building(chart => new TrainingJob(chart, 't', { image: IMAGE, managedBy: 'kueue.x-k8s.io/multikueue', kubernetesVersion: V.V1_30 })))
      .toThrow(/must be used only with the JobManagedBy feature gate on: it is alpha in Kubernetes 1\.30.*add 'JobManagedBy' to featureGates; else raise kubernetesVersion .* to 1\.32 or later/);
  });

  test('fails for a value that is not a domain-prefixed path of at most 63 characters', () => {
    const build = (managedBy: string) => building(chart => new TrainingJob(chart, 't', { image: IMAGE, managedBy, kubernetesVersion: V.V1_36 }));
    expect(build('kueue')).toThrow(/'managedBy' \("kueue"\) must be a domain-prefixed path of at most 63 characters: a DNS-1123 domain, '\/', and a path .*; e\.g\. 'kueue\.x-k8s\.io\/multikueue'/);
    expect(build('Example.com/x')).toThrow(/\(\\?"Example\.com\\?" \(before the first '\/'\) must be a DNS-1123 subdomain\)/);
    expect(build(`example.com/${'x'.repeat(60)}`)).toThrow(/'managedBy' \(".*"\) must be a domain-prefixed path of at most 63 characters.*has 72 characters; at most 63 are allowed/);
  });
});

// -------------------------------------------------------------------------------------------------
// successPolicy
// -------------------------------------------------------------------------------------------------

describe('successPolicy', () => {
  const shards = (props: object) => (chart: Chart) => new ParallelShardJob(chart, 's', { image: IMAGE, shards: 10, ...props });

  test('ParallelShardJob (Indexed) writes its rules from 1.31', () => {
    const spec = jobSpec(synthJob(shards({ kubernetesVersion: V.V1_31, successPolicy: [{ succeededCount: 9 }, { succeededIndexes: '0-2,5', succeededCount: 2 }] })));
    expect(spec.successPolicy).toEqual({ rules: [{ succeededCount: 9 }, { succeededIndexes: '0-2,5', succeededCount: 2 }] });
  });

  test('a NightlyCronJob\'s indexed shards, and an Indexed sweep, write theirs', () => {
    const cron = synthJob(chart => new NightlyCronJob(chart, 'n', {
      image: IMAGE, kubernetesVersion: V.V1_33, sharding: { shards: 4, successPolicy: [{ succeededCount: 3 }] },
    }));
    expect(cron.spec.jobTemplate.spec.successPolicy).toEqual({ rules: [{ succeededCount: 3 }] });
    const sweep = synthJob(chart => new HyperparameterSweep(chart, 'w', {
      image: IMAGE,
      command: ['python', 'train.py'],
      grid: { lr: ['1', '2', '3'] },
      layout: SweepLayout.INDEXED,
      kubernetesVersion: V.V1_33,
      successPolicy: [{ succeededCount: 2 }],
    }));
    expect(sweep.spec.successPolicy).toEqual({ rules: [{ succeededCount: 2 }] });
  });

  test('fails on 1.28 (the field does not exist) and on 1.30 without the gate', () => {
    expect(building(shards({ successPolicy: [{ succeededCount: 9 }] })))
      .toThrow(/'successPolicy' \(\[\{"succeededCount":9\}\]\) must be left out: it needs Kubernetes 1\.31 or later \(1\.30 with the JobSuccessPolicy feature gate\), and the target is 1\.28/);
    expect(building(shards({ kubernetesVersion: V.V1_30, successPolicy: [{ succeededCount: 9 }] })))
      .toThrow(/must be used only with the JobSuccessPolicy feature gate on: it is alpha in Kubernetes 1\.30/);
    expect(jobSpec(synthJob(shards({ kubernetesVersion: V.V1_30, featureGates: ['JobSuccessPolicy'], successPolicy: [{ succeededCount: 9 }] }))).successPolicy)
      .toEqual({ rules: [{ succeededCount: 9 }] });
  });

  test('fails where the Job is not Indexed', () => {
    expect(building(chart => new ParallelShardJob(chart, 's', {
      image: IMAGE, mode: ShardMode.COMPLETIONS, completions: 4, kubernetesVersion: V.V1_33, successPolicy: [{ succeededCount: 1 }],
    }))).toThrow(/'successPolicy' \(.*\) must be left out with ShardMode\.COMPLETIONS; only Indexed shards have indexes to succeed/);
    expect(building(chart => new HyperparameterSweep(chart, 'w', {
      image: IMAGE, grid: { lr: ['1', '2'] }, kubernetesVersion: V.V1_33, successPolicy: [{ succeededCount: 1 }],
    }))).toThrow(/'successPolicy' \(.*\) must be left out with SweepLayout\.JOB_PER_TRIAL/);
    expect(building(chart => new DistributedTrainingJob(chart, 'd', {
      image: TORCH, nodes: 1, kubernetesVersion: V.V1_33, successPolicy: [{ succeededIndexes: '0' }],
    }))).toThrow(/'successPolicy' \(.*\) must be left out with a single node/);
  });

  test.each([
    [[{}], /'successPolicy\[0\]' \(\{\}\) must be given succeededIndexes, succeededCount or both/],
    [[{ succeededIndexes: '2-1' }], /'successPolicy\[0\]\.succeededIndexes' \("2-1"\) must be a list of indexes and ranges below 10, in increasing order \(the interval "2-1" does not increase \(2 is not below 1\)\)/],
    [[{ succeededIndexes: '0,10' }], /must be a list of indexes and ranges below 10, in increasing order \(index "10" is too large: indexes go from 0 to completions-1 \(9\)\)/],
    [[{ succeededIndexes: 'a' }], /\("a" is not an integer\)/],
    [[{ succeededCount: 11 }], /'successPolicy\[0\]\.succeededCount' \(11\) must be at most the Job's 10 completions/],
    [[{ succeededIndexes: '0-2', succeededCount: 4 }], /'successPolicy\[0\]\.succeededCount' \(4\) must be at most the 3 indexes of succeededIndexes/],
    [Array.from({ length: 21 }, () => ({ succeededCount: 1 })), /'successPolicy' \("21 rules"\) must be at most 20 rules/],
  ])('fails for rules the API server refuses: %j', (successPolicy, error) => {
    expect(building(shards({ kubernetesVersion: V.V1_33, successPolicy }))).toThrow(error);
  });

  test('DistributedTrainingJob: the leader (Defaults.DISTRIBUTED_SUCCEEDED_INDEXES) from 1.31; none before, for one node, or with []', () => {
    const ddp = (props: object) => jobSpec(synthJob(chart => new DistributedTrainingJob(chart, 'd', { image: TORCH, nodes: 4, ...props })));
    expect(Defaults.DISTRIBUTED_SUCCEEDED_INDEXES).toBe('0');
    expect(ddp({ kubernetesVersion: V.V1_31 }).successPolicy).toEqual({ rules: [{ succeededIndexes: Defaults.DISTRIBUTED_SUCCEEDED_INDEXES }] });
    expect(ddp({ kubernetesVersion: V.V1_33, elastic: { minNodes: 2 } }).successPolicy).toEqual({ rules: [{ succeededIndexes: '0' }] });
    expect(ddp({ kubernetesVersion: V.V1_30, featureGates: ['JobSuccessPolicy'] }).successPolicy).toEqual({ rules: [{ succeededIndexes: '0' }] });
    expect(ddp({ kubernetesVersion: V.V1_30 }).successPolicy).toBeUndefined();
    expect(ddp({}).successPolicy).toBeUndefined();
    expect(ddp({ kubernetesVersion: V.V1_36, successPolicy: [] }).successPolicy).toBeUndefined();
    expect(ddp({ kubernetesVersion: V.V1_36, successPolicy: [{ succeededCount: 4 }] }).successPolicy).toEqual({ rules: [{ succeededCount: 4 }] });
    expect(ddp({ kubernetesVersion: V.V1_36, nodes: 1 }).successPolicy).toBeUndefined();
  });
});

// -------------------------------------------------------------------------------------------------
// Per-index retries
// -------------------------------------------------------------------------------------------------

describe('per-index retries', () => {
  const shards = (props: object) => jobSpec(synthJob(chart => new ParallelShardJob(chart, 's', { image: IMAGE, shards: 10, ...props })));

  test('Indexed shards get Defaults.SHARD_BACKOFF_LIMIT_PER_INDEX retries each from 1.29 (the total backoffLimit never fires first); none on 1.28', () => {
    expect(Defaults.SHARD_BACKOFF_LIMIT_PER_INDEX).toBe(1);
    const newer = shards({ kubernetesVersion: V.V1_29 });
    expect(newer.backoffLimitPerIndex).toBe(Defaults.SHARD_BACKOFF_LIMIT_PER_INDEX);
    expect(newer.backoffLimit).toBe((Defaults.SHARD_BACKOFF_LIMIT_PER_INDEX + 1) * 10);
    const old = shards({});
    expect(old.backoffLimitPerIndex).toBeUndefined();
    expect(old.backoffLimit).toBe(Defaults.BACKOFF_LIMIT);
  });

  test('the default is switched off by disableBackoffLimitPerShard, left out with OnFailure and other modes, and overridden by backoffLimitPerShard', () => {
    expect(shards({ kubernetesVersion: V.V1_33, disableBackoffLimitPerShard: true }).backoffLimitPerIndex).toBeUndefined();
    const onFailure = { restartPolicy: kplus.RestartPolicy.ON_FAILURE, ignoreDisruptions: false };
    expect(shards({ kubernetesVersion: V.V1_33, ...onFailure }).backoffLimitPerIndex).toBeUndefined();
    const completions = { shards: undefined, mode: ShardMode.COMPLETIONS, completions: 3 };
    expect(shards({ kubernetesVersion: V.V1_33, ...completions }).backoffLimitPerIndex).toBeUndefined();
    expect(shards({ kubernetesVersion: V.V1_33, backoffLimitPerShard: 4, maxFailedShards: 2 }))
      .toMatchObject({ backoffLimitPerIndex: 4, maxFailedIndexes: 2 });
    // With the default limit, the FailIndex and maxFailedIndexes props need no backoffLimitPerShard of their own.
    const failIndex = shards({ kubernetesVersion: V.V1_33, failShardExitCodes: [3], maxFailedShards: 1 });
    expect(failIndex.backoffLimitPerIndex).toBe(1);
    expect(failIndex.podFailurePolicy.rules).toContainEqual({ action: 'FailIndex', onExitCodes: { containerName: 'main', operator: 'In', values: [3] } });
  });

  test('on 1.28 the alpha opt-in keeps its meaning: explicit fields only, no default (the output of a plain opt-in is unchanged)', () => {
    expect(shards({ enableAlphaBackoffLimitPerIndex: true })).toEqual(shards({}));
    expect(shards({ featureGates: ['JobBackoffLimitPerIndex'] }).backoffLimitPerIndex).toBe(1);
    expect(shards({ enableAlphaBackoffLimitPerIndex: true, backoffLimitPerShard: 2 }).backoffLimitPerIndex).toBe(2);
  });

  test('a NightlyCronJob\'s indexed shards get the same default', () => {
    const cron = synthJob(chart => new NightlyCronJob(chart, 'n', { image: IMAGE, kubernetesVersion: V.V1_33, sharding: { shards: 4 } }));
    expect(cron.spec.jobTemplate.spec.backoffLimitPerIndex).toBe(Defaults.SHARD_BACKOFF_LIMIT_PER_INDEX);
  });

  test('an Indexed HyperparameterSweep gives each trial Defaults.SWEEP_BACKOFF_LIMIT_PER_TRIAL retries from 1.29 (backoffLimit wins); none on 1.28', () => {
    const sweep = (props: object) => jobSpec(synthJob(chart => new HyperparameterSweep(chart, 'w', {
      image: IMAGE, command: ['python', 'train.py'], grid: { lr: ['1', '2', '3'] }, layout: SweepLayout.INDEXED, ...props,
    })));
    expect(Defaults.SWEEP_BACKOFF_LIMIT_PER_TRIAL).toBe(3);
    expect(sweep({ kubernetesVersion: V.V1_29 }).backoffLimitPerIndex).toBe(Defaults.SWEEP_BACKOFF_LIMIT_PER_TRIAL);
    expect(sweep({ kubernetesVersion: V.V1_29, backoffLimit: 1 }).backoffLimitPerIndex).toBe(1);
    expect(sweep({}).backoffLimitPerIndex).toBeUndefined();
    expect(sweep({ kubernetesVersion: V.V1_36, disableBackoffLimitPerTrial: true }).backoffLimitPerIndex).toBeUndefined();
  });

  test('fails for disableBackoffLimitPerShard beside backoffLimitPerShard, and disableBackoffLimitPerTrial with one Job per trial', () => {
    expect(building(chart => new ParallelShardJob(chart, 's', {
      image: IMAGE, shards: 4, kubernetesVersion: V.V1_33, backoffLimitPerShard: 1, disableBackoffLimitPerShard: true,
    }))).toThrow(/'backoffLimitPerShard' \(1\) must be left out when 'disableBackoffLimitPerShard' is set/);
    expect(building(chart => new HyperparameterSweep(chart, 'w', {
      image: IMAGE, grid: { lr: ['1', '2'] }, kubernetesVersion: V.V1_33, disableBackoffLimitPerTrial: true,
    }))).toThrow(/'disableBackoffLimitPerTrial' \(true\) must be left out with SweepLayout\.JOB_PER_TRIAL/);
  });
});

// -------------------------------------------------------------------------------------------------
// Sidecars
// -------------------------------------------------------------------------------------------------

describe('sidecars', () => {
  const sidecar = { name: 'shipper', image: 'fluent/fluent-bit:3.0.7', args: ['-c', '/fluent-bit/etc/fluent-bit.conf'] };

  test('rendered from 1.29 as init containers with restartPolicy Always, before the ordinary init containers', () => {
    const job = synthJob(chart => new TrainingJob(chart, 't', {
      image: IMAGE, kubernetesVersion: V.V1_29, sidecars: [sidecar], initContainers: [{ name: 'fetch', image: 'busybox:1.36' }],
    }));
    const inits = podSpec(job).initContainers;
    expect(inits.map((c: any) => [c.name, c.restartPolicy])).toEqual([['shipper', 'Always'], ['fetch', undefined]]);
    // The same restricted security context, requests and writable /tmp as an init container.
    expect(inits[0]).toMatchObject({
      image: 'fluent/fluent-bit:3.0.7',
      args: ['-c', '/fluent-bit/etc/fluent-bit.conf'],
      resources: { requests: { cpu: Defaults.CPU_REQUEST.amount, memory: Defaults.MEMORY_REQUEST.asString() } },
      securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
      volumeMounts: [{ name: Defaults.TMP_VOLUME_NAME, mountPath: Defaults.TMP_MOUNT_PATH }],
    });
  });

  test('on 1.28 only with the SidecarContainers gate', () => {
    const job = synthJob(chart => new TrainingJob(chart, 't', { image: IMAGE, featureGates: ['SidecarContainers'], sidecars: [sidecar] }));
    expect(podSpec(job).initContainers[0].restartPolicy).toBe('Always');
    expect(building(chart => new TrainingJob(chart, 't', { image: IMAGE, sidecars: [sidecar] })))
      .toThrow(/'sidecars' \(.*\) must be used only with the SidecarContainers feature gate on: it is alpha in Kubernetes 1\.28.*to 1\.29 or later \(on by default\), or remove 'sidecars'/);
  });

  test('fails for a name another container has, and for a GPU', () => {
    const build = (props: object) => building(chart => new TrainingJob(chart, 't', { image: IMAGE, kubernetesVersion: V.V1_33, ...props }));
    expect(build({ sidecars: [{ ...sidecar, name: 'main' }] }))
      .toThrow(/'sidecars\[0\]\.name' \("main"\) must be unique among the pod's containers \(main, sidecars and init containers\); rename this sidecar/);
    expect(build({ sidecars: [sidecar], initContainers: [{ name: 'shipper', image: 'busybox:1.36' }] }))
      .toThrow(/'initContainers\[0\]\.name' \("shipper"\) must be unique among the pod's containers/);
    expect(build({ sidecars: [{ ...sidecar, extendedResources: { 'nvidia.com/gpu': 1 } }] }))
      .toThrow(/'sidecars\[0\]\.extendedResources' \("nvidia\.com\/gpu"\) must be free of GPU resources \(a sidecar holding a GPU keeps it from the main container/);
  });
});

// -------------------------------------------------------------------------------------------------
// Pod-level resources
// -------------------------------------------------------------------------------------------------

describe('podResources', () => {
  const job = (props: object) => (chart: Chart) => new TrainingJob(chart, 't', { image: IMAGE, ...props });

  test('written from 1.34 (on by default), and on 1.32 and 1.33 with the PodLevelResources gate', () => {
    const podResources = { cpu: kplus.Cpu.units(2), memory: Size.gibibytes(4), memoryLimit: Size.gibibytes(8) };
    const expected = { requests: { cpu: '2', memory: '4Gi' }, limits: { memory: '8Gi' } };
    expect(podSpec(synthJob(job({ kubernetesVersion: V.V1_34, podResources }))).resources).toEqual(expected);
    expect(podSpec(synthJob(job({ kubernetesVersion: V.V1_33, featureGates: ['PodLevelResources'], podResources }))).resources).toEqual(expected);
  });

  test('fails before 1.32, and on 1.33 without the gate', () => {
    expect(building(job({ kubernetesVersion: V.V1_31, podResources: { memoryLimit: Size.gibibytes(8) } })))
      .toThrow(/'podResources' \(.*\) must be left out: it needs Kubernetes 1\.34 or later \(1\.32 with the PodLevelResources feature gate\), and the target is 1\.31/);
    expect(building(job({ kubernetesVersion: V.V1_33, podResources: { memoryLimit: Size.gibibytes(8) } })))
      .toThrow(/must be used only with the PodLevelResources feature gate on: it is alpha in Kubernetes 1\.33.*add 'PodLevelResources' to featureGates/);
  });

  test('fails for requests below the containers\' together, a limit below a container\'s, and an empty budget', () => {
    const sidecars = [{ name: 'shipper', image: 'busybox:1.36', memory: Size.gibibytes(2) }];
    expect(building(job({ kubernetesVersion: V.V1_36, sidecars, podResources: { memory: Size.gibibytes(2) } })))
      .toThrow(/'podResources\.memory' \(2Gi\) must be at least the containers' memory requests together \(3072Mi: the main container, the sidecars\); raise it to 3072Mi or more/);
    expect(building(job({ kubernetesVersion: V.V1_36, podResources: { cpuLimit: kplus.Cpu.millis(250) } })))
      .toThrow(/'podResources\.cpuLimit' \(250m\) must be at least the containers' cpu requests together \(500m/);
    const [gib1, gib2, gib4, gib6] = [1, 2, 4, 6].map(n => Size.gibibytes(n));
    expect(building(job({ kubernetesVersion: V.V1_36, memory: gib2, podResources: { memory: gib1, memoryLimit: gib4 } })))
      .toThrow(/'podResources\.memory' \(1Gi\) must be at least the containers' memory requests together \(2048Mi/);
    expect(building(job({ kubernetesVersion: V.V1_36, memory: gib6, podResources: { memory: gib6, memoryLimit: gib4 } })))
      .toThrow(/'podResources\.memory' \("6Gi"\) must be at most 'podResources\.memoryLimit' \(4Gi\)/);
    expect(building(job({ kubernetesVersion: V.V1_36, memoryLimit: Size.gibibytes(16), podResources: { memoryLimit: Size.gibibytes(8) } })))
      .toThrow(/'podResources\.memoryLimit' \(8Gi\) must be at least every container's memory limit \(one has 16Gi\)/);
    expect(building(job({ kubernetesVersion: V.V1_36, podResources: {} })))
      .toThrow(/'podResources' \(\{\}\) must be given cpu, cpuLimit, memory or memoryLimit/);
  });
});

// -------------------------------------------------------------------------------------------------
// Default manifests at 1.33
// -------------------------------------------------------------------------------------------------

describe('default manifests at Kubernetes 1.33', () => {
  test('GpuJob', () => {
    const job = synthJob(gpuJob({ command: ['python', 'train.py'], kubernetesVersion: V.V1_33 }));
    expect(job.spec.podReplacementPolicy).toBe('Failed');
    expect(job).toMatchSnapshot();
  });

  test('DistributedTrainingJob', () => {
    const manifests = synth(chart => new DistributedTrainingJob(chart, 'ddp', {
      image: TORCH, command: ['torchrun', 'train.py'], nodes: 2, gpu: Gpu.nvidia(4), kubernetesVersion: V.V1_33,
    }));
    const job = manifests.find(m => m.kind === 'Job');
    expect(job.spec).toMatchObject({ podReplacementPolicy: 'Failed', successPolicy: { rules: [{ succeededIndexes: '0' }] } });
    expect(manifests).toMatchSnapshot();
  });

  test('at 1.28 the same constructs write none of the newer fields', () => {
    const gpu = synthJob(gpuJob({ command: ['python', 'train.py'] }));
    const ddp = synthJob(chart => new DistributedTrainingJob(chart, 'ddp', { image: TORCH, nodes: 2, gpu: Gpu.nvidia(4) }));
    for (const spec of [gpu.spec, ddp.spec]) {
      for (const field of ['podReplacementPolicy', 'successPolicy', 'managedBy', 'backoffLimitPerIndex']) expect(spec[field]).toBeUndefined();
    }
  });
});

describe('props checks follow the target: what its API server accepts is accepted', () => {
  const { ConfigMap, Env, EnvValue } = kplus;
  // GIVEN an app per target
  const chartAt = (version: KubernetesVersion) => {
    const chart = new Chart(new App(), 'c');
    new BatchDefaults(chart, 'defaults', { kubernetesVersion: version });
    return chart;
  };

  test('env var names: relaxed (any printable ASCII but =) from 1.32, refused on 1.28 with the version that accepts them', () => {
    const env = { '1ST_TRY': EnvValue.fromValue('x'), 'my var': EnvValue.fromValue('y') };
    expect(() => new TrainingJob(chartAt(KubernetesVersion.V1_28), 'j', { image: 'python:3.12', env }))
      .toThrow(/'env\.1ST_TRY' \("1ST_TRY"\) must be a valid environment variable name .*from Kubernetes 1\.32/);
    const chart = chartAt(KubernetesVersion.V1_34);
    new TrainingJob(chart, 'j', { image: 'python:3.12', env, envFrom: [Env.fromConfigMap(ConfigMap.fromConfigMapName(chart, 'cm', 'settings'), '1-')] });
    const [job] = Testing.synth(chart);
    expect(job.spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual(expect.arrayContaining(['1ST_TRY', 'my var']));
    expect(job.spec.template.spec.containers[0].envFrom[0].prefix).toBe('1-');
    // '=' is never part of a name
    expect(() => new TrainingJob(chartAt(KubernetesVersion.V1_36), 'j', { image: 'python:3.12', env: { 'A=B': EnvValue.fromValue('x') } }))
      .toThrow(/'env\.A=B' \("A=B"\) must be a valid environment variable name: printable ASCII characters other than '='/);
  });

  test('shard env names follow the same rule', () => {
    expect(() => new ParallelShardJob(chartAt(KubernetesVersion.V1_28), 's', { image: 'python:3.12', shards: 2, shardIndexEnv: '0IDX' }))
      .toThrow(/'shardIndexEnv' \("0IDX"\) must be a valid environment variable name/);
    const chart = chartAt(KubernetesVersion.V1_33);
    new ParallelShardJob(chart, 's', { image: 'python:3.12', shards: 2, shardIndexEnv: '0IDX' });
    expect(Testing.synth(chart)[0].spec.template.spec.containers[0].env).toContainEqual(expect.objectContaining({ name: '0IDX' }));
  });

  test('a multi-node training job\'s name may start with a digit where Service names may (1.36), not before', () => {
    const props = { name: '7b-finetune', image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime', nodes: 2, gpu: Gpu.nvidia(1) };
    expect(() => new DistributedTrainingJob(chartAt(KubernetesVersion.V1_35), 'd', props)).toThrow(/'name' \("7b-finetune"\) must be starting with a lowercase letter/);
    const chart = chartAt(KubernetesVersion.V1_36);
    new DistributedTrainingJob(chart, 'd', props);
    expect(Testing.synth(chart).map(m => `${m.kind}/${m.metadata.name}`)).toEqual(['Job/7b-finetune', 'Service/7b-finetune']);
  });
});

describe('a success policy\'s index list is read as the API server reads it (one parser for props and rules)', () => {
  test('leading zeros and a \'+\' are whole numbers to strconv.Atoi: accepted; an interval that does not increase is refused', () => {
    // GIVEN a 1.33 chart
    const chart = new Chart(new App(), 'c');
    new BatchDefaults(chart, 'defaults', { kubernetesVersion: KubernetesVersion.V1_33 });
    // WHEN the indexes are written with leading zeros
    new ParallelShardJob(chart, 'ok', { image: 'python:3.12', shards: 8, successPolicy: [{ succeededIndexes: '000,+2-0005' }] });
    // THEN they are written as given, and valid
    expect(Testing.synth(chart)[0].spec.successPolicy).toEqual({ rules: [{ succeededIndexes: '000,+2-0005' }] });
    expect(() => new ParallelShardJob(chart, 'bad', { image: 'python:3.12', shards: 8, successPolicy: [{ succeededIndexes: '3-1' }] }))
      .toThrow(/'successPolicy\[0\]\.succeededIndexes' \("3-1"\) must be a list of indexes and ranges below 8, in increasing order \(the interval "3-1" does not increase/);
  });
});

describe('a success policy with a count that is not a whole number', () => {
  test('the count\'s own error, never a RangeError (found by the property bench, seed 1733400000)', () => {
    const build = () => new DistributedTrainingJob(new Chart(new App(), 'c'), 'd', {
      image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime',
      kubernetesVersion: KubernetesVersion.V1_31,
      nodes: 1.5,
      successPolicy: [{ succeededIndexes: '0-1', succeededCount: 3 }],
    });
    expect(build).toThrow(/'nodes' \(1\.5\) must be/);
    expect(build).not.toThrow(/BigInt/);
  });
});
