/**
 * Internal: container resources, extended resources and GPUs (requests equal limits, placement,
 * the memory-backed `/dev/shm`): their props checks (run by src/_checks.ts) and their rendering
 * (run by src/_render.ts).
 */
import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { checkStructValue } from './_props';
import { BatchValidationError, Where, checkExclusive, checkInstance, checkQuantity, checkRequestWithinLimit, fail, isExtendedResourceName, isLabelValue, isQualifiedName } from './_validate';
import { Defaults } from './defaults';
import { Gpu } from './gpu';
import { BatchJobOptions } from './job-options';

const k8s = kplus.k8s;

/**
 * GPU resources of the NVIDIA (whole, time-sliced `gpu.shared`, MIG), AMD and Intel device
 * plugins (Intel's `gpu.intel.com/*` includes the millicores/memory.max/tiles of fractional use).
 */
const KNOWN_GPU_RESOURCES = /^(nvidia\.com\/(gpu(\..+)?|mig-.+)|amd\.com\/gpu|gpu\.intel\.com\/.+)$/;

/**
 * Set by the NVIDIA device plugin (envvar device-list strategy) to the GPUs allocated to the
 * container; cdk8s-batch never sets it, and rejects a value of the user's beside `gpu`.
 */
export const NVIDIA_VISIBLE_DEVICES = 'NVIDIA_VISIBLE_DEVICES';

export function isGpuResource(resource: string, gpu: Gpu | undefined): boolean {
  return KNOWN_GPU_RESOURCES.test(resource) || resource === gpu?.resourceName;
}


// -------------------------------------------------------------------------------------------------
// Resources
// -------------------------------------------------------------------------------------------------

/** The resource props of a container (the job's main container, or an init container). */
export type ResourceInput = Pick<BatchJobOptions,
'cpu' | 'cpuLimit' | 'memory' | 'memoryLimit' | 'disableMemoryLimit' | 'ephemeralStorage' | 'ephemeralStorageLimit' | 'extendedResources' | 'gpu'>;

/** The checks of a container's resource props; returns the rendered memory limit (for /dev/shm). */
export function checkResourceProps(where: Where, prefix: string, r: ResourceInput): { memory?: string } {
  checkExclusive(where, `${prefix}memoryLimit`, r.memoryLimit, `${prefix}disableMemoryLimit`, r.disableMemoryLimit);
  const { cpu, cpuLimit, memory, memoryLimit, eph, ephLimit } = quantities(r);
  checkQuantity(where, `${prefix}cpu`, cpu, true);
  checkQuantity(where, `${prefix}cpuLimit`, cpuLimit, true);
  checkQuantity(where, `${prefix}memory`, memory, true);
  checkQuantity(where, `${prefix}memoryLimit`, memoryLimit, true);
  checkQuantity(where, `${prefix}ephemeralStorage`, eph, true);
  checkQuantity(where, `${prefix}ephemeralStorageLimit`, ephLimit, true);
  checkRequestWithinLimit(where, `${prefix}cpu`, cpu, `${prefix}cpuLimit`, cpuLimit);
  checkRequestWithinLimit(where, `${prefix}memory`, memory, `${prefix}memoryLimit`, memoryLimit);
  checkRequestWithinLimit(where, `${prefix}ephemeralStorage`, eph, `${prefix}ephemeralStorageLimit`, ephLimit);
  for (const name of Object.keys(r.extendedResources ?? {})) {
    // GPUs only through `gpu`: it sets requests == limits and adds the placement and /dev/shm
    // that a GPU pod needs; a second GPU resource beside it would be a different kind of GPU.
    if (r.gpu && name === r.gpu.resourceName) {
      fail(where, `${prefix}extendedResources.${name}`, r.extendedResources![name],
        `left out when 'gpu' is set (gpu: ${r.gpu.toString()}), which already requests it`, 'request GPUs only through \'gpu\'');
    }
    if (isGpuResource(name, r.gpu)) {
      fail(where, `${prefix}extendedResources.${name}`, r.extendedResources![name],
        r.gpu ? `left out when 'gpu' is set (gpu: ${r.gpu.toString()}): a pod gets GPUs of one kind`
          : 'requested through \'gpu\', which also adds the GPU toleration, product selector and /dev/shm',
        r.gpu ? 'request GPUs only through \'gpu\'' : 'e.g. gpu: Gpu.nvidia(1), or Gpu.custom(name, count) for another device');
    }
  }
  for (const [name, count, prop] of extendedResources(prefix, r)) {
    if (!isExtendedResource(name)) {
      fail(where, prop, name, 'an extended resource name (a domain-prefixed name outside kubernetes.io, e.g. \'example.com/fpga\')',
        'use the name the device plugin advertises');
    }
    if (!Number.isInteger(count) || count < 1) {
      fail(where, prop, count, 'a whole number of at least 1 (extended resources cannot be shared or overcommitted)', 'e.g. 1');
    }
  }
  return { memory: memoryLimit };
}

/** The quantities of a container's resource props, as strings (defaults applied). */
export function resourceQuantities(r: ResourceInput): { [key: string]: string | undefined } {
  return quantities(r);
}

function quantities(r: ResourceInput) {
  const memory = (r.memory ?? Defaults.MEMORY_REQUEST).asString();
  return {
    cpu: (r.cpu ?? Defaults.CPU_REQUEST).amount,
    cpuLimit: r.cpuLimit?.amount,
    memory,
    memoryLimit: r.disableMemoryLimit ? undefined : (r.memoryLimit?.asString() ?? memory),
    eph: r.ephemeralStorage?.asString(),
    ephLimit: r.ephemeralStorageLimit?.asString(),
  };
}

/** Extended resources with the prop that sets each: `extendedResources`, then the GPU. */
function extendedResources(prefix: string, r: ResourceInput): Array<[string, number, string]> {
  const out: Array<[string, number, string]> = Object.entries(r.extendedResources ?? {})
    .map(([name, count]) => [name, count, `${prefix}extendedResources.${name}`]);
  if (r.gpu) out.push([r.gpu.resourceName, r.gpu.count, 'gpu']);
  return out;
}

/** A container's `resources` (the props are checked). */
export function renderResources(r: ResourceInput): kplus.k8s.ResourceRequirements {
  const { cpu, cpuLimit, memory, memoryLimit, eph, ephLimit } = quantities(r);
  const requests: { [key: string]: kplus.k8s.Quantity } = { cpu: q(cpu), memory: q(memory) };
  const limits: { [key: string]: kplus.k8s.Quantity } = {};
  if (cpuLimit) limits.cpu = q(cpuLimit);
  if (memoryLimit) limits.memory = q(memoryLimit);
  if (eph) requests['ephemeral-storage'] = q(eph);
  if (ephLimit) limits['ephemeral-storage'] = q(ephLimit);
  for (const [name, count] of extendedResources('', r)) {
    requests[name] = q(String(count));
    limits[name] = q(String(count));
  }
  return { requests, limits: Object.keys(limits).length ? limits : undefined };
}

function q(value: string): kplus.k8s.Quantity {
  return k8s.Quantity.fromString(value);
}


/**
 * A MIG GPU-instance profile as the NVIDIA device plugin advertises it with the "mixed" strategy:
 * parseMigProfile (go-nvlib pkg/nvlib/device/mig_profile.go) reads `[<c>c.]<g>g.<gb>gb` with
 * `+<attr>` or `-<attr>` attributes, and AddDefaultResourcesToConfig (k8s-device-plugin
 * internal/rm/rm.go) advertises only profiles whose compute slices equal their GPU slices (no
 * `<c>c.` prefix), as `mig-<profile>` with `+` replaced by `.`. The GPU-instance slice counts are
 * those NewMigProfile knows (1, 2, 3, 4, 6, 7, 8); the attributes those NVML reports (`me`,
 * `me.all`, `gfx`, and `-me`). The `.`-spelling of the resource name is accepted too.
 */
const MIG_PROFILE = /^([1-9]\d*)g\.([1-9]\d*)gb(?:[+.](?:me|me\.all|gfx)|-me)?$/;
const MIG_GPU_INSTANCE_SLICES = new Set([1, 2, 3, 4, 6, 7, 8]);

/** Checks a `Gpu` (the value class holds what it was given; the rules live here). */
export function checkGpu(where: Where, gpu: Gpu): void {
  if (!(gpu instanceof Gpu)) {
    fail(where, 'gpu', gpu, 'a Gpu', 'e.g. Gpu.nvidia(1)');
  }
  // The options struct, as plain JavaScript and Python callers give it (unknown keys, wrong types).
  const problems: string[] = [];
  checkStructValue(where, 'gpu.options', gpu.options, gpu._optionsType, problems);
  if (problems.length > 0) throw new BatchValidationError(problems.join('\n'));
  // ValidateResourceQuantityValue (1.28 core validation): extended resources are integers;
  // zero would request nothing, so at least one.
  if (typeof gpu.count !== 'number' || !Number.isInteger(gpu.count) || gpu.count < 1) {
    fail(where, 'gpu.count', gpu.count, 'a whole number of at least 1 (a device plugin hands out whole devices)',
      'e.g. Gpu.nvidia(1); for a slice of a GPU use Gpu.nvidiaMig(\'1g.10gb\', 1)');
  }
  if (gpu.migProfile !== undefined) {
    const profile = gpu.migProfile;
    const m = typeof profile === 'string' ? MIG_PROFILE.exec(profile) : null;
    if (typeof profile === 'string' && /^[1-9]\d*c\./.test(profile)) {
      fail(where, 'gpu.profile', profile, 'a GPU-instance profile without a compute-instance prefix (\'<slices>g.<memory>gb\'): '
        + 'the device plugin does not advertise compute-instance profiles', 'e.g. Gpu.nvidiaMig(\'1g.10gb\', 1)');
    }
    if (!m || !MIG_GPU_INSTANCE_SLICES.has(Number(m[1]))) {
      fail(where, 'gpu.profile', profile, 'a MIG profile \'<slices>g.<memory>gb\' with 1, 2, 3, 4, 6, 7 or 8 slices, '
        + 'optionally with \'+me\', \'+me.all\', \'+gfx\' or \'-me\'',
      'copy it from `nvidia-smi mig -lgip` or the node\'s nvidia.com/mig-* resources, e.g. \'1g.10gb\', \'3g.40gb\' or \'1g.10gb+me\'');
    }
  }
  if (typeof gpu.resourceName !== 'string' || !isExtendedResource(gpu.resourceName)) {
    fail(where, 'gpu.resourceName', gpu.resourceName,
      'an extended resource name (a domain-prefixed name outside kubernetes.io, e.g. \'example.com/gpu\')', 'use the name the device plugin advertises');
  }
  if (typeof gpu.taintKey !== 'string' || !isQualifiedName(gpu.taintKey)) {
    fail(where, 'gpu.taintKey', gpu.taintKey, 'a valid taint key ([prefix/]name)', 'e.g. \'nvidia.com/gpu\'');
  }
  if (gpu.productLabelKey !== undefined && (typeof gpu.productLabelKey !== 'string' || !isQualifiedName(gpu.productLabelKey))) {
    fail(where, 'gpu.productLabelKey', gpu.productLabelKey, 'a valid label key ([prefix/]name)', 'e.g. \'nvidia.com/gpu.product\'');
  }
}

/** The GPU's product selector: a label value that agrees with the user's node selector. */
export function checkGpuPlacement(where: Where, gpu: Gpu, userSelector: { [key: string]: string }): void {
  const product = gpu.options.product;
  if (product === undefined) return;
  if (!gpu.productLabelKey) {
    fail(where, 'gpu.product', product, 'left out for a GPU without a product label key', 'set \'productLabelKey\' in Gpu.custom(), or use \'nodeSelector\'');
  }
  // ValidateNodeSelector -> ValidateLabels (1.28): the value must be a label value; an empty
  // one would select nodes that have the label with no value, never a GPU model.
  if (typeof product !== 'string' || !isLabelValue(product) || product === '') {
    fail(where, 'gpu.product', product, 'a valid label value (at most 63 alphanumerics, \'-\', \'_\' or \'.\')', 'copy the value of the node\'s product label, e.g. \'NVIDIA-A100-SXM4-80GB\'');
  }
  const existing = userSelector[gpu.productLabelKey];
  if (existing !== undefined && existing !== product) {
    fail(where, `nodeSelector.${gpu.productLabelKey}`, existing, `the same as the GPU's product (${product})`, 'set the product in one place');
  }
}

/** The GPU's node selector and taint toleration. */
export function renderGpuPlacement(gpu: Gpu): { nodeSelector: { [key: string]: string }; toleration?: kplus.k8s.Toleration } {
  const nodeSelector: { [key: string]: string } = {};
  if (gpu.options.product !== undefined && gpu.productLabelKey) nodeSelector[gpu.productLabelKey] = gpu.options.product;
  const tolerate = gpu.options.tolerateTaint ?? Defaults.GPU_TOLERATE_TAINT;
  return {
    nodeSelector,
    toleration: tolerate ? { key: gpu.taintKey, operator: 'Exists', effect: 'NoSchedule' } : undefined,
  };
}

/** The `/dev/shm` a container gets from its runtime without a volume (Docker and containerd: 64 MiB). */
const RUNTIME_SHM_MIB = 64;

/**
 * The memory-backed `/dev/shm`: `sharedMemory` when given; with a GPU, `Defaults.SHM_PER_GPU` per
 * device, capped at `Defaults.SHM_MAX_FRACTION_OF_MEMORY_LIMIT` of the memory limit (tmpfs pages
 * are charged to the memory cgroup of the writing container, and the kubelet sizes the tmpfs to
 * at most the pod's memory limit: calculateEmptyDirMemorySize, pkg/volume/emptydir). A cap below
 * the runtime's own 64 MiB adds nothing, so no volume is added then.
 */
export function resolveSharedMemory(where: Where, props: BatchJobOptions, memory: Size | undefined, gpu: Gpu | undefined): Size | undefined {
  checkExclusive(where, 'sharedMemory', props.sharedMemory, 'disableSharedMemory', props.disableSharedMemory);
  if (props.sharedMemory !== undefined && !props.disableSharedMemory) {
    checkInstance(where, 'sharedMemory', props.sharedMemory, Size, 'a cdk8s Size', 'Size.gibibytes(16)', 'cdk8s');
    checkQuantity(where, 'sharedMemory', props.sharedMemory.asString(), true);
  }
  return sharedMemorySize(props, memory, gpu);
}

/** The `/dev/shm` size (see `resolveSharedMemory`; the props are checked). */
export function sharedMemorySize(props: BatchJobOptions, memory: Size | undefined, gpu: Gpu | undefined): Size | undefined {
  if (props.disableSharedMemory) return undefined;
  if (props.sharedMemory !== undefined) return props.sharedMemory;
  if (!gpu) return undefined;
  const wanted = Defaults.SHM_PER_GPU.toMebibytes({ rounding: SizeRoundingBehavior.FLOOR }) * gpu.count;
  const memoryLimit = props.disableMemoryLimit ? undefined : (props.memoryLimit ?? memory ?? Defaults.MEMORY_REQUEST);
  const cap = memoryLimit
    ? Math.floor(memoryLimit.toMebibytes({ rounding: SizeRoundingBehavior.FLOOR }) * Defaults.SHM_MAX_FRACTION_OF_MEMORY_LIMIT)
    : wanted;
  const mib = Math.min(wanted, cap);
  return mib > RUNTIME_SHM_MIB ? mebibytes(mib) : undefined;
}

/** A size of whole MiB, written in GiB when it is a whole number of them (`16Gi`, not `16384Mi`). */
export function mebibytes(mib: number): Size {
  return mib % 1024 === 0 ? Size.gibibytes(mib / 1024) : Size.mebibytes(mib);
}


/**
 * A valid extended resource name: a qualified name (validateContainerResourceName) that
 * IsExtendedResourceName accepts (domain-prefixed, outside kubernetes.io).
 */
function isExtendedResource(name: string): boolean {
  return isQualifiedName(name) && isExtendedResourceName(name);
}

/** A size as a quantity (undefined stays undefined). */
export function sizeQuantity(size: Size | undefined): kplus.k8s.Quantity | undefined {
  return size ? k8s.Quantity.fromString(size.asString()) : undefined;
}
