/**
 * Internal: the final gate. Every object a construct renders is checked with the same manifest
 * rules the validation plugin and the CLI use (src/rules), as the last step before it becomes
 * YAML:
 *
 * - in the constructor, on the rendered object (an input that slipped past the props checks
 *   fails there, in the standard message form, never as YAML the API server refuses);
 * - again when the object is serialized (`toJson`, which every synthesis calls), if something
 *   changed it after construction: an escape-hatch patch, or metadata added through
 *   `ApiObject.of(construct).metadata` or by the chart.
 *
 * It also keeps names unique: two objects of one kind with the same name in the same namespace
 * anywhere in the app are an error (the second would silently replace the first on apply).
 */
import { ApiObject, ApiObjectProps, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { BatchValidationError, Problems, Where, message } from './_validate';
import type { CheckOptions, ManifestCheck } from './rules';
import type { Finding } from './rules/types';
import { DEFAULT_TARGET, Target, versionName } from './rules/versions';

let rules: typeof import('./rules') | undefined;

/**
 * The manifest rules, loaded with the first object checked: `require('cdk8s-batch')` does not
 * load them (nor the schema), an app pays for them once it builds something.
 */
function checkManifest(manifest: unknown, options: CheckOptions): ManifestCheck {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  rules ??= require('./rules') as typeof import('./rules');
  return rules.checkManifest(manifest, options);
}

/**
 * Sidecars are rendered first, as init containers with `restartPolicy: Always`: the prop of an
 * init container's path is `sidecars` or `initContainers` by that field.
 */
function initContainerProp(manifest: unknown, path: string): string {
  const at = /^(.*\.initContainers\[\d+\])/.exec(path)?.[1];
  if (at === undefined) return 'sidecars/initContainers';
  return valueAt(manifest, `${at}.restartPolicy`) === 'Always' ? 'sidecars' : 'initContainers';
}

/** The manifest path of a finding, turned into the prop a user sets, where there is one. */
const PROP_OF_PATH: Array<[RegExp, string | ((manifest: unknown, path: string) => string)]> = [
  [/^metadata\.name$/, 'name'],
  [/^metadata\.namespace$/, 'namespace'],
  [/^metadata\.labels\b/, 'labels'],
  [/^metadata\.annotations\b/, 'annotations'],
  [/^spec\.(jobTemplate\.spec\.)?template\.metadata\.labels\b/, 'podLabels'],
  [/^spec\.(jobTemplate\.spec\.)?template\.metadata\.annotations\b/, 'podAnnotations'],
  [/^spec\.(jobTemplate\.spec\.)?template\.spec\.volumes\b/, 'volumes'],
  [/^spec\.(jobTemplate\.spec\.)?template\.spec\.initContainers\b/, initContainerProp],
  [/^spec\.(jobTemplate\.spec\.)?template\.spec\.resources\b/, 'podResources'],
  [/^spec\.(jobTemplate\.spec\.)?podReplacementPolicy$/, 'podReplacementPolicy'],
  [/^spec\.(jobTemplate\.spec\.)?successPolicy\b/, 'successPolicy'],
  [/^spec\.(jobTemplate\.spec\.)?managedBy$/, 'managedBy'],
  [/^spec\.(jobTemplate\.spec\.)?template\.spec\.containers\[0\]\.env\b/, 'env'],
  [/^spec\.(jobTemplate\.spec\.)?template\.spec\.containers\[0\]\.envFrom\b/, 'envFrom'],
  [/^spec\.(jobTemplate\.spec\.)?template\.spec\.containers\[0\]\.volumeMounts\b/, 'volumeMounts'],
  [/^spec\.(jobTemplate\.spec\.)?template\.spec\.containers\[0\]\.resources\b/, 'cpu/memory/extendedResources/gpu'],
  [/^spec\.(jobTemplate\.spec\.)?template\.spec\.tolerations\b/, 'tolerations'],
  [/^spec\.(jobTemplate\.spec\.)?template\.spec\.nodeSelector\b/, 'nodeSelector'],
];

/** The standard message for one error finding of the rules. */
function findingMessage(where: Where, manifest: unknown, f: Finding, patched: boolean, target: Target): string {
  const of = PROP_OF_PATH.find(([re]) => re.test(f.path))?.[1];
  const prop = typeof of === 'function' ? of(manifest, f.path) : of;
  const field = prop ? `${prop} (${f.path})` : f.path || '(the object)';
  const source = patched ? ' (after escape-hatch patches or metadata changes)' : '';
  return message(where, field, valueAt(manifest, f.path),
    `accepted by the Kubernetes ${versionName(target)} API server${source}, which refuses it: ${f.ruleId}: ${f.message}`, f.fix);
}

/**
 * Checks a rendered object with the manifest rules of the target's Kubernetes version and throws
 * one `BatchValidationError` with every error (warnings are left to the plugin and the CLI).
 */
export function gate(where: Where, manifest: unknown, patched = false, target: Target = DEFAULT_TARGET): void {
  const findings = checkManifest(manifest, { noWarnings: true, target }).findings;
  if (findings.length === 0) return;
  const problems = new Problems();
  for (const f of findings) {
    if (f.severity === 'error') problems.add(findingMessage(where, manifest, f, patched, target));
  }
  problems.throwIfAny();
}

/** The value at a rules path such as `spec.template.spec.containers[0].env[2].name`. */
export function valueAt(root: unknown, path: string): unknown {
  let cur: any = root;
  const re = /([A-Za-z_][A-Za-z0-9_]*)|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const key = m[1] ?? m[2];
    cur = Array.isArray(cur) && /^\d+$/.test(key) ? cur[Number(key)] : cur[key];
  }
  return cur;
}

/** A JSON value with its object keys sorted: equal values give equal text. */
function stableText(x: unknown): string {
  return JSON.stringify(x, (_k, value) => (value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.keys(value).sort().map(k => [k, value[k]]))
    : value));
}

/**
 * Whether two JSON values are equal, whatever the order of their keys (what comparing their
 * `stableText` tells, without writing any text): compared field by field, a field set to
 * `undefined` being absent; anything but plain objects, lists and primitives is compared by its
 * `stableText`. Only ever false for values that differ, or that are not plain JSON.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  const protoA = Object.getPrototypeOf(a);
  const protoB = Object.getPrototypeOf(b);
  if ((protoA !== Object.prototype && protoA !== null) || (protoB !== Object.prototype && protoB !== null)) return stableText(a) === stableText(b);
  const x = a as { [key: string]: unknown };
  const y = b as { [key: string]: unknown };
  let keys = 0;
  for (const k of Object.keys(x)) {
    if (x[k] === undefined) continue;
    keys++;
    if (!Object.prototype.hasOwnProperty.call(y, k) || !sameJson(x[k], y[k])) return false;
  }
  for (const k of Object.keys(y)) if (y[k] !== undefined) keys--;
  return keys === 0;
}

/**
 * The `Resource` child of every construct: a plain `ApiObject` (so escape-hatch patches apply to
 * the final manifest) that checks itself with the rules of its target Kubernetes version, and
 * again when it is serialized after a change.
 */
export class GatedApiObject extends ApiObject {
  /** The Kubernetes version (and enabled feature gates) the object is written and checked for. */
  public readonly target: Target;
  private changed = false;
  /** `metadata.toJson()` at construction: a fresh plain-JSON copy (cdk8s builds it anew each time). */
  private readonly metadataAtConstruction: unknown;

  constructor(scope: Construct, id: string, props: ApiObjectProps, private readonly where: Where, target: Target = DEFAULT_TARGET) {
    const body = manifestJson(withoutMeta(props)) as { [key: string]: unknown };
    super(scope, id, { apiVersion: props.apiVersion, kind: props.kind, metadata: props.metadata, ...body });
    const metadata = this.metadata.toJson();
    this.metadataAtConstruction = metadata;
    this.target = target;
    const manifest = { apiVersion: props.apiVersion, kind: props.kind, metadata, ...body };
    try {
      gate(where, manifest, false, target);
      registerName(this, where);
    } catch (e) {
      // A refused object never reaches the YAML, even when the caller catches the error.
      scope.node.tryRemoveChild(id);
      throw e;
    }
  }

  public addJsonPatch(...ops: JsonPatch[]): void {
    this.changed = true;
    super.addJsonPatch(...ops);
  }

  public toJson(): any {
    const json = super.toJson();
    if (this.changed || !sameJson(json.metadata, this.metadataAtConstruction)) {
      gate(this.where, json, true, this.target);
    }
    return json;
  }
}

/**
 * The manifest JSON of a rendered value, made of object literals: cdk8s-plus-28's typed structs as
 * the renderers build them (their field names are the API's JSON names), with `undefined` fields
 * left out and the `Quantity` / `IntOrString` value classes replaced by their values, which is what
 * the generated `k8s.toJson_*` converters do for the fields cdk8s-batch writes. (The few struct
 * fields whose TypeScript names differ from their JSON names, such as a volume's `volumeId`, only
 * come from cdk8s-plus's own objects, and the renderer converts those with cdk8s-plus's converter
 * first; a field spelled the TypeScript way would be an unknown field, which the gate refuses.)
 * Objects built field by field from literals share V8's hidden classes, where the converters'
 * spreads give each object one of its own. Only plain objects and lists are copied; anything else
 * (a cdk8s `Lazy`, a resolvable token) is kept as it is for cdk8s to resolve at synthesis, and so is
 * anything nested deeper than any manifest.
 */
export function manifestJson(x: unknown, depth = 0): unknown {
  if (typeof x !== 'object' || x === null || depth > 100) return x;
  if (Array.isArray(x)) {
    if (Object.getPrototypeOf(x) !== Array.prototype) return x;
    const list = new Array(x.length);
    for (let i = 0; i < x.length; i++) list[i] = manifestJson(x[i], depth + 1);
    return list;
  }
  if (x instanceof k8s.Quantity || x instanceof k8s.IntOrString) return x.value;
  const proto = Object.getPrototypeOf(x);
  if (proto !== Object.prototype && proto !== null) return x;
  const from = x as { [key: string]: unknown };
  const to: { [key: string]: unknown } = {};
  for (const key of Object.keys(from)) {
    const field = from[key];
    if (field === undefined) continue;
    const value = manifestJson(field, depth + 1);
    if (key === '__proto__') Object.defineProperty(to, key, { value, enumerable: true, writable: true, configurable: true });
    else to[key] = value;
  }
  return to;
}

function withoutMeta(props: ApiObjectProps): { [key: string]: unknown } {
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = props as ApiObjectProps & { [key: string]: unknown };
  return rest;
}

// -------------------------------------------------------------------------------------------------
// Unique names
// -------------------------------------------------------------------------------------------------

interface Owner {
  readonly path: string;
  readonly where: Where;
}

/** For each app (root construct): `<apiVersion>/<kind>/<namespace>/<name>` -> who writes it. */
const NAMES = new WeakMap<IConstruct, Map<string, Owner>>();

function nameKey(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
  return `${apiVersion.split('/')[0]}\u0000${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

/** Records the object's name; throws when another construct of the app already writes that name. */
function registerName(obj: ApiObject, where: Where): void {
  const root = obj.node.root;
  let names = NAMES.get(root);
  if (!names) {
    names = new Map();
    NAMES.set(root, names);
    // At `app.synth()`, objects of other constructs (cdk8s-plus, plain ApiObjects) are compared too.
    root.node.addValidation({ validate: () => checkAppNames(root) });
  }
  const key = nameKey(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.name);
  const owner = names.get(key);
  if (owner && owner.path !== obj.node.path) {
    throw duplicate(where, obj, owner.path);
  }
  names.set(key, { path: obj.node.path, where });
}

function duplicate(where: Where, obj: ApiObject, otherPath: string): BatchValidationError {
  const ns = obj.metadata.namespace === undefined ? 'the default namespace' : `namespace ${JSON.stringify(obj.metadata.namespace)}`;
  return new BatchValidationError(message(where, 'name', obj.name,
    `unique among the app's ${obj.kind}s in ${ns}: '${otherPath}' writes a ${obj.kind} with that name too, and applying both keeps only the last`,
    'give one of them another \'name\' (or leave \'name\' out to get one from the construct path)'));
}

/** Every ApiObject of the app: no two of one kind share a namespace and name. */
function checkAppNames(root: IConstruct): string[] {
  const seen = new Map<string, ApiObject>();
  const problems = new Problems();
  for (const c of root.node.findAll()) {
    if (!(c instanceof ApiObject)) continue;
    let name: string;
    try {
      name = c.name;
    } catch {
      continue;
    }
    const key = nameKey(c.apiVersion, c.kind, c.metadata.namespace, name);
    const other = seen.get(key);
    if (other) {
      const mine = c instanceof GatedApiObject ? (c as any).where as Where : undefined;
      const theirs = other instanceof GatedApiObject ? (other as any).where as Where : undefined;
      const where = mine ?? theirs ?? { kind: c.kind, path: c.node.path };
      const [obj, otherPath] = mine || !theirs ? [c, other.node.path] : [other, c.node.path];
      problems.add(duplicate(where, obj, otherPath).message);
    } else {
      seen.set(key, c);
    }
  }
  problems.throwIfAny();
  return [];
}
