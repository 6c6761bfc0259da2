import { podTemplateOf, restrictedViolations } from './util/pss';
import { synthExamples } from './util/synth';


describe('examples app', () => {
  test('every chart synthesizes schema-valid manifests, and the seed charts are there', () => {
    const { byChart } = synthExamples();
    for (const id of ['pi', 'countdown', 'ds-job', 'train-model-job', 'job-with-deadline']) {
      expect(byChart.get(id)?.length).toBeGreaterThan(0);
    }
    for (const manifests of byChart.values()) {
      // A ConfigMap only holds an Indexed sweep's per-trial parameters.
      for (const m of manifests) expect(['Job', 'CronJob', 'Service', 'ConfigMap']).toContain(m.kind);
    }
  });

  test('synthesis is deterministic: byte-identical YAML twice', () => {
    const once = synthExamples().app.synthYaml();
    const twice = synthExamples().app.synthYaml();
    expect(once.length).toBeGreaterThan(1000);
    expect(twice).toEqual(once);
  });

  test('the pi job keeps the tutorial\'s command, resources and backoff limit', () => {
    const [pi] = synthExamples().byChart.get('pi')!;
    expect(pi.metadata.name).toBe('pi');
    expect(pi.spec.backoffLimit).toBe(4);
    const c = pi.spec.template.spec.containers[0];
    expect(c.command).toEqual(['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)']);
    expect(c.resources).toEqual({ requests: { cpu: '50m', memory: '50Mi' }, limits: { cpu: '1', memory: '200Mi' } });
  });

  test('the deadline job: backoffLimit 5, activeDeadlineSeconds 20, OnFailure without a pod failure policy', () => {
    const [job] = synthExamples().byChart.get('job-with-deadline')!;
    expect(job.spec.backoffLimit).toBe(5);
    expect(job.spec.activeDeadlineSeconds).toBe(20);
    expect(job.spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(job.spec.podFailurePolicy).toBeUndefined();
  });

  test('the ds-job uses the locally built image without pulling', () => {
    const [job] = synthExamples().byChart.get('ds-job')!;
    expect(job.spec.template.spec.containers[0]).toMatchObject({ name: 'ds-job', image: 'ds-job:0.1.0', imagePullPolicy: 'Never' });
  });

  test('root-based images run as a non-root user with a writable /tmp', () => {
    for (const id of ['pi', 'train-model-job', 'countdown']) {
      const [job] = synthExamples().byChart.get(id)!;
      const spec = job.spec.template.spec;
      expect(spec.securityContext.runAsNonRoot).toBe(true);
      expect(spec.securityContext.runAsUser).toBeGreaterThan(0);
      expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      expect(spec.volumes).toContainEqual({ name: 'tmp', emptyDir: {} });
    }
  });
});

describe('Pod Security "restricted"', () => {
  test('every example pod is admitted by a namespace that enforces "restricted"', () => {
    const { byChart } = synthExamples();
    let checked = 0;
    for (const [id, manifests] of byChart) {
      for (const m of manifests.filter(x => x.kind !== 'Service' && x.kind !== 'ConfigMap')) {
        const template = podTemplateOf(m);
        expect({ id, violations: restrictedViolations(template.spec, template.metadata) }).toEqual({ id, violations: [] });
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  test('the checker catches a pod that is not restricted', () => {
    const violations = restrictedViolations({
      hostNetwork: true,
      containers: [{ name: 'c', securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] } } }],
      volumes: [{ name: 'h', hostPath: { path: '/' } }],
    });
    expect(violations).toEqual(expect.arrayContaining([
      'hostNetwork must be unset or false',
      'volume h has a restricted type hostPath',
      'container c: privileged',
      'container c: allowPrivilegeEscalation must be false',
      'container c: adds capability SYS_ADMIN',
      'container c: runAsNonRoot must be true (pod or container)',
      'container c: seccomp must be RuntimeDefault or Localhost',
    ]));
  });
});

describe('the chart for a Kubernetes 1.33 cluster', () => {
  const manifests = () => synthExamples().byChart.get('vision-1-33')!;
  const job = (name: string) => manifests().find(m => m.kind === 'Job' && m.metadata.name === name);

  test('uses the features that are on at 1.33: podReplacementPolicy, per-shard retries, success policies, a native sidecar', () => {
    expect(job('bert-finetune').spec.podReplacementPolicy).toBe('Failed');
    expect(job('bert-finetune').spec.template.spec.initContainers[0]).toMatchObject({ name: 'log-shipper', restartPolicy: 'Always' });
    expect(job('embed-corpus').spec).toMatchObject({ completionMode: 'Indexed', backoffLimitPerIndex: 2, maxFailedIndexes: 10 });
    expect(job('llama-ft-133').spec.successPolicy).toEqual({ rules: [{ succeededIndexes: '0' }] });
    expect(job('lr-search').spec.successPolicy).toEqual({ rules: [{ succeededCount: 6 }] });
    expect(job('lr-search').spec.backoffLimitPerIndex).toBe(3);
  });

  test('its manifests are refused by the 1.28 schema and rules: the target is what makes them valid', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { checkManifest, target } = require('../src/rules') as typeof import('../src/rules');
    const errorsAt = (version: string) => manifests().flatMap(m => checkManifest(m, { noWarnings: true, target: target(version) }).findings);
    expect(errorsAt('1.33')).toEqual([]);
    expect(errorsAt('1.36')).toEqual([]);
    expect(errorsAt('1.28').map(f => f.path)).toEqual(expect.arrayContaining(['spec.successPolicy']));
  });

  test('every other chart is written for 1.28 and does not use those fields', () => {
    for (const [id, ms] of synthExamples().byChart) {
      if (id === 'vision-1-33') continue;
      for (const m of ms.filter(x => x.kind === 'Job')) {
        const { successPolicy, podReplacementPolicy } = m.spec;
        expect({ id, successPolicy, podReplacementPolicy }).toEqual({ id, successPolicy: undefined, podReplacementPolicy: undefined });
      }
    }
  });
});
