/**
 * Options for a GPU request.
 */
export interface GpuOptions {
  /**
   * Require nodes whose GPU product label has this value, e.g. `NVIDIA-A100-SXM4-80GB` or
   * `Tesla-T4` for `nvidia.com/gpu.product` (set by NVIDIA GPU feature discovery, also on nodes
   * whose GPUs are split into MIG slices), `AMD_Instinct_MI300X_OAM` for
   * `amd.com/gpu.product-name`, `Flex_170` for `gpu.intel.com/product`. Must be a valid label
   * value: copy it from `kubectl get nodes -L <productLabelKey>`.
   * @default - any GPU of the resource
   */
  readonly product?: string;

  /**
   * Node label key that `product` selects on, for clusters that label GPU models another way,
   * e.g. `cloud.google.com/gke-accelerator` on GKE (values such as `nvidia-l4`).
   * @default - the vendor's product label: `nvidia.com/gpu.product`, `amd.com/gpu.product-name` or `gpu.intel.com/product`; none for `Gpu.custom()`
   */
  readonly productLabelKey?: string;

  /**
   * Tolerate the GPU taint (`<taintKey>`, operator `Exists`, effect `NoSchedule`) that keeps
   * other pods off GPU nodes (GKE puts `nvidia.com/gpu=present:NoSchedule` on GPU node pools;
   * it is also the key the ExtendedResourceToleration admission plugin tolerates).
   * @default Defaults.GPU_TOLERATE_TAINT
   */
  readonly tolerateTaint?: boolean;

  /**
   * RuntimeClass of the pod, e.g. `nvidia` where the NVIDIA container runtime is installed but
   * is not the node's default runtime (the NVIDIA GPU operator creates a class of that name).
   * @default - the cluster's default runtime
   */
  readonly runtimeClassName?: string;
}

/**
 * Options for a custom extended-resource GPU.
 */
export interface CustomGpuOptions extends GpuOptions {
  /**
   * Taint key to tolerate when `tolerateTaint` is on.
   * @default - the resource name (the key the ExtendedResourceToleration admission plugin uses)
   */
  readonly taintKey?: string;
}

/** The NVIDIA device plugin's resource for whole GPUs (and MIG slices with the "single" strategy). */
const NVIDIA_GPU = 'nvidia.com/gpu';

/**
 * GPUs for a job's main container: an extended resource with a whole count, set as both request
 * and limit, plus where such pods may be scheduled (the vendor's taint, an optional product
 * label, an optional RuntimeClass).
 *
 * The values are checked when a construct uses them, so errors name the construct.
 *
 * @example
 * Gpu.nvidia(1)
 * Gpu.nvidia(8, { product: 'NVIDIA-H100-80GB-HBM3' })
 * Gpu.nvidiaMig('1g.10gb', 1)
 */
export class Gpu {
  /**
   * Whole NVIDIA GPUs (`nvidia.com/gpu`, from the NVIDIA device plugin). With the plugin's MIG
   * "single" strategy every MIG slice is also advertised as `nvidia.com/gpu`.
   *
   * @param count whole number of GPUs, at least 1
   * @param options placement options
   */
  public static nvidia(count: number, options: GpuOptions = {}): Gpu {
    return new Gpu(NVIDIA_GPU, count, NVIDIA_GPU, opt(options).productLabelKey ?? 'nvidia.com/gpu.product', options);
  }

  /**
   * NVIDIA MIG slices with the device plugin's "mixed" strategy (`nvidia.com/mig-<profile>`).
   * The profile is the GPU-instance profile as `nvidia-smi mig -lgip` names it:
   * `<slices>g.<memory>gb`, e.g. `1g.5gb`, `1g.10gb`, `2g.20gb`, `3g.40gb`, `7g.80gb`, optionally
   * with the media-extension or graphics attribute: `1g.10gb+me` (advertised as
   * `nvidia.com/mig-1g.10gb.me`, as the device plugin replaces `+` with `.`), `1g.23gb+me.all`,
   * `1g.24gb+gfx`, `1g.23gb-me`. Nodes with MIG slices keep the whole GPU's product label and
   * taint, so `product` and `tolerateTaint` work as for `Gpu.nvidia()`.
   *
   * @param profile MIG GPU-instance profile, e.g. `1g.10gb`
   * @param count whole number of slices, at least 1
   * @param options placement options
   */
  public static nvidiaMig(profile: string, count: number, options: GpuOptions = {}): Gpu {
    const resource = `nvidia.com/mig-${String(profile).replace(/\+/g, '.')}`;
    return new Gpu(resource, count, NVIDIA_GPU, opt(options).productLabelKey ?? 'nvidia.com/gpu.product', options, profile);
  }

  /**
   * AMD GPUs (`amd.com/gpu`, from the ROCm device plugin), placed by the
   * `amd.com/gpu.product-name` label of the AMD GPU node labeller.
   *
   * @param count whole number of GPUs, at least 1
   * @param options placement options
   */
  public static amd(count: number, options: GpuOptions = {}): Gpu {
    return new Gpu('amd.com/gpu', count, 'amd.com/gpu', opt(options).productLabelKey ?? 'amd.com/gpu.product-name', options);
  }

  /**
   * Intel GPUs driven by the `i915` kernel driver (`gpu.intel.com/i915`, from the Intel GPU
   * device plugin: Data Center GPU Flex and Max series, older client GPUs), placed by the
   * `gpu.intel.com/product` label of Intel's node feature rules.
   *
   * @param count whole number of GPUs, at least 1
   * @param options placement options
   */
  public static intel(count: number, options: GpuOptions = {}): Gpu {
    return new Gpu('gpu.intel.com/i915', count, 'gpu.intel.com/i915', opt(options).productLabelKey ?? 'gpu.intel.com/product', options);
  }

  /**
   * Intel GPUs driven by the `xe` kernel driver (`gpu.intel.com/xe`: Battlemage, Lunar Lake and
   * newer), placed by the `gpu.intel.com/product` label.
   *
   * @param count whole number of GPUs, at least 1
   * @param options placement options
   */
  public static intelXe(count: number, options: GpuOptions = {}): Gpu {
    return new Gpu('gpu.intel.com/xe', count, 'gpu.intel.com/xe', opt(options).productLabelKey ?? 'gpu.intel.com/product', options);
  }

  /**
   * Any other extended resource that a device plugin advertises, e.g. the time-sliced
   * `nvidia.com/gpu.shared` (with `taintKey: 'nvidia.com/gpu'` and
   * `productLabelKey: 'nvidia.com/gpu.product'`) or `habana.ai/gaudi`.
   *
   * @param resourceName extended resource name (`<domain>/<name>`, outside `kubernetes.io`)
   * @param count whole number of devices, at least 1
   * @param options placement options
   */
  public static custom(resourceName: string, count: number, options: CustomGpuOptions = {}): Gpu {
    return new Gpu(resourceName, count, opt(options).taintKey ?? resourceName, opt(options).productLabelKey, options, undefined, 'cdk8s-batch.CustomGpuOptions');
  }

  /** The extended resource name, e.g. `nvidia.com/gpu` or `nvidia.com/mig-1g.10gb`. */
  public readonly resourceName: string;

  /** Number of devices (requested and limited alike). */
  public readonly count: number;

  /** Key of the taint tolerated when `options.tolerateTaint` is on. */
  public readonly taintKey: string;

  /** Node label key that `options.product` selects on. */
  public readonly productLabelKey?: string;

  /** The options given. */
  public readonly options: GpuOptions;

  /** The MIG profile, for MIG slices. */
  public readonly migProfile?: string;

  /**
   * The props struct `options` was given as (checked when a construct uses the GPU).
   * @internal
   */
  public readonly _optionsType: string;

  private constructor(resourceName: string, count: number, taintKey: string, productLabelKey: string | undefined,
    options: GpuOptions, migProfile?: string, optionsType = 'cdk8s-batch.GpuOptions') {
    this.resourceName = resourceName;
    this.count = count;
    this.taintKey = taintKey;
    this.productLabelKey = productLabelKey;
    this.options = options ?? {};
    this.migProfile = migProfile;
    this._optionsType = optionsType;
  }

  /** Readable form used in error messages, e.g. `2 x nvidia.com/gpu`. */
  public toString(): string {
    return `${this.count} x ${this.resourceName}`;
  }
}

/** Options as given: a plain JavaScript caller may pass `null` or another type; checked when used. */
function opt(options: unknown): { productLabelKey?: string; taintKey?: string } {
  return typeof options === 'object' && options !== null ? options : {};
}
