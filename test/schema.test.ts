import * as fs from 'fs';
import { ApiObject, Testing } from 'cdk8s';
import { expectValidManifests, loadDefinitions, schemaFile, validateManifest } from './util/schema';
import { VERSIONS } from '../src/rules/versions';

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

describe('upstream 1.28 to 1.36 schemas, strict, per version', () => {
  const job = (spec: any) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec });
  const pod = { containers: [{ name: 'main', image: 'python:3.12' }], restartPolicy: 'Never' };

  test('each version has its own copy of the upstream file (test data, see test/k8s-schema/README.md)', () => {
    for (const version of VERSIONS) expect(schemaFile(version)).toMatch(new RegExp(`test/k8s-schema/v${version.replace('.', '\\.')}\\.0/_definitions\\.json$`));
    expect(schemaFile()).toBe(schemaFile('1.28'));
    expect(schemaFile('v1.30.2')).toBe(schemaFile('1.30'));
    expect(() => schemaFile('1.27')).toThrow(/no Kubernetes schema for version "1.27"/);
    expect(() => validateManifest(job({ template: { spec: pod } }), '1.37')).toThrow(/1\.28 to 1\.36/);
  });

  test.each(VERSIONS)('%s: accepts a minimal Job and refuses unknown fields', (version) => {
    expect(validateManifest(job({ template: { spec: pod } }), version)).toEqual([]);
    expect(validateManifest(job({ backOffLimit: 25, template: { spec: pod } }), version))
      .toEqual([expect.objectContaining({ path: '/spec', message: expect.stringMatching(/additional properties \(backOffLimit\)/) })]);
  });

  test('a field is refused before the version that introduces it: successPolicy and managedBy from 1.30, pod-level resources from 1.32', () => {
    const withSuccessPolicy = job({ completionMode: 'Indexed', completions: 2, successPolicy: { rules: [{ succeededCount: 1 }] }, template: { spec: pod } });
    const withManagedBy = job({ managedBy: 'kueue.x-k8s.io/multikueue', template: { spec: pod } });
    const withPodResources = job({ template: { spec: { ...pod, resources: { limits: { cpu: '2' } } } } });
    for (const version of VERSIONS) {
      const minor = Number(version.split('.')[1]);
      const messages = (m: any) => validateManifest(m, version).map(e => e.message);
      expect([version, messages(withSuccessPolicy)]).toEqual([version, minor >= 30 ? [] : ['must NOT have additional properties (successPolicy)']]);
      expect([version, messages(withManagedBy)]).toEqual([version, minor >= 30 ? [] : ['must NOT have additional properties (managedBy)']]);
      expect([version, messages(withPodResources)]).toEqual([version, minor >= 32 ? [] : ['must NOT have additional properties (resources)']]);
    }
  });

  test('expectValidManifests names the version it checked', () => {
    const m = job({ managedBy: 'x', template: { spec: pod } });
    expect(() => expectValidManifests([m], '1.29')).toThrow(/fail the Kubernetes 1\.29 schema:\n#0 Job\/j: \/spec must NOT have additional properties \(managedBy\)/);
    expect(() => expectValidManifests([m], '1.30')).not.toThrow();
    expect(() => expectValidManifests([m])).toThrow(/fail the Kubernetes 1\.28 schema/);
  });

  test('errata per version, in memory: onPodConditions (1.28 only), ScaleIO secretRef (all); the file is untouched', () => {
    for (const version of VERSIONS) {
      const defs = loadDefinitions(version);
      expect([version, defs['io.k8s.api.batch.v1.PodFailurePolicyRule'].required]).toEqual([version, ['action']]);
      expect([version, defs['io.k8s.api.core.v1.ScaleIOVolumeSource'].required]).toEqual([version, ['gateway', 'system']]);
      // A condition pattern's status: required as published up to 1.34, optional from 1.35.
      const status = validateManifest(job({
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] }, template: { spec: pod },
      }), version);
      expect([version, status.length > 0]).toEqual([version, Number(version.split('.')[1]) <= 34]);
    }
    expect(JSON.parse(fs.readFileSync(schemaFile('1.28'), 'utf-8')).definitions['io.k8s.api.batch.v1.PodFailurePolicyRule'].required).toEqual(['action', 'onPodConditions']);
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
    expect(() => Testing.synth(chart)).toThrow(/break .*API server's rules:\nJob\/bad( \(Kubernetes 1\.28\))?: job.restart-policy at spec.template.spec.restartPolicy/);
  });
});
