import { FEATURES, RULES, VERSIONS, checkManifest, enabled, stageAt, target } from '../src/rules';
import { parseIndexes } from '../src/rules/job-values';
import { Finding } from '../src/rules/types';

/**
 * The manifest rules per target version (src/rules/versions.ts, src/rules/gates.ts): for each
 * feature gate, a manifest that uses its field checked where the gate is off (a warning), where it
 * is on (accepted when valid, each upstream error refused), and with the gate turned on by the
 * cluster.
 */

const S = 'spec.template.spec';

/** A batch/v1 Job that passes every rule and best practice at every version. */
function job(): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'train', namespace: 'ml' },
    spec: {
      backoffLimit: 3,
      activeDeadlineSeconds: 3600,
      ttlSecondsAfterFinished: 86400,
      template: {
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'main',
            image: 'python:3.12',
            resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          }],
        },
      },
    },
  };
}

function pod(m: any): any {
  return m.spec.template.spec;
}

function main(m: any): any {
  return pod(m).containers[0];
}

function indexed(m: any, completions = 3): any {
  Object.assign(m.spec, { completionMode: 'Indexed', completions, parallelism: completions });
  return m;
}

function check(m: any, version: string, gates: string[] = []): Finding[] {
  return checkManifest(m, { target: target(version, gates) }).findings;
}

function errors(findings: Finding[]): Array<[string, string]> {
  return findings.filter(f => f.severity === 'error').map(f => [f.ruleId, f.path]);
}

function alphaWarnings(findings: Finding[]): Finding[] {
  return findings.filter(f => f.ruleId === 'practice.alpha-field');
}

/** A manifest built by `mutate` from the base Job. */
function make(mutate: (m: any) => void): any {
  const m = job();
  mutate(m);
  return m;
}

describe('the gate table (FEATURES)', () => {
  test('the stages of each gate increase from 1.28 on, and every gate names its KEP', () => {
    const order = ['alpha', 'beta-off', 'beta', 'ga'];
    for (const f of FEATURES) {
      expect(f.kep).toMatch(/^KEP-\d+$/);
      expect(f.stages.length).toBeGreaterThan(0);
      f.stages.forEach(([minor, stage], i) => {
        expect(minor).toBeGreaterThanOrEqual(28);
        expect(minor).toBeLessThanOrEqual(36);
        if (i > 0) {
          expect(minor).toBeGreaterThan(f.stages[i - 1][0]);
          expect(order.indexOf(stage)).toBeGreaterThan(order.indexOf(f.stages[i - 1][1]));
        }
      });
    }
    expect(new Set(FEATURES.map(f => f.gate)).size).toBe(FEATURES.length);
  });

  test.each([
    // [gate, version, stage] from pkg/features/kube_features.go (1.36) and CHANGELOG-1.36.md.
    ['JobSuccessPolicy', '1.29', 'none'], ['JobSuccessPolicy', '1.30', 'alpha'], ['JobSuccessPolicy', '1.31', 'beta'], ['JobSuccessPolicy', '1.33', 'ga'],
    ['JobManagedBy', '1.31', 'alpha'], ['JobManagedBy', '1.32', 'beta'], ['JobManagedBy', '1.35', 'ga'],
    ['JobBackoffLimitPerIndex', '1.28', 'alpha'], ['JobBackoffLimitPerIndex', '1.29', 'beta'], ['JobBackoffLimitPerIndex', '1.33', 'ga'],
    ['JobPodReplacementPolicy', '1.33', 'beta'], ['JobPodReplacementPolicy', '1.34', 'ga'],
    ['SidecarContainers', '1.28', 'alpha'], ['SidecarContainers', '1.29', 'beta'], ['SidecarContainers', '1.33', 'ga'],
    ['PodLevelResources', '1.31', 'none'], ['PodLevelResources', '1.33', 'alpha'], ['PodLevelResources', '1.36', 'beta'],
    ['UserNamespacesSupport', '1.29', 'alpha'], ['UserNamespacesSupport', '1.30', 'beta-off'], ['UserNamespacesSupport', '1.33', 'beta'], ['UserNamespacesSupport', '1.36', 'ga'],
    ['ProcMountType', '1.30', 'alpha'], ['ProcMountType', '1.31', 'beta-off'], ['ProcMountType', '1.33', 'beta'], ['ProcMountType', '1.36', 'ga'],
    ['InPlacePodVerticalScaling', '1.32', 'alpha'], ['InPlacePodVerticalScaling', '1.33', 'beta'], ['InPlacePodVerticalScaling', '1.35', 'ga'],
    ['DynamicResourceAllocation', '1.31', 'alpha'], ['DynamicResourceAllocation', '1.32', 'beta-off'], ['DynamicResourceAllocation', '1.34', 'ga'],
    ['RelaxedEnvironmentVariableValidation', '1.29', 'none'], ['RelaxedEnvironmentVariableValidation', '1.30', 'alpha'], ['RelaxedEnvironmentVariableValidation', '1.32', 'beta'],
    ['PodHostIPs', '1.28', 'alpha'], ['PodHostIPs', '1.29', 'beta'], ['PodHostIPs', '1.30', 'ga'],
    ['PodLifecycleSleepAction', '1.29', 'alpha'], ['PodLifecycleSleepAction', '1.30', 'beta'], ['PodLifecycleSleepAction', '1.34', 'ga'],
    ['PodLifecycleSleepActionAllowZero', '1.32', 'alpha'], ['PodLifecycleSleepActionAllowZero', '1.33', 'beta'],
    ['RelaxedDNSSearchValidation', '1.32', 'alpha'], ['RelaxedDNSSearchValidation', '1.33', 'beta'], ['RelaxedDNSSearchValidation', '1.34', 'ga'],
    ['ImageVolume', '1.31', 'alpha'], ['ImageVolume', '1.33', 'beta-off'], ['ImageVolume', '1.35', 'beta'], ['ImageVolume', '1.36', 'ga'],
    ['ContainerRestartRules', '1.34', 'alpha'], ['ContainerRestartRules', '1.35', 'beta'],
    ['HostnameOverride', '1.33', 'none'], ['HostnameOverride', '1.34', 'alpha'], ['HostnameOverride', '1.36', 'beta'],
  ])('%s is %s in %s', (gate, version, stage) => {
    expect(stageAt(gate, target(version).minor)).toBe(stage);
  });

  test('a gate the cluster turns on is on only where its field exists', () => {
    expect(enabled('JobSuccessPolicy', target('1.30'))).toBe(false);
    expect(enabled('JobSuccessPolicy', target('1.30', ['JobSuccessPolicy']))).toBe(true);
    expect(enabled('JobSuccessPolicy', target('1.29', ['JobSuccessPolicy']))).toBe(false);
    expect(enabled('UserNamespacesSupport', target('1.32'))).toBe(false);
    expect(() => target('1.33', ['NoSuchGate'])).toThrow(/unknown feature gate "NoSuchGate"/);
    expect(() => target('1.37')).toThrow(/unknown Kubernetes version/);
  });

  test('the base Job passes every rule, warnings included, at every version', () => {
    for (const version of VERSIONS) expect(check(job(), version)).toEqual([]);
  });
});

describe('1.28 stays the default', () => {
  test.each([
    ['the base Job', (_m: any) => undefined],
    ['alpha Job fields', (m: any) => { indexed(m); Object.assign(m.spec, { backoffLimitPerIndex: 1, maxFailedIndexes: 1, podReplacementPolicy: 'Failed' }); }],
    ['a sidecar', (m: any) => { pod(m).initContainers = [{ name: 'proxy', image: 'envoy:1.30', restartPolicy: 'Always' }]; }],
    ['alpha pod and container fields', (m: any) => {
      Object.assign(pod(m), { hostUsers: false, resourceClaims: [{ name: 'gpu', source: { resourceClaimName: 'gpu' } }] });
      Object.assign(main(m), { resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }] });
      main(m).securityContext.procMount = 'Unmasked';
    }],
    ['invalid values', (m: any) => { main(m).env = [{ name: '1X', value: 'a' }]; m.spec.podReplacementPolicy = 'Never'; }],
  ])('%s: no target and target 1.28 give the same findings', (_what, mutate) => {
    const m = make(mutate);
    expect(checkManifest(m).findings).toEqual(check(m, '1.28'));
  });

  test('a warning names the target version', () => {
    const m = make(x => { x.spec.podReplacementPolicy = 'Failed'; });
    expect(alphaWarnings(check(m, '1.28'))[0].message).toMatch(/^podReplacementPolicy is alpha in Kubernetes 1\.28 \(JobPodReplacementPolicy\): /);
    expect(alphaWarnings(check(m, '1.28'))[0].message).toMatch(/on by default from Kubernetes 1\.29$/);
    expect(alphaWarnings(check(m, '1.29'))).toEqual([]);
  });

  test('"is not served by" names the target version', () => {
    const m = make(x => { x.apiVersion = 'batch/v1beta1'; });
    expect(check(m, '1.33').find(f => f.ruleId === 'object.api-version')!.message).toMatch(/is not served by Kubernetes 1\.33 /);
    expect(checkManifest(m).findings.find(f => f.ruleId === 'object.api-version')!.message).toMatch(/is not served by Kubernetes 1\.28 /);
  });
});

describe('Job fields', () => {
  describe('successPolicy (JobSuccessPolicy, validateSuccessPolicy 1.30+)', () => {
    const valid = () => make(m => { indexed(m, 5).spec.successPolicy = { rules: [{ succeededIndexes: '0,2-4', succeededCount: 2 }] }; });

    test('alpha in 1.30: a warning, and its value is not checked (the API server drops it)', () => {
      const m = make(x => { x.spec.successPolicy = { rules: [] }; });
      const findings = check(m, '1.30');
      expect(alphaWarnings(findings).map(f => [f.path, f.message])).toEqual([
        ['spec.successPolicy', expect.stringMatching(/^successPolicy is alpha in Kubernetes 1\.30 \(JobSuccessPolicy\): .*on by default from Kubernetes 1\.31$/)],
      ]);
      expect(findings.filter(f => f.ruleId === 'job.success-policy')).toEqual([]);
    });

    test.each(['1.31', '1.33', '1.36'])('a valid policy is accepted in %s', version => {
      expect(check(valid(), version)).toEqual([]);
    });

    test('with the gate on in 1.30, it is checked', () => {
      const m = make(x => { x.spec.successPolicy = { rules: [{ succeededCount: 1 }] }; });
      expect(errors(check(m, '1.30', ['JobSuccessPolicy']))).toEqual([['job.success-policy', 'spec.successPolicy']]);
      expect(check(valid(), '1.30', ['JobSuccessPolicy'])).toEqual([]);
    });

    const R = 'spec.successPolicy.rules';
    test.each([
      ['no Indexed completion', (m: any) => { delete m.spec.completionMode; }, 'spec.successPolicy'],
      ['no rules', (m: any) => { m.spec.successPolicy.rules = []; }, R],
      ['21 rules', (m: any) => { m.spec.successPolicy.rules = Array.from({ length: 21 }, () => ({ succeededCount: 1 })); }, R],
      ['a rule with neither field', (m: any) => { m.spec.successPolicy.rules = [{}]; }, `${R}[0]`],
      ['an index out of range', (m: any) => { m.spec.successPolicy.rules = [{ succeededIndexes: '0-5' }]; }, `${R}[0].succeededIndexes`],
      ['decreasing indexes', (m: any) => { m.spec.successPolicy.rules = [{ succeededIndexes: '2,1' }]; }, `${R}[0].succeededIndexes`],
      ['overlapping intervals', (m: any) => { m.spec.successPolicy.rules = [{ succeededIndexes: '0-2,2-3' }]; }, `${R}[0].succeededIndexes`],
      ['an interval that does not increase', (m: any) => { m.spec.successPolicy.rules = [{ succeededIndexes: '1-1' }]; }, `${R}[0].succeededIndexes`],
      ['three parts', (m: any) => { m.spec.successPolicy.rules = [{ succeededIndexes: '0-1-2' }]; }, `${R}[0].succeededIndexes`],
      ['a trailing comma', (m: any) => { m.spec.successPolicy.rules = [{ succeededIndexes: '0,' }]; }, `${R}[0].succeededIndexes`],
      ['a non-number', (m: any) => { m.spec.successPolicy.rules = [{ succeededIndexes: 'one' }]; }, `${R}[0].succeededIndexes`],
      ['a negative succeededCount', (m: any) => { m.spec.successPolicy.rules = [{ succeededCount: -1 }]; }, `${R}[0].succeededCount`],
      ['a succeededCount above completions', (m: any) => { m.spec.successPolicy.rules = [{ succeededCount: 6 }]; }, `${R}[0].succeededCount`],
      ['a succeededCount above the indexes', (m: any) => { m.spec.successPolicy.rules = [{ succeededIndexes: '1,3', succeededCount: 3 }]; }, `${R}[0].succeededCount`],
    ])('1.33 refuses %s', (_what, mutate, at) => {
      const m = valid();
      mutate(m);
      expect(errors(check(m, '1.33'))).toContainEqual(['job.success-policy', at]);
    });

    test('1.33 accepts the upstream edge cases: an empty succeededIndexes with count 0, leading zeros and "+"', () => {
      for (const rule of [{ succeededIndexes: '', succeededCount: 0 }, { succeededIndexes: '00,+1' }, { succeededCount: 5 }]) {
        const m = valid();
        m.spec.successPolicy.rules = [rule];
        expect(errors(check(m, '1.33'))).toEqual([]);
      }
    });

    test('parseIndexes counts the indexes and explains what is wrong', () => {
      expect(parseIndexes('0,2-4,7', 8)).toBe(5);
      expect(parseIndexes('', 1)).toBe(0);
      expect(parseIndexes('8', 8)).toMatch(/too large/);
      expect(parseIndexes('3-1', 8)).toMatch(/does not increase/);
      expect(parseIndexes('9223372036854775808', 8)).toMatch(/not an integer/);
    });

    test('a CronJob job template is checked too', () => {
      const cron = {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'nightly' },
        spec: { schedule: '0 2 * * *', jobTemplate: { spec: { ...valid().spec, successPolicy: { rules: [{ succeededIndexes: '9' }] } } } },
      };
      delete (cron.spec.jobTemplate.spec as any).ttlSecondsAfterFinished;
      expect(errors(check(cron, '1.33'))).toEqual([['job.success-policy', 'spec.jobTemplate.spec.successPolicy.rules[0].succeededIndexes']]);
    });
  });

  describe('managedBy (JobManagedBy, validateJobSpec 1.30+)', () => {
    test('alpha in 1.30 and 1.31: a warning', () => {
      for (const version of ['1.30', '1.31']) {
        const findings = check(make(m => { m.spec.managedBy = 'kueue'; }), version);
        expect(alphaWarnings(findings).map(f => f.path)).toEqual(['spec.managedBy']);
        expect(errors(findings)).toEqual([]);
      }
    });

    test.each(['kueue.x-k8s.io/multikueue', 'kubernetes.io/job-controller', `example.com/${'a'.repeat(51)}`])('1.32 accepts %s', value => {
      expect(check(make(m => { m.spec.managedBy = value; }), '1.32')).toEqual([]);
    });

    test.each(['kueue', '/controller', 'example.com/', 'Example.com/x', 'example.com/a b', `example.com/${'a'.repeat(52)}`, ''])('1.35 refuses %j', value => {
      expect(errors(check(make(m => { m.spec.managedBy = value; }), '1.35'))).toContainEqual(['job.managed-by', 'spec.managedBy']);
    });
  });

  describe('per-index backoff (JobBackoffLimitPerIndex) and podReplacementPolicy (JobPodReplacementPolicy)', () => {
    const perIndex = () => make(m => {
      indexed(m);
      Object.assign(m.spec, { backoffLimitPerIndex: 1, maxFailedIndexes: 1 });
      m.spec.podFailurePolicy = { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [42] } }] };
    });

    test('1.28: the fields warn (dropped), and the FailIndex rule that needs them is an error (the API server refuses the Job)', () => {
      expect(alphaWarnings(check(perIndex(), '1.28')).map(f => f.path)).toEqual([
        'spec.backoffLimitPerIndex', 'spec.maxFailedIndexes',
      ]);
      expect(errors(check(perIndex(), '1.28'))).toEqual([['job.pod-failure-policy.rules', 'spec.podFailurePolicy.rules[0].action']]);
      expect(check(perIndex(), '1.28').find(f => f.severity === 'error')!.message).toMatch(/then refuses this rule/);
    });

    test('1.28 with the gate on, and 1.29 on: no warning, no error', () => {
      expect(check(perIndex(), '1.28', ['JobBackoffLimitPerIndex'])).toEqual([]);
      expect(check(perIndex(), '1.29')).toEqual([]);
      expect(check(perIndex(), '1.36')).toEqual([]);
    });

    test('the 1.28 checks apply at every version: maxFailedIndexes above completions', () => {
      const m = perIndex();
      m.spec.maxFailedIndexes = 4;
      expect(errors(check(m, '1.33'))).toContainEqual(['job.per-index', 'spec.maxFailedIndexes']);
    });

    test('podReplacementPolicy: a warning in 1.28, TerminatingOrFailed refused with a pod failure policy in 1.34', () => {
      const m = make(x => {
        x.spec.podReplacementPolicy = 'TerminatingOrFailed';
        x.spec.podFailurePolicy = { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] };
      });
      expect(alphaWarnings(check(m, '1.28')).map(f => f.path)).toEqual(['spec.podReplacementPolicy']);
      expect(errors(check(m, '1.34'))).toEqual([['job.pod-replacement-policy', 'spec.podReplacementPolicy']]);
      m.spec.podReplacementPolicy = 'Failed';
      expect(check(m, '1.34')).toEqual([]);
    });
  });

  test('a CronJob job template\'s condition pattern without status: required before 1.34, defaulted from 1.34', () => {
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: {
        schedule: '0 2 * * *',
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 300,
        jobTemplate: { spec: { ...job().spec, podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } } },
      },
    };
    delete (cron.spec.jobTemplate.spec as any).ttlSecondsAfterFinished;
    const at = 'spec.jobTemplate.spec.podFailurePolicy.rules[0].onPodConditions[0].status';
    expect(errors(check(cron, '1.33')).map(([, p]) => p)).toContain(at);
    expect(check(cron, '1.34')).toEqual([]);
  });
});

describe('pod fields', () => {
  describe('pod-level resources (PodLevelResources, validatePodResources 1.32+)', () => {
    const valid = () => make(m => { pod(m).resources = { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '2Gi' } }; });

    test('alpha in 1.32 and 1.33: a warning', () => {
      expect(alphaWarnings(check(valid(), '1.32')).map(f => [f.path, f.message])).toEqual([
        [`${S}.resources`, expect.stringMatching(/alpha in Kubernetes 1\.32 \(PodLevelResources\)/)],
      ]);
    });

    test('accepted when valid: 1.34, 1.36, and 1.32 with the gate', () => {
      expect(check(valid(), '1.34')).toEqual([]);
      expect(check(valid(), '1.36')).toEqual([]);
      expect(check(valid(), '1.32', ['PodLevelResources'])).toEqual([]);
    });

    test.each([
      ['claims', (p: any) => { p.resources.claims = [{ name: 'gpu' }]; }, `${S}.resources.claims`],
      ['an extended resource', (p: any) => { p.resources.limits['nvidia.com/gpu'] = 1; }, `${S}.resources.limits[nvidia.com/gpu]`],
      ['ephemeral-storage', (p: any) => { p.resources.requests['ephemeral-storage'] = '1Gi'; }, `${S}.resources.requests[ephemeral-storage]`],
      ['a request over its limit', (p: any) => { p.resources.requests.cpu = '3'; }, `${S}.resources.requests.cpu`],
      ['a negative quantity', (p: any) => { p.resources.limits.memory = '-1'; }, `${S}.resources.limits.memory`],
      ['a request below the containers\'', (p: any) => { p.resources.requests.cpu = '100m'; }, `${S}.resources.requests.cpu`],
      ['a limit below a container\'s', (p: any) => { p.resources.limits.memory = '512Mi'; p.resources.requests.memory = '512Mi'; }, `${S}.containers[0].resources.limits.memory`],
    ])('1.34 refuses %s', (_what, mutate, at) => {
      const m = valid();
      mutate(pod(m));
      expect(errors(check(m, '1.34'))).toContainEqual(['pod.resources', at]);
    });

    test('the aggregate request counts sidecars with the containers and the largest init container', () => {
      const m = valid();
      pod(m).resources.requests.cpu = '1';
      pod(m).initContainers = [
        { name: 'proxy', image: 'envoy:1.30', restartPolicy: 'Always', resources: { requests: { cpu: '400m' } } },
        { name: 'setup', image: 'busybox:1.36', resources: { requests: { cpu: '700m' } } },
      ];
      // containers 500m + sidecar 400m = 900m; setup 700m + sidecar 400m = 1100m > 1.
      expect(errors(check(m, '1.34'))).toEqual([['pod.resources', `${S}.resources.requests.cpu`]]);
      pod(m).resources.requests.cpu = '1100m';
      pod(m).resources.limits.cpu = '2';
      expect(errors(check(m, '1.34'))).toEqual([]);
    });

    test('hugepages: refused in 1.32, accepted from 1.33 (with a memory request)', () => {
      const m = valid();
      Object.assign(pod(m).resources.requests, { 'hugepages-2Mi': '4Mi' });
      Object.assign(pod(m).resources.limits, { 'hugepages-2Mi': '4Mi' });
      expect(errors(check(m, '1.32', ['PodLevelResources']))).toContainEqual(['pod.resources', `${S}.resources.requests[hugepages-2Mi]`]);
      expect(errors(check(m, '1.33', ['PodLevelResources']))).toEqual([]);
    });
  });

  describe('hostUsers (UserNamespacesSupport, validateHostUsers)', () => {
    const userns = () => make(m => { Object.assign(pod(m), { hostUsers: false, hostPID: true }); });

    test('off in 1.28 and 1.32 (beta and off by default): a warning, no error', () => {
      expect(alphaWarnings(check(userns(), '1.28')).map(f => f.path)).toEqual([`${S}.hostUsers`]);
      const findings = check(userns(), '1.32');
      expect(alphaWarnings(findings)[0].message).toMatch(/beta and off by default in Kubernetes 1\.32 \(UserNamespacesSupport\)/);
      expect(errors(findings)).toEqual([]);
    });

    test('on from 1.33 (and with the gate): hostPID with hostUsers: false is refused', () => {
      expect(errors(check(userns(), '1.33'))).toEqual([['pod.security-context', `${S}.hostPID`]]);
      expect(errors(check(userns(), '1.30', ['UserNamespacesSupport']))).toEqual([['pod.security-context', `${S}.hostPID`]]);
      expect(errors(check(make(m => { pod(m).hostUsers = false; }), '1.36'))).toEqual([]);
    });
  });

  describe('resourceClaims and resources.claims (DynamicResourceAllocation)', () => {
    const claims = (nested: boolean) => make(m => {
      pod(m).resourceClaims = [{ name: 'gpu', ...(nested ? { source: { resourceClaimTemplateName: 'gpu-template' } } : { resourceClaimTemplateName: 'gpu-template' }) }];
      main(m).resources.claims = [{ name: 'gpu' }];
    });

    test('off until 1.34: warnings for both fields', () => {
      expect(alphaWarnings(check(claims(false), '1.31')).map(f => f.path)).toEqual([`${S}.containers[0].resources.claims`, `${S}.resourceClaims`]);
      expect(alphaWarnings(check(claims(false), '1.33')).map(f => f.message)).toContainEqual(expect.stringMatching(/beta and off by default in Kubernetes 1\.33/));
    });

    test('accepted when valid: 1.34, and 1.30 (with source) or 1.32 with the gate', () => {
      expect(check(claims(false), '1.34')).toEqual([]);
      expect(check(claims(false), '1.32', ['DynamicResourceAllocation'])).toEqual([]);
      expect(check(claims(true), '1.30', ['DynamicResourceAllocation'])).toEqual([]);
    });

    test.each([
      ['a container claim the pod does not declare', (m: any) => { main(m).resources.claims = [{ name: 'tpu' }]; }, `${S}.containers[0].resources.claims[0]`],
      ['a claim referenced twice', (m: any) => { main(m).resources.claims.push({ name: 'gpu' }); }, `${S}.containers[0].resources.claims[1]`],
      ['a claim without a source', (m: any) => { delete pod(m).resourceClaims[0].resourceClaimTemplateName; }, `${S}.resourceClaims[0]`],
      ['a claim with two sources', (m: any) => { pod(m).resourceClaims[0].resourceClaimName = 'gpu'; }, `${S}.resourceClaims[0]`],
      ['a claim name that is not a label', (m: any) => { pod(m).resourceClaims.push({ name: 'GPU', resourceClaimName: 'gpu' }); }, `${S}.resourceClaims[1].name`],
      ['two claims with one name', (m: any) => { pod(m).resourceClaims.push({ name: 'gpu', resourceClaimName: 'gpu' }); }, `${S}.resourceClaims[1].name`],
    ])('1.34 refuses %s', (_what, mutate, at) => {
      const m = claims(false);
      mutate(m);
      expect(errors(check(m, '1.34'))).toContainEqual(['pod.resource-claims', at]);
    });
  });

  describe('hostnameOverride (HostnameOverride, 1.34+)', () => {
    test('alpha in 1.34: a warning; accepted in 1.35', () => {
      const m = make(x => { pod(x).hostnameOverride = 'trainer.example.com'; });
      expect(alphaWarnings(check(m, '1.34')).map(f => f.path)).toEqual([`${S}.hostnameOverride`]);
      expect(check(m, '1.35')).toEqual([]);
    });

    test.each([
      ['an invalid name', (p: any) => { p.hostnameOverride = 'Trainer_1'; }],
      ['65 characters', (p: any) => { p.hostnameOverride = 'a'.repeat(65); }],
      ['setHostnameAsFQDN', (p: any) => { p.hostnameOverride = 'trainer'; p.setHostnameAsFQDN = true; }],
      ['hostNetwork', (p: any) => { p.hostnameOverride = 'trainer'; p.hostNetwork = true; }],
    ])('1.36 refuses %s', (_what, mutate) => {
      const m = job();
      mutate(pod(m));
      expect(errors(check(m, '1.36'))).toContainEqual(['pod.names', `${S}.hostnameOverride`]);
    });
  });

  describe('dnsConfig.searches (RelaxedDNSSearchValidation)', () => {
    const dns = (search: string) => make(m => { pod(m).dnsConfig = { searches: [search] }; });

    test.each(['_sip._tcp.example.com', '.'])('%j: refused before 1.33, accepted from 1.33 or with the gate', search => {
      for (const version of ['1.28', '1.32']) expect(errors(check(dns(search), version))).toEqual([['pod.fields', `${S}.dnsConfig.searches[0]`]]);
      expect(check(dns(search), '1.28').find(f => f.severity === 'error')!.message).toMatch(/RelaxedDNSSearchValidation/);
      expect(check(dns(search), '1.33')).toEqual([]);
      expect(check(dns(search), '1.32', ['RelaxedDNSSearchValidation'])).toEqual([]);
    });

    test('the relaxed form still refuses what is no domain', () => {
      expect(errors(check(dns('Example.COM'), '1.34'))).toEqual([['pod.fields', `${S}.dnsConfig.searches[0]`]]);
      expect(errors(check(dns('a__'), '1.34'))).toEqual([['pod.fields', `${S}.dnsConfig.searches[0]`]]);
    });
  });

  describe('pod security context fields', () => {
    test('supplementalGroupsPolicy (1.31+): alpha warning, then Merge or Strict, not on Windows', () => {
      const m = make(x => { pod(x).securityContext.supplementalGroupsPolicy = 'Strict'; });
      expect(alphaWarnings(check(m, '1.31')).map(f => f.path)).toEqual([`${S}.securityContext.supplementalGroupsPolicy`]);
      expect(check(m, '1.33')).toEqual([]);
      pod(m).securityContext.supplementalGroupsPolicy = 'Loose';
      expect(errors(check(m, '1.33'))).toEqual([['pod.security-context', `${S}.securityContext.supplementalGroupsPolicy`]]);
    });

    test('seLinuxChangePolicy (1.32+): Recursive; MountOption only with SELinuxMount', () => {
      const m = make(x => { pod(x).securityContext.seLinuxChangePolicy = 'Recursive'; });
      expect(check(m, '1.33')).toEqual([]);
      pod(m).securityContext.seLinuxChangePolicy = 'MountOption';
      expect(errors(check(m, '1.33'))).toEqual([['pod.security-context', `${S}.securityContext.seLinuxChangePolicy`]]);
      expect(check(m, '1.33', ['SELinuxMount'])).toEqual([]);
    });

    test('appArmorProfile (1.30+, pod and container)', () => {
      const m = make(x => {
        pod(x).securityContext.appArmorProfile = { type: 'RuntimeDefault' };
        main(x).securityContext.appArmorProfile = { type: 'Localhost', localhostProfile: 'k8s-train' };
      });
      expect(check(m, '1.30')).toEqual([]);
      main(m).securityContext.appArmorProfile = { type: 'Localhost' };
      pod(m).securityContext.appArmorProfile = { type: 'RuntimeDefault', localhostProfile: 'x' };
      expect(errors(check(m, '1.31'))).toEqual([
        ['pod.security-context', `${S}.securityContext.appArmorProfile.localhostProfile`],
        ['container.security-context', `${S}.containers[0].securityContext.appArmorProfile.localhostProfile`],
      ].sort((a, b) => (a[1] < b[1] ? -1 : 1)));
    });

    test('a Windows pod cannot set the newer security fields where their gates keep them', () => {
      const m = make(x => {
        pod(x).os = { name: 'windows' };
        pod(x).securityContext = { supplementalGroupsPolicy: 'Merge', appArmorProfile: { type: 'RuntimeDefault' } };
        main(x).securityContext = {};
      });
      expect(errors(check(m, '1.35'))).toEqual([
        ['pod.fields', `${S}.securityContext.appArmorProfile`],
        ['pod.fields', `${S}.securityContext.supplementalGroupsPolicy`],
      ]);
    });
  });

  describe('pod affinity matchLabelKeys / mismatchLabelKeys (MatchLabelKeysInPodAffinity)', () => {
    const affinity = (term: any) => make(m => {
      pod(m).affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', ...term }] } };
    });
    const T = `${S}.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]`;
    const selector = { labelSelector: { matchLabels: { app: 'train' } } };

    test('alpha in 1.29 and 1.30: a warning; accepted in 1.31', () => {
      const m = affinity({ ...selector, matchLabelKeys: ['batch.kubernetes.io/job-name'] });
      expect(alphaWarnings(check(m, '1.30')).map(f => f.path)).toEqual([`${T}.matchLabelKeys`]);
      expect(check(m, '1.31')).toEqual([]);
    });

    test.each([
      ['without a labelSelector', { matchLabelKeys: ['a'] }, `${T}.matchLabelKeys`],
      ['a key of the labelSelector', { ...selector, matchLabelKeys: ['app'] }, `${T}.matchLabelKeys[0]`],
      ['a key in both lists', { ...selector, matchLabelKeys: ['a'], mismatchLabelKeys: ['a'] }, `${T}.mismatchLabelKeys[0]`],
      ['an invalid key', { ...selector, mismatchLabelKeys: ['a b'] }, `${T}.mismatchLabelKeys[0]`],
    ])('1.33 refuses %s', (_what, term, at) => {
      expect(errors(check(affinity(term), '1.33'))).toContainEqual(['pod.fields', at]);
    });
  });
});

describe('container fields', () => {
  describe('sidecars (SidecarContainers)', () => {
    const sidecar = () => make(m => {
      pod(m).initContainers = [{
        name: 'proxy',
        image: 'envoy:1.30',
        restartPolicy: 'Always',
        readinessProbe: { tcpSocket: { port: 15000 } },
        resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '64Mi' } },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      }];
    });

    test('alpha in 1.28: a warning; on from 1.29', () => {
      expect(alphaWarnings(check(sidecar(), '1.28')).map(f => f.path)).toEqual([`${S}.initContainers[0].restartPolicy`]);
      expect(check(sidecar(), '1.29')).toEqual([]);
      expect(check(sidecar(), '1.28', ['SidecarContainers'])).toEqual([]);
    });

    test('an init container that is not a sidecar still may not have probes (1.33)', () => {
      const m = sidecar();
      delete pod(m).initContainers[0].restartPolicy;
      expect(errors(check(m, '1.33'))).toEqual([['container.probes', `${S}.initContainers[0].readinessProbe`]]);
    });
  });

  describe('a regular container\'s restartPolicy and restartPolicyRules (ContainerRestartRules, 1.34+)', () => {
    const rules = (action = 'Restart') => make(m => {
      Object.assign(main(m), { restartPolicy: 'Never', restartPolicyRules: [{ action, exitCodes: { operator: 'In', values: [42] } }] });
    });

    test('refused before 1.34, a warning in 1.34, accepted from 1.35', () => {
      const m = make(x => { main(x).restartPolicy = 'Never'; });
      expect(errors(check(m, '1.33'))).toEqual([['container.restart-policy', `${S}.containers[0].restartPolicy`]]);
      expect(alphaWarnings(check(rules(), '1.34')).map(f => f.path)).toEqual([`${S}.containers[0].restartPolicy`, `${S}.containers[0].restartPolicyRules`]);
      expect(check(rules(), '1.35')).toEqual([]);
    });

    test.each([
      ['an unknown restartPolicy', (c: any) => { c.restartPolicy = 'Sometimes'; }, `${S}.containers[0].restartPolicy`],
      ['rules without a restartPolicy', (c: any) => { delete c.restartPolicy; }, `${S}.containers[0].restartPolicyRules`],
      ['an unknown action', (c: any) => { c.restartPolicyRules[0].action = 'Retry'; }, `${S}.containers[0].restartPolicyRules[0].action`],
      ['a rule without exitCodes', (c: any) => { delete c.restartPolicyRules[0].exitCodes; }, `${S}.containers[0].restartPolicyRules[0].exitCodes`],
      ['an unknown operator', (c: any) => { c.restartPolicyRules[0].exitCodes.operator = 'Equals'; }, `${S}.containers[0].restartPolicyRules[0].exitCodes.operator`],
      ['256 exit codes', (c: any) => { c.restartPolicyRules[0].exitCodes.values = Array.from({ length: 256 }, (_, i) => i + 1); }, `${S}.containers[0].restartPolicyRules[0].exitCodes.values`],
    ])('1.35 refuses %s', (_what, mutate, at) => {
      const m = rules();
      mutate(main(m));
      expect(errors(check(m, '1.35'))).toContainEqual(['container.restart-policy', at]);
    });

    test('RestartAllContainers needs its own gate (beta in 1.36)', () => {
      expect(errors(check(rules('RestartAllContainers'), '1.35'))).toEqual([['container.restart-policy', `${S}.containers[0].restartPolicyRules[0].action`]]);
      expect(check(rules('RestartAllContainers'), '1.35', ['RestartAllContainersOnContainerExits'])).toEqual([]);
      expect(check(rules('RestartAllContainers'), '1.36')).toEqual([]);
    });
  });

  describe('resizePolicy (InPlacePodVerticalScaling, validateResizePolicy)', () => {
    const resize = (policy: any[]) => make(m => { main(m).resizePolicy = policy; });

    test('alpha until 1.32: a warning; accepted from 1.33', () => {
      const m = resize([{ resourceName: 'cpu', restartPolicy: 'NotRequired' }]);
      expect(alphaWarnings(check(m, '1.32')).map(f => f.path)).toEqual([`${S}.containers[0].resizePolicy`]);
      expect(check(m, '1.33')).toEqual([]);
    });

    test.each([
      ['a resource listed twice', [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }, { resourceName: 'cpu', restartPolicy: 'NotRequired' }], 'resizePolicy[1].resourceName'],
      ['an unknown policy', [{ resourceName: 'memory', restartPolicy: 'Reboot' }], 'resizePolicy[0].restartPolicy'],
      ['RestartContainer in a Never pod', [{ resourceName: 'memory', restartPolicy: 'RestartContainer' }], 'resizePolicy[0].restartPolicy'],
    ])('1.33 refuses %s', (_what, policy, at) => {
      expect(errors(check(resize(policy), '1.33'))).toContainEqual(['container.resize-policy', `${S}.containers[0].${at}`]);
    });

    test('RestartContainer in a Never pod is accepted before 1.33 (with the gate)', () => {
      expect(check(resize([{ resourceName: 'memory', restartPolicy: 'RestartContainer' }]), '1.32', ['InPlacePodVerticalScaling'])).toEqual([]);
    });
  });

  describe('procMount (ProcMountType)', () => {
    const proc = (value: string, hostUsers?: boolean) => make(m => {
      main(m).securityContext.procMount = value;
      if (hostUsers !== undefined) pod(m).hostUsers = hostUsers;
    });

    test('off until 1.32: a warning that names the stage', () => {
      expect(alphaWarnings(check(proc('Default'), '1.28'))[0].message).toMatch(/^procMount is alpha in Kubernetes 1\.28 \(ProcMountType\)/);
      expect(alphaWarnings(check(proc('Default'), '1.31'))[0].message).toMatch(/^procMount is beta and off by default in Kubernetes 1\.31 /);
    });

    test('on from 1.33: Default and Unmasked (with hostUsers: false) accepted; others refused', () => {
      expect(check(proc('Default'), '1.33')).toEqual([]);
      expect(check(proc('Unmasked', false), '1.33')).toEqual([]);
      const at = `${S}.containers[0].securityContext.procMount`;
      expect(errors(check(proc('Unmasked'), '1.33'))).toEqual([['container.security-context', at]]);
      expect(errors(check(proc('Masked'), '1.36'))).toEqual([['container.security-context', at]]);
    });
  });

  describe('recursiveReadOnly (RecursiveReadOnlyMounts, validateMountRecursiveReadOnly)', () => {
    const mount = (extra: any) => make(m => {
      pod(m).volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }];
      main(m).volumeMounts = [{ name: 'data', mountPath: '/data', ...extra }];
    });
    const at = `${S}.containers[0].volumeMounts[0].recursiveReadOnly`;

    test('alpha in 1.30: a warning; accepted from 1.31 with readOnly', () => {
      expect(alphaWarnings(check(mount({ readOnly: true, recursiveReadOnly: 'Enabled' }), '1.30')).map(f => f.path)).toEqual([at]);
      expect(check(mount({ readOnly: true, recursiveReadOnly: 'Enabled' }), '1.31')).toEqual([]);
      expect(check(mount({ recursiveReadOnly: 'Disabled' }), '1.31')).toEqual([]);
    });

    test.each([
      ['Enabled without readOnly', { recursiveReadOnly: 'Enabled' }],
      ['IfPossible with HostToContainer propagation', { readOnly: true, recursiveReadOnly: 'IfPossible', mountPropagation: 'HostToContainer' }],
      ['an unknown value', { readOnly: true, recursiveReadOnly: 'Always' }],
    ])('1.33 refuses %s', (_what, extra) => {
      expect(errors(check(mount(extra), '1.33'))).toContainEqual(['container.volume-mounts', at]);
    });
  });

  describe('image volumes (ImageVolume)', () => {
    const image = (source: any, mountExtra: any = {}) => make(m => {
      pod(m).volumes = [{ name: 'model', image: source }];
      main(m).volumeMounts = [{ name: 'model', mountPath: '/model', readOnly: true, ...mountExtra }];
    });

    test('off in 1.31 to 1.34: a warning (the volume would have no source)', () => {
      for (const version of ['1.31', '1.33', '1.34']) {
        const findings = check(image({ reference: 'registry.example.com/models/llama:1' }), version);
        expect(alphaWarnings(findings).map(f => f.path)).toEqual([`${S}.volumes[0].image`]);
        expect(errors(findings)).toEqual([]);
      }
    });

    test('accepted from 1.35; a missing reference and an unknown pull policy refused', () => {
      expect(check(image({ reference: 'registry.example.com/models/llama:1', pullPolicy: 'IfNotPresent' }), '1.35')).toEqual([]);
      expect(errors(check(image({ pullPolicy: 'Sometimes' }), '1.36'))).toEqual([
        ['pod.volumes', `${S}.volumes[0].image.pullPolicy`],
        ['pod.volumes', `${S}.volumes[0].image.reference`],
      ]);
    });

    test('subPath: refused before 1.33, accepted from 1.33', () => {
      const m = image({ reference: 'registry.example.com/models/llama:1' }, { subPath: 'weights' });
      expect(errors(check(m, '1.32', ['ImageVolume']))).toEqual([['container.volume-mounts', `${S}.containers[0].volumeMounts[0].subPath`]]);
      expect(check(m, '1.33', ['ImageVolume'])).toEqual([]);
    });
  });

  describe('env (RelaxedEnvironmentVariableValidation, PodHostIPs, EnvFiles)', () => {
    const env = (e: any) => make(m => { main(m).env = [e]; });

    test.each(['1X', 'MY VAR', 'my:name', 'a~b'])('the name %j: refused before 1.32 (with a hint), accepted from 1.32 and with the gate in 1.30', name => {
      const m = env({ name, value: 'x' });
      const before = check(m, '1.31');
      expect(errors(before)).toEqual([['container.env', `${S}.containers[0].env[0].name`]]);
      expect(before[0].message).toMatch(/RelaxedEnvironmentVariableValidation/);
      expect(check(m, '1.32')).toEqual([]);
      expect(check(m, '1.30', ['RelaxedEnvironmentVariableValidation'])).toEqual([]);
    });

    test('the relaxed names still refuse \'=\' and non-ASCII; envFrom prefixes follow the same rule', () => {
      for (const name of ['A=B', 'naïve', 'tab\there']) expect(errors(check(env({ name, value: 'x' }), '1.36'))).toEqual([['container.env', `${S}.containers[0].env[0].name`]]);
      const m = make(x => { main(x).envFrom = [{ prefix: '1_', configMapRef: { name: 'cfg' } }]; });
      expect(errors(check(m, '1.31'))).toEqual([['container.env-from', `${S}.containers[0].envFrom[0].prefix`]]);
      expect(check(m, '1.34')).toEqual([]);
    });

    test('status.hostIPs: refused in 1.28, accepted with the gate and from 1.29', () => {
      const m = env({ name: 'HOST_IPS', valueFrom: { fieldRef: { fieldPath: 'status.hostIPs' } } });
      expect(errors(check(m, '1.28'))).toEqual([['container.env', `${S}.containers[0].env[0].valueFrom.fieldRef.fieldPath`]]);
      expect(check(m, '1.28', ['PodHostIPs'])).toEqual([]);
      expect(check(m, '1.29')).toEqual([]);
    });

    test('fileKeyRef (1.34+): a warning in 1.34, checked from 1.35', () => {
      const m = env({ name: 'TOKEN', valueFrom: { fileKeyRef: { volumeName: 'config', path: 'env', key: 'TOKEN' } } });
      pod(m).volumes = [{ name: 'config', emptyDir: {} }];
      expect(alphaWarnings(check(m, '1.34')).map(f => f.path)).toEqual([`${S}.containers[0].env[0].valueFrom.fileKeyRef`]);
      expect(check(m, '1.35')).toEqual([]);
      delete main(m).env[0].valueFrom.fileKeyRef.key;
      expect(errors(check(m, '1.35'))).toEqual([['container.env', `${S}.containers[0].env[0].valueFrom.fileKeyRef.key`]]);
    });
  });

  describe('lifecycle: the sleep action (PodLifecycleSleepAction, validateSleepAction) and stopSignal', () => {
    const sleep = (seconds: number, grace?: number) => make(m => {
      main(m).lifecycle = { preStop: { sleep: { seconds } } };
      if (grace !== undefined) pod(m).terminationGracePeriodSeconds = grace;
    });
    const at = `${S}.containers[0].lifecycle.preStop`;

    test('1.28 has no sleep action; alpha in 1.29: a warning; accepted from 1.30', () => {
      expect(errors(check(sleep(5), '1.28'))).toContainEqual(['container.lifecycle', at]);
      expect(alphaWarnings(check(sleep(5), '1.29')).map(f => f.path)).toEqual([`${at}.sleep`]);
      expect(check(sleep(5), '1.30')).toEqual([]);
    });

    test('seconds: 1 to the grace period (30 unless set); 0 from 1.33 (or with its gate in 1.32)', () => {
      expect(errors(check(sleep(31), '1.31'))).toEqual([['container.lifecycle', `${at}.sleep.seconds`]]);
      expect(check(sleep(45, 60), '1.31')).toEqual([]);
      expect(errors(check(sleep(0), '1.32'))).toEqual([['container.lifecycle', `${at}.sleep.seconds`]]);
      expect(check(sleep(0), '1.32', ['PodLifecycleSleepActionAllowZero'])).toEqual([]);
      expect(check(sleep(0), '1.33')).toEqual([]);
      expect(errors(check(sleep(-1), '1.36'))).toEqual([['container.lifecycle', `${at}.sleep.seconds`]]);
    });

    test('stopSignal (1.33, alpha): a warning; with the gate, the pod must name its OS', () => {
      const m = make(x => { main(x).lifecycle = { stopSignal: 'SIGUSR1' }; });
      expect(alphaWarnings(check(m, '1.33')).map(f => f.path)).toEqual([`${S}.containers[0].lifecycle.stopSignal`]);
      expect(errors(check(m, '1.33', ['ContainerStopSignals']))).toEqual([['container.lifecycle', `${S}.containers[0].lifecycle.stopSignal`]]);
      pod(m).os = { name: 'linux' };
      expect(check(m, '1.33', ['ContainerStopSignals'])).toEqual([]);
    });
  });
});

test('a Service name may start with a digit where RelaxedServiceNameValidation is on (beta in 1.36)', () => {
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: '1st-workers' },
    spec: { clusterIP: 'None', selector: { app: 'train' }, ports: [{ name: 'rdzv', port: 29500 }] },
  };
  expect(errors(check(service, '1.35'))).toEqual([['service.name.invalid', 'metadata.name']]);
  expect(check(service, '1.35')[0].message).toMatch(/RelaxedServiceNameValidation/);
  expect(check(service, '1.36')).toEqual([]);
  expect(check(service, '1.34', ['RelaxedServiceNameValidation'])).toEqual([]);
  expect(errors(check({ ...service, metadata: { name: '-workers' } }, '1.36'))).toEqual([['service.name.invalid', 'metadata.name']]);
});

test('every rule added for newer versions names its upstream function and version', () => {
  for (const id of ['job.success-policy', 'job.managed-by', 'pod.resources', 'container.resize-policy']) {
    expect(RULES.find(r => r.id === id)!.upstream).toMatch(/^validate\w+.*\b(1\.\d\d\+|InPlacePodVerticalScaling)/);
  }
});
