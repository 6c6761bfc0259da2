import { ApiObject, Duration, JsonPatch, Size, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Defaults, Gpu, GpuJob, GpuJobProps } from '../src';
import { resourceBlocks } from './util/gpu-yaml';
import { building, mainContainer as main, podSpec, synthOne } from './util/synth';

/** Synthesizes one GpuJob and returns its manifest. */
function synthJob(props: Partial<GpuJobProps> = {}, id = 'train'): any {
  return synthOne(chart => new GpuJob(chart, id, { image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime', gpu: Gpu.nvidia(1), ...props }));
}

function build(props: Partial<GpuJobProps>): () => void {
  return building(chart => new GpuJob(chart, 'train', { image: 'python:3.12', gpu: Gpu.nvidia(1), ...props } as GpuJobProps));
}

describe('GpuJob defaults', () => {
  test('default manifest', () => {
    // GIVEN / WHEN
    const job = synthJob({ command: ['python', 'train.py'] });
    // THEN
    expect(job).toMatchSnapshot();
  });

  test('per GPU: Defaults.GPU_JOB_CPU_PER_GPU CPU, Defaults.GPU_JOB_MEMORY_PER_GPU memory (request and limit), the GPU in both', () => {
    // GIVEN / WHEN
    const one = main(synthJob());
    const eight = main(synthJob({ gpu: Gpu.nvidia(8) }));
    // THEN
    expect(Defaults.GPU_JOB_CPU_PER_GPU.amount).toBe('2');
    expect(Defaults.GPU_JOB_MEMORY_PER_GPU.asString()).toBe('8Gi');
    expect(one.resources).toEqual({
      requests: { 'cpu': '2', 'memory': '8Gi', 'nvidia.com/gpu': '1' },
      limits: { 'memory': '8Gi', 'nvidia.com/gpu': '1' },
    });
    expect(eight.resources).toEqual({
      requests: { 'cpu': '16', 'memory': '64Gi', 'nvidia.com/gpu': '8' },
      limits: { 'memory': '64Gi', 'nvidia.com/gpu': '8' },
    });
  });

  test('/dev/shm of Defaults.SHM_PER_GPU per GPU, never capped by the per-GPU memory', () => {
    for (const [count, size] of [[1, '2Gi'], [8, '16Gi']] as const) {
      const job = synthJob({ gpu: Gpu.nvidia(count) });
      expect(podSpec(job).volumes).toContainEqual({ name: Defaults.SHM_VOLUME_NAME, emptyDir: { medium: 'Memory', sizeLimit: size } });
      expect(main(job).volumeMounts).toContainEqual({ name: Defaults.SHM_VOLUME_NAME, mountPath: Defaults.SHM_MOUNT_PATH });
    }
    expect(Defaults.SHM_PER_GPU.toMebibytes()).toBeLessThanOrEqual(
      Defaults.GPU_JOB_MEMORY_PER_GPU.toMebibytes() * Defaults.SHM_MAX_FRACTION_OF_MEMORY_LIMIT);
  });

  test('active deadline Defaults.GPU_JOB_ACTIVE_DEADLINE; the shared lifecycle defaults', () => {
    const job = synthJob();
    expect(job.spec.activeDeadlineSeconds).toBe(Defaults.GPU_JOB_ACTIVE_DEADLINE.toSeconds());
    expect(Defaults.GPU_JOB_ACTIVE_DEADLINE.toSeconds()).toBeGreaterThan(Defaults.ACTIVE_DEADLINE.toSeconds());
    expect(job.spec.backoffLimit).toBe(Defaults.BACKOFF_LIMIT);
    expect(job.spec.ttlSecondsAfterFinished).toBe(Defaults.TTL_AFTER_FINISHED.toSeconds());
    expect(podSpec(job).restartPolicy).toBe('Never');
  });

  test('GPU and driver faults are retried; only disruptions are ignored', () => {
    expect(synthJob().spec.podFailurePolicy).toEqual({
      rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
    });
  });

  test('the GPU taint is tolerated; no product selector or runtime class unless asked', () => {
    const spec = podSpec(synthJob());
    expect(spec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(spec.nodeSelector).toBeUndefined();
    expect(spec.runtimeClassName).toBeUndefined();
  });

  test('component label gpu-training on the Job and its pods', () => {
    const job = synthJob();
    expect(job.metadata.labels['app.kubernetes.io/component']).toBe('gpu-training');
    expect(job.spec.template.metadata.labels['app.kubernetes.io/component']).toBe('gpu-training');
  });

  test('restricted pod security still applies, and NVIDIA_VISIBLE_DEVICES is left to the device plugin', () => {
    const job = synthJob();
    expect(podSpec(job).securityContext.runAsNonRoot).toBe(true);
    expect(main(job).securityContext.readOnlyRootFilesystem).toBe(true);
    expect(main(job).env).toEqual([{ name: 'HOME', value: Defaults.HOME_DIR }]);
  });

  test('MIG slices are sized per slice', () => {
    const job = synthJob({ gpu: Gpu.nvidiaMig('1g.10gb', 2) });
    expect(main(job).resources.requests).toEqual({ 'cpu': '4', 'memory': '16Gi', 'nvidia.com/mig-1g.10gb': '2' });
    expect(podSpec(job).volumes).toContainEqual({ name: Defaults.SHM_VOLUME_NAME, emptyDir: { medium: 'Memory', sizeLimit: '4Gi' } });
  });

  test('YAML text: eight GPUs under both requests and limits, and a 16Gi /dev/shm', () => {
    // GIVEN
    const chart = Testing.chart();
    new GpuJob(chart, 'ddp', { image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime', gpu: Gpu.nvidia(8) });
    // WHEN
    const text = Yaml.stringify(...Testing.synth(chart));
    // THEN
    const [block] = resourceBlocks(text);
    expect(block.requests).toEqual(expect.arrayContaining(['nvidia.com/gpu: "8"', 'cpu: "16"', 'memory: 64Gi']));
    expect(block.limits).toEqual(expect.arrayContaining(['nvidia.com/gpu: "8"', 'memory: 64Gi']));
    expect(text).toMatch(/medium: Memory\n\s+sizeLimit: 16Gi/);
  });
});

describe('GpuJob props', () => {
  test('cpu, memory and activeDeadline override the per-GPU defaults', () => {
    const job = synthJob({ cpu: kplus.Cpu.units(6), memory: Size.gibibytes(24), activeDeadline: Duration.hours(12) });
    expect(main(job).resources.requests).toEqual({ 'cpu': '6', 'memory': '24Gi', 'nvidia.com/gpu': '1' });
    expect(job.spec.activeDeadlineSeconds).toBe(12 * 3600);
  });

  test('the deadline can be switched off, /dev/shm resized or switched off', () => {
    expect(synthJob({ disableActiveDeadline: true }).spec.activeDeadlineSeconds).toBeUndefined();
    expect(podSpec(synthJob({ sharedMemory: Size.gibibytes(4) })).volumes)
      .toContainEqual({ name: Defaults.SHM_VOLUME_NAME, emptyDir: { medium: 'Memory', sizeLimit: '4Gi' } });
    const names = podSpec(synthJob({ disableSharedMemory: true })).volumes.map((v: any) => v.name);
    expect(names).toEqual([Defaults.TMP_VOLUME_NAME]);
  });

  test('placement options reach the pod', () => {
    const job = synthJob({ gpu: Gpu.nvidia(1, { product: 'NVIDIA-H100-80GB-HBM3', runtimeClassName: 'nvidia', tolerateTaint: false }) });
    expect(podSpec(job).nodeSelector).toEqual({ 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' });
    expect(podSpec(job).runtimeClassName).toBe('nvidia');
    expect(podSpec(job).tolerations).toBeUndefined();
  });

  test('name, labels and failFastExitCodes as for every construct', () => {
    const job = synthJob({ name: 'finetune-llama', labels: { team: 'ml' }, failFastExitCodes: [3] });
    expect(job.metadata.name).toBe('finetune-llama');
    expect(job.metadata.labels.team).toBe('ml');
    expect(job.spec.podFailurePolicy.rules[0]).toEqual({ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [3] } });
  });

  test('the Job is the child named Resource (escape hatch)', () => {
    const chart = Testing.chart();
    const job = new GpuJob(chart, 'train', { image: 'python:3.12', gpu: Gpu.nvidia(1) });
    expect(ApiObject.of(job)).toBe(job.apiObject);
    ApiObject.of(job).addJsonPatch(
      JsonPatch.add('/spec/template/spec/priorityClassName', 'gpu-high'),
      JsonPatch.add('/spec/template/spec/containers/0/resources/limits/rdma~1hca', '1'),
      JsonPatch.add('/spec/template/spec/containers/0/resources/requests/rdma~1hca', '1'),
    );
    const [manifest] = Testing.synth(chart);
    expect(manifest.spec.template.spec.priorityClassName).toBe('gpu-high');
    expect(manifest.spec.template.spec.containers[0].resources).toEqual({
      requests: { 'cpu': '2', 'memory': '8Gi', 'nvidia.com/gpu': '1', 'rdma/hca': '1' },
      limits: { 'memory': '8Gi', 'nvidia.com/gpu': '1', 'rdma/hca': '1' },
    });
    expect(job.name).toBe(manifest.metadata.name);
  });
});

describe('GpuJob validation', () => {
  test('fails without a gpu', () => {
    expect(build({ gpu: undefined }))
      .toThrow(/GpuJob 'test\/train': 'gpu' \(undefined\) must be set: a GpuJob always requests GPUs; e.g. gpu: Gpu.nvidia\(1\)/);
  });

  test('fails on a GPU count that is not a whole number of at least 1, naming GpuJob', () => {
    expect(build({ gpu: Gpu.nvidia(0) })).toThrow(/GpuJob 'test\/train': 'gpu.count' \(0\) must be a whole number of at least 1/);
  });

  test('fails on a name longer than 63 characters', () => {
    expect(build({ name: 'a'.repeat(64) })).toThrow(/GpuJob 'test\/train': 'name' \("a+"\) must be at most 63 characters/);
  });

  test('fails on a /dev/shm that does not fit under an explicit memory limit', () => {
    expect(build({ memory: Size.gibibytes(2), sharedMemory: Size.gibibytes(2) }))
      .toThrow(/GpuJob 'test\/train': 'sharedMemory' \(2Gi\) must be smaller than the memory limit \(2Gi\)/);
  });
});
