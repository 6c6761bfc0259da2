import { ApiObject, Testing } from 'cdk8s';
import { validateManifest } from './util/schema';

/** The schema guard (test/util/setup.ts) is itself tested: it must catch what it claims to. */
describe('upstream 1.28 schema, strict', () => {
  const job = (spec: any) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec });
  const pod = { containers: [{ name: 'main', image: 'python:3.12' }], restartPolicy: 'Never' };

  test('accepts a minimal Job', () => {
    expect(validateManifest(job({ template: { spec: pod } }))).toEqual([]);
  });

  test('rejects unknown fields anywhere', () => {
    const errors = validateManifest(job({ backOffLimit: 25, template: { spec: pod } }));
    expect(errors).toEqual([expect.objectContaining({ path: '/spec', message: expect.stringMatching(/additional properties \(backOffLimit\)/) })]);
    const nested = validateManifest(job({ template: { spec: { ...pod, containers: [{ name: 'm', image: 'i', imagePullpolicy: 'Never' }] } } }));
    expect(nested[0].message).toMatch(/imagePullpolicy/);
  });

  test('rejects wrong types and missing required fields', () => {
    expect(validateManifest(job({ backoffLimit: '3', template: { spec: pod } }))[0].message).toMatch(/must be integer/);
    expect(validateManifest(job({ template: { spec: { restartPolicy: 'Never' } } }))[0].message).toMatch(/containers/);
  });

  test('rejects unknown kinds', () => {
    expect(validateManifest({ apiVersion: 'batch/v2', kind: 'Job' })[0].message).toMatch(/unknown apiVersion\/kind batch\/v2\/Job/);
  });

  test('erratum: a pod failure policy rule with only onExitCodes is valid (kubernetes/kubernetes#120204)', () => {
    const rules = [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [2] } }];
    expect(validateManifest(job({ podFailurePolicy: { rules }, template: { spec: pod } }))).toEqual([]);
  });

  test('a pod condition pattern must spell out its status', () => {
    const rules = [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }];
    expect(validateManifest(job({ podFailurePolicy: { rules }, template: { spec: pod } }))[0].message).toMatch(/status/);
  });

  test('Testing.synth validates every manifest it returns', () => {
    // GIVEN a chart with a manifest that has a misspelled field
    const chart = Testing.chart();
    new ApiObject(chart, 'bad', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'bad' }, spec: { template: { spec: pod }, completionmode: 'Indexed' } } as any);
    // THEN synthesizing it fails
    expect(() => Testing.synth(chart)).toThrow(/fail the Kubernetes 1.28 schema:\n#0 Job\/bad: \/spec must NOT have additional properties \(completionmode\)/);
  });
});

describe('API server rules guard', () => {
  test('Testing.synth also applies the 1.28 API server rules to every manifest it returns', () => {
    // GIVEN a schema-valid Job that the API server would refuse (restartPolicy Always)
    const chart = Testing.chart();
    new ApiObject(chart, 'bad', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'bad' },
      spec: { template: { spec: { containers: [{ name: 'main', image: 'python:3.12' }], restartPolicy: 'Always' } } },
    } as any);
    // THEN synthesizing it fails with the rule id
    expect(() => Testing.synth(chart)).toThrow(/break the Kubernetes 1.28 API server's rules:\nJob\/bad: job.restart-policy at spec.template.spec.restartPolicy/);
  });
});
