/**
 * The Kubernetes minor version a manifest is written for: it decides which fields the constructs
 * may write, which features are on by default, and which rules the final validation gate, the
 * validation plugin and the CLI apply (see docs/kubernetes-versions.md).
 *
 * 1.28 is the default: the API level of cdk8s-plus-28.
 */
export enum KubernetesVersion {
  /** Kubernetes 1.28 (the default). */
  V1_28 = '1.28',
  /** Kubernetes 1.29. */
  V1_29 = '1.29',
  /** Kubernetes 1.30. */
  V1_30 = '1.30',
  /** Kubernetes 1.31. */
  V1_31 = '1.31',
  /** Kubernetes 1.32. */
  V1_32 = '1.32',
  /** Kubernetes 1.33. */
  V1_33 = '1.33',
  /** Kubernetes 1.34. */
  V1_34 = '1.34',
  /** Kubernetes 1.35. */
  V1_35 = '1.35',
  /** Kubernetes 1.36. */
  V1_36 = '1.36',
}
