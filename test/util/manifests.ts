/**
 * Manifests the rule tests start from: the smallest batch/v1 Job with no error finding. Each
 * test file changes one field per case.
 */

/** A minimal valid batch/v1 Job named `train`, with a `tmp` volume mounted at `/tmp`; `container` adds fields to its container. */
export function minimalJob(container: { [key: string]: unknown } = {}): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'train' },
    spec: {
      template: {
        spec: {
          restartPolicy: 'Never',
          volumes: [{ name: 'tmp', emptyDir: {} }],
          containers: [{ name: 'main', image: 'python:3.12', ...container, volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] }],
        },
      },
    },
  };
}
