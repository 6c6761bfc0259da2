import { Size, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { gpuCharts } from '../examples/gpu';
import { Defaults, Gpu, GpuJob, NightlyCronJob, ParallelShardJob, TolerationOperator, TrainingJob, TrainingJobProps } from '../src';
import { resourceBlocks } from './util/gpu-yaml';
import { building, mainContainer as main, podSpec, synthOne } from './util/synth';

/** Synthesizes one TrainingJob and returns its manifest. */
function synthJob(props: Partial<TrainingJobProps>): any {
  return synthOne(chart => new TrainingJob(chart, 'train', { image: 'python:3.12', ...props }));
}

function build(props: Partial<TrainingJobProps>): () => void {
  return building(chart => new TrainingJob(chart, 'train', { image: 'python:3.12', ...props }));
}

const NVIDIA_TOLERATION = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };

describe('Gpu value class', () => {
  test.each([
    ['nvidia', Gpu.nvidia(2), 'nvidia.com/gpu', 'nvidia.com/gpu', 'nvidia.com/gpu.product'],
    ['nvidiaMig', Gpu.nvidiaMig('3g.40gb', 1), 'nvidia.com/mig-3g.40gb', 'nvidia.com/gpu', 'nvidia.com/gpu.product'],
    ['amd', Gpu.amd(1), 'amd.com/gpu', 'amd.com/gpu', 'amd.com/gpu.product-name'],
    ['intel', Gpu.intel(1), 'gpu.intel.com/i915', 'gpu.intel.com/i915', 'gpu.intel.com/product'],
    ['intelXe', Gpu.intelXe(1), 'gpu.intel.com/xe', 'gpu.intel.com/xe', 'gpu.intel.com/product'],
    ['custom', Gpu.custom('habana.ai/gaudi', 8), 'habana.ai/gaudi', 'habana.ai/gaudi', undefined],
  ])('%s: resource, taint key and product label key', (_name, gpu, resource, taintKey, productLabelKey) => {
    expect(gpu.resourceName).toBe(resource);
    expect(gpu.taintKey).toBe(taintKey);
    expect(gpu.productLabelKey).toBe(productLabelKey);
  });

  test('count, options and a readable form', () => {
    const gpu = Gpu.nvidia(8, { product: 'NVIDIA-H100-80GB-HBM3', runtimeClassName: 'nvidia' });
    expect(gpu.count).toBe(8);
    expect(gpu.options).toEqual({ product: 'NVIDIA-H100-80GB-HBM3', runtimeClassName: 'nvidia' });
    expect(gpu.toString()).toBe('8 x nvidia.com/gpu');
    expect(gpu.migProfile).toBeUndefined();
  });

  test('MIG attributes: the device plugin advertises "+" as "."; both spellings give the same resource', () => {
    expect(Gpu.nvidiaMig('1g.10gb+me', 1).resourceName).toBe('nvidia.com/mig-1g.10gb.me');
    expect(Gpu.nvidiaMig('1g.10gb.me', 1).resourceName).toBe('nvidia.com/mig-1g.10gb.me');
    expect(Gpu.nvidiaMig('1g.23gb+me.all', 1).resourceName).toBe('nvidia.com/mig-1g.23gb.me.all');
    expect(Gpu.nvidiaMig('1g.10gb+me', 2).migProfile).toBe('1g.10gb+me');
  });

  test('the product label key and the custom taint key can be changed', () => {
    expect(Gpu.nvidia(1, { productLabelKey: 'cloud.google.com/gke-accelerator' }).productLabelKey).toBe('cloud.google.com/gke-accelerator');
    const shared = Gpu.custom('nvidia.com/gpu.shared', 1, { taintKey: 'nvidia.com/gpu', productLabelKey: 'nvidia.com/gpu.product' });
    expect(shared.taintKey).toBe('nvidia.com/gpu');
    expect(shared.productLabelKey).toBe('nvidia.com/gpu.product');
  });
});

describe('GPU rendering (TrainingJob)', () => {
  test('the GPU count is both the request and the limit; CPU and memory are unchanged', () => {
    // GIVEN / WHEN
    const job = synthJob({ gpu: Gpu.nvidia(2), cpu: kplus.Cpu.units(4), memory: Size.gibibytes(16) });
    // THEN
    expect(main(job).resources).toEqual({
      requests: { 'cpu': '4', 'memory': '16Gi', 'nvidia.com/gpu': '2' },
      limits: { 'memory': '16Gi', 'nvidia.com/gpu': '2' },
    });
  });

  test('YAML text: the GPU quantity is under both requests and limits', () => {
    // GIVEN
    const chart = Testing.chart();
    new TrainingJob(chart, 'train', { image: 'python:3.12', gpu: Gpu.nvidia(1), memory: Size.gibibytes(8) });
    // WHEN
    const text = Yaml.stringify(...Testing.synth(chart));
    // THEN
    const [block] = resourceBlocks(text);
    expect(block.requests).toContain('nvidia.com/gpu: "1"');
    expect(block.limits).toContain('nvidia.com/gpu: "1"');
    expect(resourceBlocks(text)).toHaveLength(1);
  });

  test('the vendor toleration is added by default, once, and can be switched off', () => {
    expect(podSpec(synthJob({ gpu: Gpu.nvidia(1) })).tolerations).toEqual([NVIDIA_TOLERATION]);
    expect(podSpec(synthJob({ gpu: Gpu.nvidia(1, { tolerateTaint: false }) })).tolerations).toBeUndefined();
    const own = { key: 'nvidia.com/gpu', operator: TolerationOperator.EXISTS, effect: kplus.TaintEffect.NO_SCHEDULE };
    expect(podSpec(synthJob({ gpu: Gpu.nvidia(1), tolerations: [own] })).tolerations).toEqual([NVIDIA_TOLERATION]);
    const other = { key: 'sku', value: 'gpu', effect: kplus.TaintEffect.NO_SCHEDULE };
    expect(podSpec(synthJob({ gpu: Gpu.nvidia(1), tolerations: [other] })).tolerations)
      .toEqual([{ key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, NVIDIA_TOLERATION]);
  });

  test('the product becomes a node selector on the vendor label, beside the user\'s own', () => {
    const job = synthJob({ gpu: Gpu.nvidia(1, { product: 'NVIDIA-A100-SXM4-80GB' }), nodeSelector: { pool: 'training' } });
    expect(podSpec(job).nodeSelector).toEqual({ 'pool': 'training', 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' });
    const gke = synthJob({ gpu: Gpu.nvidia(1, { product: 'nvidia-l4', productLabelKey: 'cloud.google.com/gke-accelerator' }) });
    expect(podSpec(gke).nodeSelector).toEqual({ 'cloud.google.com/gke-accelerator': 'nvidia-l4' });
    expect(podSpec(synthJob({ gpu: Gpu.nvidia(1) })).nodeSelector).toBeUndefined();
  });

  test('the runtime class comes from the GPU (and may repeat the same value as a prop)', () => {
    expect(podSpec(synthJob({ gpu: Gpu.nvidia(1, { runtimeClassName: 'nvidia' }) })).runtimeClassName).toBe('nvidia');
    expect(podSpec(synthJob({ gpu: Gpu.nvidia(1, { runtimeClassName: 'nvidia' }), runtimeClassName: 'nvidia' })).runtimeClassName).toBe('nvidia');
    expect(podSpec(synthJob({ gpu: Gpu.nvidia(1) })).runtimeClassName).toBeUndefined();
  });

  test('a MIG slice: the mig resource, the whole GPU\'s taint and product label', () => {
    const job = synthJob({ gpu: Gpu.nvidiaMig('1g.10gb', 2, { product: 'NVIDIA-A100-SXM4-80GB' }), memory: Size.gibibytes(8) });
    expect(main(job).resources.requests['nvidia.com/mig-1g.10gb']).toBe('2');
    expect(main(job).resources.limits['nvidia.com/mig-1g.10gb']).toBe('2');
    expect(main(job).resources.limits['nvidia.com/gpu']).toBeUndefined();
    expect(podSpec(job).tolerations).toEqual([NVIDIA_TOLERATION]);
    expect(podSpec(job).nodeSelector).toEqual({ 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' });
  });

  test.each([
    ['AMD', Gpu.amd(2, { product: 'AMD_Instinct_MI300X_OAM' }), 'amd.com/gpu', 'amd.com/gpu.product-name'],
    ['Intel', Gpu.intel(1, { product: 'Max_1550' }), 'gpu.intel.com/i915', 'gpu.intel.com/product'],
    ['Intel xe', Gpu.intelXe(1, { product: 'Arc_Pro_B60' }), 'gpu.intel.com/xe', 'gpu.intel.com/product'],
  ])('%s: resource, toleration and product selector', (_name, gpu, resource, productKey) => {
    const job = synthJob({ gpu, memory: Size.gibibytes(8) });
    expect(main(job).resources.requests[resource]).toBe(String(gpu.count));
    expect(main(job).resources.limits[resource]).toBe(String(gpu.count));
    expect(podSpec(job).tolerations).toEqual([{ key: resource, operator: 'Exists', effect: 'NoSchedule' }]);
    expect(podSpec(job).nodeSelector).toEqual({ [productKey]: gpu.options.product });
  });

  test('a custom device: its own resource, its taint key, no product selector unless a key is given', () => {
    const job = synthJob({ gpu: Gpu.custom('habana.ai/gaudi', 8, { taintKey: 'habana.ai/gaudi' }), memory: Size.gibibytes(64) });
    expect(main(job).resources.limits['habana.ai/gaudi']).toBe('8');
    expect(podSpec(job).tolerations).toEqual([{ key: 'habana.ai/gaudi', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(podSpec(job).nodeSelector).toBeUndefined();
  });

  test('other extended resources stay beside the GPU', () => {
    const job = synthJob({ gpu: Gpu.nvidia(1), extendedResources: { 'rdma/hca': 1 }, memory: Size.gibibytes(8) });
    expect(main(job).resources.limits).toEqual({ 'memory': '8Gi', 'rdma/hca': '1', 'nvidia.com/gpu': '1' });
  });

  test('no GPU: no toleration, no /dev/shm, no GPU resource', () => {
    const job = synthJob({});
    expect(podSpec(job).tolerations).toBeUndefined();
    expect(podSpec(job).volumes.map((v: any) => v.name)).toEqual([Defaults.TMP_VOLUME_NAME]);
    expect(Object.keys(main(job).resources.limits)).toEqual(['memory']);
  });

  test('NVIDIA_VISIBLE_DEVICES is never set: the device plugin sets it', () => {
    for (const env of main(synthJob({ gpu: Gpu.nvidia(4), memory: Size.gibibytes(32) })).env) {
      expect(env.name).not.toBe('NVIDIA_VISIBLE_DEVICES');
    }
    const chart = Testing.chart();
    new GpuJob(chart, 'gpu', { image: 'python:3.12', gpu: Gpu.nvidia(1) });
    expect(Yaml.stringify(...Testing.synth(chart))).not.toContain('NVIDIA_VISIBLE_DEVICES');
  });
});

describe('/dev/shm', () => {
  function shm(job: any): { volume?: any; mount?: any } {
    return {
      volume: podSpec(job).volumes.find((v: any) => v.name === Defaults.SHM_VOLUME_NAME),
      mount: main(job).volumeMounts.find((m: any) => m.mountPath === Defaults.SHM_MOUNT_PATH),
    };
  }

  test('Defaults.SHM_PER_GPU per GPU, memory-backed, mounted at /dev/shm', () => {
    // GIVEN / WHEN
    const { volume, mount } = shm(synthJob({ gpu: Gpu.nvidia(2), memory: Size.gibibytes(32) }));
    // THEN
    expect(Defaults.SHM_PER_GPU.toGibibytes()).toBe(2);
    expect(volume).toEqual({ name: Defaults.SHM_VOLUME_NAME, emptyDir: { medium: 'Memory', sizeLimit: '4Gi' } });
    expect(mount).toEqual({ name: Defaults.SHM_VOLUME_NAME, mountPath: '/dev/shm' });
  });

  test('capped at Defaults.SHM_MAX_FRACTION_OF_MEMORY_LIMIT of the memory limit', () => {
    expect(Defaults.SHM_MAX_FRACTION_OF_MEMORY_LIMIT).toBe(0.5);
    expect(shm(synthJob({ gpu: Gpu.nvidia(4), memory: Size.gibibytes(8) })).volume.emptyDir.sizeLimit).toBe('4Gi');
    expect(shm(synthJob({ gpu: Gpu.nvidia(1), memory: Size.gibibytes(1) })).volume.emptyDir.sizeLimit).toBe('512Mi');
    expect(shm(synthJob({ gpu: Gpu.nvidia(4), memory: Size.gibibytes(4), memoryLimit: Size.gibibytes(12) })).volume.emptyDir.sizeLimit).toBe('6Gi');
  });

  test('not capped without a memory limit', () => {
    expect(shm(synthJob({ gpu: Gpu.nvidia(8), disableMemoryLimit: true })).volume.emptyDir.sizeLimit).toBe('16Gi');
  });

  test('left out when the cap is below the runtime\'s own 64 MiB', () => {
    const { volume, mount } = shm(synthJob({ gpu: Gpu.nvidia(1), memory: Size.mebibytes(100) }));
    expect(volume).toBeUndefined();
    expect(mount).toBeUndefined();
  });

  test('an explicit size wins (also without a GPU), and it can be switched off', () => {
    expect(shm(synthJob({ gpu: Gpu.nvidia(1), memory: Size.gibibytes(8), sharedMemory: Size.gibibytes(6) })).volume.emptyDir.sizeLimit).toBe('6Gi');
    expect(shm(synthJob({ sharedMemory: Size.mebibytes(256) })).volume.emptyDir).toEqual({ medium: 'Memory', sizeLimit: '256Mi' });
    const off = synthJob({ gpu: Gpu.nvidia(1), memory: Size.gibibytes(8), disableSharedMemory: true });
    expect(shm(off)).toEqual({ volume: undefined, mount: undefined });
  });
});

describe('GPU validation', () => {
  const PATH = /TrainingJob 'test\/train'/;

  test.each([
    ['zero', 0],
    ['negative', -1],
    ['fractional', 0.5],
  ])('fails on a %s GPU count', (_what, count) => {
    const run = build({ gpu: Gpu.nvidia(count) });
    expect(run).toThrow(PATH);
    expect(run).toThrow(new RegExp(`'gpu.count' \\(${String(count).replace('.', '\\.')}\\) must be a whole number of at least 1`));
  });

  test.each([
    ['no "g"', '1.10gb'],
    ['a slice count no GPU has', '5g.20gb'],
    ['an unknown attribute', '1g.10gb+foo'],
    ['a trailing space', '1g.10gb '],
  ])('fails on a MIG profile with %s', (_what, profile) => {
    expect(build({ gpu: Gpu.nvidiaMig(profile, 1) }))
      .toThrow(/TrainingJob 'test\/train': 'gpu.profile' \(".*"\) must be a MIG profile '<slices>g.<memory>gb' with 1, 2, 3, 4, 6, 7 or 8 slices/);
  });

  test('fails on a compute-instance MIG profile, which the device plugin does not advertise', () => {
    expect(build({ gpu: Gpu.nvidiaMig('1c.2g.10gb', 1) }))
      .toThrow(/'gpu.profile' \("1c.2g.10gb"\) must be a GPU-instance profile without a compute-instance prefix/);
  });

  test('fails on a GPU resource in an init container', () => {
    const init = { name: 'warmup', image: 'python:3.12', extendedResources: { 'nvidia.com/mig-1g.10gb': 1 } };
    expect(build({ gpu: Gpu.nvidia(1), initContainers: [init] }))
      .toThrow(/TrainingJob 'test\/train': 'initContainers\[0\].extendedResources' \("nvidia.com\/mig-1g.10gb"\) must be free of GPU resources/);
  });

  test.each([
    ['a space', 'NVIDIA A100'],
    ['more than 63 characters', 'A'.repeat(64)],
    ['empty', ''],
  ])('fails on a product that is not a label value: %s', (_what, product) => {
    expect(build({ gpu: Gpu.nvidia(1, { product }) }))
      .toThrow(/TrainingJob 'test\/train': 'gpu.product' \(".*"\) must be a valid label value/);
  });

  test('fails on a product for a device without a product label key', () => {
    expect(build({ gpu: Gpu.custom('example.com/gpu', 1, { product: 'x1' }) }))
      .toThrow(/'gpu.product' \("x1"\) must be left out for a GPU without a product label key/);
  });

  test('fails on a node selector that contradicts the product', () => {
    expect(build({ gpu: Gpu.nvidia(1, { product: 'Tesla-T4' }), nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-L4' } }))
      .toThrow(/'nodeSelector.nvidia.com\/gpu.product' \("NVIDIA-L4"\) must be the same as the GPU's product \(Tesla-T4\)/);
  });

  test('fails on an extendedResources entry for the GPU that \'gpu\' requests', () => {
    expect(build({ gpu: Gpu.nvidia(1), extendedResources: { 'nvidia.com/gpu': 2 } }))
      .toThrow(/TrainingJob 'test\/train': 'extendedResources.nvidia.com\/gpu' \(2\) must be left out when 'gpu' is set \(gpu: 1 x nvidia.com\/gpu\)/);
  });

  test('fails on a second kind of GPU in extendedResources', () => {
    expect(build({ gpu: Gpu.nvidia(1), extendedResources: { 'amd.com/gpu': 1 } }))
      .toThrow(/'extendedResources.amd.com\/gpu' \(1\) must be left out when 'gpu' is set \(gpu: 1 x nvidia.com\/gpu\): a pod gets GPUs of one kind/);
  });

  test('fails on a GPU in extendedResources without \'gpu\'', () => {
    expect(build({ extendedResources: { 'nvidia.com/gpu': 1 } }))
      .toThrow(/'extendedResources.nvidia.com\/gpu' \(1\) must be requested through 'gpu'.*; e.g. gpu: Gpu.nvidia\(1\)/);
  });

  test.each([
    ['no domain', 'gpu'],
    ['the kubernetes.io domain', 'kubernetes.io/gpu'],
  ])('fails on a custom resource name with %s', (_what, name) => {
    expect(build({ gpu: Gpu.custom(name, 1, { taintKey: 'example.com/gpu' }) }))
      .toThrow(/'gpu.resourceName' \(".*"\) must be an extended resource name/);
  });

  test('fails on an invalid taint key or product label key', () => {
    expect(build({ gpu: Gpu.custom('example.com/gpu', 1, { taintKey: 'bad key' }) }))
      .toThrow(/'gpu.taintKey' \("bad key"\) must be a valid taint key/);
    expect(build({ gpu: Gpu.nvidia(1, { productLabelKey: 'gpu product' }) }))
      .toThrow(/'gpu.productLabelKey' \("gpu product"\) must be a valid label key/);
  });

  test('fails on a runtime class that is not a DNS-1123 name, or that contradicts runtimeClassName', () => {
    expect(build({ gpu: Gpu.nvidia(1, { runtimeClassName: 'NVIDIA_runtime' }) }))
      .toThrow(/'runtimeClassName' \("NVIDIA_runtime"\) must be a DNS-1123 name/);
    expect(build({ gpu: Gpu.nvidia(1, { runtimeClassName: 'nvidia' }), runtimeClassName: 'kata' }))
      .toThrow(/'runtimeClassName' \("kata"\) must be the same as the GPU's runtimeClassName \(nvidia\)/);
  });

  test('fails on a /dev/shm that is not smaller than the memory limit', () => {
    expect(build({ gpu: Gpu.nvidia(1), memory: Size.gibibytes(4), sharedMemory: Size.gibibytes(4) }))
      .toThrow(/'sharedMemory' \(4Gi\) must be smaller than the memory limit \(4Gi\), which it counts within/);
  });

  test('fails on sharedMemory together with disableSharedMemory', () => {
    expect(build({ gpu: Gpu.nvidia(1), sharedMemory: Size.gibibytes(1), disableSharedMemory: true }))
      .toThrow(/'sharedMemory' \(1Gi\) must be left out when 'disableSharedMemory' is set/);
  });

  test('fails on NVIDIA_VISIBLE_DEVICES beside an NVIDIA GPU', () => {
    expect(build({ gpu: Gpu.nvidia(1), env: { NVIDIA_VISIBLE_DEVICES: kplus.EnvValue.fromValue('all') } }))
      .toThrow(/'env.NVIDIA_VISIBLE_DEVICES' \("all"\) must be left unset with 'gpu'/);
  });

  test('fails on a gpu that is not a Gpu', () => {
    expect(build({ gpu: { resourceName: 'nvidia.com/gpu', count: 1 } as any }))
      .toThrow(/TrainingJob 'test\/train': 'gpu' \(.*\) must be a Gpu; import \{ Gpu \} from 'cdk8s-batch', e.g. Gpu.nvidia\(1\)/);
  });
});

describe('GPU examples', () => {
  /** Each example chart: its manifests (schema-checked) and their YAML text. */
  function examples(): Map<string, { manifests: any[]; yaml: string }> {
    const app = Testing.app();
    const charts = gpuCharts(app);
    return new Map(charts.map(chart => {
      const manifests = Testing.synth(chart);
      return [chart.node.id, { manifests, yaml: Yaml.stringify(...manifests) }];
    }));
  }

  test.each([
    ['train-model-gpu', 'nvidia.com/gpu: "1"'],
    ['pytorch-ddp-8gpu', 'nvidia.com/gpu: "8"'],
    ['mig-inference', 'nvidia.com/mig-1g.10gb: "1"'],
    ['mig-inference-shards', 'nvidia.com/mig-1g.10gb: "1"'],
    ['nightly-gpu-retrain', 'nvidia.com/gpu: "1"'],
  ])('%s: the YAML has the GPU quantity under both requests and limits', (id, line) => {
    // GIVEN / WHEN
    const example = examples().get(id)!;
    // THEN
    expect(example.manifests).toHaveLength(1);
    const blocks = resourceBlocks(example.yaml);
    expect(blocks).toHaveLength(1);
    expect(blocks[0].requests).toContain(line);
    expect(blocks[0].limits).toContain(line);
  });

  test('the guide\'s GPU job keeps its container, command and backoff limit', () => {
    const [job] = examples().get('train-model-gpu')!.manifests;
    expect(job.metadata.name).toBe('train-model-gpu');
    expect(job.spec.backoffLimit).toBe(4);
    expect(main(job)).toMatchObject({ name: 'trainer', image: 'python:3.10', command: ['python', 'train.py'] });
  });

  test('the 8-GPU PyTorch job has a 16Gi memory-backed /dev/shm and the A100 product selector', () => {
    const { manifests, yaml } = examples().get('pytorch-ddp-8gpu')!;
    expect(podSpec(manifests[0]).volumes).toContainEqual({ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '16Gi' } });
    expect(yaml).toMatch(/- emptyDir:\n\s+medium: Memory\n\s+sizeLimit: 16Gi\n\s+name: dshm/);
    expect(podSpec(manifests[0]).nodeSelector).toEqual({ 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' });
  });

  test('the MIG jobs: the slice per pod, the NVIDIA taint tolerated, the runtime class where asked', () => {
    const ex = examples();
    const [single] = ex.get('mig-inference')!.manifests;
    expect(podSpec(single).runtimeClassName).toBe('nvidia');
    const [shards] = ex.get('mig-inference-shards')!.manifests;
    expect(shards.spec).toMatchObject({ completionMode: 'Indexed', completions: 40, parallelism: 7 });
    for (const job of [single, shards]) {
      expect(podSpec(job).tolerations).toContainEqual(NVIDIA_TOLERATION);
      expect(main(job).resources.limits['nvidia.com/mig-1g.10gb']).toBe('1');
    }
  });
});

describe('every construct takes gpu through the shared renderer', () => {
  test('ParallelShardJob: each shard pod gets the GPU spec', () => {
    // GIVEN
    const chart = Testing.chart();
    new ParallelShardJob(chart, 'shards', {
      image: 'python:3.12', shards: 4, gpu: Gpu.nvidiaMig('2g.20gb', 1, { product: 'NVIDIA-A100-SXM4-80GB' }), memory: Size.gibibytes(8),
    });
    // WHEN
    const [job] = Testing.synth(chart);
    // THEN
    expect(job.spec.completions).toBe(4);
    expect(main(job).resources.requests['nvidia.com/mig-2g.20gb']).toBe('1');
    expect(main(job).resources.limits['nvidia.com/mig-2g.20gb']).toBe('1');
    expect(podSpec(job).tolerations).toEqual([NVIDIA_TOLERATION]);
    expect(podSpec(job).nodeSelector).toEqual({ 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' });
    expect(podSpec(job).volumes).toContainEqual({ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '2Gi' } });
  });

  test('NightlyCronJob: the job template\'s pods get the GPU spec', () => {
    // GIVEN
    const chart = Testing.chart();
    new NightlyCronJob(chart, 'nightly', {
      image: 'python:3.12', gpu: Gpu.nvidia(2, { runtimeClassName: 'nvidia' }), memory: Size.gibibytes(16),
    });
    // WHEN
    const [cron] = Testing.synth(chart);
    const text = Yaml.stringify(cron);
    // THEN
    expect(cron.kind).toBe('CronJob');
    const pod = cron.spec.jobTemplate.spec.template.spec;
    expect(pod.containers[0].resources.requests['nvidia.com/gpu']).toBe('2');
    expect(pod.containers[0].resources.limits['nvidia.com/gpu']).toBe('2');
    expect(pod.tolerations).toEqual([NVIDIA_TOLERATION]);
    expect(pod.runtimeClassName).toBe('nvidia');
    expect(pod.volumes).toContainEqual({ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '4Gi' } });
    const [block] = resourceBlocks(text);
    expect(block.requests).toContain('nvidia.com/gpu: "2"');
    expect(block.limits).toContain('nvidia.com/gpu: "2"');
  });
});
