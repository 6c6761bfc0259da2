/**
 * Internal: YAML values as kubectl reads them (sigs.k8s.io/yaml on go-yaml v2, YAML 1.1): plain
 * scalars resolved as go-yaml v2 resolves them, exact 64-bit integers, merge keys, non-string keys
 * turned into strings, duplicate keys refused, alias expansion bounded (see load.ts's header).
 * `load.ts` splits a stream into documents and hands each one's nodes to the `Converter` here.
 */
import * as YAML from 'yaml';

/** Deepest nesting of maps and lists in a document; real objects nest a few dozen levels. */
export const MAX_DEPTH = 200;

/** A document kubectl would refuse to convert to JSON. */
export class DocumentError extends Error {}

const MERGE_TAG = 'tag:yaml.org,2002:merge';
const TAG_PREFIX = 'tag:yaml.org,2002:';
const INT64_MIN = -(BigInt(2) ** BigInt(63));
const INT64_MAX = BigInt(2) ** BigInt(63) - BigInt(1);
const UINT64_MAX = BigInt(2) ** BigInt(64) - BigInt(1);

/** A scalar as go-yaml v2 resolves it. */
type Resolved =
  | { readonly tag: 'str' | 'merge'; readonly value: string }
  | { readonly tag: 'null'; readonly value: null }
  | { readonly tag: 'bool'; readonly value: boolean }
  | { readonly tag: 'int'; readonly value: bigint }
  | { readonly tag: 'float'; readonly value: number };

/** go-yaml v2's resolve table: the YAML 1.1 booleans. */
const BOOLS = new Map<string, boolean>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map(t => [t, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map(t => [t, false] as const),
]);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS = new Map<string, number>([
  ...['.nan', '.NaN', '.NAN'].map(t => [t, NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map(t => [t, Infinity] as const),
  ...['-.inf', '-.Inf', '-.INF'].map(t => [t, -Infinity] as const),
]);
/** go-yaml v2's `yamlStyleFloat`. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/**
 * Resolves a plain (unquoted, untagged) scalar as go-yaml v2's `resolve` does: the YAML 1.1 bools
 * and nulls of its table, then by the first character: a digit or sign tries Go's integer syntax
 * (after removing every `_`; `0x`, `0o`, `0b`, a leading `0` for octal), then unsigned 64-bit, then
 * a float of the form `[-+](.d+|d+[.d*])[e[-+]d+]`, then a hexadecimal, octal or binary integer
 * beyond 64 bits; a `.` tries a float. Anything else, including base-60 `12:30` and dates, is a
 * string.
 */
export function resolvePlain(text: string): Resolved {
  const bool = BOOLS.get(text);
  if (bool !== undefined) return { tag: 'bool', value: bool };
  if (NULLS.has(text)) return { tag: 'null', value: null };
  const special = SPECIAL_FLOATS.get(text);
  if (special !== undefined) return { tag: 'float', value: special };
  if (text === '<<') return { tag: 'merge', value: text };
  const c = text[0];
  if (c === '.') {
    if (/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text)) return { tag: 'float', value: Number(text) };
  } else if ((c >= '0' && c <= '9') || c === '+' || c === '-') {
    const plain = text.replace(/_/g, '');
    const signed = parseGoInt(plain, true);
    if (typeof signed === 'bigint' && signed >= INT64_MIN && signed <= INT64_MAX) return { tag: 'int', value: signed };
    const unsigned = parseGoInt(plain, false);
    if (typeof unsigned === 'bigint' && unsigned <= UINT64_MAX) return { tag: 'int', value: unsigned };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = Number(plain);
      if (Number.isFinite(f)) return { tag: 'float', value: f };
    }
    // Beyond 64 bits (only hexadecimal, octal or binary reach this: decimal became a float).
    if (typeof unsigned === 'bigint') return { tag: 'int', value: unsigned };
  }
  return { tag: 'str', value: text };
}

/** Go's `strconv.ParseInt`/`ParseUint` with base 0, without range checks; undefined on a syntax error. */
function parseGoInt(s: string, signed: boolean): bigint | undefined {
  let rest = s;
  let negative = false;
  if (signed && (rest[0] === '+' || rest[0] === '-')) {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '') return undefined;
  let base = 10;
  let digits = rest;
  if (rest[0] === '0') {
    const p = rest.length >= 3 ? rest[1].toLowerCase() : '';
    base = p === 'x' ? 16 : p === 'b' ? 2 : 8;
    digits = p === 'x' || p === 'b' || p === 'o' ? rest.slice(2) : rest.slice(1);
  }
  const valid = base === 16 ? /^[0-9a-fA-F]*$/ : base === 8 ? /^[0-7]*$/ : base === 2 ? /^[01]*$/ : /^[0-9]+$/;
  if (!valid.test(digits)) return undefined;
  if (digits === '') return BigInt(0);
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  const value = BigInt(`${prefix}${digits}`);
  return negative ? -value : value;
}

/** Go's `strconv.FormatFloat(f, 'g', -1, 32)`, as sigs.k8s.io/yaml turns a float map key into a string. */
export function formatFloatKey(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (!Number.isFinite(f)) return f > 0 ? '.inf' : '-.inf';
  const f32 = Math.fround(f);
  if (f32 === 0) return Object.is(f32, -0) ? '-0' : '0';
  let digits = '';
  let exp = 0;
  const magnitude = Math.abs(f32);
  for (let p = 1; p <= 9; p++) {
    const e = magnitude.toExponential(p - 1);
    if (Math.fround(Number(e)) === magnitude) {
      const [mantissa, exponent] = e.split('e');
      digits = mantissa.replace('.', '');
      exp = Number(exponent);
      break;
    }
  }
  const sign = f32 < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${int}${frac ? `.${frac}` : ''}`;
}

/** go-yaml v2's `allowedAliasRatio`: the share of decoded nodes aliases may produce. */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400_000) return 0.99;
  if (decodeCount >= 4_000_000) return 0.10;
  return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000);
}

/**
 * Makes a document's value as kubectl's YAML-to-JSON conversion does (see `resolvePlain`), with
 * go-yaml v2's bound on alias expansion, and duplicate keys refused.
 */
export class Converter {
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly expanding = new Set<unknown>();
  /** Each alias's anchored node: the last one of that name before it (one pass, not one per alias). */
  private readonly targets = new Map<YAML.Alias, YAML.Node>();

  /**
   * @param mayHaveAliases false when the document's text has no `*`: it holds no alias, and the
   * pass that pairs aliases with their anchors is skipped
   */
  constructor(private readonly doc: YAML.Document.Parsed, private readonly at: (offset: number) => string, mayHaveAliases = true) {
    if (!mayHaveAliases) return;
    const anchors = new Map<string, YAML.Node>();
    YAML.visit(doc, {
      Node: (_key, node) => {
        if (YAML.isAlias(node)) {
          const target = anchors.get(node.source);
          if (target) this.targets.set(node, target);
        } else if (node.anchor) {
          anchors.set(node.anchor, node);
        }
      },
    });
  }

  private target(node: YAML.Alias): YAML.Node | undefined {
    return this.targets.get(node);
  }

  public convert(): unknown {
    return this.value(this.doc.contents, 0);
  }

  private fail(node: unknown, message: string): never {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    throw new DocumentError(`${message} ${this.at(range ? range[0] : 0)}`);
  }

  /** go-yaml's bookkeeping for each node it decodes. */
  private count(node: unknown): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      this.fail(node, `its aliases expand to too much (${this.aliasCount} of ${this.decodeCount} nodes come from aliases: a "billion laughs" document; kubectl stops it as "document contains excessive aliasing")`);
    }
  }

  private value(node: unknown, depth: number): unknown {
    if (node === null || node === undefined) return null;
    this.count(node);
    if (depth > MAX_DEPTH) this.fail(node, `it nests too deeply (more than ${MAX_DEPTH} levels)`);
    if (YAML.isAlias(node)) return this.alias(node, depth, n => this.value(n, depth + 1));
    if (YAML.isScalar(node)) return this.scalarValue(node);
    if (YAML.isSeq(node)) return node.items.map(item => this.value(item, depth + 1));
    if (YAML.isMap(node)) return this.map(node, depth);
    return this.fail(node, 'an unexpected YAML node');
  }

  private alias<T>(node: YAML.Alias, depth: number, use: (target: YAML.Node) => T): T {
    const target = this.target(node);
    if (!target) this.fail(node, `unknown anchor '${node.source}' referenced`);
    if (this.expanding.has(target)) this.fail(node, `anchor '${node.source}' value contains itself`);
    if (depth > MAX_DEPTH) this.fail(node, `it nests too deeply (more than ${MAX_DEPTH} levels)`);
    this.expanding.add(target);
    this.aliasDepth++;
    try {
      return use(target);
    } finally {
      this.aliasDepth--;
      this.expanding.delete(target);
    }
  }

  private scalar(node: YAML.Scalar): Resolved {
    const text = String(node.value ?? '');
    const tag = node.tag;
    if (tag === undefined) {
      return node.type === 'PLAIN' || node.type === undefined ? resolvePlain(text) : { tag: 'str', value: text };
    }
    if (!tag.startsWith(TAG_PREFIX)) return { tag: 'str', value: text }; // `!` and local tags: a string
    const want = tag.slice(TAG_PREFIX.length);
    if (want === 'str') return { tag: 'str', value: text };
    if (want === 'binary') {
      const base64 = text.replace(/\s/g, '');
      if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) this.fail(node, '!!binary value contains invalid base64 data');
      return { tag: 'str', value: Buffer.from(base64, 'base64').toString('utf-8') };
    }
    if (want === 'timestamp') {
      if (!/^\d{4}-\d{1,2}-\d{1,2}([Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[-+]\d{2}:\d{2})?)?$/.test(text)) this.fail(node, `cannot decode \`${text}\` as a !!timestamp`);
      return { tag: 'str', value: text }; // kubectl keeps the text of a date
    }
    if (['int', 'float', 'bool', 'null', 'merge'].includes(want)) {
      const r = resolvePlain(text);
      if (r.tag === want) return r;
      if (want === 'float' && r.tag === 'int') return { tag: 'float', value: Number(r.value) };
      this.fail(node, `cannot decode !!${r.tag} \`${text}\` as a !!${want}`);
    }
    return { tag: 'str', value: text }; // !!map, !!seq, !!set ... on a scalar: its text
  }

  private scalarValue(node: YAML.Scalar): unknown {
    const r = this.scalar(node);
    if (r.tag === 'float') {
      if (!Number.isFinite(r.value)) this.fail(node, `${String(node.value)} is not a number JSON can hold (kubectl fails with "json: unsupported value")`);
      return r.value;
    }
    if (r.tag === 'int') {
      const n = Number(r.value);
      return Number.isSafeInteger(n) ? n : r.value;
    }
    return r.value;
  }

  /** A map key as sigs.k8s.io/yaml makes it a JSON key. */
  private key(node: unknown, depth: number): string {
    if (node === null || node === undefined) return this.fail(node, 'a map key is empty (null); JSON keys are strings');
    this.count(node);
    if (YAML.isAlias(node)) return this.alias(node, depth, target => this.key(target, depth + 1));
    if (!YAML.isScalar(node)) return this.fail(node, 'a map key is a map or a list; JSON keys are strings');
    const r = this.scalar(node);
    switch (r.tag) {
      case 'str':
      case 'merge': return r.value;
      case 'bool': return r.value ? 'true' : 'false';
      case 'float': return formatFloatKey(r.value);
      case 'int':
        if (r.value < INT64_MIN || r.value > INT64_MAX) this.fail(node, `the map key ${r.value} is out of the int64 range; quote it`);
        return String(r.value);
      default: return this.fail(node, 'a map key is null; JSON keys are strings (quote it)');
    }
  }

  private map(node: YAML.YAMLMap, depth: number): { [key: string]: unknown } {
    const merged = new Map<string, unknown>();
    const own = new Map<string, unknown>();
    for (const pair of node.items) {
      const keyNode = pair.key as unknown;
      if (YAML.isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.value === '<<' && (keyNode.tag === undefined || keyNode.tag === MERGE_TAG)) {
        this.count(keyNode);
        this.merge(pair.value, merged, depth);
        continue;
      }
      const key = this.key(keyNode, depth + 1);
      if (own.has(key)) {
        this.fail(keyNode, `the key ${JSON.stringify(key)} is set twice in the same map (the API server's strict decoding refuses duplicate fields)`);
      }
      own.set(key, this.value(pair.value, depth + 1));
    }
    // Explicit keys win over merged ones (YAML's merge key type).
    const out: { [key: string]: unknown } = {};
    for (const [k, x] of merged) if (!own.has(k)) define(out, k, x);
    for (const [k, x] of own) define(out, k, x);
    return out;
  }

  /** `<<: *map` or `<<: [*a, *b]` (earlier maps win), as go-yaml's `merge`. */
  private merge(node: unknown, into: Map<string, unknown>, depth: number): void {
    const wantMap = () => this.fail(node, 'a merge key (<<) needs a map or a list of maps as its value');
    const source = (n: unknown): void => {
      const target = YAML.isAlias(n) ? this.target(n) : n;
      if (!YAML.isMap(target)) wantMap();
      const value = this.value(n, depth + 1) as { [key: string]: unknown };
      for (const [k, x] of Object.entries(value)) if (!into.has(k)) into.set(k, x);
    };
    const target = YAML.isAlias(node) ? this.target(node) : node;
    if (YAML.isSeq(target) && !YAML.isAlias(node)) {
      this.count(node);
      for (const item of target.items) source(item);
    } else {
      source(node);
    }
  }
}

/**
 * Sets a key, whatever it is (`__proto__` included), as an own enumerable property. `__proto__` is
 * the only accessor of `Object.prototype`: any other key is simply assigned (same property, faster).
 */
function define(obj: { [key: string]: unknown }, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

