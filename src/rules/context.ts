/**
 * Internal: the collector a rule writes its findings to, and type-safe readers for untrusted
 * manifest values (a hand-written manifest can hold anything: the rules never throw).
 */
import { show } from '../_validate';
import { ruleInfo } from './catalog';
import { Finding } from './types';
import { DEFAULT_TARGET, Target } from './versions';

/** A plain JSON object. */
export type Obj = { [key: string]: unknown };

/** Collects the findings of one object. */
export class Report {
  public readonly findings: Finding[] = [];

  /**
   * @param object `<kind>/<name>` of the object being checked
   * @param target the Kubernetes version (and enabled feature gates) the object is checked for
   */
  constructor(public readonly object: string, public readonly target: Target = DEFAULT_TARGET) {}

  /** Records a violation of `ruleId` at `path`; `fix` replaces the rule's fix text when given. */
  public add(ruleId: string, path: string, message: string, fix?: string): void {
    const info = ruleInfo(ruleId);
    this.findings.push({ ruleId, severity: info.severity, message, path, object: this.object, fix: fix ?? info.fix });
  }
}

/** Renders a manifest value for a message. */
export function v(value: unknown): string {
  return show(value);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const BIG_TWO = BigInt(2);

/** `a.b`, or `b` when `a` is empty. */
export function child(base: string, key: string): string {
  if (IDENTIFIER.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${key}]`;
}

/** `a[i]`. */
export function index(base: string, i: number): string {
  return `${base}[${i}]`;
}

/** Whether `x` is a plain object (not null, not a list). */
export function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Reads an optional object field; reports a type error and returns undefined if it is not an object. */
export function objAt(r: Report, parent: Obj | undefined, key: string, path: string): Obj | undefined {
  const x = parent?.[key];
  if (x === undefined || x === null) return undefined;
  if (!isObj(x)) {
    r.add('object.field-type', child(path, key), `${v(x)} must be an object (a map of fields)`);
    return undefined;
  }
  return x;
}

/** Reads an optional list field; reports a type error and returns [] if it is not a list. */
export function listAt(r: Report, parent: Obj | undefined, key: string, path: string): unknown[] {
  const x = parent?.[key];
  if (x === undefined || x === null) return [];
  if (!Array.isArray(x)) {
    r.add('object.field-type', child(path, key), `${v(x)} must be a list`);
    return [];
  }
  return x;
}

/**
 * The object items of a list, each with its path; an item that is not an object is
 * reported as `object.field-type` and left out.
 */
export function objectItems(r: Report, list: unknown[], path: string): Array<[Obj, string]> {
  const items: Array<[Obj, string]> = [];
  list.forEach((item, i) => {
    const at = index(path, i);
    if (isObj(item)) items.push([item, at]);
    else r.add('object.field-type', at, `${v(item)} must be an object`);
  });
  return items;
}

/** Reads an optional string field; reports a type error and returns undefined if it is not a string. */
export function strAt(r: Report, parent: Obj | undefined, key: string, path: string): string | undefined {
  const x = parent?.[key];
  if (x === undefined || x === null) return undefined;
  // A YAML 1.1 timestamp reaches the API server as a JSON string (sigs.k8s.io/yaml).
  if (x instanceof Date && !Number.isNaN(x.getTime())) return x.toISOString();
  if (typeof x !== 'string') {
    r.add('object.field-type', child(path, key), `${v(x)} must be a string`);
    return undefined;
  }
  return x;
}

/**
 * Reads an optional integer field; reports `object.field-type` and returns undefined if it is not an
 * integer, or is out of the field's range as the API server decodes it (`int64`, the default, or
 * `int32`). The CLI reads integers beyond 2^53 exactly, as a `bigint` (src/rules/load.ts): one in
 * range is returned as the nearest number, which keeps its sign and size (the rules compare such
 * values only with small bounds).
 */
export function intAt(r: Report, parent: Obj | undefined, key: string, path: string, format: 'int32' | 'int64' = 'int64'): number | undefined {
  const x = parent?.[key];
  if (x === undefined || x === null) return undefined;
  if (typeof x !== 'bigint' && (typeof x !== 'number' || !Number.isInteger(x))) {
    r.add('object.field-type', child(path, key), `${v(x)} must be an integer`);
    return undefined;
  }
  // Exact bounds (2^63 as a number is already out of the int64 range; -2^63 and 2^63 are exact
  // doubles, so a number is compared as it is, a bigint exactly).
  const bits = format === 'int32' ? 31 : 63;
  if (typeof x === 'number' ? x < -(2 ** bits) || x >= 2 ** bits : x >= BIG_TWO ** BigInt(bits) || x < -(BIG_TWO ** BigInt(bits))) {
    const max = BIG_TWO ** BigInt(bits) - BigInt(1);
    r.add('object.field-type', child(path, key), `${v(x)} is out of range: the field is an ${format} (${-max - BigInt(1)} to ${max})`);
    return undefined;
  }
  return Number(x);
}

/** Reads an optional boolean field; reports a type error and returns undefined if it is not a boolean. */
export function boolAt(r: Report, parent: Obj | undefined, key: string, path: string): boolean | undefined {
  const x = parent?.[key];
  if (x === undefined || x === null) return undefined;
  if (typeof x !== 'boolean') {
    r.add('object.field-type', child(path, key), `${v(x)} must be true or false`);
    return undefined;
  }
  return x;
}

/** Reads an optional map of strings (labels, annotations, nodeSelector). Non-string values are reported. */
export function stringMapAt(r: Report, parent: Obj | undefined, key: string, path: string): Map<string, string> {
  const out = new Map<string, string>();
  const m = objAt(r, parent, key, path);
  for (const [k, x] of Object.entries(m ?? {})) {
    if (typeof x !== 'string') {
      r.add('object.field-type', child(child(path, key), k), `${v(x)} must be a string (quote it)`);
      continue;
    }
    out.set(k, x);
  }
  return out;
}

/** A quantity as a string: YAML may write `cpu: 1` as a number. Undefined when it is neither. */
export function quantityString(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  if (typeof x === 'number' && Number.isFinite(x)) return String(x);
  if (typeof x === 'bigint') return x.toString(); // beyond 2^53, read exactly by the CLI
  return undefined;
}
