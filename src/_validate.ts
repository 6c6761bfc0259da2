/**
 * Internal: the prop validators shared by every construct.
 *
 * Each check is a small pure function that throws a `BatchValidationError` whose message has
 * the one form every cdk8s-batch error uses:
 *
 *   <Kind> '<construct path>': '<prop>' (<value>) must be <rule>; <how to fix>
 *
 * The rules are ported from the Kubernetes 1.28 API server (see `src/rules/` for the manifest
 * rules and the upstream function each one comes from); `test/rules-agree.test.ts` proves that
 * the two agree.
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Quantity } from './rules/quantity';

/**
 * The quantity parser of the manifest rules (src/rules/quantity.ts), loaded with the first
 * quantity checked rather than by `require('cdk8s-batch')`.
 */
let quantities: typeof import('./rules/quantity') | undefined;
function quantity(): typeof import('./rules/quantity') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  quantities ??= require('./rules/quantity') as typeof import('./rules/quantity');
  return quantities;
}

/** resource.ParseQuantity (1.28): the quantity, or undefined when the API server refuses it. */
export function parseQuantity(s: string): Quantity | undefined {
  return quantity().parseQuantity(s);
}

/** Where an error happened: the construct kind and its construct path. */
export interface Where {
  readonly kind: string;
  readonly path: string;
  /** Prefix of the prop names, for props nested in a struct (e.g. `sharding.`). */
  readonly propPrefix?: string;
}

/**
 * The error every prop validation throws. Its message holds every problem found, one per line,
 * each of the form `<Kind> '<construct path>': '<prop>' (<value>) must be <rule>; <how to fix>`.
 * Its stack leaves out the library's own frames: it starts where the caller's code created the
 * construct (or synthesized the app), which is where the fix goes.
 *
 * The stack is formatted when it is first read, not when the error is made: most of these errors
 * are caught by `Problems` and merged into one, and formatting a stack costs far more than
 * capturing it when source maps are on (`node --enable-source-maps`, test runners: about a
 * millisecond). It is captured once, by `Error.captureStackTrace` (`Error` itself captures none),
 * and read through the `stack` accessor of the prototype (below).
 */
export class BatchValidationError extends Error {
  constructor(text: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(text);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.name = 'BatchValidationError';
    const captured: { stack?: string } = {};
    Error.captureStackTrace?.(captured, BatchValidationError);
    // Deleting the (empty) stack Error made does not format it, and uncovers the accessor.
    delete this.stack;
    STACKS.set(this, { captured, text });
  }
}

/** Each error's captured stack and message, and its stack once formatted or set. */
const STACKS = new WeakMap<BatchValidationError, { captured: { stack?: string }; text: string; formatted?: string }>();

Object.defineProperty(BatchValidationError.prototype, 'stack', {
  configurable: true,
  enumerable: false,
  get(this: BatchValidationError): string | undefined {
    const s = STACKS.get(this);
    return s && (s.formatted ??= withoutLibraryFrames(s.captured.stack, `${this.name}: ${s.text}`));
  },
  set(this: BatchValidationError, value: string) {
    const s = STACKS.get(this);
    if (s) s.formatted = value;
    else STACKS.set(this, { captured: {}, text: this.message, formatted: value });
  },
});

/**
 * Runs `first`, whose result the rest of a construct's checks need. When it fails, `others` still
 * runs, so that its problems are reported with the first one's.
 */
export function withOtherProblems<T>(where: Where, first: () => T, others: () => void): T {
  let result: T | undefined;
  const problems = new Problems();
  if (problems.check(() => { result = first(); })) return result as T;
  problems.check(others);
  problems.throwIfAny();
  throw new Error(`unreachable: ${where.path}`);
}

/** The folder of the library's own code (lib/ when installed, src/ in tests). */
const LIBRARY_DIR = __dirname;

function withoutLibraryFrames(stack: string | undefined, head: string): string {
  const frames = (stack ?? '').split('\n').filter(line => /^\s+at /.test(line) && !line.includes(LIBRARY_DIR));
  return [head, ...frames].join('\n');
}

/**
 * Runs independent checks and collects every `BatchValidationError` they throw, so that one
 * synthesis reports all problems of a construct at once.
 */
export class Problems {
  private readonly lines: string[] = [];

  /** Runs `check`; a `BatchValidationError` it throws is recorded (false), anything else propagates. */
  public check(check: () => void): boolean {
    try {
      check();
      return true;
    } catch (e) {
      if (!(e instanceof BatchValidationError)) throw e;
      this.lines.push(e.message);
      return false;
    }
  }

  /** Records a problem message. */
  public add(line: string): void {
    this.lines.push(line);
  }

  public get empty(): boolean {
    return this.lines.length === 0;
  }

  /** Throws one error with every recorded problem, if any. */
  public throwIfAny(): void {
    if (this.lines.length > 0) throw new BatchValidationError(this.lines.join('\n'));
  }
}

/**
 * What the 1.28 CronJob controller appends to the CronJob's name to name a Job (`getJobName`):
 * '-' and the scheduled time in minutes since the epoch, 8 digits until the year 2160.
 */
export const CRONJOB_JOB_NAME_SUFFIX_LENGTH = 9;

/** `TotalAnnotationSizeLimitB`: the most bytes an object's annotations may take together. */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;

// Limits of the 1.28 batch API (pkg/apis/batch/validation), shared by the props checks and the
// manifest rules.

/** completionsSoftLimit: the largest Indexed `completions` without further limits. */
export const MAX_INDEXED_COMPLETIONS = 100_000;
/** maxParallelismForIndexedJob: the largest Indexed `parallelism`. */
export const MAX_INDEXED_PARALLELISM = 100_000;
/** maxFailedIndexesForIndexedJob: the largest `maxFailedIndexes`. */
export const MAX_FAILED_INDEXES = 100_000;
/** maxPodFailurePolicyRules. */
export const MAX_POD_FAILURE_POLICY_RULES = 20;
/** maxPodFailurePolicyOnExitCodesValues: exit codes in one rule. */
export const MAX_EXIT_CODE_VALUES = 255;
/** The labels the Job controller puts on its pods: the Job's name, and its uid. */
export const JOB_NAME_LABELS = ['job-name', 'batch.kubernetes.io/job-name'];
export const CONTROLLER_UID_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid'];

/** Longest value shown in a message; longer ones are cut, with their length. */
const MAX_SHOWN = 300;

/** Renders a prop value readably (never `[object Object]`), cut to `MAX_SHOWN` characters. */
export function show(value: unknown): string {
  const text = describe(value, 0);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}... (${text.length} characters)` : text;
}

function describe(value: unknown, depth: number): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (value instanceof Duration) return humanDuration(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString(); // YAML 1.1 timestamps: same text on every machine
  if (value instanceof Size) return value.asString();
  if (value instanceof kplus.Cpu) return value.amount;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
  if (Array.isArray(value)) return depth > 3 ? '[...]' : `[${value.slice(0, 20).map(x => describe(x, depth + 1)).join(', ')}${value.length > 20 ? ', ...' : ''}]`;
  if (typeof value === 'object') {
    // A manifest value may hold a `toString` field that is not a function.
    const own = (value as any).toString;
    if (typeof own === 'function' && own !== Object.prototype.toString) {
      const desc = own.call(value);
      if (typeof desc === 'string' && desc !== '[object Object]') return desc;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== null && proto !== Object.prototype) {
      // An instance of some class (a kplus Volume, a Secret...): its class and name.
      const name = (value as { name?: unknown }).name;
      return `${proto.constructor?.name || 'an object'}${typeof name === 'string' ? ` ${JSON.stringify(name)}` : ''}`;
    }
    if (depth > 3) return '{...}';
    const entries = Object.keys(value).slice(0, 20).map(k => `${JSON.stringify(k)}:${describe((value as any)[k], depth + 1)}`);
    return `{${entries.join(',')}${Object.keys(value).length > 20 ? ',...' : ''}}`;
  }
  return String(value);
}

/** A Duration in milliseconds, or NaN when cdk8s cannot convert it (NaN, Infinity, fractions of a millisecond). */
export function durationMillis(d: Duration): number {
  try {
    return d.toMilliseconds();
  } catch {
    return NaN;
  }
}

/**
 * A duration in words, exactly: `2 hours`, `1 hour 30 minutes`, `1 second 500 milliseconds`
 * (`Duration.toHumanString()` of cdk8s 2.70 renders two hours as "1 hour 60 minutes").
 */
export function humanDuration(d: Duration): string {
  let rest = durationMillis(d);
  if (!Number.isFinite(rest)) {
    // NaN, Infinity, or a fraction of a millisecond: as it was made.
    const { amount, unit } = d as unknown as { amount?: unknown; unit?: { label?: string } };
    return `${String(amount)} ${unit?.label ?? ''}`.trim();
  }
  const parts: string[] = [];
  if (rest < 0) {
    parts.push('minus');
    rest = -rest;
  }
  for (const [unit, ms] of [['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000], ['second', 1_000], ['millisecond', 1]] as const) {
    const n = Math.floor(rest / ms);
    rest -= n * ms;
    if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  }
  return parts.length > (parts[0] === 'minus' ? 1 : 0) ? parts.join(' ') : '0 seconds';
}

/** The standard message: `<Kind> '<construct path>': '<prop>' (<value>) must be <rule>; <how to fix>`. */
export function message(where: Where, prop: string, value: unknown, rule: string, fix: string): string {
  return `${where.kind} '${where.path}': '${where.propPrefix ?? ''}${prop}' (${show(value)}) must be ${rule}; ${fix}`;
}

/** Throws the standard error. */
export function fail(where: Where, prop: string, value: unknown, rule: string, fix: string): never {
  throw new BatchValidationError(message(where, prop, value, rule, fix));
}

// -----------------------------------------------------------------------------------------------
// Syntax (ported from k8s.io/apimachinery/pkg/util/validation)
// -----------------------------------------------------------------------------------------------

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const PORT_NAME_CHARS = /^[-a-z0-9]+$/;
const PORT_NAME_LETTER = /[a-z]/;

/** IsDNS1123Label: lowercase alphanumerics and '-', at most 63 characters. */
export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

/** IsDNS1123Subdomain: dot-separated DNS labels, at most 253 characters. */
export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

/** IsQualifiedName: `[prefix/]name`, prefix a DNS subdomain, name at most 63 characters. */
export function isQualifiedName(s: string): boolean {
  const parts = s.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME_PART.test(name)) return false;
  if (parts.length === 2) {
    const prefix = parts[0];
    return prefix.length > 0 && isDns1123Subdomain(prefix);
  }
  return true;
}

/** IsValidLabelValue: empty, or at most 63 alphanumerics, '-', '_', '.', alphanumeric at both ends. */
export function isLabelValue(s: string): boolean {
  return s.length <= 63 && LABEL_VALUE.test(s);
}

/** IsEnvVarName (1.28): `[-._a-zA-Z][-._a-zA-Z0-9]*`, and not '.', '..' or starting with '..' (hasChDirPrefix). */
export function isEnvVarName(s: string): boolean {
  return ENV_VAR_NAME.test(s) && !s.startsWith('..') && s !== '.';
}

/** IsRelaxedEnvVarName (1.30+): printable ASCII (U+0020 to U+007E) other than '='. */
export function isRelaxedEnvVarName(s: string): boolean {
  return RELAXED_ENV_VAR_NAME.test(s);
}

const RELAXED_ENV_VAR_NAME = /^[\x20-\x3c\x3e-\x7e]+$/;

/**
 * The env var name test of the API server (validateEnv / ValidateEnvFrom): IsRelaxedEnvVarName
 * where the RelaxedEnvironmentVariableValidation gate is on at the target (`relaxed`), else
 * IsEnvVarName. Returns what a valid name is, or undefined when `name` is valid.
 */
export function envVarNameProblem(name: string, relaxed: boolean): string | undefined {
  if (relaxed) {
    return isRelaxedEnvVarName(name) ? undefined : 'a valid environment variable name: printable ASCII characters other than \'=\'';
  }
  if (isEnvVarName(name)) return undefined;
  const later = isRelaxedEnvVarName(name)
    ? '; any printable ASCII but \'=\' is accepted where RelaxedEnvironmentVariableValidation is on (from Kubernetes 1.32, or 1.30 with the gate)' : '';
  return `a valid environment variable name (letters, digits, '_', '-' or '.', not starting with a digit; not '.' and not starting with '..')${later}`;
}

/** Whether resource.ParseQuantity (1.28) accepts the string (see src/rules/quantity.ts). */
export function isQuantity(s: string): boolean {
  return parseQuantity(s) !== undefined;
}

/**
 * The value of a quantity string as the closest float (for coarse comparisons; Infinity beyond
 * doubles, e.g. `1e400`), or NaN when ParseQuantity refuses it. Exact comparisons:
 * `compareQuantities` in src/rules/quantity.ts.
 */
export function quantityValue(s: string): number {
  const q = parseQuantity(s);
  return q === undefined ? NaN : quantity().approximate(q);
}

/** IsValidPortName: an IANA service name (at most 15 lowercase alphanumerics and '-', a letter, no '--'). */
export function isPortName(s: string): boolean {
  return s.length <= 15 && PORT_NAME_CHARS.test(s) && PORT_NAME_LETTER.test(s) && !s.includes('--') && !s.startsWith('-') && !s.endsWith('-');
}

/** IsConfigMapKey: a Secret or ConfigMap key (at most 253 alphanumerics, '-', '_' or '.', not '.' or '..'). */
export function isConfigMapKey(s: string): boolean {
  return s.length >= 1 && s.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(s) && s !== '.' && s !== '..' && !s.startsWith('..');
}

/** IsNativeResource (core/helper): no domain prefix, or a `kubernetes.io/` one. */
export function isNativeResourceName(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** IsExtendedResourceName (core/helper): a domain-prefixed name outside kubernetes.io (e.g. `nvidia.com/gpu`). */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResourceName(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`);
}

/** IsHugePageResourceName: `hugepages-<size>`. */
export function isHugePagesResourceName(name: string): boolean {
  return name.startsWith('hugepages-');
}

/** IsValidUserID / IsValidGroupID: 0 to 2^31-1. */
export function isValidId(id: number): boolean {
  return Number.isInteger(id) && id >= 0 && id <= 2 ** 31 - 1;
}

// -----------------------------------------------------------------------------------------------
// Prop checks
// -----------------------------------------------------------------------------------------------

/** An integer within [min, max]. */
export function checkInteger(where: Where, prop: string, value: number | undefined, min: number, max: number, fix: string): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    const rule = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    fail(where, prop, value, rule, fix);
  }
}

/** A duration of whole seconds, at least `min` seconds. */
export function checkDuration(where: Where, prop: string, value: Duration | undefined, minSeconds: number, fix: string): void {
  if (value === undefined) return;
  checkInstance(where, prop, value, Duration, 'a cdk8s Duration', 'Duration.hours(6)', 'cdk8s');
  const amount = (value as unknown as { amount?: unknown }).amount;
  if (typeof amount !== 'number') {
    // Duration.seconds('30') from plain JavaScript: cdk8s keeps the string and cannot convert it.
    fail(where, prop, value, `a Duration made from a number (this one was made from the ${typeof amount} ${show(amount)})`, fix);
  }
  const ms = durationMillis(value);
  if (!Number.isFinite(ms) || ms % 1000 !== 0 || ms / 1000 < minSeconds || ms / 1000 > 2 ** 31 - 1) {
    const rule = minSeconds === 0 ? 'a whole number of seconds (0 or more)' : `a whole number of seconds, at least ${minSeconds}s`;
    fail(where, prop, value, rule, fix);
  }
}

/**
 * A value of the expected value class (props typed as `Duration`, `Size`, `Cpu`...: a plain
 * JavaScript caller, or a copy of the class from another package, gets this message instead of
 * a TypeError).
 */
export function checkInstance(
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  where: Where, prop: string, value: unknown, type: Function, rule: string, example: string, module: string,
): void {
  if (value === undefined || value instanceof type) return;
  const foreign = typeof value === 'object' && value !== null && (value as object).constructor?.name === type.name;
  fail(where, prop, value, rule, foreign
    ? `this ${type.name} comes from another copy of '${module}': make your app and cdk8s-batch share one (npm ls ${module})`
    : `e.g. ${example}`);
}

/** An object name: DNS-1123 subdomain of at most `maxLength` characters. */
export function checkObjectName(where: Where, prop: string, value: string | undefined, maxLength: number): void {
  if (value === undefined) return;
  if (value.length > maxLength) {
    fail(where, prop, value, `at most ${maxLength} characters (it has ${value.length})`,
      'shorten it, or leave it out to get a generated name that fits');
  }
  if (!isDns1123Subdomain(value)) {
    fail(where, prop, value, 'a DNS-1123 name (lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit)',
      'e.g. use \'train-resnet50\'');
  }
}

/** A DNS-1123 label (container names, namespaces, volume names). */
export function checkDnsLabel(where: Where, prop: string, value: string | undefined): void {
  if (value === undefined) return;
  if (!isDns1123Label(value)) {
    fail(where, prop, value, 'a DNS-1123 label (at most 63 lowercase letters, digits and \'-\', starting and ending with a letter or digit)',
      'e.g. \'trainer\'');
  }
}

/** Label keys and values. */
export function checkLabels(where: Where, prop: string, labels: { [key: string]: string } | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (!isQualifiedName(key)) {
      fail(where, `${prop}.${key}`, key, 'a valid label key ([prefix/]name; name at most 63 alphanumerics, \'-\', \'_\' or \'.\', prefix a DNS subdomain)',
        'e.g. \'team\' or \'example.com/team\'');
    }
    if (typeof value !== 'string' || !isLabelValue(value)) {
      fail(where, `${prop}.${key}`, value, 'a valid label value (at most 63 alphanumerics, \'-\', \'_\' or \'.\', starting and ending with an alphanumeric, or empty)',
        'move free text to an annotation');
    }
  }
}

/** Annotation keys (and the 256 KiB total size limit). */
export function checkAnnotations(where: Where, prop: string, annotations: { [key: string]: string } | undefined): void {
  let total = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    if (!isQualifiedName(key.toLowerCase())) {
      fail(where, `${prop}.${key}`, key, 'a valid annotation key ([prefix/]name, as for labels)', 'e.g. \'example.com/owner\'');
    }
    if (typeof value !== 'string') {
      fail(where, `${prop}.${key}`, value, 'a string', 'quote the value');
    }
    total += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (total > MAX_ANNOTATIONS_BYTES) {
    fail(where, prop, `${total} bytes`, 'at most 256 KiB in total', 'store large data in a ConfigMap instead');
  }
}

/** Env var names, as the target's API server tests them (`relaxed`: see `envVarNameProblem`). */
export function checkEnvNames(where: Where, prop: string, names: string[], relaxed = false): void {
  for (const name of names) {
    const problem = envVarNameProblem(name, relaxed);
    if (problem !== undefined) fail(where, `${prop}.${name}`, name, problem, 'e.g. \'DATA_DIR\'');
  }
}

/** A quantity string that is valid and not negative (`positive` rejects zero too). */
export function checkQuantity(where: Where, prop: string, value: string | undefined, positive: boolean): void {
  if (value === undefined) return;
  const q = parseQuantity(value);
  if (q === undefined || q.sign < 0 || (positive && q.sign === 0)) {
    fail(where, prop, value, positive ? 'a positive Kubernetes quantity' : 'a non-negative Kubernetes quantity',
      'e.g. Cpu.millis(500), Cpu.units(2) or Size.gibibytes(4)');
  }
}

/** request <= limit when both are set. */
export function checkRequestWithinLimit(
  where: Where, requestProp: string, request: string | undefined, limitProp: string, limit: string | undefined,
): void {
  if (request === undefined || limit === undefined) return;
  const [r, l] = [parseQuantity(request), parseQuantity(limit)];
  if (r !== undefined && l !== undefined && quantity().compareQuantities(r, l) > 0) {
    fail(where, requestProp, request, `at most '${limitProp}' (${limit})`, `raise '${limitProp}' or lower '${requestProp}'`);
  }
}

/** The image reference is non-empty, and pinned (a tag other than `latest`, or a digest) unless allowed. */
export function checkImage(where: Where, prop: string, image: string, allowUnpinned: boolean): void {
  if (typeof image !== 'string' || image.trim() === '' || image !== image.trim()) {
    fail(where, prop, image, 'a non-empty image reference without surrounding spaces', 'e.g. \'python:3.12-slim\'');
  }
  if (!allowUnpinned && !isPinnedImage(image)) {
    fail(where, prop, image, 'pinned to a tag other than \'latest\' or to a digest',
      'e.g. \'python:3.12\' or \'repo/image@sha256:...\'; or set \'allowUnpinnedImage: true\' to accept it');
  }
}

/** Whether an image reference names a tag other than `latest`, or a digest. */
export function isPinnedImage(image: string): boolean {
  if (image.includes('@')) return true;
  const lastSlash = image.lastIndexOf('/');
  const lastPart = image.slice(lastSlash + 1);
  const colon = lastPart.lastIndexOf(':');
  if (colon < 0) return false;
  const tag = lastPart.slice(colon + 1);
  return tag !== '' && tag !== 'latest';
}

/** Two props that cannot be used together. */
export function checkExclusive(where: Where, propA: string, a: unknown, propB: string, b: unknown): void {
  if (a !== undefined && b !== undefined && b !== false) {
    fail(where, propA, a, `left out when '${propB}' is set`, `use either '${propA}' or '${propB}'`);
  }
}

// -----------------------------------------------------------------------------------------------
// IP addresses (pod rules: dnsConfig.nameservers, hostAliases)
// -----------------------------------------------------------------------------------------------

const IPV4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/;
const HEX_GROUP = /^[0-9a-fA-F]+$/;

/**
 * IsValidIP of Kubernetes 1.28: `netutils.ParseIPSloppy` accepts IPv4 (leading zeros allowed, read
 * as decimal) and IPv6 (with `::`, and an IPv4 tail), without a zone or a prefix length.
 */
export function isIPAddress(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}

function isIPv4(s: string): boolean {
  const m = IPV4.exec(s);
  return m !== null && m.slice(1).every(part => Number(part) <= 255);
}

function isIPv6(s: string): boolean {
  if (!s.includes(':')) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  let groups = 0;
  for (const [h, half] of halves.entries()) {
    if (half === '') continue;
    const parts = half.split(':');
    for (const [i, part] of parts.entries()) {
      const last = h === halves.length - 1 && i === parts.length - 1;
      if (last && part.includes('.')) {
        if (!isIPv4(part)) return false;
        groups += 2;
      } else if (HEX_GROUP.test(part) && parseInt(part, 16) <= 0xffff) {
        groups += 1;
      } else {
        return false;
      }
    }
  }
  // Without '::' exactly 8 groups; '::' stands for at least one group of zeros.
  return halves.length === 1 ? groups === 8 : groups <= 7;
}
