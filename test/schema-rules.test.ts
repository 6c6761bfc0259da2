import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { buildExamples } from '../examples/main';
import { ROOTS, SOURCE, TARGET, generate } from '../scripts/batch-schema';
import { RULES, checkManifest } from '../src/rules';
import { mainContainer as main, podSpec as pod } from './util/synth';
import { BATCH_SCHEMA } from '../src/rules/schema';
import { closestField, editDistance } from '../src/rules/schema-check';

/**
 * The structural rules (src/rules/schema-check.ts): unknown fields, wrong types and missing
 * required fields, checked against the generated 1.28 schema of Jobs and CronJobs.
 */
const ROOT = path.join(__dirname, '..');
const committed = JSON.parse(fs.readFileSync(path.join(ROOT, TARGET), 'utf-8'));

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

const errors = (m: any, ignore: string[] = []) => checkManifest(m, { noWarnings: true, ignore: new Set(ignore) }).findings;

describe('the generated schema (src/rules/k8s-1.28-batch.schema.json)', () => {
  test('is what scripts/batch-schema.ts generates from the upstream definitions (regenerate with --write)', () => {
    expect(fs.readFileSync(path.join(ROOT, TARGET), 'utf-8')).toBe(generate());
  });

  test('holds the definitions Job and CronJob reach, made strict, with provenance and the errata', () => {
    const upstream = JSON.parse(fs.readFileSync(path.join(ROOT, SOURCE), 'utf-8')).definitions;
    const names = Object.keys(committed.definitions);
    expect(names).toEqual(expect.arrayContaining([...ROOTS, 'io.k8s.api.core.v1.PodSpec', 'io.k8s.api.core.v1.Container']));
    expect(names.length).toBeLessThan(Object.keys(upstream).length / 3);
    for (const name of names) {
      const def = committed.definitions[name];
      expect(upstream[name]).toBeDefined();
      if (def.properties) expect([name, def.additionalProperties]).not.toEqual([name, undefined]);
      expect(JSON.stringify(def)).not.toContain('"description"');
    }
    // Every $ref resolves inside the file.
    for (const ref of fs.readFileSync(path.join(ROOT, TARGET), 'utf-8').matchAll(/"\$ref": "#\/definitions\/([^"]+)"/g)) {
      expect(names).toContain(ref[1]);
    }
    expect(committed.provenance).toEqual(expect.objectContaining({ license: 'Apache-2.0', roots: ROOTS }));
    expect(committed.provenance.source).toContain('Kubernetes v1.28.0');
    expect(committed.provenance.generated).toContain('scripts/batch-schema.ts');
    expect(committed.provenance.errata.join('\n')).toContain('kubernetes/kubernetes#120204');
    expect(committed.definitions['io.k8s.api.batch.v1.PodFailurePolicyRule'].required).toEqual(['action']);
    expect(committed.definitions['io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern'].required).toEqual(['type', 'status']);
  });

  test('the generator refuses keywords the validator does not implement', () => {
    const upstream = JSON.parse(fs.readFileSync(path.join(ROOT, SOURCE), 'utf-8'));
    upstream.definitions['io.k8s.api.batch.v1.JobSpec'].properties.parallelism.minimum = 0;
    expect(() => generate(JSON.stringify(upstream))).toThrow(/JobSpec\.parallelism: keyword minimum is not implemented/);
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

describe('the validator agrees with ajv on the generated schema (differential, no nulls, int32 numbers)', () => {
  const ajv = new Ajv({ allErrors: false, strict: false, validateFormats: false });
  ajv.addSchema({ $id: 'batch', definitions: committed.definitions });
  const validators = {
    Job: ajv.compile({ $ref: 'batch#/definitions/io.k8s.api.batch.v1.Job' }),
    CronJob: ajv.compile({ $ref: 'batch#/definitions/io.k8s.api.batch.v1.CronJob' }),
  };
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
      const ours = BATCH_SCHEMA.validate(m, `io.k8s.api.batch.v1.${kind}`);
      const theirs = validators[kind](m);
      if (!theirs) invalid++;
      if ((ours.length === 0) !== theirs) {
        throw new Error(`ajv says ${theirs ? 'valid' : JSON.stringify(validators[kind].errors)}, ours says ${JSON.stringify(ours)}`);
      }
    }), { numRuns: 300, seed: 11 });
    expect(invalid).toBeGreaterThan(30);
  });
});

describe('every construct\'s manifests pass the structural check with zero findings', () => {
  test('the examples app (TrainingJob, ParallelShardJob, GpuJob, NightlyCronJob)', () => {
    const app = Testing.app();
    buildExamples(app);
    const kinds = new Set<string>();
    let checked = 0;
    for (const chart of app.charts) {
      for (const c of chart.node.findAll()) kinds.add(c.constructor.name);
      for (const m of Testing.synth(chart)) {
        expect([m.metadata.name, BATCH_SCHEMA.validate(m, `io.k8s.api.batch.v1.${m.kind}`)]).toEqual([m.metadata.name, []]);
        expect(checkManifest(m).findings.filter(f => f.ruleId.startsWith('schema.') || f.ruleId === 'object.field-type')).toEqual([]);
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
    const jobSpecFields = Object.keys(committed.definitions['io.k8s.api.batch.v1.JobSpec'].properties);
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
