/**
 * The property behind the validation guarantee (docs/validation.md): for any props, a construct
 * either throws a `BatchValidationError` of the standard form, or synthesizes manifests that pass
 * the upstream schema of each object's target Kubernetes version strictly and that version's
 * manifest rules with zero errors, and that show every prop it was given (test/util/reflect.ts).
 * A subject may set the app's target version (the `cdk8s-batch:kubernetesVersion` context); a
 * case may override it with `kubernetesVersion`. Shared by test/property.test.ts and
 * bench/property.ts.
 *
 * Recipes (test/util/arbitraries.ts) are plain data; `resolve` turns them into props made with
 * the real classes, and `toSource` prints them as TypeScript for a repro.
 */
import { ApiObject, App, Chart, Cron, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import * as arb from './arbitraries';
import { CaseRecipe, Kind, Misuse, isCall } from './arbitraries';
import { reflected } from './reflect';
import { validateManifest } from './schema';
import { DistributedTrainingJob, Gpu, GpuJob, HyperparameterSweep, NightlyCronJob, ParallelShardJob, RerunStrategy, Schedule, TrainingJob } from '../../src';
import { VERSION_CONTEXT_KEY } from '../../src/_target';
import { checkManifest } from '../../src/rules';
import { DEFAULT_TARGET, Target, versionName } from '../../src/rules/versions';

/** DESIGN.md §4: `<Kind> '<construct path>': '<prop>' (<value>) must be <rule>; <how to fix>`. */
export const ERROR_FORM = /^\w+ '[^']+': '[^']+' \(.*\) must be .+; .+/s;

/** How one case ended. */
export type Outcome =
  | { readonly result: 'accepted'; readonly manifests: number; readonly warnings: number }
  | { readonly result: 'rejected'; readonly message: string; readonly masked?: boolean }
  | { readonly result: 'failure'; readonly why: string; readonly category: string }
  /** The recipe's own factory calls threw (user code, before the construct ran): not a verdict on the construct. */
  | { readonly result: 'skipped'; readonly why: string };

/** One construct under test: its recipe generator and how to build it. */
export interface Subject {
  readonly kind: string;
  /** The app's target Kubernetes version (`cdk8s-batch:kubernetesVersion` context); the library's default when absent. */
  readonly version?: string;
  readonly recipe: fc.Arbitrary<unknown>;
  readonly build: (scope: Construct, id: string, recipe: any) => void;
  /** Typed cases only (props TypeScript accepts). */
  readonly typed?: fc.Arbitrary<CaseRecipe>;
  /** JavaScript-style misuse cases only (each must be rejected). */
  readonly misuse?: fc.Arbitrary<CaseRecipe>;
  /** Makes the props of a case (with the real classes); may throw for a bad factory call of the recipe. */
  readonly props?: (scope: Construct, recipe: CaseRecipe) => unknown;
  /** Creates the construct from props. */
  readonly create?: (scope: Construct, id: string, props: unknown) => void;
}

// -------------------------------------------------------------------------------------------------
// Factories: recipes -> real objects
// -------------------------------------------------------------------------------------------------

/** Values `EnvValue.fromProcess` reads. */
process.env[arb.PROCESS_ENV.set] = 'from-process';
process.env[arb.PROCESS_ENV.empty] = '';
delete process.env[arb.PROCESS_ENV.unset];

interface Factory {
  /** The jsii fqn of the class. */
  readonly fqn: string;
  /** The factory takes (scope, id) first. */
  readonly scoped?: boolean;
  /** How it is written in TypeScript, e.g. `kplus.Volume.fromNfs`. */
  readonly source: string;
  readonly fn: (...args: any[]) => any;
}

function statics(cls: any, fqn: string, prefix: string, methods: string[], scoped = false): { [name: string]: Factory } {
  const short = fqn.split('.').pop()!;
  return Object.fromEntries(methods.map(m => [`${short}.${m}`, { fqn, scoped, source: `${prefix}${short}.${m}`, fn: (...a: any[]) => cls[m](...a) }]));
}

/** Every factory a recipe may call, by `Class.method` (`Class.new` for a constructor). */
export const FACTORIES: { readonly [name: string]: Factory } = {
  ...statics(Duration, 'cdk8s.Duration', '', ['millis', 'seconds', 'minutes', 'hours', 'days', 'parse']),
  ...statics(Size, 'cdk8s.Size', '', ['kibibytes', 'mebibytes', 'gibibytes', 'tebibytes', 'pebibyte']),
  ...statics(Cron, 'cdk8s.Cron', '', ['everyMinute', 'hourly', 'daily', 'weekly', 'monthly', 'annually', 'schedule']),
  ...statics(kplus.Cpu, 'cdk8s-plus-28.Cpu', 'kplus.', ['millis', 'units']),
  ...statics(kplus.Volume, 'cdk8s-plus-28.Volume', 'kplus.', ['fromEmptyDir', 'fromConfigMap', 'fromSecret', 'fromPersistentVolumeClaim', 'fromHostPath',
    'fromNfs', 'fromCsi', 'fromAwsElasticBlockStore', 'fromGcePersistentDisk', 'fromAzureDisk'], true),
  ...statics(kplus.EnvValue, 'cdk8s-plus-28.EnvValue', 'kplus.', ['fromValue', 'fromConfigMap', 'fromSecretValue', 'fromFieldRef', 'fromResource', 'fromProcess']),
  ...statics(kplus.Env, 'cdk8s-plus-28.Env', 'kplus.', ['fromConfigMap', 'fromSecret']),
  ...statics(kplus.Secret, 'cdk8s-plus-28.Secret', 'kplus.', ['fromSecretName'], true),
  ...statics(kplus.ConfigMap, 'cdk8s-plus-28.ConfigMap', 'kplus.', ['fromConfigMapName'], true),
  ...statics(kplus.PersistentVolumeClaim, 'cdk8s-plus-28.PersistentVolumeClaim', 'kplus.', ['fromClaimName'], true),
  ...statics(kplus.ServiceAccount, 'cdk8s-plus-28.ServiceAccount', 'kplus.', ['fromServiceAccountName'], true),
  'Container.new': { fqn: 'cdk8s-plus-28.Container', source: 'new kplus.Container', fn: (p: any) => new kplus.Container(p) },
  ...statics(Gpu, 'cdk8s-batch.Gpu', '', ['nvidia', 'nvidiaMig', 'amd', 'intel', 'intelXe', 'custom']),
  ...statics(Schedule, 'cdk8s-batch.Schedule', '', ['nightly', 'daily', 'hourly', 'weekly', 'monthly', 'expression', 'fromCron']),
  ...statics(kplus.NodeLabelQuery, 'cdk8s-plus-28.NodeLabelQuery', 'kplus.', ['is', 'in', 'notIn', 'exists', 'doesNotExist', 'gt', 'lt']),
  ...statics(kplus.Topology, 'cdk8s-plus-28.Topology', 'kplus.', ['custom']),
  ...statics(RerunStrategy, 'cdk8s-batch.RerunStrategy', '', ['stableName', 'contentHash', 'argoCdReplace', 'argoCdHook', 'fluxForce']),
};

/** A factory call as it happened (for the coverage test). */
export type CallHook = (name: string, args: unknown[], result: unknown) => void;

/** Makes the real objects of a recipe; factories that need a scope get `scope` and ids R0, R1... */
export function resolve(scope: Construct, node: unknown, onCall?: CallHook): any {
  let n = 0;
  const walk = (x: unknown): any => {
    if (isCall(x)) {
      const f = FACTORIES[x.$call];
      if (!f) throw new Error(`recipe calls an unknown factory ${x.$call}`);
      const args = x.args.map(walk);
      const result = f.scoped ? f.fn(scope, `R${n++}`, ...args) : f.fn(...args);
      onCall?.(x.$call, args, result);
      return result;
    }
    if (Array.isArray(x)) return x.map(walk);
    if (typeof x === 'object' && x !== null) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, walk(v)]));
    return x;
  };
  return walk(node);
}

/** A deep copy into plain objects and arrays (fast-check builds maps without a prototype); NaN, Infinity and undefined stay. */
export function plain(x: unknown): any {
  if (Array.isArray(x)) return x.map(plain);
  if (typeof x === 'object' && x !== null) {
    const out: { [k: string]: unknown } = {};
    for (const k of Object.keys(x)) out[k] = plain((x as any)[k]);
    return out;
  }
  return x;
}

/** A recipe value as TypeScript source (scoped factories get `chart` and the ids `resolve` gives). */
export function toSource(node: unknown): string {
  let n = 0;
  const str = (s: string) => {
    if (s.length > 40 && new Set(s).size === 1) return `${JSON.stringify(s[0])}.repeat(${s.length})`;
    return JSON.stringify(s.length > 200 ? `${s.slice(0, 200)}…` : s);
  };
  const walk = (x: unknown): string => {
    if (isCall(x)) {
      const f = FACTORIES[x.$call];
      const args = x.args.map(walk);
      const head = f?.source ?? x.$call;
      return f?.scoped ? `${head}(chart, 'R${n++}'${args.length ? ', ' : ''}${args.join(', ')})` : `${head}(${args.join(', ')})`;
    }
    if (x === undefined) return 'undefined';
    if (x === null) return 'null';
    if (typeof x === 'number') return Object.is(x, -0) ? '-0' : String(x);
    if (typeof x === 'string') return str(x);
    if (Array.isArray(x)) return `[${x.map(walk).join(', ')}]`;
    if (typeof x === 'object') {
      const entries = Object.entries(x).filter(([, v]) => v !== undefined);
      if (entries.length === 0) return '{}';
      return `{ ${entries.map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${walk(v)}`).join(', ')} }`;
    }
    return String(x);
  };
  return walk(node);
}

/** A case as a line of TypeScript: `new TrainingJob(chart, 'job', { ... })` with the chart id. */
export function repro(kind: string, chartId: string, id: string, recipe: unknown): string {
  const r = plain(recipe);
  const props = typeof r === 'object' && r !== null && 'props' in r ? (r as CaseRecipe).props : r;
  return `new ${kind}(new Chart(app, ${JSON.stringify(chartId)}), ${JSON.stringify(id)}, ${toSource(props)})`;
}

// -------------------------------------------------------------------------------------------------
// Subjects
// -------------------------------------------------------------------------------------------------

function subjectOf(kind: Kind, create: (scope: Construct, id: string, props: any) => void): Subject {
  const props = (scope: Construct, r: CaseRecipe) => resolve(scope, r.props);
  return {
    kind,
    recipe: arb.allCases(kind),
    typed: arb.typedProps[kind].map(p => ({ props: p }) as CaseRecipe),
    misuse: arb.misuseCases(kind),
    props,
    create,
    build: (scope, id, r) => create(scope, id, props(scope, r)),
  };
}

/** Every construct, with generators for its props (the library's default target). */
export const SUBJECTS: Subject[] = [
  subjectOf('TrainingJob', (scope, id, p) => new TrainingJob(scope, id, p)),
  subjectOf('GpuJob', (scope, id, p) => new GpuJob(scope, id, p)),
  subjectOf('ParallelShardJob', (scope, id, p) => new ParallelShardJob(scope, id, p)),
  subjectOf('NightlyCronJob', (scope, id, p) => new NightlyCronJob(scope, id, p)),
  subjectOf('DistributedTrainingJob', (scope, id, p) => new DistributedTrainingJob(scope, id, p)),
  subjectOf('HyperparameterSweep', (scope, id, p) => new HyperparameterSweep(scope, id, p)),
];

/** The subjects with the app's target set to `version` (e.g. the oldest and the newest the library knows). */
export function subjectsAt(version: string): Subject[] {
  return SUBJECTS.map(s => ({ ...s, version }));
}

/** The schema errors of a manifest, against the upstream schema of its target's version. */
function schemaErrors(manifest: unknown, target: Target): Array<{ path: string; message: string }> {
  return validateManifest(manifest, versionName(target));
}

/** The target of each object of a chart (a construct's `GatedApiObject.target`), by apiVersion, kind, namespace and name. */
function targetsOf(chart: Chart): Map<string, Target> {
  const out = new Map<string, Target>();
  for (const c of chart.node.findAll()) {
    const target = (c as { target?: Target }).target;
    if (c instanceof ApiObject && target !== undefined) {
      out.set(objectKey({ apiVersion: c.apiVersion, kind: c.kind, metadata: { namespace: c.metadata.namespace, name: c.name } }), target);
    }
  }
  return out;
}

function objectKey(m: any): string {
  return `${m?.apiVersion}/${m?.kind}/${m?.metadata?.namespace ?? ''}/${m?.metadata?.name}`;
}

// -------------------------------------------------------------------------------------------------
// One case
// -------------------------------------------------------------------------------------------------

/**
 * A message normalized for grouping: quoted text and numbers (NaN, Infinity, 1e-9...) left out,
 * and cdk8s' two wordings of a Duration that is not a whole number of a unit made one.
 */
function shape(text: string, max = 90): string {
  const s = text.split('\n')[0].replace(/'[^']*'|"[^"]*"/g, '…').replace(/-?(\d+(\.\d+)?(e[+-]?\d+)?|NaN|Infinity)/g, 'N')
    .replace(/^(…|N) (cannot be converted into|must be) a whole number of (millis|seconds|minutes|hours|days)\.$/, 'N must be a whole number of <unit>.');
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** The value at a prop path of an error message (`tolerations[0].key`, `labels.example.com/team`, `sharding.shards`). */
export function lookup(root: unknown, path: string): { found: boolean; value?: unknown } {
  if (path === 'props') return { found: true, value: root };
  let cur: any = root;
  let rest = path;
  while (rest.length > 0) {
    const index = /^\[(\d+)\]\.?/.exec(rest);
    if (index) {
      if (!Array.isArray(cur)) return { found: false };
      cur = cur[Number(index[1])];
      rest = rest.slice(index[0].length);
      continue;
    }
    if (cur === null || typeof cur !== 'object') return { found: false };
    const key = Object.keys(cur).filter(k => rest === k || rest.startsWith(`${k}.`) || rest.startsWith(`${k}[`)).sort((a, b) => b.length - a.length)[0];
    if (key === undefined) return { found: false };
    cur = cur[key];
    rest = rest.slice(key.length).replace(/^\./, '');
  }
  return { found: true, value: cur };
}

const LINE = /^(\w+) '([^']+)': '([^']+)' \((.*)\) must be .+; .+$/s;

/** What is wrong with a `BatchValidationError` message: [category, detail] pairs. */
export function formProblems(message: string, expected: { kind?: string; path?: string; props?: unknown }): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const line of message.split('\n')) {
    const m = LINE.exec(line);
    if (!m || !ERROR_FORM.test(line)) {
      out.push(['line not in the standard form', line]);
      continue;
    }
    const [, kind, path, prop, value] = m;
    if (expected.kind && (kind !== expected.kind || path !== expected.path)) {
      out.push(['names another construct', `${kind} '${path}' instead of ${expected.kind} '${expected.path}'`]);
    }
    if (value === 'undefined' && expected.props !== undefined) {
      const given = lookup(expected.props, prop);
      if (given.found && given.value !== undefined) out.push(['shows undefined for a given value', `'${prop}' was given ${toSource(plain(given.value))}`]);
    }
  }
  if (message.includes('[object Object]')) out.push(['shows [object Object]', message]);
  if (/TypeError/.test(message)) out.push(['mentions TypeError', message]);
  return out;
}

const MAP_PROPS = /^((?:initContainers\[\*\]\.)?(?:env|labels|podLabels|annotations|podAnnotations|nodeSelector|jobLabels|jobAnnotations|extendedResources))\..*$/;

/** `not reflected: env.FOO — ...` -> `not reflected: env.*`. */
function reflectCategory(problem: string): string {
  if (problem.startsWith('unknown prop')) return 'unknown prop ignored';
  const pss = /Pod Security Standard "restricted": ([^;]+)/.exec(problem);
  if (pss) {
    const what = pss[1].replace(/^volume \S+ has a restricted type \S+$/, 'a volume type it forbids').replace(/^container \S+:/, 'a container:');
    return `not reflected: podSecurity "restricted" (${what})`;
  }
  const m = /^not reflected: (\S+)/.exec(problem);
  if (!m) return problem.split(' — ')[0];
  return `not reflected: ${m[1].replace(/\[\d+\]/g, '[*]').replace(MAP_PROPS, '$1.*')}`;
}

function failure(category: string, why: string): Outcome {
  return { result: 'failure', category, why };
}

function classifyThrow(e: unknown, subjectKind: string | undefined, path: string, props: unknown, misuse: Misuse | undefined): Outcome {
  const message = e instanceof Error ? e.message : String(e);
  const name = e instanceof Error ? e.name : typeof e;
  if (name !== 'BatchValidationError' || !ERROR_FORM.test(message)) {
    return failure(`threw ${name}: ${shape(message)}`, `threw ${name} not in the standard form: ${message}`);
  }
  const problems = formProblems(message, { kind: subjectKind, path, props });
  if (problems.length > 0) {
    return failure(`error form: ${problems[0][0]}`, `BatchValidationError not in the standard form (${problems.map(p => `${p[0]}: ${p[1]}`).join('; ')}): ${message}`);
  }
  if (misuse && misuse.prop !== '' && !message.includes(`'${misuse.prop}`) && !message.includes(`.${misuse.prop}`)) {
    return { result: 'rejected', message, masked: true };
  }
  return { result: 'rejected', message };
}

/**
 * Runs one case: builds the construct from `recipe` in a fresh app and classifies the outcome.
 * A failure is a thrown error of another form, a manifest that fails the schema or a rule, an
 * accepted misuse, or an accepted prop that does not show in the manifests.
 */
export function runCase(subject: Subject, chartId: string, id: string, recipe: unknown): Outcome {
  const app = new App({ outdir: '/tmp/cdk8s-batch-property' });
  if (subject.version !== undefined) app.node.setContext(VERSION_CONTEXT_KEY, subject.version);
  const chart = new Chart(app, chartId);
  const r = plain(recipe);
  const real = subject.props !== undefined && subject.create !== undefined;
  const misuse: Misuse | undefined = real ? (r as CaseRecipe).misuse : undefined;
  let props: unknown;
  if (real) {
    try {
      props = subject.props!(chart, r);
    } catch (e) {
      return { result: 'skipped', why: `a factory call of the recipe threw (user code, before the construct): ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  try {
    if (real) subject.create!(chart, id, props);
    else subject.build(chart, id, r);
  } catch (e) {
    return classifyThrow(e, real ? subject.kind : undefined, `${chartId}/${id}`, props, misuse);
  }
  let manifests: any[];
  try {
    const errors = chart.node.findAll().flatMap(c => c.node.validate());
    if (errors.length) return failure('node validation at synth time', `node validation at synth time: ${errors.join('; ')}`);
    manifests = chart.toJson();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return failure(`synthesis threw: ${shape(message)}`, `synthesis threw: ${message}`);
  }
  const problems: Array<[string, string]> = [];
  let warnings = 0;
  const targets = targetsOf(chart);
  for (const m of manifests) {
    const target = targets.get(objectKey(m)) ?? DEFAULT_TARGET;
    for (const e of schemaErrors(m, target)) {
      problems.push([`schema: ${(e.path || '/').replace(/\/\d+(?=\/|$)/g, '/*')} ${e.message}`, `schema ${versionName(target)}: ${m.kind}/${m.metadata?.name} ${e.path || '/'} ${e.message}`]);
    }
    for (const f of checkManifest(m, { target }).findings) {
      if (f.severity === 'error') problems.push([`rule ${f.ruleId}`, `rule ${f.ruleId}: ${f.object} ${f.path}: ${f.message}`]);
      else warnings++;
    }
  }
  if (manifests.length === 0) problems.push(['no manifest synthesized', 'no manifest synthesized']);
  if (misuse) {
    const given = misuse.prop === '' ? r.props : lookup(r.props, misuse.prop).value;
    problems.unshift([`accepted misuse: ${misuse.category}`,
      `accepted misuse (${misuse.category}): '${misuse.at}' (${misuse.type}) given ${toSource(given)}; it must be rejected with a BatchValidationError`]);
  }
  if (problems.length === 0 && real) {
    for (const p of reflected(subject.kind, props, manifests, subject.version)) {
      problems.push([reflectCategory(p), p]);
    }
  }
  if (problems.length) return failure(problems[0][0], problems.map(p => p[1]).join('\n'));
  return { result: 'accepted', manifests: manifests.length, warnings };
}

// -------------------------------------------------------------------------------------------------
// Many cases
// -------------------------------------------------------------------------------------------------

/** A generated case: chart id, construct id and the construct's recipe. */
export function cases(subject: Subject, recipe: fc.Arbitrary<unknown> = subject.recipe): fc.Arbitrary<[string, string, unknown]> {
  return fc.tuple(fc.constantFrom('app', 'Chart_1', 'x'.repeat(40)), arb.constructId, recipe);
}

/** One failure category: how often, and the shortest example seen. */
export interface CategoryTally {
  count: number;
  example: { chartId: string; id: string; recipe: unknown; why: string; source: string };
  /** Index of the first case of the category in the run (fast-check's path to replay it), if random. */
  first?: number;
}

/** How a misuse category fared. */
export interface MisuseTally {
  cases: number;
  rejected: number;
  /** Rejected, but the message does not name the misused prop. */
  masked: number;
  failures: number;
}

/** Counts of outcomes. */
export interface Tally {
  accepted: number;
  rejected: number;
  failures: number;
  skipped: number;
  readonly examples: string[];
  readonly categories: Map<string, CategoryTally>;
  readonly misuse: Map<string, MisuseTally>;
  /** Rejections by the prop the (first) error names. */
  readonly rejectedProps: Map<string, number>;
}

export function newTally(): Tally {
  return { accepted: 0, rejected: 0, failures: 0, skipped: 0, examples: [], categories: new Map(), misuse: new Map(), rejectedProps: new Map() };
}

/** Adds one outcome to a tally (`index`: the case's index in a seeded random run). */
export function count(tally: Tally, subject: Subject, [chartId, id, recipe]: [string, string, unknown], outcome: Outcome, index?: number): void {
  tally[outcome.result === 'failure' ? 'failures' : outcome.result]++;
  const misuse = (recipe as CaseRecipe)?.misuse;
  if (misuse) {
    const m = tally.misuse.get(misuse.category) ?? { cases: 0, rejected: 0, masked: 0, failures: 0 };
    m.cases++;
    if (outcome.result === 'rejected') {
      m.rejected++;
      if (outcome.masked) m.masked++;
    }
    if (outcome.result === 'failure') m.failures++;
    tally.misuse.set(misuse.category, m);
  }
  if (outcome.result === 'rejected') {
    const prop = /^\w+ '[^']+': '([^'.[]+)/.exec(outcome.message)?.[1] ?? '?';
    tally.rejectedProps.set(prop, (tally.rejectedProps.get(prop) ?? 0) + 1);
  }
  if (outcome.result !== 'failure') return;
  const source = repro(subject.kind, chartId, id, recipe);
  const c = tally.categories.get(outcome.category);
  if (!c) {tally.categories.set(outcome.category, { count: 1, example: { chartId, id, recipe, why: outcome.why, source }, first: index });} else {
    c.count++;
    if (source.length < c.example.source.length) c.example = { chartId, id, recipe, why: outcome.why, source };
  }
  if (tally.examples.length < 5) tally.examples.push(`${outcome.why}\n    ${source}`);
}

/** Runs `runs` cases (the same ones fast-check checks with this seed) and tallies them. */
export function explore(subject: Subject, recipe: fc.Arbitrary<unknown>, runs: number, seed: number, tally = newTally()): Tally {
  fc.sample(cases(subject, recipe), { numRuns: runs, seed }).forEach((c, i) => count(tally, subject, c, runCase(subject, ...c), i));
  return tally;
}

/** A counterexample of one failure category, shrunk by fast-check. */
export interface Minimal {
  readonly source: string;
  readonly why: string;
  readonly seed: number;
  readonly path: string;
  readonly shrinks: number;
}

/**
 * Lets fast-check shrink a case of `category`: from the case at index `first` of the seeded run
 * when known (its path), else from the first such case it finds; at most `timeLimitMs`.
 */
export function minimize(subject: Subject, recipe: fc.Arbitrary<unknown>, category: string, runs: number, seed: number, timeLimitMs = 3000,
  first?: number): Minimal | undefined {
  let why = '';
  const details = fc.check(fc.property(cases(subject, recipe), c => {
    const o = runCase(subject, ...c);
    if (o.result === 'failure' && o.category === category) {
      why = o.why;
      return false;
    }
    return true;
  }), { numRuns: runs, seed, interruptAfterTimeLimit: timeLimitMs, ...(first === undefined ? {} : { path: String(first) }) });
  if (!details.failed || !details.counterexample) return undefined;
  const [chartId, id, r] = details.counterexample[0];
  // Rerun the final counterexample (the last failing run of the property may not be it).
  const o = runCase(subject, chartId, id, r);
  return {
    source: repro(subject.kind, chartId, id, r),
    why: o.result === 'failure' ? o.why : why,
    seed: details.seed,
    path: details.counterexamplePath ?? '',
    shrinks: details.numShrinks,
  };
}

/**
 * A report of the failure categories of a tally, each with a repro shrunk by fast-check (within
 * `budgetMs` in all; then the shortest case seen).
 */
export function report(subject: Subject, family: string, tally: Tally, recipe: fc.Arbitrary<unknown>, runs: number, seed: number,
  shrink = true, budgetMs = 15_000): string {
  const lines: string[] = [];
  const deadline = Date.now() + budgetMs;
  const cats = [...tally.categories].sort((a, b) => b[1].count - a[1].count);
  const masked = [...tally.misuse.values()].reduce((t, m) => t + m.masked, 0);
  lines.push(`${subject.kind} (${family}): ${tally.failures} failures in ${cats.length} categories out of ${runs} cases `
    + `(${tally.accepted} accepted, ${tally.rejected} rejected${masked ? ` (${masked} for another prop than the one misused)` : ''}, ${tally.skipped} skipped). `
    + `Seed ${seed}: rerun with PROPERTY_SEED=${seed} PROPERTY_RUNS=${runs}.`
    + (subject.version ? ` Target: the app's ${VERSION_CONTEXT_KEY} context is '${subject.version}' (set it in the repro's app).` : ''));
  cats.forEach(([category, c], i) => {
    const left = deadline - Date.now();
    const min = shrink && left > 500 ? minimize(subject, recipe, category, runs, seed, Math.min(4000, left), c.first) : undefined;
    lines.push(`\n${i + 1}. [${category}] x${c.count}`);
    lines.push(`   repro${min ? ` (fast-check counterexample, seed ${min.seed}, path "${min.path}", ${min.shrinks} shrinks)` : ' (shortest seen)'}:`);
    lines.push(`     ${min?.source ?? c.example.source}`);
    lines.push(`   what happened: ${(min?.why ?? c.example.why).split('\n').join('\n     ')}`);
  });
  return lines.join('\n');
}
