import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { buildExamples } from '../examples/main';
import { ERRATA, ROOTS, TARGET, VERSIONS, generate, sourceOf } from '../scripts/batch-schema';
import { RULES, checkManifest } from '../src/rules';
import { validateManifest } from './util/schema';
import { exampleTarget, mainContainer as main, podSpec as pod } from './util/synth';
import { Report } from '../src/rules/context';
import { BATCH_SCHEMA, batchSchema } from '../src/rules/schema';
import { checkStructure, closestField, editDistance, versionsText } from '../src/rules/schema-check';
import { SCHEMA_VERSIONS, definitionsFor, versionsWithField } from '../src/rules/schema-definitions';
import { target } from '../src/rules/versions';

/**
 * The structural rules (src/rules/schema-check.ts): unknown fields, wrong types and missing
 * required fields, checked against the generated schema of Jobs, CronJobs and Services of the
 * target Kubernetes version (1.28, the default, to 1.36).
 */
const ROOT = path.join(__dirname, '..');
const committedText = fs.readFileSync(path.join(ROOT, TARGET), 'utf-8');
const committed = JSON.parse(committedText);
const minorOf = (version: string) => Number(version.split('.')[1]);

/** The upstream files, each read once for this test file (the generator reads all nine). */
const sourceTexts = new Map<string, string>();
function readSource(version: string): string {
  let text = sourceTexts.get(version);
  if (text === undefined) {
    text = fs.readFileSync(path.join(ROOT, sourceOf(version)), 'utf-8');
    sourceTexts.set(version, text);
  }
  return text;
}
const upstreamOf = (version: string) => JSON.parse(readSource(version)).definitions;

/** A batch/v1 Job a user might write by hand; it passes every rule and the schema. */
function job(): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi' },
    spec: {
      backoffLimit: 4,
      activeDeadlineSeconds: 600,
      ttlSecondsAfterFinished: 3600,
      podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
      template: {
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'pi',
            image: 'perl:5.34',
            imagePullPolicy: 'IfNotPresent',
            command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'],
            env: [{ name: 'PORT', value: '8080' }],
            ports: [{ name: 'metrics', containerPort: 9090 }],
            livenessProbe: { httpGet: { path: '/healthz', port: 'metrics' } },
            resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          }],
        },
      },
    },
  };
}

/** The same pod as a CronJob's job template. */
function cronJob(): any {
  const { spec } = job();
  delete spec.ttlSecondsAfterFinished;
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly' },
    spec: { schedule: '0 2 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 300, jobTemplate: { spec } },
  };
}

/** A headless Service (the kind the constructs write for indexed jobs). */
function service(): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'pi' }, spec: { clusterIP: 'None', selector: { app: 'pi' }, ports: [{ name: 'rdzv', port: 29500 }] } };
}

const errors = (m: any, ignore: string[] = []) => checkManifest(m, { noWarnings: true, ignore: new Set(ignore) }).findings;

describe('the generated schema (src/rules/k8s-batch.schema.json)', () => {
  test('is what scripts/batch-schema.ts generates from the upstream definitions (regenerate with --write)', () => {
    expect(committedText).toBe(generate(readSource));
  });

  test('describes every supported version, with provenance: each source file and its sha256', () => {
    expect(SCHEMA_VERSIONS).toEqual(VERSIONS);
    expect(Object.keys(committed.versions)).toEqual(VERSIONS);
    expect(committed.provenance).toEqual(expect.objectContaining({ license: 'Apache-2.0', roots: ROOTS }));
    expect(committed.provenance.source).toContain('Kubernetes v1.28.0 to v1.36.0');
    expect(committed.provenance.generated).toContain('scripts/batch-schema.ts');
    expect(committed.provenance.sources).toEqual(VERSIONS.map(version => ({
      version,
      file: `test/k8s-schema/v${version}.0/_definitions.json`,
      sha256: crypto.createHash('sha256').update(readSource(version)).digest('hex'),
    })));
    expect(JSON.stringify(committed.provenance.errata)).toContain('kubernetes/kubernetes#120204');
  });

  test.each(VERSIONS)('%s: the definitions Job, CronJob and Service reach, made strict, every $ref resolved in the version', (version) => {
    const upstream = upstreamOf(version);
    const definitions = definitionsFor(version)!;
    const names = Object.keys(definitions);
    expect(names).toEqual(expect.arrayContaining([...ROOTS, 'io.k8s.api.core.v1.PodSpec', 'io.k8s.api.core.v1.Container']));
    expect(names.length).toBeLessThan(Object.keys(upstream).length / 3);
    for (const name of names) {
      const def: any = definitions[name];
      expect([name, def]).not.toEqual([name, undefined]);
      expect(upstream[name]).toBeDefined();
      if (def.properties) expect([name, def.additionalProperties]).not.toEqual([name, undefined]);
      // Same fields and required fields as upstream, except the errata.
      expect([name, Object.keys(def.properties ?? {}).sort()]).toEqual([name, Object.keys(upstream[name].properties ?? {}).sort()]);
      const relaxed = ERRATA.filter(e => e.definition === name && e.fix === 'optional' && e.versions.includes(version)).map(e => e.field);
      expect([name, def.required]).toEqual([name, upstream[name].required?.filter((f: string) => !relaxed.includes(f))]);
      const json = JSON.stringify(def);
      expect(json).not.toContain('"description"');
      for (const ref of json.matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)) expect([name, names]).toEqual([name, expect.arrayContaining([ref[1]])]);
    }
  });

  test('stores each distinct definition once: a version lists only what changed since the one before', () => {
    const pool = Object.keys(committed.definitions);
    const perVersion = VERSIONS.map(v => Object.keys(definitionsFor(v)!).length);
    expect(pool.length).toBeLessThan(perVersion.reduce((a, b) => a + b, 0) / 4);
    const contents = new Set(pool.map(key => `${key.slice(0, key.indexOf('@'))} ${JSON.stringify(committed.definitions[key])}`));
    expect(contents.size).toBe(pool.length);
    for (const key of pool) expect(key).toMatch(/^io\.k8s\.[\w.]+@1\.\d+$/);
    // The oldest version lists every name; 1.29 to 1.36 only their changes (few).
    expect(Object.keys(committed.versions['1.28']).length).toBe(perVersion[0]);
    for (const v of VERSIONS.slice(1)) expect(Object.keys(committed.versions[v]).length).toBeLessThan(15);
    expect(committed.versions['1.36']['io.k8s.api.core.v1.WorkloadReference']).toBeNull();
  });

  test('the errata apply where the upstream file has the problem', () => {
    for (const version of VERSIONS) {
      const defs: any = definitionsFor(version);
      const upstream = upstreamOf(version);
      // kubernetes/kubernetes#120204: fixed upstream in the 1.29.0 OpenAPI.
      expect([version, defs['io.k8s.api.batch.v1.PodFailurePolicyRule'].required]).toEqual([version, ['action']]);
      expect(upstream['io.k8s.api.batch.v1.PodFailurePolicyRule'].required.includes('onPodConditions')).toBe(version === '1.28');
      expect(defs['io.k8s.api.core.v1.ScaleIOVolumeSource'].required).toEqual(['gateway', 'system']);
      expect([version, defs['io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern'].required])
        .toEqual([version, minorOf(version) <= 34 ? ['type', 'status'] : ['type']]);
    }
    expect(ERRATA.map(e => [e.definition.split('.').pop(), e.field, e.versions[0], e.versions[e.versions.length - 1]])).toEqual([
      ['PodFailurePolicyRule', 'onPodConditions', '1.28', '1.28'],
      ['ScaleIOVolumeSource', 'secretRef', '1.28', '1.36'],
      ['PodFailurePolicyOnPodConditionsPattern', 'status', '1.28', '1.34'],
    ]);
  });

  test('the generator refuses an erratum declared for a version whose file no longer has the problem', () => {
    const [rule, scaleIO, pattern] = ERRATA;
    expect(() => generate(readSource, [{ ...rule, versions: ['1.28', '1.29'] }])).toThrow(/erratum no longer applies in 1\.29: io\.k8s\.api\.batch\.v1\.PodFailurePolicyRule\.required has no onPodConditions/);
    expect(() => generate(readSource, [scaleIO, { ...pattern, versions: [...pattern.versions, '1.35'] }])).toThrow(/erratum no longer applies in 1\.35: .*PodFailurePolicyOnPodConditionsPattern\.required has no status/);
  });

  test('the generator refuses keywords and formats the validator does not implement, in any version', () => {
    const edited = (version: string, edit: (defs: any) => void) => (v: string) => {
      if (v !== version) return readSource(v);
      const upstream = JSON.parse(readSource(v));
      edit(upstream.definitions);
      return JSON.stringify(upstream);
    };
    expect(() => generate(edited('1.28', d => { d['io.k8s.api.batch.v1.JobSpec'].properties.parallelism.minimum = 0; })))
      .toThrow(/1\.28 io\.k8s\.api\.batch\.v1\.JobSpec\.parallelism: keyword minimum is not implemented/);
    expect(() => generate(edited('1.29', d => { d['io.k8s.api.core.v1.Container'].properties.name['x-kubernetes-validations'] = []; })))
      .toThrow(/1\.29 io\.k8s\.api\.core\.v1\.Container\.name: keyword x-kubernetes-validations is not implemented/);
    expect(() => generate(edited('1.29', d => { d['io.k8s.api.core.v1.Container'].properties.name.format = 'uuid'; })))
      .toThrow(/1\.29 io\.k8s\.api\.core\.v1\.Container\.name: format "uuid" is not supported/);
  });
});

type Case = [what: string, kind: 'Job' | 'CronJob', mutate: (m: any) => void, ruleId: string, at: string, message: RegExp];

const CASES: Case[] = [
  // Unknown fields: the API server's strict field validation refuses them.
  ['the tutorial\'s spec.backOffLimit', 'Job', m => { m.spec.backOffLimit = 25; }, 'schema.unknown-field', 'spec.backOffLimit', /^"backOffLimit" is not a field of JobSpec; did you mean "backoffLimit"\?$/],
  ['imagePullpolicy', 'Job', m => { main(m).imagePullpolicy = 'Always'; }, 'schema.unknown-field', 'spec.template.spec.containers[0].imagePullpolicy', /did you mean "imagePullPolicy"\?/],
  ['restart_policy', 'Job', m => { pod(m).restart_policy = 'Never'; }, 'schema.unknown-field', 'spec.template.spec.restart_policy', /of PodSpec; did you mean "restartPolicy"\?/],
  ['ttlSecondsAfterFinish in a CronJob', 'CronJob', m => { m.spec.jobTemplate.spec.ttlSecondsAfterFinish = 60; }, 'schema.unknown-field', 'spec.jobTemplate.spec.ttlSecondsAfterFinish', /did you mean "ttlSecondsAfterFinished"\?/],
  ['metadata.label', 'Job', m => { m.metadata.label = { team: 'ml' }; }, 'schema.unknown-field', 'metadata.label', /of ObjectMeta; did you mean "labels"\?/],
  ['a top-level specs', 'CronJob', m => { m.specs = {}; }, 'schema.unknown-field', 'specs', /of CronJob; did you mean "spec"\?/],
  ['requests outside resources', 'Job', m => { main(m).requests = { cpu: '1' }; }, 'schema.unknown-field', 'spec.template.spec.containers[0].requests', /^"requests" is not a field of Container \(the API server refuses unknown fields\)$/],
  ['a misplaced restartPolicy on the JobSpec', 'Job', m => { m.spec.restartPolicy = 'Never'; }, 'schema.unknown-field', 'spec.restartPolicy', /not a field of JobSpec/],
  ['an unknown field in a probe', 'Job', m => { main(m).livenessProbe.httpGet.scheme2 = 'HTTP'; }, 'schema.unknown-field', 'spec.template.spec.containers[0].livenessProbe.httpGet.scheme2', /of HTTPGetAction; did you mean "scheme"\?/],
  // Wrong types, in fields the other rules do not read.
  ['env value 8080 as a number', 'Job', m => { main(m).env.push({ name: 'PORT2', value: 8080 }); }, 'object.field-type', 'spec.template.spec.containers[0].env[1].value', /^8080 must be a string/],
  ['an argument 10 as a number', 'Job', m => { main(m).args = ['--epochs', 10]; }, 'object.field-type', 'spec.template.spec.containers[0].args[1]', /^10 must be a string/],
  ['stdin as "yes" in quotes', 'Job', m => { main(m).stdin = 'yes'; }, 'object.field-type', 'spec.template.spec.containers[0].stdin', /^"yes" must be true or false$/],
  ['completions above int32', 'Job', m => { m.spec.completions = 2 ** 31; }, 'object.field-type', 'spec.completions', /^2147483648 is out of range: the field is an int32 \(-2147483648 to 2147483647\)$/],
  ['a probe port that is neither a name nor a number', 'Job', m => { main(m).livenessProbe.httpGet.port = 80.5; }, 'object.field-type', 'spec.template.spec.containers[0].livenessProbe.httpGet.port', /^80\.5 must be a string or an integer$/],
  ['a toleration list as a map', 'CronJob', m => { pod(m).tolerations = { key: 'gpu' }; }, 'object.field-type', 'spec.jobTemplate.spec.template.spec.tolerations', /^\{"key":"gpu"\} must be a list$/],
  ['a suspend of "true"', 'CronJob', m => { m.spec.jobTemplate.spec.suspend = 'true'; }, 'object.field-type', 'spec.jobTemplate.spec.suspend', /must be true or false/],
  ['backoffLimit "3"', 'Job', m => { m.spec.backoffLimit = '3'; }, 'object.field-type', 'spec.backoffLimit', /must be an integer/],
  // Missing required fields.
  ['no containers', 'Job', m => { delete pod(m).containers; }, 'pod.containers', 'spec.template.spec.containers', /no containers/],
  ['a CronJob without jobTemplate', 'CronJob', m => { delete m.spec.jobTemplate; }, 'schema.required', 'spec.jobTemplate', /^jobTemplate is required in CronJobSpec$/],
  ['a Job without template', 'Job', m => { delete m.spec.template; }, 'schema.required', 'spec.template', /^template is required in JobSpec$/],
  ['a node affinity without terms', 'Job', m => {
    pod(m).affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {} } };
  }, 'schema.required', 'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms', /in NodeSelector$/],
  ['a topology spread constraint without topologyKey', 'Job', m => {
    pod(m).topologySpreadConstraints = [{ maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule' }];
  }, 'schema.required', 'spec.template.spec.topologySpreadConstraints[0].topologyKey', /^topologyKey is required in TopologySpreadConstraint$/],
  ['a probe without a port', 'CronJob', m => { delete main(m).livenessProbe.httpGet.port; }, 'container.probes', 'spec.jobTemplate.spec.template.spec.containers[0].livenessProbe.httpGet.port', /the port is required/],
  ['a CronJob condition pattern without status (not defaulted in a job template)', 'CronJob', m => {
    delete m.spec.jobTemplate.spec.podFailurePolicy.rules[0].onPodConditions[0].status;
  }, 'job.pod-failure-policy.pod-conditions', 'spec.jobTemplate.spec.podFailurePolicy.rules[0].onPodConditions[0].status', /must be True, False or Unknown/],
];

describe('structural findings', () => {
  test('the hand-written Job and CronJob have no findings at all', () => {
    expect(checkManifest(job()).findings).toEqual([]);
    expect(checkManifest(cronJob()).findings).toEqual([]);
  });

  test.each(CASES)('%s (%s)', (_what, kind, mutate, ruleId, at, message) => {
    // GIVEN
    const m = kind === 'Job' ? job() : cronJob();
    mutate(m);
    // WHEN
    const found = errors(m);
    // THEN exactly one finding at the path, from the rule, with its message
    const here = found.filter(f => f.path === at);
    expect(here.map(f => f.ruleId)).toEqual([ruleId]);
    expect(here[0].message).toMatch(message);
    expect(here[0].severity).toBe('error');
    expect(here[0].object).toBe(`${kind}/${m.metadata.name}`);
    expect(found.filter(f => f.ruleId.startsWith('schema.') && f.path !== at)).toEqual([]);
  });

  test('an unknown field close to a known one gets a fix naming it; others get the rule\'s fix', () => {
    const m = job();
    m.spec.backOffLimit = 25;
    m.spec.retries = 3;
    const [typo, other] = errors(m).filter(f => f.ruleId === 'schema.unknown-field');
    expect(typo).toEqual(expect.objectContaining({ path: 'spec.backOffLimit', fix: 'rename `backOffLimit` to `backoffLimit` (field names are case-sensitive)' }));
    expect(other).toEqual(expect.objectContaining({ path: 'spec.retries', fix: RULES.find(r => r.id === 'schema.unknown-field')!.fix }));
  });

  test('type slips of hand-written YAML get a hint in the message', () => {
    const m = job();
    main(m).terminationMessagePath = 5;
    main(m).livenessProbe.periodSeconds = '10';
    main(m).tty = 'true';
    const messages = Object.fromEntries(errors(m).map(f => [f.path, f.message]));
    expect(messages).toEqual({
      'spec.template.spec.containers[0].terminationMessagePath': '5 must be a string (quote it: YAML reads 5 as a number)',
      'spec.template.spec.containers[0].livenessProbe.periodSeconds': '"10" must be an integer (write it without quotes)',
      'spec.template.spec.containers[0].tty': '"true" must be true or false',
    });
  });

  test('a path another rule reports is not reported twice; with that rule ignored, the structural finding shows', () => {
    const m = job();
    delete pod(m).containers;
    expect(errors(m).map(f => f.ruleId)).toEqual(['pod.containers']);
    expect(errors(m, ['pod.containers']).map(f => [f.ruleId, f.path])).toEqual([['schema.required', 'spec.template.spec.containers']]);
  });

  test('a condition pattern without status: defaulted in a Job, required in a CronJob\'s job template (errata)', () => {
    const ignore = ['job.pod-failure-policy.pod-conditions'];
    const j = job();
    delete j.spec.podFailurePolicy.rules[0].onPodConditions[0].status;
    expect(errors(j, ignore)).toEqual([]);
    const c = cronJob();
    delete c.spec.jobTemplate.spec.podFailurePolicy.rules[0].onPodConditions[0].status;
    expect(errors(c, ignore).map(f => [f.ruleId, f.path])).toEqual([['schema.required', 'spec.jobTemplate.spec.podFailurePolicy.rules[0].onPodConditions[0].status']]);
  });

  test('a pod failure rule with only onExitCodes is accepted (errata: onPodConditions is not required)', () => {
    const m = job();
    m.spec.podFailurePolicy.rules.push({ action: 'FailJob', onExitCodes: { containerName: 'pi', operator: 'In', values: [42] } });
    expect(errors(m)).toEqual([]);
  });

  test('values read the way the API server decodes them: null is unset, YAML timestamps are strings, numbers for quantities', () => {
    const m = job();
    m.spec.completions = null;
    m.metadata.creationTimestamp = null;
    main(m).terminationMessagePath = new Date('2024-01-01T00:00:00Z'); // unquoted `2024-01-01`: kubectl sends the text
    main(m).resources.requests.cpu = 0.5;
    main(m).resources.limits.memory = 1073741824;
    expect(errors(m)).toEqual([]);
    // a timestamp where a number belongs is shown in ISO form (never in the local time zone)
    main(m).livenessProbe.periodSeconds = new Date('2024-01-01T00:00:00Z');
    expect(errors(m).map(f => f.message)).toContain('2024-01-01T00:00:00.000Z must be an integer');
  });

  test('other apiVersions and kinds are not checked structurally', () => {
    const m = cronJob();
    m.apiVersion = 'batch/v1beta1';
    m.spec.backOffLimit = 1;
    expect(errors(m).map(f => f.ruleId)).toEqual(['object.api-version']);
    expect(BATCH_SCHEMA.definitionFor('batch/v1', 'Deployment')).toBeUndefined();
  });

  test('never throws, and finds something, on structurally wrong values anywhere (property)', () => {
    const junk = fc.oneof(
      fc.anything({ maxDepth: 3, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withBigInt: true }),
      fc.constant({ toString: 'x', valueOf: 1, constructor: 'c', hasOwnProperty: 2 }),
    );
    const paths = collectPaths(job());
    fc.assert(fc.property(fc.constantFrom(...paths), junk, (at, value) => {
      const m = job();
      set(m, at, value);
      const result = checkManifest(m);
      expect(Array.isArray(result.findings)).toBe(true);
    }), { numRuns: 400, seed: 7 });
  });
});

describe.each([['1.28', 300], ['1.32', 150], ['1.36', 150]] as const)('%s: the validator agrees with ajv on the generated schema (differential, no nulls, int32 numbers)', (version, numRuns) => {
  const ajv = new Ajv({ allErrors: false, strict: false, validateFormats: false });
  ajv.addSchema({ $id: 'batch', definitions: definitionsFor(version) });
  const validators = {
    Job: ajv.compile({ $ref: 'batch#/definitions/io.k8s.api.batch.v1.Job' }),
    CronJob: ajv.compile({ $ref: 'batch#/definitions/io.k8s.api.batch.v1.CronJob' }),
  };
  const schema = batchSchema(minorOf(version));
  const value: fc.Arbitrary<unknown> = fc.letrec(tie => ({
    any: fc.oneof({ depthSize: 'small', withCrossShrink: true },
      fc.string({ maxLength: 4 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.boolean(),
      fc.array(tie('any'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('name', 'key', 'port', 'type', 'x', 'image', 'value'), tie('any'), { maxKeys: 3 })),
  })).any;

  test.each(['Job', 'CronJob'] as const)('%s: random edits of a valid manifest are valid for both or invalid for both', (kind) => {
    const base = kind === 'Job' ? job() : cronJob();
    const paths = collectPaths(base);
    const op = fc.oneof(
      fc.record({ set: fc.constantFrom(...paths), value }),
      fc.record({ remove: fc.constantFrom(...paths) }),
      fc.record({ add: fc.constantFrom(...paths), key: fc.constantFrom('name', 'extra', 'type', 'port'), value }),
    );
    let invalid = 0;
    fc.assert(fc.property(fc.array(op, { minLength: 1, maxLength: 3 }), ops => {
      const m = structuredClone(base);
      for (const o of ops as any[]) {
        if ('set' in o) set(m, o.set, o.value);
        else if ('remove' in o) remove(m, o.remove);
        else add(m, o.add, o.key, o.value);
      }
      if (m.kind !== kind || m.apiVersion !== 'batch/v1') return; // the definition is chosen by kind
      const ours = schema.validate(m, `io.k8s.api.batch.v1.${kind}`);
      const theirs = validators[kind](m);
      if (!theirs) invalid++;
      if ((ours.length === 0) !== theirs) {
        throw new Error(`ajv says ${theirs ? 'valid' : JSON.stringify(validators[kind].errors)}, ours says ${JSON.stringify(ours)}`);
      }
    }), { numRuns, seed: 11 });
    expect(invalid).toBeGreaterThan(numRuns / 10);
  });
});

/** The structural findings of `m` for a target version (src/rules/schema-check.ts alone, no other rule). */
function structural(m: any, version: string): Array<[ruleId: string, path: string, message: string, fix: string]> {
  const r = new Report(`${m.kind}/${m.metadata?.name}`, target(version));
  checkStructure(r, m, m.apiVersion, m.kind);
  return r.findings.map(f => [f.ruleId, f.path, f.message, f.fix]);
}

/** A field that some versions have: how to add it, where it is, the first and last version that have it. */
type VersionCase = [what: string, base: () => any, edit: (m: any) => void, at: string, since: number, until?: number];

const VERSION_CASES: VersionCase[] = [
  ['Job spec.successPolicy', job, m => {
    Object.assign(m.spec, { completionMode: 'Indexed', completions: 2, successPolicy: { rules: [{ succeededIndexes: '0', succeededCount: 1 }] } });
  }, 'spec.successPolicy', 30],
  ['Job spec.managedBy', job, m => { m.spec.managedBy = 'kueue.x-k8s.io/multikueue'; }, 'spec.managedBy', 30],
  ['pod-level resources (PodSpec.resources)', job, m => {
    pod(m).resources = { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } };
  }, 'spec.template.spec.resources', 32],
  ['a container lifecycle stopSignal', job, m => { main(m).lifecycle = { stopSignal: 'SIGUSR1' }; }, 'spec.template.spec.containers[0].lifecycle.stopSignal', 33],
  ['container restartPolicyRules', job, m => {
    Object.assign(main(m), { restartPolicy: 'Never', restartPolicyRules: [{ action: 'Restart', exitCodes: { operator: 'In', values: [42] } }] });
  }, 'spec.template.spec.containers[0].restartPolicyRules', 34],
  ['an env var from a file (fileKeyRef)', job, m => {
    main(m).env.push({ name: 'TOKEN', valueFrom: { fileKeyRef: { volumeName: 'cfg', path: 'env', key: 'TOKEN' } } });
  }, 'spec.template.spec.containers[0].env[1].valueFrom.fileKeyRef', 34],
  ['PodSpec.hostnameOverride', job, m => { pod(m).hostnameOverride = 'worker-0'; }, 'spec.template.spec.hostnameOverride', 34],
  ['PodSpec.workloadRef (1.35 only)', job, m => { pod(m).workloadRef = { name: 'train', podGroup: 'workers' }; }, 'spec.template.spec.workloadRef', 35, 35],
  ['PodSpec.schedulingGroup', job, m => { pod(m).schedulingGroup = { podGroupName: 'workers' }; }, 'spec.template.spec.schedulingGroup', 36],
  ['a resource claim\'s source (removed in 1.31)', job, m => {
    pod(m).resourceClaims = [{ name: 'gpu', source: { resourceClaimName: 'gpu-claim' } }];
  }, 'spec.template.spec.resourceClaims[0].source', 28, 30],
  ['a CronJob pod\'s appArmorProfile', cronJob, m => { pod(m).securityContext.appArmorProfile = { type: 'RuntimeDefault' }; },
    'spec.jobTemplate.spec.template.spec.securityContext.appArmorProfile', 30],
  ['Service spec.trafficDistribution', service, m => { m.spec.trafficDistribution = 'PreferClose'; }, 'spec.trafficDistribution', 30],
];

describe('per target version: the structural check and the full upstream schema (ajv) agree', () => {
  test.each(VERSIONS)('%s: the hand-written 1.28 Job, CronJob and Service pass, structurally and with every rule', (version) => {
    for (const m of [job(), cronJob(), service()]) {
      expect([version, m.kind, structural(m, version)]).toEqual([version, m.kind, []]);
      expect([version, m.kind, validateManifest(m, version)]).toEqual([version, m.kind, []]);
      expect([version, m.kind, checkManifest(m, { target: target(version), noWarnings: true }).findings]).toEqual([version, m.kind, []]);
    }
  });

  test.each(VERSION_CASES)('%s: refused before its version, accepted from it', (_what, base, edit, at, since, until = 36) => {
    const field = at.replace(/\[\d+\]$/, '').split('.').pop()!;
    for (const version of VERSIONS) {
      const minor = minorOf(version);
      const m = base();
      edit(m);
      const ours = structural(m, version);
      const theirs = validateManifest(m, version);
      if (minor >= since && minor <= until) {
        expect([version, ours, theirs]).toEqual([version, [], []]);
      } else {
        expect([version, ours.map(f => [f[0], f[1]])]).toEqual([version, [['schema.unknown-field', at]]]);
        expect([version, ours[0][2]]).toEqual([version, expect.stringMatching(new RegExp(`^"${field}" is not a field of \\w+ in Kubernetes ${version} \\(it exists (from|in) 1\\.\\d+`))]);
        expect([version, theirs.map(e => e.message).join('\n')]).toEqual([version, expect.stringContaining(`(${field})`)]);
      }
    }
  });

  test('an unknown field of a later version says which version has it, and what to do', () => {
    const m = job();
    VERSION_CASES[0][2](m);
    expect(structural(m, '1.29')).toEqual([['schema.unknown-field', 'spec.successPolicy',
      '"successPolicy" is not a field of JobSpec in Kubernetes 1.29 (it exists from 1.30)',
      '`successPolicy` is not in the Kubernetes 1.29 API; it exists from 1.30: raise the target version (kubernetesVersion) or remove the field']]);
    // Through checkManifest and its target option, as the constructs, the plugin and the CLI call it.
    expect(checkManifest(m, { target: target('1.29') }).findings.filter(f => f.path === 'spec.successPolicy'))
      .toEqual([expect.objectContaining({ ruleId: 'schema.unknown-field', severity: 'error', fix: expect.stringContaining('it exists from 1.30: raise the target version') })]);
    expect(checkManifest(m).findings.filter(f => f.path === 'spec.successPolicy').map(f => f.message))
      .toEqual(['"successPolicy" is not a field of JobSpec in Kubernetes 1.28 (it exists from 1.30)']);
    const w = job();
    pod(w).workloadRef = { name: 'train', podGroup: 'workers' };
    expect(structural(w, '1.34')[0][3]).toBe('`workloadRef` is not in the Kubernetes 1.34 API; it exists in 1.35 only: raise the target version (kubernetesVersion) or remove the field');
    expect(structural(w, '1.36')[0][3]).toBe('`workloadRef` is not in the Kubernetes 1.36 API; it exists in 1.35 only: remove the field (or lower the target version, kubernetesVersion)');
    const c = job();
    pod(c).resourceClaims = [{ name: 'gpu', source: { resourceClaimName: 'gpu-claim' } }];
    expect(structural(c, '1.31')[0][2]).toBe('"source" is not a field of PodResourceClaim in Kubernetes 1.31 (it exists in 1.28 to 1.30)');
  });

  test('an unknown field no version has keeps the "did you mean" of the target\'s fields', () => {
    for (const version of ['1.28', '1.33', '1.36']) {
      const m = job();
      m.spec.backOffLimit = 3;
      m.spec.managedby = 'x';
      expect([version, structural(m, version).map(f => f[2])]).toEqual([version, [
        '"backOffLimit" is not a field of JobSpec; did you mean "backoffLimit"?',
        // `managedBy` exists from 1.30: before, `managedby` is no typo of a JobSpec field.
        ...(minorOf(version) >= 30 ? ['"managedby" is not a field of JobSpec; did you mean "managedBy"?'] : ['"managedby" is not a field of JobSpec (the API server refuses unknown fields)']),
      ]]);
    }
  });

  test('required fields that change: HostAlias.ip from 1.31, CronJob.spec in 1.36', () => {
    for (const version of VERSIONS) {
      const minor = minorOf(version);
      const h = job();
      pod(h).hostAliases = [{ hostnames: ['db.local'] }];
      const hostAlias = minor >= 31 ? [['schema.required', 'spec.template.spec.hostAliases[0].ip']] : [];
      expect([version, structural(h, version).map(f => [f[0], f[1]])]).toEqual([version, hostAlias]);
      expect([version, validateManifest(h, version).length > 0]).toEqual([version, minor >= 31]);
      const c = cronJob();
      delete c.spec;
      expect([version, structural(c, version).map(f => [f[0], f[1]])]).toEqual([version, minor >= 36 ? [['schema.required', 'spec']] : []]);
      expect([version, validateManifest(c, version).length > 0]).toEqual([version, minor >= 36]);
    }
  });

  test('errata per version: a rule with only onExitCodes passes everywhere; a pattern\'s status as the API server defaults it', () => {
    for (const version of VERSIONS) {
      const minor = minorOf(version);
      const exitCodes = job();
      exitCodes.spec.podFailurePolicy.rules.push({ action: 'FailJob', onExitCodes: { containerName: 'pi', operator: 'In', values: [42] } });
      expect([version, structural(exitCodes, version), validateManifest(exitCodes, version)]).toEqual([version, [], []]);
      // Without status: defaulted in a Job (every version) and, from 1.34, in a CronJob's job template
      // (kubernetes/kubernetes#131525). The published definitions list it as required up to 1.34,
      // so the full-schema validator, which knows nothing of defaulting, refuses it there.
      const j = job();
      delete j.spec.podFailurePolicy.rules[0].onPodConditions[0].status;
      const c = cronJob();
      delete c.spec.jobTemplate.spec.podFailurePolicy.rules[0].onPodConditions[0].status;
      expect([version, structural(j, version)]).toEqual([version, []]);
      const cronJobStatus = minor >= 34 ? [] : [['schema.required', 'spec.jobTemplate.spec.podFailurePolicy.rules[0].onPodConditions[0].status']];
      expect([version, structural(c, version).map(f => [f[0], f[1]])]).toEqual([version, cronJobStatus]);
      const published = [validateManifest(j, version).length > 0, validateManifest(c, version).length > 0];
      expect([version, published]).toEqual([version, [minor <= 34, minor <= 34]]);
    }
  });

  test('the versions that have a field, in words', () => {
    expect(versionsWithField('io.k8s.api.batch.v1.JobSpec', 'successPolicy')).toEqual(VERSIONS.filter(v => minorOf(v) >= 30));
    expect(versionsWithField('io.k8s.api.batch.v1.JobSpec', 'nope')).toEqual([]);
    expect(versionsWithField('io.k8s.api.core.v1.NoSuchThing', 'name')).toEqual([]);
    expect(versionsText([30, 31, 32, 33, 34, 35, 36])).toBe('from 1.30');
    expect(versionsText([35])).toBe('in 1.35 only');
    expect(versionsText([30, 28, 29])).toBe('in 1.28 to 1.30');
    expect(versionsText([28, 29, 31, 32, 33, 34, 35, 36])).toBe('in 1.28 to 1.29 and from 1.31');
  });

  test('one validator per version, made once; the default is 1.28', () => {
    expect(batchSchema(28)).toBe(BATCH_SCHEMA);
    expect(batchSchema(33)).toBe(batchSchema(33));
    expect(batchSchema(33)).not.toBe(batchSchema(34));
    expect(batchSchema(36).definitionFor('batch/v1', 'Job')).toBe('io.k8s.api.batch.v1.Job');
    // A version the file does not have checks nothing (the rules refuse such a target earlier).
    expect(batchSchema(27).definitionFor('batch/v1', 'Job')).toBeUndefined();
    expect(definitionsFor('1.27')).toBeUndefined();
  });
});

describe('every construct\'s manifests pass the structural check with zero findings', () => {
  test('the examples app (TrainingJob, ParallelShardJob, GpuJob, NightlyCronJob), against every version\'s definitions', () => {
    const app = Testing.app();
    buildExamples(app);
    const kinds = new Set<string>();
    let checked = 0;
    for (const chart of app.charts) {
      for (const c of chart.node.findAll()) kinds.add(c.constructor.name);
      // The one chart written for 1.33 (examples/kubernetes-versions.ts) from its version on.
      const from = exampleTarget(chart.node.id).minor;
      for (const m of Testing.synth(chart).filter(x => x.kind !== 'ConfigMap')) {
        if (from === 28) expect([m.metadata.name, BATCH_SCHEMA.validate(m, `io.k8s.api.batch.v1.${m.kind}`)]).toEqual([m.metadata.name, []]);
        expect(checkManifest(m, { target: exampleTarget(chart.node.id) }).findings.filter(f => f.ruleId.startsWith('schema.') || f.ruleId === 'object.field-type')).toEqual([]);
        // What the constructs write for a version is valid in every later version too (structurally).
        for (const version of VERSIONS.filter(x => Number(x.split('.')[1]) >= from)) {
          expect([version, m.metadata.name, structural(m, version), validateManifest(m, version)]).toEqual([version, m.metadata.name, [], []]);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect([...kinds]).toEqual(expect.arrayContaining(['TrainingJob', 'ParallelShardJob', 'GpuJob', 'NightlyCronJob']));
  });
});

describe('closestField and editDistance', () => {
  test.each([
    ['backOffLimit', 'backoffLimit'],
    ['backofLimit', 'backoffLimit'],
    ['paralellism', 'parallelism'],
    ['completion', 'completions'],
    ['ttl_seconds_after_finished', 'ttlSecondsAfterFinished'],
    ['activeDeadline', undefined],
    ['retries', undefined],
    ['', undefined],
  ])('%s -> %s', (unknown, expected) => {
    const jobSpecFields = Object.keys((definitionsFor('1.28') as any)['io.k8s.api.batch.v1.JobSpec'].properties);
    expect(closestField(unknown, jobSpecFields)).toBe(expected);
  });

  test('short names need a close match; ties are broken deterministically', () => {
    expect(closestField('nme', ['name', 'image'])).toBe('name');
    expect(closestField('cmd', ['command', 'args'])).toBeUndefined();
    expect(closestField('ab', ['ac', 'aa'])).toBe('aa');
  });

  test('edit distance counts insertions, deletions, substitutions and adjacent swaps', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abcd', 'acbd')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});

// ---- helpers: paths into a manifest -------------------------------------------------------------

type Key = string | number;

/** Every path to an object or list in `x` (the places an edit can go), root included. */
function collectPaths(x: unknown, at: Key[] = []): Key[][] {
  if (typeof x !== 'object' || x === null) return [];
  const out: Key[][] = [at];
  const entries: Array<[Key, unknown]> = Array.isArray(x) ? x.map((v, i) => [i, v]) : Object.entries(x);
  for (const [k, v] of entries) {
    out.push([...at, k]);
    out.push(...collectPaths(v, [...at, k]).slice(1));
  }
  return out;
}

function parentOf(m: any, at: Key[]): any {
  let x = m;
  for (const k of at.slice(0, -1)) {
    if (typeof x !== 'object' || x === null) return undefined;
    x = x[k];
  }
  return typeof x === 'object' && x !== null ? x : undefined;
}

function set(m: any, at: Key[], value: unknown): void {
  const p = parentOf(m, at);
  if (p && at.length > 0) p[at[at.length - 1]] = value;
}

function remove(m: any, at: Key[]): void {
  const p = parentOf(m, at);
  if (!p || at.length === 0) return;
  if (Array.isArray(p)) p.splice(Number(at[at.length - 1]), 1);
  else delete p[at[at.length - 1]];
}

function add(m: any, at: Key[], key: string, value: unknown): void {
  let x = m;
  for (const k of at) x = x?.[k];
  if (typeof x === 'object' && x !== null && !Array.isArray(x)) x[key] = value;
}
