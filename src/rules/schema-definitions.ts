/**
 * Internal: the Kubernetes 1.28 definitions of batch/v1 Job and CronJob and v1 Service
 * (`k8s-1.28-batch.schema.json`, see src/rules/schema.ts). Only `BATCH_SCHEMA` requires this
 * module, on its first validation, so the JSON is parsed once and never at import time.
 */
import * as batchSchema from './k8s-1.28-batch.schema.json';

/** The definitions, by name (`io.k8s.api.batch.v1.JobSpec`). */
export const BATCH_DEFINITIONS: { readonly [name: string]: unknown } =
  (batchSchema as unknown as { readonly definitions: { readonly [name: string]: unknown } }).definitions;
