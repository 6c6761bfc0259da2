import { ApiObject, App, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Gpu, GpuJob, NightlyCronJob, ParallelShardJob, PodSecurity, Schedule, TrainingJob, TrainingJobProps } from '../src';
import { closest } from '../src/_props';

/**
 * Plain JavaScript and Python callers bypass TypeScript: every prop is checked at run time
 * against the public API's types (src/_prop-types.ts, generated from the jsii assembly), and
 * every problem of the props is reported at once, in the standard message form.
 */
const js = (props: unknown, id = 'train') => () => new TrainingJob(Testing.chart(), id, props as TrainingJobProps);
const IMAGE = { image: 'python:3.12' };

describe('wrong types from JavaScript and Python callers', () => {
  test.each([
    ['null for an optional prop', { ...IMAGE, backoffLimit: null }, /'backoffLimit' \(null\) must be a finite number, or left out; leave the prop out to get the default/],
    ['null for the image', { image: null }, /'image' \(null\) must be a string, or left out/],
    ['no image', {}, /'image' \(undefined\) must be set: it is required \(a string\); e.g. image: '...'/],
    ['a number for a string', { image: 3.12 }, /'image' \(3.12\) must be a string; quote it: '3.12'/],
    ['a string for a number', { ...IMAGE, backoffLimit: '3' }, /'backoffLimit' \("3"\) must be a finite number; write it without quotes: 3/],
    ['NaN', { ...IMAGE, backoffLimit: NaN }, /'backoffLimit' \(NaN\) must be a finite number; use a finite number, e.g. 3/],
    ['Infinity', { ...IMAGE, runAsUser: Infinity }, /'runAsUser' \(Infinity\) must be a finite number/],
    ['a string for a boolean', { ...IMAGE, disableTtl: 'true' }, /'disableTtl' \("true"\) must be true or false; write it without quotes: true/],
    ['a string for a list', { ...IMAGE, command: 'python train.py' }, /'command' \("python train.py"\) must be a list of strings; give a list, e.g. \['python', 'train.py'\] \(a string is not split\)/],
    ['an object for a list', { ...IMAGE, args: { a: 1 } }, /'args' \(\{"a":1\}\) must be a list of strings/],
    ['a number inside a list', { ...IMAGE, args: ['--epochs', 3] }, /'args\[1\]' \(3\) must be a string; quote it: '3'/],
    ['a list for a map', { ...IMAGE, labels: ['team=ml'] }, /'labels' \(\["team=ml"\]\) must be a map of names to strings; give an object, e.g. \{ name: '...' \}/],
    ['a string for a map', { ...IMAGE, nodeSelector: 'gpu=true' }, /'nodeSelector' \("gpu=true"\) must be a map of names to strings/],
    ['a number as a label value', { ...IMAGE, labels: { tier: 1 } }, /'labels.tier' \(1\) must be a string; quote it: '1'/],
    ['a Duration-like object', { ...IMAGE, activeDeadline: { seconds: 5 } }, /'activeDeadline' \(\{"seconds":5\}\) must be a cdk8s Duration; import \{ Duration \} from 'cdk8s', e.g. Duration.hours\(6\)/],
    ['an unknown enum value', { ...IMAGE, restartPolicy: 'never' }, /'restartPolicy' \("never"\) must be one of 'Always', 'OnFailure', 'Never'; e.g. RestartPolicy.ALWAYS/],
    ['a wrong nested struct', { ...IMAGE, tolerations: [{ key: 'a', tolerationSeconds: 5 }] }, /'tolerations\[0\].tolerationSeconds' \(5\) must be a cdk8s Duration; use Duration.seconds\(5\)/],
    ['a nested unknown prop', { ...IMAGE, tolerations: [{ key: 'a', efect: 'NoSchedule' }] }, /'tolerations\[0\].efect' \("NoSchedule"\) must be a prop of Toleration \(there is no 'efect'\); did you mean 'effect'\?/],
    ['a secret without a name', { ...IMAGE, imagePullSecrets: [{}] }, /'imagePullSecrets\[0\]' \(\{\}\) must be a Secret \(an object with a 'name'\)/],
    ['a string for props', 'python:3.12', /'props' \("python:3.12"\) must be an object with at least 'image'/],
    ['a list for props', [IMAGE], /'props' \(\[\{"image":"python:3.12"\}\]\) must be an object/],
  ])('%s', (_case, props, expected) => {
    // WHEN / THEN
    expect(js(props)).toThrow(expected);
  });

  test('a misspelled prop gets "did you mean", a Kubernetes field name the matching prop', () => {
    expect(js({ ...IMAGE, backOffLimit: 3 })).toThrow(/'backOffLimit' \(3\) must be a prop of TrainingJobProps \(there is no 'backOffLimit'\); did you mean 'backoffLimit'\?/);
    expect(js({ ...IMAGE, imagee: 'x' })).toThrow(/did you mean 'image'\?/);
    expect(js({ ...IMAGE, ttlSecondsAfterFinished: 60 })).toThrow(/did you mean 'ttlAfterFinished'\?/);
    expect(js({ ...IMAGE, backoff_limit: 3 })).toThrow(/did you mean 'backoffLimit'\?/);
    expect(js({ ...IMAGE, zzzzzz: 3 })).toThrow(/'zzzzzz' \(3\) must be a prop of TrainingJobProps \(there is no 'zzzzzz'\); remove it; TrainingJobProps has activeDeadline, /);
  });

  test('closest() folds case and separators and stays within two edits', () => {
    expect(closest('Namespace', ['namespace', 'name'])).toBe('namespace');
    expect(closest('nmae', ['name', 'image'])).toBe('name');
    expect(closest('xyz', ['name', 'image'])).toBeUndefined();
  });

  test('every problem of the props is reported at once, one line each, each in the standard form', () => {
    // WHEN
    let error: Error | undefined;
    try {
      js({ image: 42, backoffLimit: 'x', commnd: ['a'] })();
    } catch (e) {
      error = e as Error;
    }
    // THEN
    expect(error?.name).toBe('BatchValidationError');
    const lines = error!.message.split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^TrainingJob 'test\/train': '[^']+' \(.*\) must be .+; .+/);
  });

  test('the error\'s stack starts in the caller\'s code, not inside the library', () => {
    let error: Error | undefined;
    try {
      new TrainingJob(Testing.chart(), 'train', { image: 'python:3.12', backoffLimit: -1 });
    } catch (e) {
      error = e as Error;
    }
    const frames = error!.stack!.split('\n').filter(l => /^\s+at /.test(l));
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.some(f => f.includes('/src/'))).toBe(false);
    expect(frames[0]).toContain('props-runtime.test.ts');
  });

  test('no stack is formatted until one is read: not for the problems merged into the error, and the error\'s own only once', () => {
    const original = Error.prepareStackTrace;
    let formatted = 0;
    Error.prepareStackTrace = (e, frames) => {
      formatted++;
      return original ? original(e, frames) : `${e}\n${frames.map(f => `    at ${f}`).join('\n')}`;
    };
    let error: Error | undefined;
    try {
      // GIVEN three bad props: three problems, each found as an error of its own, merged into one
      new TrainingJob(Testing.chart(), 'train', { image: 'python:3.12', backoffLimit: -1, runAsUser: -5, containerName: 'Main_Container' });
    } catch (e) {
      error = e as Error;
    } finally {
      Error.prepareStackTrace = original;
    }
    // THEN nothing was formatted while the error was made
    expect(error!.message.split('\n')).toHaveLength(3);
    expect(formatted).toBe(0);
    Error.prepareStackTrace = (e, frames) => {
      formatted++;
      return original ? original(e, frames) : `${e}\n${frames.map(f => `    at ${f}`).join('\n')}`;
    };
    try {
      // WHEN the stack is read twice
      const first = error!.stack!;
      expect(error!.stack).toBe(first);
      // THEN it is formatted once, starting with the message
      expect(formatted).toBe(1);
      expect(first.startsWith(`BatchValidationError: ${error!.message}\n`)).toBe(true);
    } finally {
      Error.prepareStackTrace = original;
    }
    // AND the stack can be set (as tools that rewrite stacks do), and the error has no other own fields
    error!.stack = 'rewritten';
    expect(error!.stack).toBe('rewritten');
    expect(Object.keys(error!)).toEqual(['name']);
    expect(error).toBeInstanceOf(Error);
  });

  test.each([
    ['ParallelShardJob', () => new ParallelShardJob(Testing.chart(), 'x', { ...IMAGE, shards: '4' } as any), /'shards' \("4"\) must be a finite number/],
    ['ParallelShardJob', () => new ParallelShardJob(Testing.chart(), 'x', { ...IMAGE, shards: 4, mode: 'indexed' } as any), /'mode' \("indexed"\) must be one of 'Indexed', 'Completions', 'WorkQueue'/],
    ['NightlyCronJob', () => new NightlyCronJob(Testing.chart(), 'x', { ...IMAGE, schedule: '0 2 * * *' } as any), /'schedule' \("0 2 \* \* \*"\) must be a Schedule; e.g. Schedule.nightly\(2\)/],
    ['NightlyCronJob', () => new NightlyCronJob(Testing.chart(), 'x', { ...IMAGE, sharding: { shards: 2, shard: 1 } } as any), /'sharding.shard' \(1\) must be a prop of ShardingOptions \(there is no 'shard'\); did you mean 'shards'\?/],
    ['GpuJob', () => new GpuJob(Testing.chart(), 'x', { ...IMAGE, gpu: 1 } as any), /'gpu' \(1\) must be a Gpu; e.g. Gpu.nvidia\(1\)/],
  ])('%s checks its own props too', (_kind, make, expected) => {
    expect(make).toThrow(expected);
  });

  test('the options of a Gpu are checked too', () => {
    expect(() => new GpuJob(Testing.chart(), 'x', { ...IMAGE, gpu: Gpu.nvidia(1, { prodct: 'A100' } as any) }))
      .toThrow(/'gpu.options.prodct' \("A100"\) must be a prop of GpuOptions \(there is no 'prodct'\); did you mean 'product'\?/);
    expect(() => new GpuJob(Testing.chart(), 'x', { ...IMAGE, gpu: Gpu.nvidia(1, { taintKey: 'x' } as any) }))
      .toThrow(/'gpu.options.taintKey' \("x"\) must be a prop of GpuOptions/);
    expect(() => new GpuJob(Testing.chart(), 'x', { ...IMAGE, gpu: Gpu.custom('example.com/tpu', 1, { taintKey: 'example.com/tpu' }) })).not.toThrow();
    expect(() => new GpuJob(Testing.chart(), 'x', { ...IMAGE, gpu: Gpu.nvidia(1, null as any) })).not.toThrow();
  });

  test('valid props of every type pass the check', () => {
    const chart = Testing.chart();
    new TrainingJob(chart, 'ok', {
      image: 'python:3.12',
      command: ['python'],
      env: { A: kplus.EnvValue.fromValue('1') },
      memory: Size.gibibytes(2),
      activeDeadline: Duration.hours(1),
      tolerations: [{ key: 'a', operator: undefined }],
      labels: {},
    });
    expect(Testing.synth(chart)).toHaveLength(1);
  });
});

describe('the final gate: the manifest rules check every rendered object', () => {
  test('an escape-hatch patch that the API server would refuse fails the synthesis in the standard form', () => {
    // GIVEN
    const chart = Testing.chart();
    const job = new TrainingJob(chart, 'train', IMAGE);
    // WHEN
    ApiObject.of(job).addJsonPatch(JsonPatch.replace('/spec/template/spec/restartPolicy', 'Always'));
    // THEN
    expect(() => Testing.synth(chart)).toThrow(
      /^TrainingJob 'test\/train': 'spec.template.spec.restartPolicy' \("Always"\) must be accepted by the Kubernetes 1.28 API server \(after escape-hatch patches or metadata changes\), which refuses it: job.restart-policy: /);
  });

  test('a valid patch is kept', () => {
    const chart = Testing.chart();
    const job = new TrainingJob(chart, 'train', IMAGE);
    ApiObject.of(job).addJsonPatch(JsonPatch.add('/spec/template/spec/hostname', 'trainer'));
    expect(Testing.synth(chart)[0].spec.template.spec.hostname).toBe('trainer');
  });

  test('metadata added after construction is checked at synthesis', () => {
    const chart = Testing.chart();
    const job = new TrainingJob(chart, 'train', IMAGE);
    ApiObject.of(job).metadata.addLabel('team', 'not a label value');
    expect(() => Testing.synth(chart)).toThrow(/'labels \(metadata.labels.team\)' \("not a label value"\) must be accepted by the Kubernetes 1.28 API server/);
  });

  test('chart labels that the API server refuses are refused at construction', () => {
    const app = new App();
    const chart = new Chart(app, 'c', { labels: { 'bad key!': 'x' } });
    expect(() => new TrainingJob(chart, 'train', IMAGE)).toThrow(/^TrainingJob 'c\/train': 'labels \(metadata.labels\[bad key!\]\)'/);
    // The refused object never reaches the YAML, even when the caller goes on.
    expect(chart.toJson()).toEqual([]);
  });
});

describe('names are unique across the app', () => {
  test('two Jobs with one name in one namespace are an error naming both constructs', () => {
    const app = new App();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    new TrainingJob(a, 'train', { ...IMAGE, name: 'fit' });
    expect(() => new TrainingJob(b, 'train', { ...IMAGE, name: 'fit' })).toThrow(
      /^TrainingJob 'b\/train': 'name' \("fit"\) must be unique among the app's Jobs in the default namespace: 'a\/train\/Resource' writes a Job with that name too/);
  });

  test('the same name in other namespaces, or for another kind, is fine', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    new TrainingJob(chart, 'a', { ...IMAGE, name: 'fit', namespace: 'team-a' });
    new TrainingJob(chart, 'b', { ...IMAGE, name: 'fit', namespace: 'team-b' });
    new NightlyCronJob(chart, 'c', { ...IMAGE, name: 'fit', namespace: 'team-a' });
    expect(app.synthYaml()).toContain('namespace: team-b');
  });

  test('an object of another library with the same name fails app.synth()', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    new TrainingJob(chart, 'a', { ...IMAGE, name: 'fit' });
    new kplus.Job(chart, 'plain', { metadata: { name: 'fit' }, containers: [{ image: 'perl:5.34' }] });
    expect(() => app.synthYaml()).toThrow(/'name' \("fit"\) must be unique among the app's Jobs in the default namespace/);
  });
});

describe('every problem of a construct is reported at once', () => {
  const lines = (make: () => void): string[] => {
    try {
      make();
    } catch (e) {
      expect((e as Error).name).toBe('BatchValidationError');
      return (e as Error).message.split('\n');
    }
    throw new Error('no error');
  };

  test('independent props problems each get their own line', () => {
    const found = lines(() => new TrainingJob(Testing.chart(), 'train', { image: 'python', backoffLimit: -1, namespace: 'Bad_NS', runAsUser: 0 }));
    expect(found).toEqual([
      expect.stringMatching(/^TrainingJob 'test\/train': 'namespace' \("Bad_NS"\) must be a DNS-1123 label/),
      expect.stringMatching(/^TrainingJob 'test\/train': 'backoffLimit' \(-1\) must be an integer from 0 to 2147483647/),
      expect.stringMatching(/^TrainingJob 'test\/train': 'runAsUser' \(0\) must be an integer from 1 to 2147483647/),
      expect.stringMatching(/^TrainingJob 'test\/train': 'image' \("python"\) must be pinned/),
    ]);
  });

  test('a shard job reports its sharding problem and the other props\' problems together', () => {
    const found = lines(() => new ParallelShardJob(Testing.chart(), 'x', { image: 'python:3.12', shards: 0, backoffLimit: -1 }));
    expect(found).toEqual([
      expect.stringMatching(/'shards' \(0\) must be an integer from 1 to 100000/),
      expect.stringMatching(/'backoffLimit' \(-1\) must be/),
    ]);
  });

  test('a CronJob reports its schedule, time zone and Job problems together', () => {
    const found = lines(() => new NightlyCronJob(Testing.chart(), 'x', {
      image: 'python:3.12', timeZone: 'Mars/Olympus', schedule: Schedule.expression('61 * * * *'), backoffLimit: -1,
    }));
    expect(found).toEqual([
      expect.stringMatching(/'schedule' \("61 \* \* \* \*"\) must be a cron expression/),
      expect.stringMatching(/'timeZone' \("Mars\/Olympus"\) must be a time zone of the IANA database/),
      expect.stringMatching(/'backoffLimit' \(-1\) must be/),
    ]);
  });
});

describe('props problems found by the property test', () => {
  test('a Duration cdk8s cannot convert gets our message, not a cdk8s error', () => {
    expect(js({ ...IMAGE, ttlAfterFinished: Duration.millis(1e-9) })).toThrow(/'ttlAfterFinished' \(1e-9 millis\) must be a whole number of seconds \(0 or more\)/);
    expect(js({ ...IMAGE, activeDeadline: Duration.hours(NaN) })).toThrow(/'activeDeadline' \(NaN hours\) must be a whole number of seconds/);
    expect(js({ ...IMAGE, activeDeadline: Duration.seconds('30' as any) })).toThrow(/'activeDeadline' \(30 seconds\) must be a Duration made from a number \(this one was made from the string "30"\)/);
  });

  test('a Gpu made with a number for its resource name is refused, never a TypeError', () => {
    expect(() => new GpuJob(Testing.chart(), 'x', { ...IMAGE, gpu: Gpu.custom(5 as any, 1) }))
      .toThrow(/'gpu.resourceName' \(5\) must be an extended resource name/);
  });

  test('EnvValue.fromValue(null) is refused instead of losing its value; an unset process variable stays kplus\'s choice', () => {
    expect(js({ ...IMAGE, env: { A: kplus.EnvValue.fromValue(null as any) } })).toThrow(/'env.A' \(null\) must be a string value \(EnvValue.fromValue takes a string\); use EnvValue.fromValue\(""\)/);
    expect(js({ ...IMAGE, env: { A: kplus.EnvValue.fromValue(5 as any) } })).toThrow(/'env.A' \(5\) must be a string value/);
    expect(js({ ...IMAGE, env: { A: kplus.EnvValue.fromProcess('CDK8S_BATCH_SURELY_UNSET') } })).not.toThrow();
  });

  test('a service account of another namespace is refused', () => {
    const chart = Testing.chart();
    const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'trainer', { namespaceName: 'ml' });
    expect(() => new TrainingJob(chart, 'a', { ...IMAGE, namespace: 'batch', serviceAccount: sa }))
      .toThrow(/'serviceAccount' \("trainer"\) must be a service account of the Job's namespace \("batch"\), not of "ml"/);
    expect(() => new TrainingJob(chart, 'b', { ...IMAGE, namespace: 'ml', serviceAccount: sa })).not.toThrow();
  });

  test('under the default restricted profile, only the volume types the profile allows', () => {
    const chart = Testing.chart();
    const host = kplus.Volume.fromHostPath(chart, 'h', 'host', { path: '/data' });
    expect(() => new TrainingJob(chart, 'a', { ...IMAGE, volumes: [host] }))
      .toThrow(/'volumes\[0\]' \("host"\) must be a volume type that the Pod Security "restricted" profile of PodSecurity.RESTRICTED allows \(configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret\), not hostPath/);
    expect(() => new TrainingJob(chart, 'b', { ...IMAGE, volumes: [host], podSecurity: PodSecurity.NONE })).not.toThrow();
  });
});
