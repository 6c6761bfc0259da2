import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Defaults, Gpu, HyperparameterSweep, HyperparameterSweepProps, SweepLayout } from '../src';
import { trialId } from '../src/_sweep';
import { building, mainContainer as main, podSpec } from './util/synth';

const GRID = { learning_rate: ['1e-4', '3e-4'], batch_size: ['32', '64'] };

/** Synthesizes one sweep: its manifests by kind, and the construct. */
function synth(props: Partial<HyperparameterSweepProps> = {}, chart: Chart = Testing.chart()) {
  const sweep = new HyperparameterSweep(chart, 'sweep', { image: 'python:3.12', command: ['python', 'train.py'], grid: GRID, ...props });
  const manifests = Testing.synth(chart);
  return { sweep, manifests, jobs: manifests.filter(m => m.kind === 'Job'), configMap: manifests.find(m => m.kind === 'ConfigMap') };
}

function build(props: Partial<HyperparameterSweepProps>): () => void {
  return building(chart => new HyperparameterSweep(chart, 'sweep', { image: 'python:3.12', command: ['python', 'train.py'], grid: GRID, ...props }));
}

function env(job: any): { [name: string]: unknown } {
  return Object.fromEntries((main(job).env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));
}

const WHERE = /HyperparameterSweep 'test\/sweep': /;

describe('HyperparameterSweep defaults', () => {
  test('default manifests: one Job per trial', () => {
    // GIVEN / WHEN
    const { manifests } = synth({ name: 'lr', args: ['--lr', '$(PARAM_LEARNING_RATE)', '--batch-size', '$(PARAM_BATCH_SIZE)'] });
    // THEN
    expect(manifests).toMatchSnapshot();
  });

  test('Defaults.SWEEP_LAYOUT: a Job <name>-<trial id> per trial, the grid multiplied out, last parameter fastest', () => {
    const { sweep, jobs } = synth({ name: 'lr' });
    expect(Defaults.SWEEP_LAYOUT).toBe(SweepLayout.JOB_PER_TRIAL);
    expect(sweep.layout).toBe(Defaults.SWEEP_LAYOUT);
    expect(jobs).toHaveLength(4);
    expect(sweep.trials.map(t => t.parameters)).toEqual([
      { learning_rate: '1e-4', batch_size: '32' },
      { learning_rate: '1e-4', batch_size: '64' },
      { learning_rate: '3e-4', batch_size: '32' },
      { learning_rate: '3e-4', batch_size: '64' },
    ]);
    sweep.trials.forEach((t, i) => {
      expect(t.index).toBe(i);
      expect(t.jobName).toBe(`lr-${t.id}`);
      expect(jobs[i].metadata.name).toBe(t.jobName);
    });
    expect(sweep.jobs).toHaveLength(4);
    expect(sweep.parametersConfigMap).toBeUndefined();
  });

  test('parameters as env vars with Defaults.SWEEP_PARAM_ENV_PREFIX, the trial id and index', () => {
    const { sweep, jobs } = synth({ grid: { 'learning_rate': ['0.1'], 'model.dropout': ['0.2'], 'batch-size': ['8'] } });
    expect(Defaults.SWEEP_PARAM_ENV_PREFIX).toBe('PARAM_');
    expect(env(jobs[0])).toMatchObject({
      PARAM_LEARNING_RATE: '0.1',
      PARAM_MODEL_DROPOUT: '0.2',
      PARAM_BATCH_SIZE: '8',
      [Defaults.SWEEP_TRIAL_ID_ENV]: sweep.trials[0].id,
      [Defaults.SWEEP_TRIAL_INDEX_ENV]: '0',
    });
    // First in the env list, so that the user's env values can refer to them too.
    expect(main(jobs[0]).env[0].name).toBe('PARAM_LEARNING_RATE');
  });

  test('labels to find a sweep\'s and a trial\'s pods, and the parameters in a pod annotation', () => {
    const { sweep, jobs } = synth({ name: 'lr' });
    for (const [i, job] of jobs.entries()) {
      for (const labels of [job.metadata.labels, job.spec.template.metadata.labels]) {
        expect(labels[HyperparameterSweep.SWEEP_LABEL]).toBe('lr');
        expect(labels[HyperparameterSweep.TRIAL_LABEL]).toBe(sweep.trials[i].id);
      }
      expect(JSON.parse(job.spec.template.metadata.annotations[HyperparameterSweep.PARAMETERS_ANNOTATION])).toEqual(sweep.trials[i].parameters);
    }
    expect(HyperparameterSweep.SWEEP_LABEL).toBe('cdk8s-batch.dev/sweep');
    expect(HyperparameterSweep.TRIAL_LABEL).toBe('cdk8s-batch.dev/trial');
  });

  test('stable trial ids: 10 hex digits of the parameters, whatever their order or the trial\'s position', () => {
    const a = synth({ grid: { lr: ['1', '2'], bs: ['3'] } }).sweep.trials;
    const b = synth({ grid: { bs: ['3'], lr: ['2', '1'] } }).sweep.trials;
    expect(a.map(t => t.id).sort()).toEqual(b.map(t => t.id).sort());
    expect(a[0].id).toMatch(/^[0-9a-f]{10}$/);
    expect(trialId({ lr: '1', bs: '3' })).toBe(trialId({ bs: '3', lr: '1' }));
    expect(trialId({ lr: '1' })).not.toBe(trialId({ lr: '2' }));
  });

  test('one trial\'s failures never stop another: each Job has its own backoff limit and failure policy', () => {
    const { jobs } = synth();
    for (const job of jobs) {
      expect(job.spec.backoffLimit).toBe(Defaults.BACKOFF_LIMIT);
      expect(job.spec.completions).toBeUndefined();
      expect(job.spec.podFailurePolicy.rules).toContainEqual({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] });
    }
  });

  test('every trial gets the shared defaults, and with a gpu the per-GPU sizing', () => {
    const { jobs } = synth({ gpu: Gpu.nvidia(2) });
    expect(main(jobs[0]).resources.requests).toEqual({ 'cpu': '4', 'memory': '16Gi', 'nvidia.com/gpu': '2' });
    expect(podSpec(jobs[0]).securityContext.runAsNonRoot).toBe(true);
    expect(jobs[0].spec.ttlSecondsAfterFinished).toBe(Defaults.TTL_AFTER_FINISHED.toSeconds());
  });

  test('a generated name leaves room for the trial id', () => {
    const app = Testing.app();
    const { sweep, jobs } = synth({}, new Chart(app, 'x'.repeat(80)));
    expect(sweep.name.length).toBeLessThanOrEqual(52);
    for (const job of jobs) expect(job.metadata.name.length).toBeLessThanOrEqual(63);
  });
});

describe('HyperparameterSweep props', () => {
  test('trials as a list of parameter sets', () => {
    const { sweep, jobs } = synth({ grid: undefined, trials: [{ lr: '0.1', opt: 'adam' }, { lr: '0.01', opt: 'sgd' }] });
    expect(jobs).toHaveLength(2);
    expect(sweep.trials.map(t => t.parameters)).toEqual([{ lr: '0.1', opt: 'adam' }, { lr: '0.01', opt: 'sgd' }]);
    expect(env(jobs[1])).toMatchObject({ PARAM_LR: '0.01', PARAM_OPT: 'sgd' });
  });

  test('paramEnvPrefix', () => {
    expect(env(synth({ paramEnvPrefix: 'HP_' }).jobs[0])).toMatchObject({ HP_LEARNING_RATE: '1e-4' });
  });

  test('placement: podAntiAffinity [{}] keeps the sweep\'s trials apart', () => {
    const { jobs } = synth({ name: 'lr', podAntiAffinity: [{}] });
    expect(podSpec(jobs[0]).affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector)
      .toEqual({ matchLabels: { [HyperparameterSweep.SWEEP_LABEL]: 'lr' } });
  });

  test('a Kueue queue queues every trial on its own', () => {
    for (const job of synth({ queue: 'research' }).jobs) expect(job.metadata.labels['kueue.x-k8s.io/queue-name']).toBe('research');
  });

  test('24 trials with distinct parameters and distinct Job names', () => {
    const { sweep, jobs } = synth({ grid: { lr: ['1e-4', '3e-4', '1e-3'], bs: ['32', '64'], wd: ['0', '0.01', '0.1', '0.3'] } });
    expect(jobs).toHaveLength(24);
    expect(new Set(jobs.map(j => j.metadata.name)).size).toBe(24);
    expect(new Set(sweep.trials.map(t => JSON.stringify(t.parameters))).size).toBe(24);
  });

  describe('SweepLayout.INDEXED', () => {
    test('default manifests: one Indexed Job and its parameter table', () => {
      const { manifests } = synth({ name: 'lr', layout: SweepLayout.INDEXED, grid: { lr: ['0.1', 'it\'s'] } });
      expect(manifests).toMatchSnapshot();
    });

    test('one index per trial, Defaults.SWEEP_MAX_CONCURRENT_TRIALS at once (at most the trials), the shard backoff rule', () => {
      const { jobs, sweep } = synth({ name: 'lr', layout: SweepLayout.INDEXED, grid: { lr: Array.from({ length: 40 }, (_, i) => String(i)) } });
      expect(jobs).toHaveLength(1);
      expect(jobs[0].spec).toMatchObject({ completionMode: 'Indexed', completions: 40, parallelism: Defaults.SWEEP_MAX_CONCURRENT_TRIALS, backoffLimit: 4 });
      expect(Defaults.SWEEP_MAX_CONCURRENT_TRIALS).toBe(4);
      expect(sweep.trials.every(t => t.jobName === 'lr')).toBe(true);
      expect(synth({ layout: SweepLayout.INDEXED, grid: { lr: ['1', '2'] } }).jobs[0].spec.parallelism).toBe(2);
    });

    test('maxConcurrentTrials is the parallelism', () => {
      expect(synth({ layout: SweepLayout.INDEXED, maxConcurrentTrials: 3 }).jobs[0].spec.parallelism).toBe(3);
    });

    test('a /bin/sh wrapper exports the trial\'s parameters from the mounted table, then runs command and args', () => {
      const { jobs, configMap, sweep } = synth({ name: 'lr', layout: SweepLayout.INDEXED, args: ['--epochs', '3'] });
      expect(main(jobs[0]).command).toEqual(['/bin/sh', '-c',
        `set -a && . "${Defaults.SWEEP_PARAMS_MOUNT_PATH}/\${TRIAL_INDEX}.env" && set +a && exec "$@"`, 'trial', 'python', 'train.py', '--epochs', '3']);
      expect(main(jobs[0]).args).toBeUndefined();
      expect(main(jobs[0]).env[0]).toEqual({
        name: Defaults.SWEEP_TRIAL_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: 'metadata.annotations[\'batch.kubernetes.io/job-completion-index\']' } },
      });
      expect(main(jobs[0]).volumeMounts)
        .toContainEqual({ name: Defaults.SWEEP_PARAMS_VOLUME_NAME, mountPath: Defaults.SWEEP_PARAMS_MOUNT_PATH, readOnly: true });
      expect(podSpec(jobs[0]).volumes).toContainEqual({ name: Defaults.SWEEP_PARAMS_VOLUME_NAME, configMap: { name: 'lr-params' } });
      expect(configMap.metadata.name).toBe('lr-params');
      expect(configMap.data['0.env']).toBe(`PARAM_LEARNING_RATE='1e-4'\nPARAM_BATCH_SIZE='32'\nTRIAL_ID='${sweep.trials[0].id}'\n`);
      expect(Object.keys(configMap.data)).toEqual(['0.env', '1.env', '2.env', '3.env']);
      expect(jobs[0].metadata.labels[HyperparameterSweep.SWEEP_LABEL]).toBe('lr');
      expect(sweep.parametersConfigMap).toBeDefined();
    });

    test('enableAlphaBackoffLimitPerIndex: backoffLimit per trial, the total never reached first', () => {
      const { jobs } = synth({ layout: SweepLayout.INDEXED, enableAlphaBackoffLimitPerIndex: true, backoffLimit: 2 });
      expect(jobs[0].spec.backoffLimitPerIndex).toBe(2);
      expect(jobs[0].spec.backoffLimit).toBe(12);
      const defaultLimit = synth({ layout: SweepLayout.INDEXED, enableAlphaBackoffLimitPerIndex: true }).jobs[0].spec.backoffLimitPerIndex;
      expect(defaultLimit).toBe(Defaults.BACKOFF_LIMIT);
    });
  });

  test('synthesizing twice gives byte-identical YAML', () => {
    const yaml = () => {
      const app = new App({ outdir: '/tmp/cdk8s-batch-sweep' });
      new HyperparameterSweep(new Chart(app, 'c'), 's', { image: 'python:3.12', grid: GRID });
      return app.synthYaml();
    };
    expect(yaml()).toEqual(yaml());
  });

  test('each trial Job is reachable', () => {
    const chart = Testing.chart();
    const sweep = new HyperparameterSweep(chart, 'sweep', { image: 'python:3.12', grid: GRID });
    expect(sweep.jobs.every(j => j instanceof ApiObject)).toBe(true);
    expect(sweep.node.findChild(`Trial-${sweep.trials[0].id}`)).toBe(sweep.jobs[0]);
  });
});

describe('HyperparameterSweep validation', () => {
  const INDEXED = { layout: SweepLayout.INDEXED };
  test.each([
    ['neither grid nor trials', { grid: undefined }, /'grid' \(undefined\) must be set, or 'trials': a sweep needs at least one trial/],
    ['both grid and trials', { trials: [{ lr: '1' }] }, /'trials' \(.*\) must be left out when 'grid' is set/],
    ['an empty grid', { grid: {} }, /'grid' \(\{\}\) must be at least one parameter/],
    ['a grid parameter without values', { grid: { lr: [] } }, /'grid.lr' \(\[\]\) must be at least one value/],
    ['a grid value listed twice', { grid: { lr: ['1', '1'] } }, /'grid.lr' \(\["1", "1"\]\) must be free of duplicates \("1" appears twice/],
    ['a grid of more than 100000 trials', { grid: Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(k => [k, ['1', '2', '3', '4', '5', '6']])) },
      /'grid' \("6 x 6 x 6 x 6 x 6 x 6 x 6 = 279936 trials"\) must be at most 100000 trials/],
    ['an empty trial list', { grid: undefined, trials: [] }, /'trials' \(\[\]\) must be at least one trial/],
    ['a trial with other parameter names', { grid: undefined, trials: [{ lr: '1' }, { lr: '2', bs: '3' }] }, /'trials\[1\]' \(.*\) must be the same parameter names as trials\[0\] \(lr\)/],
    ['a trial without parameters', { grid: undefined, trials: [{}] }, /'trials\[0\]' \(\{\}\) must be at least one parameter/],
    ['a duplicate trial', { grid: undefined, trials: [{ lr: '1' }, { lr: '2' }, { lr: '1' }] }, /'trials\[2\]' \(\{"lr":"1"\}\) must be a set of parameters not already in the sweep \(trials\[0\] has the same values\)/],
    ['a parameter name that is no env var name', { grid: { 'learning rate': ['1'] } }, /'grid.learning rate' \("learning rate"\) must be a parameter name/],
    ['two parameters with one env var', { grid: { lr: ['1'], LR: ['2'] } }, /'grid.LR' \("LR"\) must be a name whose env var \(PARAM_LR\) no other parameter has \('lr' has it\)/],
    ['a prefix that starts no env var name', { paramEnvPrefix: '1X' }, /'paramEnvPrefix' \("1X"\) must be a letter or '_'/],
    ['a parameter named like the trial id', { paramEnvPrefix: 'TRIAL_', grid: { id: ['1'] } }, /'paramEnvPrefix' \("TRIAL_"\) must be a prefix with which no parameter is named TRIAL_ID/],
    ['an env var of the sweep\'s', { env: { PARAM_LEARNING_RATE: kplus.EnvValue.fromValue('1') } }, /'env.PARAM_LEARNING_RATE' \("PARAM_LEARNING_RATE"\) must be left to the sweep/],
    ['a cap on trials at once with one Job per trial', { maxConcurrentTrials: 2 }, /'maxConcurrentTrials' \(2\) must be left out with SweepLayout.JOB_PER_TRIAL: Kubernetes has no cap across Jobs/],
    ['per-index retries with one Job per trial', { enableAlphaBackoffLimitPerIndex: true }, /'enableAlphaBackoffLimitPerIndex' \(true\) must be left out with SweepLayout.JOB_PER_TRIAL/],
    ['a name too long for the trial ids', { name: 'n'.repeat(53) }, /'name' \("n+"\) must be at most 52 characters/],
    ['a sweep label given by hand', { labels: { 'cdk8s-batch.dev/sweep': 'x' } }, /'labels.cdk8s-batch.dev\/sweep' \("x"\) must be left to HyperparameterSweep/],
    ['no command, Indexed', { ...INDEXED, command: undefined }, /'command' \(undefined\) must be set with SweepLayout.INDEXED/],
    ['more trials at once than trials, Indexed', { ...INDEXED, maxConcurrentTrials: 5 }, /'maxConcurrentTrials' \(5\) must be an integer from 1 to 4/],
    ['a $(PARAM_...) reference, Indexed', { ...INDEXED, args: ['--lr=$(PARAM_LEARNING_RATE)'] }, /'args\[0\]' \("--lr=\$\(PARAM_LEARNING_RATE\)"\) must be free of \$\(PARAM_LEARNING_RATE\) with SweepLayout.INDEXED/],
    ['a TRIAL_ID env var, Indexed', { ...INDEXED, env: { TRIAL_ID: kplus.EnvValue.fromValue('x') } }, /'env.TRIAL_ID' \("TRIAL_ID"\) must be left to the sweep/],
    ['more than 1 MiB of parameters, Indexed', { ...INDEXED, grid: { text: Array.from({ length: 300 }, (_, i) => `${i}${'x'.repeat(4000)}`) } },
      /'grid' \("300 trials, \d+ bytes of parameters"\) must be at most 1 MiB of parameters with SweepLayout.INDEXED/],
    ['a name too long for the pod hostnames, Indexed', { ...INDEXED, name: 'n'.repeat(62) }, /'name' \("n+"\) must be a DNS-1123 label \(no '.'\) of at most 61 characters/],
    ['a layout that does not exist', { layout: 'Sharded' as any }, /'layout' \("Sharded"\) must be one of 'JobPerTrial', 'Indexed'/],
  ] as Array<[string, Partial<HyperparameterSweepProps>, RegExp]>)('fails on %s', (_case, props, message) => {
    expect(build(props)).toThrow(message);
    expect(build(props)).toThrow(WHERE);
  });

  test('reports its own problems with those of the shared props', () => {
    expect(build({ grid: {}, backoffLimit: -1 })).toThrow(/'grid' \(\{\}\)[\s\S]*'backoffLimit' \(-1\)/);
  });

  test('$$(PARAM_...) is an escaped literal, accepted with SweepLayout.INDEXED', () => {
    expect(build({ layout: SweepLayout.INDEXED, args: ['$$(PARAM_LEARNING_RATE)'] })).not.toThrow();
  });
});
