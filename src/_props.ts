/**
 * Internal: the first step of every construct. Plain JavaScript and Python (jsii) callers bypass
 * TypeScript, so the props are checked at run time against the public API's own types
 * (src/_prop-types.ts, generated from the jsii assembly): unknown (misspelled) props, `null`,
 * wrong primitive types, lists and maps of the wrong shape, `NaN` and `Infinity`, and values of
 * the wrong class. Every problem of the props is reported at once, one line each, before any
 * other check reads them: what passes here has the types the rest of the library assumes.
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { StructType, TypeRef } from './_prop-types';
import { BatchValidationError, Where, message } from './_validate';
import { PodSecurity, TolerationOperator } from './container-options';
import { Gpu } from './gpu';
import { PodReplacementPolicy } from './job-features';
import { KubernetesVersion } from './kubernetes-version';
import { RerunStrategy } from './rerun';
import { Schedule, WeekDay } from './schedule';
import { ShardMode } from './sharding';
import { SweepLayout } from './sweep-options';

/** How a named type is checked at run time, and how to write a good value. */
interface NamedType {
  /** What the value must be, e.g. `a cdk8s Duration`. */
  readonly rule: string;
  /** A good value, e.g. `Duration.hours(6)`. */
  readonly example: string;
  readonly test: (value: unknown) => boolean;
  /** For classes: the class and its package, to tell a copy of the class from another package. */
  readonly foreign?: { readonly name: string; readonly module: string };
  /** The fix for a plain string or number given instead (e.g. `EnvValue.fromValue("x")`). */
  readonly fromPrimitive?: (value: string | number) => string;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function cls(type: Function, what: string, good: string, module: string, fromPrimitive?: (value: string | number) => string): NamedType {
  return { rule: what, example: good, test: v => v instanceof type, foreign: { name: type.name, module }, fromPrimitive };
}

function enumOf(name: string, values: { [key: string]: string }): NamedType {
  const allowed = Object.values(values);
  return {
    rule: `one of ${allowed.map(v => `'${v}'`).join(', ')}`,
    example: `${name}.${Object.keys(values)[0]}`,
    test: v => typeof v === 'string' && allowed.includes(v),
  };
}

function named(kind: string, good: string): NamedType {
  // cdk8s-plus interfaces (ISecret, IServiceAccount): any object that has a name.
  return {
    rule: `a ${kind} (an object with a 'name')`,
    example: good,
    test: v => typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string',
  };
}

/** The named types the public props use. test/prop-types.test.ts checks that every one is here. */
export const NAMED_TYPES: { readonly [fqn: string]: NamedType } = {
  'cdk8s.Duration': cls(Duration, 'a cdk8s Duration', 'Duration.hours(6)', 'cdk8s',
    v => (typeof v === 'number' ? `use Duration.seconds(${v})` : 'e.g. Duration.hours(6)')),
  'cdk8s.Size': cls(Size, 'a cdk8s Size', 'Size.gibibytes(4)', 'cdk8s', () => 'e.g. Size.gibibytes(4) or Size.mebibytes(512)'),
  'cdk8s-plus-28.Cpu': cls(kplus.Cpu, 'a cdk8s-plus-28 Cpu', 'Cpu.millis(500)', 'cdk8s-plus-28',
    v => (typeof v === 'number' ? `use Cpu.units(${v})` : 'e.g. Cpu.millis(500) or Cpu.units(2)')),
  'cdk8s-plus-28.EnvValue': cls(kplus.EnvValue, 'a cdk8s-plus-28 EnvValue', 'EnvValue.fromValue(\'1\')', 'cdk8s-plus-28',
    v => `use EnvValue.fromValue(${JSON.stringify(String(v))})`),
  'cdk8s-plus-28.EnvFrom': cls(kplus.EnvFrom, 'a cdk8s-plus-28 EnvFrom', 'Env.fromSecret(secret)', 'cdk8s-plus-28'),
  'cdk8s-plus-28.Volume': cls(kplus.Volume, 'a cdk8s-plus-28 Volume', 'Volume.fromEmptyDir(this, \'scratch\', \'scratch\')', 'cdk8s-plus-28'),
  'cdk8s-plus-28.ISecret': named('Secret', 'Secret.fromSecretName(this, \'pull\', \'regcred\')'),
  'cdk8s-plus-28.IServiceAccount': named('ServiceAccount', 'ServiceAccount.fromServiceAccountName(this, \'sa\', \'trainer\')'),
  'cdk8s-plus-28.ImagePullPolicy': enumOf('ImagePullPolicy', kplus.ImagePullPolicy as any),
  'cdk8s-plus-28.RestartPolicy': enumOf('RestartPolicy', kplus.RestartPolicy as any),
  'cdk8s-plus-28.ConcurrencyPolicy': enumOf('ConcurrencyPolicy', kplus.ConcurrencyPolicy as any),
  'cdk8s-plus-28.TaintEffect': enumOf('TaintEffect', kplus.TaintEffect as any),
  'cdk8s-plus-28.Protocol': enumOf('Protocol', kplus.Protocol as any),
  'cdk8s-plus-28.NodeLabelQuery': cls(kplus.NodeLabelQuery, 'a cdk8s-plus-28 NodeLabelQuery', 'NodeLabelQuery.is(\'example.com/pool\', \'gpu\')', 'cdk8s-plus-28'),
  'cdk8s-plus-28.Topology': cls(kplus.Topology, 'a cdk8s-plus-28 Topology', 'Topology.ZONE', 'cdk8s-plus-28'),
  'cdk8s-batch.Gpu': cls(Gpu, 'a Gpu', 'Gpu.nvidia(1)', 'cdk8s-batch'),
  'cdk8s-batch.Schedule': cls(Schedule, 'a Schedule', 'Schedule.nightly(2), Schedule.expression(\'0 2 * * *\') or Schedule.fromCron(cron)', 'cdk8s-batch'),
  'cdk8s-batch.RerunStrategy': cls(RerunStrategy, 'a RerunStrategy', 'RerunStrategy.contentHash()', 'cdk8s-batch'),
  'cdk8s-batch.PodSecurity': enumOf('PodSecurity', PodSecurity as any),
  'cdk8s-batch.ShardMode': enumOf('ShardMode', ShardMode as any),
  'cdk8s-batch.TolerationOperator': enumOf('TolerationOperator', TolerationOperator as any),
  'cdk8s-batch.WeekDay': enumOf('WeekDay', WeekDay as any),
  'cdk8s-batch.SweepLayout': enumOf('SweepLayout', SweepLayout as any),
  'cdk8s-batch.KubernetesVersion': enumOf('KubernetesVersion', KubernetesVersion as any),
  'cdk8s-batch.PodReplacementPolicy': enumOf('PodReplacementPolicy', PodReplacementPolicy as any),
};

/**
 * Kubernetes field names (and other spellings) users carry over from YAML, and the prop that
 * means the same.
 */
const KNOWN_SLIPS: { readonly [name: string]: string } = {
  ttlSecondsAfterFinished: 'ttlAfterFinished',
  activeDeadlineSeconds: 'activeDeadline',
  terminationGracePeriodSeconds: 'terminationGracePeriod',
  startingDeadlineSeconds: 'startingDeadline',
  serviceAccountName: 'serviceAccount',
  completionMode: 'mode',
  backoffLimitPerIndex: 'backoffLimitPerShard',
  maxFailedIndexes: 'maxFailedShards',
  timezone: 'timeZone',
  workingDirectory: 'workingDir',
  resources: 'cpu',
  requests: 'cpu',
  limits: 'cpuLimit',
  mounts: 'volumeMounts',
};

/**
 * The generated prop types (src/_prop-types.ts, the largest table of the library), loaded with the
 * first check rather than by `require('cdk8s-batch')`.
 */
let structTable: { readonly [fqn: string]: StructType } | undefined;
function structs(): { readonly [fqn: string]: StructType } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  structTable ??= (require('./_prop-types') as typeof import('./_prop-types')).STRUCTS;
  return structTable;
}

/** Whether `fqn` names a props struct (not a class, enum or interface). */
function isStruct(fqn: string): boolean {
  return structs()[fqn] !== undefined;
}

/** One prop of a flattened struct. */
interface FlatProp {
  readonly name: string;
  readonly type: TypeRef;
  readonly required: boolean;
}

/** A struct's own props and its bases', flattened once: by name, and as a list in declaration order. */
interface FlatStruct {
  readonly byName: { readonly [prop: string]: readonly [TypeRef, boolean] };
  readonly list: readonly FlatProp[];
  /** The names, for "did you mean" and the list of known props. */
  readonly names: string[];
}

/** Flattened structs by fqn (cached: a check iterates a list instead of `Object.entries` each time). */
const flat = new Map<string, FlatStruct>();
function propsOf(fqn: string): FlatStruct {
  let out = flat.get(fqn);
  if (!out) {
    const struct = structs()[fqn];
    const byName: { [prop: string]: readonly [TypeRef, boolean] } = Object.assign({},
      ...struct.bases.map(base => propsOf(base).byName), struct.props);
    const list = Object.entries(byName).map(([name, [type, required]]) => ({ name, type, required }));
    out = { byName, list, names: list.map(p => p.name) };
    flat.set(fqn, out);
  }
  return out;
}

/**
 * Checks `props` against the struct `fqn` (e.g. `cdk8s-batch.TrainingJobProps`) and throws one
 * `BatchValidationError` with every problem, one per line.
 */
export function checkPropTypes(where: Where, props: unknown, fqn: string): void {
  const problems: string[] = [];
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    problems.push(message(where, 'props', props, 'an object with at least \'image\'', `e.g. new ${where.kind}(scope, id, { image: 'python:3.12' })`));
  } else {
    checkStruct(where, '', props as { [key: string]: unknown }, fqn, problems);
  }
  if (problems.length > 0) throw new BatchValidationError(problems.join('\n'));
}

/** The problems of a nested struct value (e.g. a Gpu's options), written to `problems`. */
export function checkStructValue(where: Where, prefix: string, value: unknown, fqn: string, problems: string[]): void {
  checkType(where, prefix.replace(/\.$/, ''), value, { f: fqn }, problems);
}

function checkStruct(where: Where, prefix: string, obj: { [key: string]: unknown }, fqn: string, problems: string[]): void {
  const { byName, list, names } = propsOf(fqn);
  for (const key of Object.keys(obj)) {
    if (!Object.prototype.hasOwnProperty.call(byName, key)) {
      const near = closest(key, names);
      problems.push(message(where, `${prefix}${key}`, obj[key], `a prop of ${shortName(fqn)} (there is no '${key}')`,
        near ? `did you mean '${near}'?` : `remove it; ${shortName(fqn)} has ${[...names].sort().join(', ')}`));
    }
  }
  for (let i = 0; i < list.length; i++) {
    const { name, type, required } = list[i];
    const value = obj[name];
    if (value === undefined) {
      if (required) problems.push(message(where, `${prefix}${name}`, value, `set: it is required (${rule(type)})`, `e.g. ${name}: ${example(type)}`));
      continue;
    }
    checkType(where, `${prefix}${name}`, value, type, problems);
  }
}

function checkType(where: Where, prop: string, value: unknown, type: TypeRef, problems: string[]): void {
  if (value === null || value === undefined) {
    problems.push(message(where, prop, value, `${rule(type)}, or left out`, 'leave the prop out to get the default'));
    return;
  }
  if ('p' in type) {
    const ok = type.p === 'string' ? typeof value === 'string'
      : type.p === 'number' ? typeof value === 'number' && Number.isFinite(value)
        : type.p === 'boolean' ? typeof value === 'boolean'
          : type.p === 'date' ? value instanceof Date : true;
    if (!ok) problems.push(message(where, prop, value, rule(type), hint(type, value)));
    return;
  }
  if ('a' in type) {
    if (!Array.isArray(value)) {
      problems.push(message(where, prop, value, rule(type), hint(type, value)));
      return;
    }
    for (let i = 0; i < value.length; i++) checkType(where, `${prop}[${i}]`, value[i], type.a, problems);
    return;
  }
  if ('m' in type) {
    if (!isPlainObject(value)) {
      problems.push(message(where, prop, value, rule(type), hint(type, value)));
      return;
    }
    for (const key of Object.keys(value)) checkType(where, `${prop}.${key}`, (value as { [key: string]: unknown })[key], type.m, problems);
    return;
  }
  if (isStruct(type.f)) {
    if (!isPlainObject(value)) {
      problems.push(message(where, prop, value, rule(type), hint(type, value)));
      return;
    }
    checkStruct(where, `${prop}.`, value as { [key: string]: unknown }, type.f, problems);
    return;
  }
  const t = NAMED_TYPES[type.f];
  if (!t.test(value)) {
    const fix = t.foreign && typeof value === 'object' ? foreignFix(t, value as object)
      : t.fromPrimitive && (typeof value === 'string' || typeof value === 'number') ? t.fromPrimitive(value) : `e.g. ${t.example}`;
    problems.push(message(where, prop, value, t.rule, fix));
  }
}

/** The fix for an object that is not an instance of the class: often one of another package or copy. */
function foreignFix(t: NamedType, value: object): string {
  const { name, module } = t.foreign!;
  const proto = Object.getPrototypeOf(value);
  if (value.constructor?.name === name) {
    return `this ${name} comes from another copy of '${module}': make your app and cdk8s-batch share one (npm ls ${module})`;
  }
  if (proto !== Object.prototype && proto !== null) return `e.g. ${t.example}`; // an instance of some other class
  const other = module.startsWith('cdk8s-plus') ? ' (one of another cdk8s-plus package, such as cdk8s-plus-33, is not one)' : '';
  return `import { ${name} } from '${module}'${other}, e.g. ${t.example}`;
}

/** What a value of the type must be, in words. */
function rule(type: TypeRef): string {
  if ('p' in type) {
    return { string: 'a string', number: 'a finite number', boolean: 'true or false', date: 'a Date', any: 'a value', json: 'a JSON value' }[type.p];
  }
  if ('a' in type) return `a list of ${plural(type.a)}`;
  if ('m' in type) return `a map of names to ${plural(type.m)}`;
  if (isStruct(type.f)) return `an object with the props of ${shortName(type.f)}`;
  return NAMED_TYPES[type.f].rule;
}

function plural(type: TypeRef): string {
  if ('p' in type) return { string: 'strings', number: 'numbers', boolean: 'booleans', date: 'Dates', any: 'values', json: 'values' }[type.p];
  return `values that are each ${rule(type)}`;
}

function example(type: TypeRef): string {
  if ('p' in type) return { string: '\'...\'', number: '3', boolean: 'true', date: 'new Date()', any: '...', json: '{}' }[type.p];
  if ('a' in type) return 'p' in type.a && type.a.p === 'string' ? '[\'python\', \'train.py\']' : `[${example(type.a)}]`;
  if ('m' in type) return `{ name: ${example(type.m)} }`;
  if (isStruct(type.f)) return '{ ... }';
  return NAMED_TYPES[type.f].example;
}

/** A fix for a value of the wrong type, naming the common slips. */
function hint(type: TypeRef, value: unknown): string {
  if ('p' in type && type.p === 'number' && typeof value === 'number') return 'use a finite number, e.g. 3';
  if ('p' in type && type.p === 'number' && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return `write it without quotes: ${Number(value)}`;
  }
  if ('p' in type && type.p === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return `quote it: '${String(value)}'`;
  if ('p' in type && type.p === 'boolean' && (value === 'true' || value === 'false')) return `write it without quotes: ${value}`;
  if ('a' in type && typeof value === 'string') return `give a list, e.g. ${example(type)} (a string is not split)`;
  if ('m' in type && Array.isArray(value)) return `give an object, e.g. ${example(type)}`;
  return `e.g. ${example(type)}`;
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function shortName(fqn: string): string {
  return fqn.slice(fqn.lastIndexOf('.') + 1);
}

/** The known prop nearest to a misspelled one (case, '_' and '-' folded; at most 2 edits apart), or a known slip. */
export function closest(key: string, known: string[]): string | undefined {
  const fold = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  const folded = fold(key);
  const same = known.find(k => fold(k) === folded);
  if (same) return same;
  const slip = KNOWN_SLIPS[key] ?? KNOWN_SLIPS[Object.keys(KNOWN_SLIPS).find(k => fold(k) === folded) ?? ''];
  if (slip && known.includes(slip)) return slip;
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.floor(folded.length / 3));
  for (const k of known) {
    const d = distance(folded, fold(k), bestDistance);
    if (d <= bestDistance && (best === undefined || d < distance(folded, fold(best), bestDistance))) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** Edit distance with transpositions (optimal string alignment), or more than `max` when it exceeds it. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(rows[i - 1][j] + 1, cur[j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], rows[i - 2][j - 2] + 1);
    }
    rows.push(cur);
  }
  return rows[a.length][b.length];
}
