/**
 * Options for a GPU request.
 */
export interface GpuOptions {
  /**
   * Require nodes whose GPU product label has this value (e.g. `NVIDIA-A100-SXM4-80GB` for
   * `nvidia.com/gpu.product`). Must be a valid label value.
   * @default - any GPU of the vendor
   */
  readonly product?: string;

  /**
   * Tolerate the vendor's GPU taint (`<resource>:NoSchedule`, `Exists`), which managed
   * Kubernetes services put on GPU node pools.
   * @default Defaults.GPU_TOLERATE_TAINT
   */
  readonly tolerateTaint?: boolean;

  /**
   * RuntimeClass for GPU pods (e.g. `nvidia` where the NVIDIA runtime is not the default).
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
   * @default - the resource name
   */
  readonly taintKey?: string;

  /**
   * Node label key that `product` selects on.
   * @default - none (`product` is then not allowed)
   */
  readonly productLabelKey?: string;
}

/**
 * GPUs for a job's main container: an extended resource with a whole count, set as both request
 * and limit, plus where such pods may be scheduled.
 *
 * @example
 * Gpu.nvidia(1)
 * Gpu.nvidia(8, { product: 'NVIDIA-H100-80GB-HBM3' })
 * Gpu.nvidiaMig('1g.10gb', 1)
 */
export class Gpu {
  /** NVIDIA GPUs (`nvidia.com/gpu`), placed by the `nvidia.com/gpu.product` label. */
  public static nvidia(count: number, options: GpuOptions = {}): Gpu {
    return new Gpu('nvidia.com/gpu', count, 'nvidia.com/gpu', 'nvidia.com/gpu.product', options);
  }

  /**
   * NVIDIA MIG slices with the "mixed" strategy (`nvidia.com/mig-<profile>`), e.g. profile
   * `1g.10gb` or `3g.40gb`.
   */
  public static nvidiaMig(profile: string, count: number, options: GpuOptions = {}): Gpu {
    return new Gpu(`nvidia.com/mig-${profile}`, count, 'nvidia.com/gpu', 'nvidia.com/gpu.product', options, profile);
  }

  /** AMD GPUs (`amd.com/gpu`), placed by the `amd.com/gpu.product-name` label. */
  public static amd(count: number, options: GpuOptions = {}): Gpu {
    return new Gpu('amd.com/gpu', count, 'amd.com/gpu', 'amd.com/gpu.product-name', options);
  }

  /** Intel GPUs (`gpu.intel.com/i915`), placed by the `gpu.intel.com/product` label. */
  public static intel(count: number, options: GpuOptions = {}): Gpu {
    return new Gpu('gpu.intel.com/i915', count, 'gpu.intel.com/i915', 'gpu.intel.com/product', options);
  }

  /** Any other extended resource that a device plugin advertises. */
  public static custom(resourceName: string, count: number, options: CustomGpuOptions = {}): Gpu {
    return new Gpu(resourceName, count, options.taintKey ?? resourceName, options.productLabelKey, options);
  }

  /**
   * @param resourceName extended resource name, e.g. `nvidia.com/gpu`
   * @param count whole number of devices
   * @param taintKey taint key of the vendor's GPU nodes
   * @param productLabelKey node label key that names the GPU model
   * @param options the user's options
   * @param migProfile the MIG profile, for MIG slices
   */
  private constructor(
    public readonly resourceName: string,
    public readonly count: number,
    public readonly taintKey: string,
    public readonly productLabelKey: string | undefined,
    public readonly options: GpuOptions,
    public readonly migProfile?: string,
  ) {}

  /** Readable form used in error messages, e.g. `2 x nvidia.com/gpu`. */
  public toString(): string {
    return `${this.count} x ${this.resourceName}`;
  }
}
