import { ApiObject, App, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ArgoCdHookPhase, BatchDefaults, GpuJob, Gpu, NightlyCronJob, ParallelShardJob, RerunStrategy, TrainingJob, TrainingJobProps,
} from '../src';
import { synthExamples } from './util/synth';

const IMAGE = { image: 'python:3.12', command: ['python', 'train.py'] };

function synth(build: (chart: Chart) => void): any[] {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart);
}

describe('Kueue', () => {
  test('a queued Job carries the queue and priority labels on the Job only, and no suspend field', () => {
    // GIVEN / WHEN
    const [job] = synth(chart => new TrainingJob(chart, 'train', { ...IMAGE, queue: 'team-a', workloadPriorityClass: 'high' }));
    // THEN
    expect(job.metadata.labels['kueue.x-k8s.io/queue-name']).toBe('team-a');
    expect(job.metadata.labels['kueue.x-k8s.io/priority-class']).toBe('high');
    expect(job.spec.template.metadata.labels['kueue.x-k8s.io/queue-name']).toBeUndefined();
    expect('suspend' in job.spec).toBe(false);
    // Every container requests CPU and memory: Kueue admits by requests.
    for (const c of job.spec.template.spec.containers) expect(Object.keys(c.resources.requests)).toEqual(expect.arrayContaining(['cpu', 'memory']));
  });

  test('an unqueued Job keeps the explicit suspend: false default; a queued one keeps a suspend: true it was given', () => {
    expect(synth(chart => new TrainingJob(chart, 'a', IMAGE))[0].spec.suspend).toBe(false);
    expect(synth(chart => new TrainingJob(chart, 'b', { ...IMAGE, queue: 'q', suspend: true }))[0].spec.suspend).toBe(true);
  });

  test('no queued Job of any construct carries suspend', () => {
    const manifests = synth(chart => {
      new TrainingJob(chart, 'a', { ...IMAGE, queue: 'q' });
      new GpuJob(chart, 'b', { ...IMAGE, queue: 'q', gpu: Gpu.nvidia(1) });
      new ParallelShardJob(chart, 'c', { ...IMAGE, queue: 'q', shards: 4 });
      new NightlyCronJob(chart, 'd', { ...IMAGE, queue: 'q' });
    });
    for (const m of manifests) {
      const job = m.kind === 'CronJob' ? m.spec.jobTemplate : m;
      expect(job.metadata.labels['kueue.x-k8s.io/queue-name']).toBe('q');
      expect('suspend' in job.spec).toBe(false);
    }
  });

  test('a queued CronJob labels the Jobs it creates (spec.jobTemplate.metadata), not itself', () => {
    const [cron] = synth(chart => new NightlyCronJob(chart, 'nightly', { ...IMAGE, queue: 'team-a', workloadPriorityClass: 'low' }));
    expect(cron.spec.jobTemplate.metadata.labels).toEqual(expect.objectContaining({ 'kueue.x-k8s.io/queue-name': 'team-a', 'kueue.x-k8s.io/priority-class': 'low' }));
    expect(cron.metadata.labels['kueue.x-k8s.io/queue-name']).toBeUndefined();
  });

  test('partial admission: the min-parallelism annotation on a queued shard job', () => {
    const [job] = synth(chart => new ParallelShardJob(chart, 'shards', { ...IMAGE, queue: 'q', shards: 20, parallelism: 8, minParallelism: 2 }));
    expect(job.metadata.annotations['kueue.x-k8s.io/job-min-parallelism']).toBe('2');
    const [cron] = synth(chart => new NightlyCronJob(chart, 'n', { ...IMAGE, queue: 'q', sharding: { shards: 10, parallelism: 5, minParallelism: 1 } }));
    expect(cron.spec.jobTemplate.metadata.annotations['kueue.x-k8s.io/job-min-parallelism']).toBe('1');
  });

  const build = (props: Partial<TrainingJobProps> & { [key: string]: unknown }) => () => new TrainingJob(Testing.chart(), 'train', { ...IMAGE, ...props } as TrainingJobProps);
  test.each([
    ['a queue name that is not a DNS name', { queue: 'Team_A' }, /'queue' \("Team_A"\) must be the name of a Kueue LocalQueue: a DNS-1123 name of at most 63 characters/],
    ['a queue name over 63 characters', { queue: 'q'.repeat(64) }, /'queue' \("q{64}"\) must be the name of a Kueue LocalQueue/],
    ['a priority class without a queue', { workloadPriorityClass: 'high' }, /'workloadPriorityClass' \("high"\) must be used with 'queue'/],
    ['the queue label set by hand', { labels: { 'kueue.x-k8s.io/queue-name': 'q' } }, /'labels.kueue.x-k8s.io\/queue-name' \("q"\) must be set through the 'queue' prop/],
    ['suspend: false on a queued Job', { queue: 'q', suspend: false }, /'suspend' \(false\) must be left out for a queued Job/],
  ])('fails with %s', (_case, props, expected) => {
    expect(build(props)).toThrow(expected);
  });

  test.each([
    ['minParallelism without a queue', { shards: 4, minParallelism: 1 }, /'minParallelism' \(1\) must be used with 'queue'/],
    ['minParallelism as large as parallelism', { queue: 'q', shards: 4, parallelism: 4, minParallelism: 4 }, /'minParallelism' \(4\) must be from 1 to 3, fewer than the 4 pods that run at once/],
    ['minParallelism 0', { queue: 'q', shards: 4, minParallelism: 0 }, /'minParallelism' \(0\) must be from 1 to 3/],
    ['minParallelism with one pod at once', { queue: 'q', shards: 4, parallelism: 1, minParallelism: 1 }, /raise parallelism above 1, or remove minParallelism/],
  ])('fails with %s', (_case, props, expected) => {
    expect(() => new ParallelShardJob(Testing.chart(), 's', { ...IMAGE, ...props })).toThrow(expected);
  });
});

describe('re-run strategies', () => {
  const job = (props: Partial<TrainingJobProps> = {}) => synth(chart => new TrainingJob(chart, 'train', { ...IMAGE, ...props }))[0];

  test('content-addressed names: the same code twice gives the same name; changing only the image changes it', () => {
    const a = job({ rerunStrategy: RerunStrategy.contentHash() });
    const b = job({ rerunStrategy: RerunStrategy.contentHash() });
    const c = job({ rerunStrategy: RerunStrategy.contentHash(), image: 'python:3.13' });
    expect(a.metadata.name).toMatch(/^test-train-c8[0-9a-f]{6}-[0-9a-f]{8}$/);
    expect(b.metadata.name).toBe(a.metadata.name);
    expect(c.metadata.name).not.toBe(a.metadata.name);
    expect(a.metadata.labels['app.kubernetes.io/instance']).toBe(a.metadata.name);
    expect(a.spec.template.metadata.labels['app.kubernetes.io/instance']).toBe(a.metadata.name);
  });

  test('a content-addressed name keeps a given name as its base and fits the limit', () => {
    expect(job({ name: 'fit', rerunStrategy: RerunStrategy.contentHash() }).metadata.name).toMatch(/^fit-[0-9a-f]{8}$/);
    const long = synth(chart => new TrainingJob(new Construct(chart, 'x'.repeat(80)), 'y'.repeat(80), { ...IMAGE, rerunStrategy: RerunStrategy.contentHash() }))[0];
    expect(long.metadata.name.length).toBeLessThanOrEqual(63);
    const shards = synth(chart => new ParallelShardJob(chart, 'z'.repeat(80), { ...IMAGE, shards: 1000, rerunStrategy: RerunStrategy.contentHash() }))[0];
    expect(shards.metadata.name.length).toBeLessThanOrEqual(63 - 4);
  });

  test('GitOps strategies write their annotations and turn the TTL off', () => {
    expect(job({ rerunStrategy: RerunStrategy.argoCdReplace() }).metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'Replace=true' });
    expect(job({ rerunStrategy: RerunStrategy.argoCdReplace(true) }).metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'Force=true,Replace=true' });
    expect(job({ rerunStrategy: RerunStrategy.fluxForce() }).metadata.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/force': 'enabled' });
    for (const s of [RerunStrategy.contentHash(), RerunStrategy.argoCdReplace(), RerunStrategy.fluxForce()]) {
      expect(job({ rerunStrategy: s }).spec.ttlSecondsAfterFinished).toBeUndefined();
    }
  });

  test('an Argo CD hook Job keeps its TTL and is deleted before the next sync creates it', () => {
    const hook = job({ rerunStrategy: RerunStrategy.argoCdHook(ArgoCdHookPhase.PRE_SYNC) });
    expect(hook.metadata.annotations).toEqual({ 'argocd.argoproj.io/hook': 'PreSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' });
    expect(hook.spec.ttlSecondsAfterFinished).toBe(86400);
    expect(job({ rerunStrategy: RerunStrategy.argoCdHook() }).metadata.annotations['argocd.argoproj.io/hook']).toBe('Sync');
  });

  test('the stable name is the default and changes nothing', () => {
    expect(job({ rerunStrategy: RerunStrategy.stableName() })).toEqual(job());
  });

  test.each([
    ['a TTL that a GitOps tool would undo', { rerunStrategy: RerunStrategy.fluxForce(), ttlAfterFinished: Duration.hours(1) },
      /'ttlAfterFinished' \(1 hour\) must be left out with RerunStrategy.fluxForce\(\): a self-healing GitOps tool re-creates a Job its TTL deleted/],
    ['a name too long for the hash', { name: 'n'.repeat(60), rerunStrategy: RerunStrategy.contentHash() },
      /'name' \("n{60}"\) must be at most 54 characters with RerunStrategy.contentHash\(\)/],
  ])('fails with %s', (_case, props, expected) => {
    expect(() => new TrainingJob(Testing.chart(), 'train', { ...IMAGE, ...props })).toThrow(expected);
  });

  test('a CronJob takes no re-run strategy of its own, and ignores a chart-wide one', () => {
    expect(() => new NightlyCronJob(Testing.chart(), 'n', { ...IMAGE, rerunStrategy: RerunStrategy.contentHash() }))
      .toThrow(/'rerunStrategy' \(RerunStrategy.contentHash\(\)\) must be RerunStrategy.stableName\(\) or left out: a CronJob is updated in place/);
    const [cron] = synth(chart => {
      new BatchDefaults(chart, 'defaults', { rerunStrategy: RerunStrategy.contentHash() });
      new NightlyCronJob(chart, 'n', IMAGE);
    });
    expect(cron.metadata.name).toBe('test-n-c89523bb'); // the stable name from the construct path
  });
});

describe('BatchDefaults', () => {
  test('labels, queue, namespace, pull secrets and strategy reach every construct below it; own props win', () => {
    // GIVEN
    const app = new App();
    const chart = new Chart(app, 'team');
    new BatchDefaults(chart, 'defaults', {
      labels: { 'team': 'vision', 'cost-centre': 'cc-42' },
      annotations: { 'example.com/owner': 'vision' },
      queue: 'vision',
      namespace: 'ml',
      imagePullSecrets: [kplus.Secret.fromSecretName(chart, 'pull', 'regcred')],
      rerunStrategy: RerunStrategy.fluxForce(),
    });
    // WHEN
    new TrainingJob(chart, 'a', IMAGE);
    new TrainingJob(chart, 'b', { ...IMAGE, queue: 'other', labels: { team: 'nlp' }, namespace: 'nlp' });
    new NightlyCronJob(chart, 'c', IMAGE);
    const [a, b, c] = chart.toJson();
    // THEN
    expect(a.metadata).toEqual(expect.objectContaining({ namespace: 'ml', annotations: { 'example.com/owner': 'vision', 'kustomize.toolkit.fluxcd.io/force': 'enabled' } }));
    expect(a.metadata.labels).toEqual(expect.objectContaining({ 'team': 'vision', 'cost-centre': 'cc-42', 'kueue.x-k8s.io/queue-name': 'vision' }));
    expect(a.spec.template.metadata.labels).toEqual(expect.objectContaining({ team: 'vision' }));
    expect(a.spec.template.spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(b.metadata).toEqual(expect.objectContaining({ namespace: 'nlp' }));
    expect(b.metadata.labels).toEqual(expect.objectContaining({ 'team': 'nlp', 'cost-centre': 'cc-42', 'kueue.x-k8s.io/queue-name': 'other' }));
    expect(c.spec.jobTemplate.metadata.labels).toEqual(expect.objectContaining({ 'team': 'vision', 'kueue.x-k8s.io/queue-name': 'vision' }));
    expect(c.spec.jobTemplate.spec.template.metadata.labels).toEqual(expect.objectContaining({ team: 'vision' }));
  });

  test('an app-wide BatchDefaults applies under every chart; a chart\'s own wins', () => {
    const app = new App();
    new BatchDefaults(app, 'defaults', { labels: { org: 'acme' }, queue: 'shared' });
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    new BatchDefaults(b, 'defaults', { queue: 'b-queue' });
    new TrainingJob(a, 'job', IMAGE);
    new TrainingJob(b, 'job', IMAGE);
    expect(a.toJson()[0].metadata.labels).toEqual(expect.objectContaining({ 'org': 'acme', 'kueue.x-k8s.io/queue-name': 'shared' }));
    expect(b.toJson()[0].metadata.labels).toEqual(expect.objectContaining({ 'org': 'acme', 'kueue.x-k8s.io/queue-name': 'b-queue' }));
  });

  test.each([
    ['created after a job', (chart: Chart) => {
      new TrainingJob(chart, 'job', IMAGE);
      new BatchDefaults(chart, 'defaults', { queue: 'q' });
    }, /^BatchDefaults 'test\/defaults': 'scope' \("test"\) must be created before the batch constructs it applies to \('test\/job' already exists\)/],
    ['a bad label', (chart: Chart) => new BatchDefaults(chart, 'd', { labels: { team: 'a b' } }), /'labels.team' \("a b"\) must be a valid label value/],
    ['a bad queue', (chart: Chart) => new BatchDefaults(chart, 'd', { queue: 'A' }), /'queue' \("A"\) must be the name of a Kueue LocalQueue/],
    ['a misspelled prop', (chart: Chart) => new BatchDefaults(chart, 'd', { queu: 'a' } as any), /'queu' \("a"\) must be a prop of BatchDefaultsProps \(there is no 'queu'\); did you mean 'queue'\?/],
  ])('fails when %s', (_case, make, expected) => {
    expect(() => make(Testing.chart())).toThrow(expected);
  });

  test('the escape hatch still reaches the Job', () => {
    const chart = Testing.chart();
    new BatchDefaults(chart, 'd', { queue: 'q' });
    const job = new TrainingJob(chart, 'j', IMAGE);
    expect(ApiObject.of(job).metadata.getLabel('kueue.x-k8s.io/queue-name')).toBe('q');
  });
});

describe('the examples app', () => {
  const byChart = synthExamples().byChart;

  test('a queued team chart: a GPU job, a shard job with partial admission and a nightly CronJob, none with suspend', () => {
    const [finetune, embed, nightly] = byChart.get('queued-training')!;
    for (const job of [finetune, embed, nightly.spec.jobTemplate]) {
      expect(job.metadata.labels).toEqual(expect.objectContaining({ 'kueue.x-k8s.io/queue-name': 'vision', 'team': 'vision', 'cost-center': 'cc-4711' }));
      expect('suspend' in job.spec).toBe(false);
    }
    expect(finetune.metadata.labels['kueue.x-k8s.io/priority-class']).toBe('research');
    expect(embed.metadata.annotations['kueue.x-k8s.io/job-min-parallelism']).toBe('2');
    expect([finetune, embed, nightly].map(m => m.metadata.namespace)).toEqual(['vision', 'vision', 'vision']);
  });

  test('Argo CD and Flux examples carry their strategies', () => {
    const [train, migrate] = byChart.get('argocd-jobs')!;
    expect(train.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Replace=true');
    expect(migrate.metadata.annotations['argocd.argoproj.io/hook']).toBe('PreSync');
    const [hashed, forced] = byChart.get('flux-jobs')!;
    expect(hashed.metadata.name).toMatch(/-[0-9a-f]{8}$/);
    expect(forced.metadata.annotations['kustomize.toolkit.fluxcd.io/force']).toBe('enabled');
  });
});
