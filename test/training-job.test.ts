import { ApiObject, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Defaults, GpuJob, NightlyCronJob, ParallelShardJob, PodSecurity, TolerationOperator, TrainingJob, TrainingJobProps } from '../src';
import { building, mainContainer as main, podSpec, synthOne } from './util/synth';

/** Synthesizes one TrainingJob and returns its manifest. */
function synthJob(props: Partial<TrainingJobProps> = {}, id = 'train'): any {
  return synthOne(chart => new TrainingJob(chart, id, { image: 'python:3.12', ...props }));
}

function build(props: Partial<TrainingJobProps>): () => void {
  return building(chart => new TrainingJob(chart, 'train', { image: 'python:3.12', ...props }));
}

describe('TrainingJob defaults', () => {
  test('default manifest', () => {
    // GIVEN / WHEN
    const job = synthJob({ command: ['python', 'train.py'] });
    // THEN
    expect(job).toMatchSnapshot();
  });

  test('job lifecycle defaults come from Defaults', () => {
    const job = synthJob();
    expect(job.apiVersion).toBe('batch/v1');
    expect(job.kind).toBe('Job');
    expect(job.spec.backoffLimit).toBe(Defaults.BACKOFF_LIMIT);
    expect(job.spec.activeDeadlineSeconds).toBe(Defaults.ACTIVE_DEADLINE.toSeconds());
    expect(job.spec.ttlSecondsAfterFinished).toBe(Defaults.TTL_AFTER_FINISHED.toSeconds());
    expect(job.spec.suspend).toBe(Defaults.SUSPEND);
    expect(podSpec(job).restartPolicy).toBe('Never');
    expect(job.spec.completions).toBeUndefined();
    expect(job.spec.parallelism).toBeUndefined();
  });

  test('disruptions are ignored by the pod failure policy', () => {
    const job = synthJob();
    expect(job.spec.podFailurePolicy).toEqual({
      rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
    });
  });

  test('resources: CPU and memory requests, memory limit equal to the request, no CPU limit', () => {
    const resources = main(synthJob()).resources;
    expect(resources.requests).toEqual({ cpu: Defaults.CPU_REQUEST.amount, memory: Defaults.MEMORY_REQUEST.asString() });
    expect(resources.limits).toEqual({ memory: Defaults.MEMORY_REQUEST.asString() });
  });

  test('restricted pod security that still runs root-based images', () => {
    const job = synthJob({ image: 'python:3.12' });
    expect(podSpec(job).securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: Defaults.RUN_AS_USER,
      runAsGroup: Defaults.RUN_AS_GROUP,
      fsGroup: Defaults.FS_GROUP,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(Defaults.RUN_AS_USER).toBeGreaterThan(0);
    expect(main(job).securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    });
  });

  test('a writable /tmp and HOME=/tmp with the read-only root filesystem', () => {
    const job = synthJob();
    expect(podSpec(job).volumes).toEqual([{ name: Defaults.TMP_VOLUME_NAME, emptyDir: {} }]);
    expect(main(job).volumeMounts).toEqual([{ name: Defaults.TMP_VOLUME_NAME, mountPath: Defaults.TMP_MOUNT_PATH }]);
    expect(main(job).env).toEqual([{ name: 'HOME', value: Defaults.HOME_DIR }]);
  });

  test('no service account token, pinned image pulled IfNotPresent, container named main', () => {
    const job = synthJob();
    expect(podSpec(job).automountServiceAccountToken).toBe(false);
    expect(main(job).imagePullPolicy).toBe('IfNotPresent');
    expect(main(job).name).toBe(Defaults.CONTAINER_NAME);
    expect(main(job).image).toBe('python:3.12');
  });

  test('recommended labels on the Job and on its pod template', () => {
    const job = synthJob({}, 'fit');
    const expected = {
      'app.kubernetes.io/name': 'test-fit',
      'app.kubernetes.io/instance': job.metadata.name,
      'app.kubernetes.io/component': 'training',
      'app.kubernetes.io/managed-by': 'cdk8s-batch',
    };
    expect(job.metadata.labels).toEqual(expected);
    expect(job.spec.template.metadata.labels).toEqual(expected);
  });

  test('the generated name is a DNS label within 63 characters, even for long construct ids', () => {
    const job = synthJob({}, 'x'.repeat(120));
    expect(job.metadata.name.length).toBeLessThanOrEqual(63);
    expect(job.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });

  test('no selector, no optional pod fields', () => {
    const job = synthJob();
    expect(job.spec.selector).toBeUndefined();
    const spec = podSpec(job);
    for (const field of ['nodeSelector', 'tolerations', 'priorityClassName', 'runtimeClassName', 'serviceAccountName', 'initContainers', 'imagePullSecrets']) {
      expect(spec[field]).toBeUndefined();
    }
  });

  test('synthesizing twice gives byte-identical YAML', () => {
    const yaml = () => {
      const app = Testing.app();
      const chart = new Chart(app, 'c');
      new TrainingJob(chart, 'train', { image: 'python:3.12', env: { A: kplus.EnvValue.fromValue('1') } });
      return app.synthYaml();
    };
    expect(yaml()).toEqual(yaml());
  });
});

describe('TrainingJob props', () => {
  test('metadata: name, namespace, labels, annotations, pod labels and annotations', () => {
    const job = synthJob({
      name: 'resnet',
      namespace: 'ml',
      labels: { team: 'vision' },
      annotations: { 'example.com/owner': 'ana' },
      podLabels: { 'example.com/pool': 'gpu' },
      podAnnotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' },
      appName: 'resnet50',
    });
    expect(job.metadata.name).toBe('resnet');
    expect(job.metadata.namespace).toBe('ml');
    expect(job.metadata.labels.team).toBe('vision');
    expect(job.metadata.labels['app.kubernetes.io/name']).toBe('resnet50');
    expect(job.metadata.labels['app.kubernetes.io/instance']).toBe('resnet');
    expect(job.metadata.labels['example.com/pool']).toBeUndefined();
    expect(job.metadata.annotations).toEqual({ 'example.com/owner': 'ana' });
    expect(job.spec.template.metadata.labels.team).toBe('vision');
    expect(job.spec.template.metadata.labels['example.com/pool']).toBe('gpu');
    expect(job.spec.template.metadata.annotations).toEqual({ 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' });
  });

  test('recommendedLabels: false leaves only the user\'s labels', () => {
    const job = synthJob({ recommendedLabels: false, labels: { team: 'a' } });
    expect(job.metadata.labels).toEqual({ team: 'a' });
    expect(job.spec.template.metadata.labels).toEqual({ team: 'a' });
  });

  test('container: command, args, workingDir, containerName', () => {
    const c = main(synthJob({ command: ['python'], args: ['fit.py', '--epochs', '3'], workingDir: '/app', containerName: 'trainer' }));
    expect(c.command).toEqual(['python']);
    expect(c.args).toEqual(['fit.py', '--epochs', '3']);
    expect(c.workingDir).toBe('/app');
    expect(c.name).toBe('trainer');
  });

  test('env: plain values, secrets, config maps, envFrom; HOME given by the user wins', () => {
    const chart = Testing.chart();
    const secret = kplus.Secret.fromSecretName(chart, 'S', 'db');
    const cm = kplus.ConfigMap.fromConfigMapName(chart, 'C', 'settings');
    new TrainingJob(chart, 'train', {
      image: 'python:3.12',
      env: {
        EPOCHS: kplus.EnvValue.fromValue('10'),
        DB_PASSWORD: kplus.EnvValue.fromSecretValue({ secret, key: 'password' }),
        MODE: kplus.EnvValue.fromConfigMap(cm, 'mode'),
        HOME: kplus.EnvValue.fromValue('/work'),
      },
      envFrom: [kplus.Env.fromSecret(secret)],
    });
    const c = main(Testing.synth(chart)[0]);
    expect(c.env).toEqual([
      { name: 'EPOCHS', value: '10' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
      { name: 'HOME', value: '/work' },
    ]);
    expect(c.envFrom).toEqual([{ secretRef: { name: 'db' } }]);
  });

  test('resources: cpu, cpuLimit, memory, memoryLimit, ephemeral storage, extended resources', () => {
    const c = main(synthJob({
      cpu: kplus.Cpu.units(2),
      cpuLimit: kplus.Cpu.units(4),
      memory: Size.gibibytes(8),
      memoryLimit: Size.gibibytes(12),
      ephemeralStorage: Size.gibibytes(20),
      ephemeralStorageLimit: Size.gibibytes(50),
      extendedResources: { 'example.com/fpga': 2 },
    }));
    expect(c.resources).toEqual({
      requests: { 'cpu': '2', 'memory': '8Gi', 'ephemeral-storage': '20Gi', 'example.com/fpga': '2' },
      limits: { 'cpu': '4', 'memory': '12Gi', 'ephemeral-storage': '50Gi', 'example.com/fpga': '2' },
    });
  });

  test('memory limit follows the memory request, and can be switched off', () => {
    expect(main(synthJob({ memory: Size.gibibytes(3) })).resources.limits).toEqual({ memory: '3Gi' });
    expect(main(synthJob({ disableMemoryLimit: true })).resources.limits).toBeUndefined();
  });

  test('volume mounts: a dataset PVC read-only and a checkpoint PVC with subPath; /dev/shm', () => {
    const chart = Testing.chart();
    const data = kplus.Volume.fromPersistentVolumeClaim(chart, 'data', kplus.PersistentVolumeClaim.fromClaimName(chart, 'DataClaim', 'datasets'));
    const ckpt = kplus.Volume.fromPersistentVolumeClaim(chart, 'ckpt', kplus.PersistentVolumeClaim.fromClaimName(chart, 'CkptClaim', 'checkpoints'));
    new TrainingJob(chart, 'train', {
      image: 'pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime',
      volumeMounts: [
        { volume: data, path: '/data', readOnly: true },
        { volume: ckpt, path: '/ckpt', subPath: 'run-1' },
      ],
      sharedMemory: Size.mebibytes(512),
    });
    const job = Testing.synth(chart)[0];
    expect(podSpec(job).volumes).toEqual([
      { name: 'tmp', emptyDir: {} },
      { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '512Mi' } },
      { name: data.name, persistentVolumeClaim: { claimName: 'datasets', readOnly: false } },
      { name: ckpt.name, persistentVolumeClaim: { claimName: 'checkpoints', readOnly: false } },
    ]);
    expect(main(job).volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'dshm', mountPath: '/dev/shm' },
      { name: data.name, mountPath: '/data', readOnly: true },
      { name: ckpt.name, mountPath: '/ckpt', subPath: 'run-1' },
    ]);
  });

  test('extra volumes for init containers; init containers get the same security and resources', () => {
    const chart = Testing.chart();
    const cache = kplus.Volume.fromEmptyDir(chart, 'cache', 'cache');
    new TrainingJob(chart, 'train', {
      image: 'python:3.12',
      volumes: [cache],
      initContainers: [{
        name: 'fetch',
        image: 'busybox:1.36',
        command: ['sh', '-c', 'echo fetch'],
        env: { URL: kplus.EnvValue.fromValue('s3://bucket') },
        volumeMounts: [{ volume: cache, path: '/cache' }],
        cpu: kplus.Cpu.millis(100),
        memory: Size.mebibytes(128),
      }],
    });
    const job = Testing.synth(chart)[0];
    expect(podSpec(job).volumes.map((v: any) => v.name)).toEqual(['tmp', 'cache']);
    const init = podSpec(job).initContainers[0];
    expect(init).toEqual({
      name: 'fetch',
      image: 'busybox:1.36',
      imagePullPolicy: 'IfNotPresent',
      command: ['sh', '-c', 'echo fetch'],
      env: [{ name: 'URL', value: 's3://bucket' }, { name: 'HOME', value: '/tmp' }],
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } },
      securityContext: main(job).securityContext,
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, { name: 'cache', mountPath: '/cache' }],
    });
  });

  test('scheduling: service account, node selector, tolerations, priority and runtime class, grace period', () => {
    const chart = Testing.chart();
    const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'SA', 'trainer');
    new TrainingJob(chart, 'train', {
      image: 'python:3.12',
      serviceAccount: sa,
      nodeSelector: { 'node.kubernetes.io/instance-type': 'm5.4xlarge' },
      tolerations: [
        { key: 'dedicated', value: 'ml', effect: kplus.TaintEffect.NO_SCHEDULE },
        { key: 'spot', operator: TolerationOperator.EXISTS, effect: kplus.TaintEffect.NO_EXECUTE, tolerationSeconds: Duration.minutes(5) },
      ],
      priorityClassName: 'batch-high',
      runtimeClassName: 'gvisor',
      terminationGracePeriod: Duration.seconds(120),
      imagePullSecrets: [kplus.Secret.fromSecretName(chart, 'Pull', 'regcred')],
    });
    const spec = podSpec(Testing.synth(chart)[0]);
    expect(spec.serviceAccountName).toBe('trainer');
    expect(spec.automountServiceAccountToken).toBe(true);
    expect(spec.nodeSelector).toEqual({ 'node.kubernetes.io/instance-type': 'm5.4xlarge' });
    expect(spec.tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoSchedule' },
      { key: 'spot', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    expect(spec.priorityClassName).toBe('batch-high');
    expect(spec.runtimeClassName).toBe('gvisor');
    expect(spec.terminationGracePeriodSeconds).toBe(120);
    expect(spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
  });

  test('automountServiceAccountToken can be set either way', () => {
    expect(podSpec(synthJob({ automountServiceAccountToken: true })).automountServiceAccountToken).toBe(true);
    const chart = Testing.chart();
    new TrainingJob(chart, 'train', {
      image: 'python:3.12',
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'SA', 'x'),
      automountServiceAccountToken: false,
    });
    expect(podSpec(Testing.synth(chart)[0]).automountServiceAccountToken).toBe(false);
  });

  test('security: user, group, fsGroup, writable root filesystem, tmp size limit', () => {
    const job = synthJob({ runAsUser: 65532, runAsGroup: 65532, fsGroup: 2000, tmpSizeLimit: Size.gibibytes(5) });
    expect(podSpec(job).securityContext).toMatchObject({ runAsUser: 65532, runAsGroup: 65532, fsGroup: 2000 });
    expect(podSpec(job).volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '5Gi' } }]);
    const writable = synthJob({ readOnlyRootFilesystem: false });
    expect(main(writable).securityContext.readOnlyRootFilesystem).toBe(false);
    expect(podSpec(writable).volumes).toBeUndefined();
    expect(main(writable).env).toBeUndefined();
  });

  test('podSecurity NONE emits no security context and no /tmp volume', () => {
    const job = synthJob({ podSecurity: PodSecurity.NONE });
    expect(podSpec(job).securityContext).toBeUndefined();
    expect(main(job).securityContext).toBeUndefined();
    expect(podSpec(job).volumes).toBeUndefined();
  });

  test('job: backoffLimit, activeDeadline, ttlAfterFinished, suspend', () => {
    const job = synthJob({ backoffLimit: 0, activeDeadline: Duration.hours(6), ttlAfterFinished: Duration.seconds(0), suspend: true });
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.activeDeadlineSeconds).toBe(21600);
    expect(job.spec.ttlSecondsAfterFinished).toBe(0);
    expect(job.spec.suspend).toBe(true);
  });

  test('the deadline and the TTL can be switched off', () => {
    const job = synthJob({ disableActiveDeadline: true, disableTtl: true });
    expect(job.spec.activeDeadlineSeconds).toBeUndefined();
    expect(job.spec.ttlSecondsAfterFinished).toBeUndefined();
  });

  test('failFastExitCodes fail the job at once, before the disruption rule', () => {
    const job = synthJob({ failFastExitCodes: [42, 2], containerName: 'trainer' });
    expect(job.spec.podFailurePolicy.rules).toEqual([
      { action: 'FailJob', onExitCodes: { containerName: 'trainer', operator: 'In', values: [2, 42] } },
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
    ]);
  });

  test('ignoreDisruptions: false leaves the pod failure policy out', () => {
    expect(synthJob({ ignoreDisruptions: false }).spec.podFailurePolicy).toBeUndefined();
  });

  test('restartPolicy OnFailure: no pod failure policy by default', () => {
    const job = synthJob({ restartPolicy: kplus.RestartPolicy.ON_FAILURE });
    expect(podSpec(job).restartPolicy).toBe('OnFailure');
    expect(job.spec.podFailurePolicy).toBeUndefined();
  });

  test('unpinned images are accepted on request and then always pulled; pull policy can be set', () => {
    expect(main(synthJob({ image: 'ds-job', allowUnpinnedImage: true })).imagePullPolicy).toBe('Always');
    expect(main(synthJob({ image: 'ds-job:latest', allowUnpinnedImage: true, imagePullPolicy: kplus.ImagePullPolicy.NEVER })).imagePullPolicy).toBe('Never');
    expect(main(synthJob({ image: 'registry.example.com:5000/team/ds-job:1.2' })).imagePullPolicy).toBe('IfNotPresent');
    expect(main(synthJob({ image: 'ds-job@sha256:' + 'a'.repeat(64) })).imagePullPolicy).toBe('IfNotPresent');
  });

  test('escape hatch: the Job is the child named Resource', () => {
    const chart = Testing.chart();
    const job = new TrainingJob(chart, 'train', { image: 'python:3.12', name: 'fit' });
    expect(ApiObject.of(job)).toBe(job.apiObject);
    expect(job.name).toBe('fit');
    ApiObject.of(job).addJsonPatch(JsonPatch.add('/spec/template/spec/hostname', 'trainer'));
    expect(podSpec(Testing.synth(chart)[0]).hostname).toBe('trainer');
  });
});

describe('TrainingJob validation', () => {
  const path = /TrainingJob 'test\/train'/;

  test.each([
    ['backoffLimit', { backoffLimit: -1 }, /'backoffLimit' \(-1\) must be an integer from 0 to 2147483647; use 0 for no retries/],
    ['backoffLimit non-integer', { backoffLimit: 1.5 }, /'backoffLimit' \(1.5\) must be an integer from 0/],
    ['activeDeadline zero', { activeDeadline: Duration.seconds(0) }, /'activeDeadline' \(0 seconds?\) must be a whole number of seconds, at least 1s/],
    ['activeDeadline sub-second', { activeDeadline: Duration.millis(1500) }, /'activeDeadline' \(1 second 500 milliseconds\) must be a whole number of seconds/],
    ['ttlAfterFinished sub-second', { ttlAfterFinished: Duration.millis(10) }, /'ttlAfterFinished' \(10 milliseconds\) must be a whole number of seconds/],
    ['ttl with disableTtl', { ttlAfterFinished: Duration.hours(1), disableTtl: true }, /'ttlAfterFinished' \(1 hour\) must be left out when 'disableTtl' is set/],
    ['deadline with disableActiveDeadline', { activeDeadline: Duration.hours(1), disableActiveDeadline: true }, /'activeDeadline' \(1 hour\) must be left out when 'disableActiveDeadline' is set/],
    ['name too long', { name: 'a'.repeat(64) }, /'name' \("a{64}"\) must be at most 63 characters \(it has 64\)/],
    ['name not DNS-1123', { name: 'My_Job' }, /'name' \("My_Job"\) must be a DNS-1123 name/],
    ['namespace', { namespace: 'ML' }, /'namespace' \("ML"\) must be a DNS-1123 label/],
    ['label key', { labels: { 'bad key': 'x' } }, /'labels.bad key' \("bad key"\) must be a valid label key/],
    ['label value', { labels: { team: 'not valid!' } }, /'labels.team' \("not valid!"\) must be a valid label value/],
    ['label value too long', { labels: { team: 'a'.repeat(64) } }, /'labels.team' .* must be a valid label value/],
    ['pod label', { podLabels: { '-x': 'y' } }, /'podLabels.-x' \("-x"\) must be a valid label key/],
    ['annotation key', { annotations: { 'a/b/c': 'x' } }, /'annotations.a\/b\/c' \("a\/b\/c"\) must be a valid annotation key/],
    ['appName', { appName: 'not valid!' }, /'appName' \("not valid!"\) must be a valid label value/],
    ['appName without labels', { appName: 'x', recommendedLabels: false }, /'appName' \("x"\) must be left out when 'recommendedLabels' is false/],
    ['empty image', { image: '' }, /'image' \(""\) must be a non-empty image reference/],
    ['untagged image', { image: 'python' }, /'image' \("python"\) must be pinned to a tag other than 'latest' or to a digest; .*allowUnpinnedImage: true/],
    ['latest image', { image: 'python:latest' }, /'image' \("python:latest"\) must be pinned/],
    ['registry port is not a tag', { image: 'localhost:5000/python' }, /'image' \("localhost:5000\/python"\) must be pinned/],
    ['cpu negative', { cpu: kplus.Cpu.millis(-5) }, /'cpu' \("-5m"\) must be a positive Kubernetes quantity/],
    ['cpu zero', { cpu: kplus.Cpu.units(0) }, /'cpu' \("0"\) must be a positive Kubernetes quantity/],
    ['memory NaN', { memory: Size.gibibytes(NaN) }, /'memory' \("NaNGi"\) must be a positive Kubernetes quantity/],
    ['cpu over limit', { cpu: kplus.Cpu.units(2), cpuLimit: kplus.Cpu.millis(1500) }, /'cpu' \("2"\) must be at most 'cpuLimit' \(1500m\); raise 'cpuLimit' or lower 'cpu'/],
    ['memory over limit', { memory: Size.gibibytes(4), memoryLimit: Size.gibibytes(2) }, /'memory' \("4Gi"\) must be at most 'memoryLimit' \(2Gi\)/],
    ['ephemeral over limit', { ephemeralStorage: Size.gibibytes(4), ephemeralStorageLimit: Size.gibibytes(2) }, /'ephemeralStorage' \("4Gi"\) must be at most 'ephemeralStorageLimit'/],
    ['memoryLimit with disableMemoryLimit', { memoryLimit: Size.gibibytes(2), disableMemoryLimit: true }, /'memoryLimit' \(2Gi\) must be left out when 'disableMemoryLimit' is set/],
    ['extended resource name', { extendedResources: { fpga: 1 } }, /'extendedResources.fpga' \("fpga"\) must be an extended resource name/],
    ['extended resource in kubernetes.io', { extendedResources: { 'kubernetes.io/fpga': 1 } }, /must be an extended resource name/],
    ['extended resource fractional', { extendedResources: { 'example.com/fpga': 0.5 } }, /'extendedResources.example.com\/fpga' \(0.5\) must be a whole number of at least 1/],
    ['env name', { env: { '1BAD': kplus.EnvValue.fromValue('x') } }, /'env.1BAD' \("1BAD"\) must be a valid environment variable name/],
    ['env value type', { env: { GOOD: 'x' as any } }, /'env.GOOD' \("x"\) must be a cdk8s-plus-28 EnvValue; use EnvValue.fromValue\("x"\)/],
    // An EnvValue or Volume of another cdk8s-plus (e.g. the cdk8s-plus-33 of a new `cdk8s init` app): TypeScript accepts it.
    ['env value of another cdk8s-plus', { env: { GOOD: { value: 'x' } as any } }, /'env.GOOD' \(\{"value":"x"\}\) must be a cdk8s-plus-28 EnvValue; import \{ EnvValue \} from 'cdk8s-plus-28' \(one of another cdk8s-plus package, such as cdk8s-plus-33, is not one\)/],
    ['volume of another cdk8s-plus', { volumes: [{ name: 'data' } as any] }, /'volumes\[0\]' \(\{"name":"data"\}\) must be a cdk8s-plus-28 Volume; import \{ Volume \} from 'cdk8s-plus-28'/],
    ['exit code 0', { failFastExitCodes: [0] }, /'failFastExitCodes' \(\[0\]\) must be exit codes from 1 to 255 \(got 0;/],
    ['exit code 256', { failFastExitCodes: [1, 256] }, /'failFastExitCodes' \(\[1, 256\]\) must be exit codes from 1 to 255/],
    ['exit code duplicate', { failFastExitCodes: [3, 3] }, /'failFastExitCodes' \(\[3, 3\]\) must be free of duplicates/],
    ['restart policy Always', { restartPolicy: kplus.RestartPolicy.ALWAYS }, /'restartPolicy' \("Always"\) must be 'Never' or 'OnFailure'/],
    ['exit codes need Never', { restartPolicy: kplus.RestartPolicy.ON_FAILURE, failFastExitCodes: [2] }, /'failFastExitCodes' \(\[2\]\) must be used with restartPolicy Never/],
    ['ignoreDisruptions needs Never', { restartPolicy: kplus.RestartPolicy.ON_FAILURE, ignoreDisruptions: true }, /'ignoreDisruptions' \(true\) must be used with restartPolicy Never/],
    ['container name', { containerName: 'Main' }, /'containerName' \("Main"\) must be a DNS-1123 label/],
    ['runAsUser root', { runAsUser: 0 }, /'runAsUser' \(0\) must be an integer from 1 to 2147483647; the restricted profile runs as a non-root user/],
    ['runAsGroup negative', { runAsGroup: -1 }, /'runAsGroup' \(-1\) must be an integer from 0/],
    ['fsGroup fractional', { fsGroup: 1.5 }, /'fsGroup' \(1.5\) must be an integer from 0/],
    ['runAsUser with NONE', { podSecurity: PodSecurity.NONE, runAsUser: 1000 }, /'runAsUser' \(1000\) must be left out when 'podSecurity' is PodSecurity.NONE/],
    ['tmpSizeLimit without read-only root', { readOnlyRootFilesystem: false, tmpSizeLimit: Size.gibibytes(1) }, /'tmpSizeLimit' \(1Gi\) must be left out when the root filesystem is writable/],
    ['node selector value', { nodeSelector: { pool: 'a b' } }, /'nodeSelector.pool' \("a b"\) must be a valid label value/],
    ['toleration key', { tolerations: [{ key: 'a b' }] }, /'tolerations\[0\].key' \("a b"\) must be a valid taint key/],
    ['toleration without key', { tolerations: [{ value: 'x' }] }, /'tolerations\[0\].operator' \("Equal"\) must be 'Exists' when no key is given/],
    ['toleration Exists with value', { tolerations: [{ key: 'k', operator: TolerationOperator.EXISTS, value: 'v' }] }, /'tolerations\[0\].value' \("v"\) must be empty with the 'Exists' operator/],
    ['tolerationSeconds without NoExecute', { tolerations: [{ key: 'k', tolerationSeconds: Duration.seconds(5) }] }, /'tolerations\[0\].tolerationSeconds' \(5 seconds\) must be used only with the NoExecute effect/],
    ['priority class', { priorityClassName: 'High' }, /'priorityClassName' \("High"\) must be a DNS-1123 name/],
    ['runtime class', { runtimeClassName: 'a_b' }, /'runtimeClassName' \("a_b"\) must be a DNS-1123 name/],
    ['grace period', { terminationGracePeriod: Duration.millis(500) }, /'terminationGracePeriod' \(500 milliseconds\) must be a whole number of seconds/],
    ['shared memory above memory limit', { sharedMemory: Size.gibibytes(2), memory: Size.gibibytes(1) }, /'sharedMemory' \(2Gi\) must be smaller than the memory limit \(1Gi\)/],
  ] as Array<[string, Partial<TrainingJobProps>, RegExp]>)('fails on bad %s', (_case, props, message) => {
    expect(build(props)).toThrow(message);
    expect(build(props)).toThrow(path);
  });

  test('fails on two volumes with the same name', () => {
    const chart = Testing.chart();
    const a = kplus.Volume.fromEmptyDir(chart, 'a', 'scratch');
    const b = kplus.Volume.fromEmptyDir(chart, 'b', 'scratch');
    expect(() => new TrainingJob(chart, 'train', {
      image: 'python:3.12', volumeMounts: [{ volume: a, path: '/a' }, { volume: b, path: '/b' }],
    })).toThrow(/TrainingJob 'test\/train': 'volumeMounts\[1\].volume' \("scratch"\) must be a unique volume name: another volume \(volumeMounts\[0\].volume\) already has that name/);
  });

  test('fails on a volume that takes the name of the built-in /tmp volume', () => {
    const chart = Testing.chart();
    const tmp = kplus.Volume.fromEmptyDir(chart, 'a', 'tmp');
    expect(() => new TrainingJob(chart, 'train', { image: 'python:3.12', volumeMounts: [{ volume: tmp, path: '/scratch' }] }))
      .toThrow(/'volumeMounts\[0\].volume' \("tmp"\) must be a unique volume name: the name is used by a volume the construct adds/);
  });

  test('fails on two mounts at the same path, and on a mount over /tmp', () => {
    const chart = Testing.chart();
    const a = kplus.Volume.fromEmptyDir(chart, 'a', 'a');
    const b = kplus.Volume.fromEmptyDir(chart, 'b', 'b');
    expect(() => new TrainingJob(chart, 'train1', { image: 'python:3.12', volumeMounts: [{ volume: a, path: '/data' }, { volume: b, path: '/data/' }] }))
      .toThrow(/'volumeMounts\[1\].path' \("\/data\/"\) must be unique among the container's mounts/);
    expect(() => new TrainingJob(chart, 'train2', { image: 'python:3.12', volumeMounts: [{ volume: a, path: '/tmp' }] }))
      .toThrow(/'volumeMounts\[0\].path' \("\/tmp"\) must be unique among the container's mounts/);
  });

  test('fails on a relative mount path and on a subPath that escapes', () => {
    const chart = Testing.chart();
    const a = kplus.Volume.fromEmptyDir(chart, 'a', 'a');
    expect(() => new TrainingJob(chart, 'train1', { image: 'python:3.12', volumeMounts: [{ volume: a, path: 'data' }] }))
      .toThrow(/'volumeMounts\[0\].path' \("data"\) must be an absolute path/);
    expect(() => new TrainingJob(chart, 'train2', { image: 'python:3.12', volumeMounts: [{ volume: a, path: '/data', subPath: '../etc' }] }))
      .toThrow(/'volumeMounts\[0\].subPath' \("..\/etc"\) must be a relative path without '..'/);
  });

  test('fails on a bad volume name', () => {
    const chart = Testing.chart();
    const a = kplus.Volume.fromEmptyDir(chart, 'a', 'Scratch_1');
    expect(() => new TrainingJob(chart, 'train', { image: 'python:3.12', volumes: [a] }))
      .toThrow(/'volumes\[0\].name' \("Scratch_1"\) must be a DNS-1123 label/);
  });

  test('fails on init container problems: name clash, bad name, unpinned image, GPU', () => {
    const init = { name: 'main', image: 'busybox:1.36' };
    expect(build({ initContainers: [init] })).toThrow(/'initContainers\[0\].name' \("main"\) must be unique among the pod's containers/);
    expect(build({ initContainers: [{ ...init, name: 'Fetch' }] })).toThrow(/'initContainers\[0\].name' \("Fetch"\) must be a DNS-1123 label/);
    expect(build({ initContainers: [{ ...init, name: 'fetch', image: 'busybox' }] })).toThrow(/'initContainers\[0\].image' \("busybox"\) must be pinned/);
    expect(build({ initContainers: [{ ...init, name: 'fetch', extendedResources: { 'nvidia.com/gpu': 1 } }] }))
      .toThrow(/'initContainers\[0\].extendedResources' \("nvidia.com\/gpu"\) must be free of GPU resources/);
  });

  test('error values are rendered readably, never [object Object]', () => {
    expect(build({ activeDeadline: Duration.millis(250) })).not.toThrow(/object Object/);
    expect(build({ activeDeadline: Duration.millis(250) })).toThrow(/\(250 milliseconds\)/);
  });
});

describe('plain JavaScript callers get the standard message, never a TypeError', () => {
  const js = (props: unknown) => () => new TrainingJob(Testing.chart(), 'train', props as TrainingJobProps);

  test.each([
    ['no props', undefined, /TrainingJob 'test\/train': 'props' \(undefined\) must be an object with at least 'image'/],
    ['a number for a Duration', { image: 'python:3.12', activeDeadline: 5 }, /'activeDeadline' \(5\) must be a cdk8s Duration; use Duration.seconds\(5\)/],
    ['a string for a Size', { image: 'python:3.12', memory: '4Gi' }, /'memory' \("4Gi"\) must be a cdk8s Size; e.g. Size.gibibytes\(4\)/],
    ['a string for a Cpu', { image: 'python:3.12', cpu: '500m' }, /'cpu' \("500m"\) must be a cdk8s-plus-28 Cpu; e.g. Cpu.millis\(500\)/],
    ['a number for sharedMemory', { image: 'python:3.12', sharedMemory: 64 }, /'sharedMemory' \(64\) must be a cdk8s Size/],
    ['a string for tmpSizeLimit', { image: 'python:3.12', tmpSizeLimit: '1Gi' }, /'tmpSizeLimit' \("1Gi"\) must be a cdk8s Size/],
  ])('%s', (_case, props, message) => {
    expect(js(props)).toThrow(message);
  });

  test('the other constructs check their props object first too', () => {
    for (const [kind, make] of [
      ['ParallelShardJob', () => new ParallelShardJob(Testing.chart(), 'x', undefined as any)],
      ['NightlyCronJob', () => new NightlyCronJob(Testing.chart(), 'x', undefined as any)],
      ['GpuJob', () => new GpuJob(Testing.chart(), 'x', undefined as any)],
    ] as Array<[string, () => void]>) {
      expect(make).toThrow(new RegExp(`^${kind} 'test/x': 'props' \\(undefined\\) must be an object`));
    }
  });
});
