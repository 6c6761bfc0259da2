/**
 * The property behind the validation guarantee (docs/validation.md): for any props, a construct
 * either throws an error of the standard form, or synthesizes manifests that pass the upstream
 * 1.28 schema strictly and the manifest rules with zero errors. Shared by
 * test/property.test.ts (a few hundred cases per construct) and bench/property.ts (10,000+).
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import * as arb from './arbitraries';
import { validateManifest } from './schema';
import { Gpu, GpuJob, NightlyCronJob, ParallelShardJob, Schedule, TrainingJob } from '../../src';
import { checkManifest } from '../../src/rules';

/** DESIGN.md §4: `<Kind> '<construct path>': '<prop>' (<value>) must be <rule>; <how to fix>`. */
export const ERROR_FORM = /^\w+ '[^']+': '[^']+' \(.*\) must be .+; .+/s;

/** How one case ended. */
export type Outcome =
  | { readonly result: 'accepted'; readonly manifests: number; readonly warnings: number }
  | { readonly result: 'rejected'; readonly message: string }
  | { readonly result: 'failure'; readonly why: string };

/** One construct under test: its recipe generator and how to build it. */
export interface Subject {
  readonly kind: string;
  readonly recipe: fc.Arbitrary<unknown>;
  readonly build: (scope: Construct, id: string, recipe: any) => void;
}

const cpu = (r: any) => (r.millis !== undefined ? kplus.Cpu.millis(r.millis) : kplus.Cpu.units(r.units));
const size = (r: any) => (r.mebibytes !== undefined ? Size.mebibytes(r.mebibytes) : Size.gibibytes(r.gibibytes));
const duration = (r: any) => (r.seconds !== undefined ? Duration.seconds(r.seconds) : Duration.hours(r.hours));
const opt = <T, U>(x: T | undefined | null, f: (x: T) => U): U | undefined => (x === undefined || x === null ? undefined : f(x));

let counter = 0;
function volume(scope: Construct, r: any): kplus.Volume {
  const id = `Vol${counter++}`;
  switch (r.kind) {
    case 'pvc': return kplus.Volume.fromPersistentVolumeClaim(scope, id, kplus.PersistentVolumeClaim.fromClaimName(scope, `${id}Claim`, 'data'), { name: r.name });
    case 'configMap': return kplus.Volume.fromConfigMap(scope, id, kplus.ConfigMap.fromConfigMapName(scope, `${id}Cm`, 'settings'), { name: r.name });
    case 'secret': return kplus.Volume.fromSecret(scope, id, kplus.Secret.fromSecretName(scope, `${id}Secret`, 'creds'), { name: r.name });
    default: return kplus.Volume.fromEmptyDir(scope, id, r.name);
  }
}

function mounts(scope: Construct, list: any[] | undefined) {
  return list?.map(m => ({ volume: volume(scope, m.volume), path: m.path, readOnly: m.readOnly, subPath: m.subPath }));
}

function gpu(r: arb.GpuRecipe): Gpu {
  const options = { product: r.product, tolerateTaint: r.tolerateTaint, runtimeClassName: r.runtimeClassName, productLabelKey: r.productLabelKey };
  switch (r.vendor) {
    case 'nvidia': return Gpu.nvidia(r.count, options);
    case 'nvidiaMig': return Gpu.nvidiaMig(r.profile ?? '1g.10gb', r.count, options);
    case 'amd': return Gpu.amd(r.count, options);
    case 'intel': return Gpu.intel(r.count, options);
    default: return Gpu.custom(r.resource ?? 'example.com/tpu', r.count, options);
  }
}

function env(scope: Construct, r: any) {
  if (r === undefined) return undefined;
  const out: { [name: string]: kplus.EnvValue } = {};
  for (const [k, v] of Object.entries<any>(r)) {
    if (v.kind === 'secret') out[k] = kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(scope, `S${counter++}`, v.secret), key: v.key });
    else if (v.kind === 'field') out[k] = kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME);
    else out[k] = kplus.EnvValue.fromValue(v.value);
  }
  return out;
}

/** `BatchJobOptions` from a recipe. */
export function batchProps(scope: Construct, r: arb.BatchRecipe): any {
  return {
    ...r,
    envFromSecret: undefined,
    env: env(scope, r.env),
    envFrom: opt(r.envFromSecret, n => [kplus.Env.fromSecret(kplus.Secret.fromSecretName(scope, `EnvFrom${counter++}`, n))]),
    cpu: opt(r.cpu, cpu),
    cpuLimit: opt(r.cpuLimit, cpu),
    memory: opt(r.memory, size),
    memoryLimit: opt(r.memoryLimit, size),
    ephemeralStorage: opt(r.ephemeralStorage, size),
    ephemeralStorageLimit: opt(r.ephemeralStorageLimit, size),
    gpu: opt(r.gpu, gpu),
    volumeMounts: mounts(scope, r.volumeMounts),
    volumes: r.volumes?.map(v => volume(scope, v)),
    sharedMemory: opt(r.sharedMemory, size),
    tmpSizeLimit: opt(r.tmpSizeLimit, size),
    initContainers: r.initContainers?.map(i => ({
      ...i, mounts: undefined, volumeMounts: mounts(scope, i.mounts), cpu: opt(i.cpu, cpu), memory: opt(i.memory, size),
    })),
    serviceAccount: opt(r.serviceAccount, n => kplus.ServiceAccount.fromServiceAccountName(scope, `Sa${counter++}`, n)),
    tolerations: r.tolerations?.map(t => ({ ...t, seconds: undefined, tolerationSeconds: opt(t.seconds, s => Duration.seconds(s)) })),
    restartPolicy: r.restartPolicy,
    imagePullPolicy: r.imagePullPolicy,
    terminationGracePeriod: opt(r.terminationGracePeriod, duration),
    activeDeadline: opt(r.activeDeadline, duration),
    ttlAfterFinished: opt(r.ttlAfterFinished, duration),
  };
}

function schedule(r: any): Schedule {
  switch (r.factory) {
    case 'nightly': return Schedule.nightly(r.hour, r.minute);
    case 'daily': return Schedule.daily(r.hour, r.minute);
    case 'hourly': return Schedule.hourly(r.minute);
    case 'weekly': return Schedule.weekly(r.day, r.hour);
    case 'monthly': return Schedule.monthly(r.day);
    default: return Schedule.expression(r.expression);
  }
}

/** Every construct, with generators for its props. */
export const SUBJECTS: Subject[] = [
  {
    kind: 'TrainingJob',
    recipe: arb.batchJobOptions,
    build: (scope, id, r) => new TrainingJob(scope, id, batchProps(scope, r)),
  },
  {
    kind: 'GpuJob',
    // A GpuJob requires a GPU: usually give one.
    recipe: fc.tuple(arb.batchJobOptions, fc.oneof({ weight: 9, arbitrary: arb.gpu }, { weight: 1, arbitrary: fc.constant(undefined) })),
    build: (scope, id, [r, g]) => new GpuJob(scope, id, { ...batchProps(scope, r), gpu: opt(g, gpu) }),
  },
  {
    kind: 'ParallelShardJob',
    recipe: fc.tuple(arb.batchJobOptions, arb.sharding),
    build: (scope, id, [r, s]) => new ParallelShardJob(scope, id, { ...batchProps(scope, r), ...s }),
  },
  {
    kind: 'NightlyCronJob',
    recipe: fc.tuple(arb.batchJobOptions, arb.nightly, fc.boolean()),
    build: (scope, id, [r, n, sharded]) => new NightlyCronJob(scope, id, {
      ...batchProps(scope, r),
      ...n,
      schedule: opt(n.schedule, schedule),
      startingDeadline: opt(n.startingDeadline, duration),
      sharding: sharded ? n.sharding : undefined,
    }),
  },
];

/**
 * Runs one case: builds the construct from `recipe` in a fresh app and classifies the outcome.
 * A failure is a thrown error of another form, or a manifest that fails the schema or a rule.
 */
export function runCase(subject: Subject, chartId: string, id: string, recipe: unknown): Outcome {
  const app = new App({ outdir: '/tmp/cdk8s-batch-property' });
  const chart = new Chart(app, chartId);
  // fast-check builds maps without a prototype, which cdk8s cannot serialize; users pass plain objects.
  const plain = JSON.parse(JSON.stringify(recipe));
  try {
    subject.build(chart, id, plain);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof Error && e.name === 'BatchValidationError' && ERROR_FORM.test(message)) return { result: 'rejected', message };
    return { result: 'failure', why: `threw ${e instanceof Error ? e.name : typeof e} not in the standard form: ${message}` };
  }
  let manifests: any[];
  try {
    const errors = chart.node.findAll().flatMap(c => c.node.validate());
    if (errors.length) return { result: 'failure', why: `node validation at synth time: ${errors.join('; ')}` };
    manifests = chart.toJson();
  } catch (e) {
    return { result: 'failure', why: `synthesis threw: ${e instanceof Error ? e.message : String(e)}` };
  }
  const problems: string[] = [];
  let warnings = 0;
  for (const m of manifests) {
    for (const e of validateManifest(m)) problems.push(`schema: ${m.kind}/${m.metadata?.name} ${e.path || '/'} ${e.message}`);
    for (const f of checkManifest(m).findings) {
      if (f.severity === 'error') problems.push(`rule ${f.ruleId}: ${f.object} ${f.path}: ${f.message}`);
      else warnings++;
    }
  }
  if (manifests.length === 0) problems.push('no manifest synthesized');
  if (problems.length) return { result: 'failure', why: problems.join('\n') };
  return { result: 'accepted', manifests: manifests.length, warnings };
}

/** A generated case: chart id, construct id and the construct's recipe. */
export function cases(subject: Subject): fc.Arbitrary<[string, string, unknown]> {
  return fc.tuple(fc.constantFrom('app', 'Chart_1', 'x'.repeat(40)), arb.constructId, subject.recipe);
}

/** Counts of outcomes. */
export interface Tally {
  accepted: number;
  rejected: number;
  failures: number;
  readonly examples: string[];
}
