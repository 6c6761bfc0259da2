/**
 * Internal: reading manifest files for the CLI and the cdk8s validation plugin. Nothing here
 * throws: a file that cannot be read or parsed yields a problem with a clear message, and the
 * other documents and files are still checked.
 *
 * YAML is read as `kubectl` reads it before it sends JSON to the API server: sigs.k8s.io/yaml
 * (`YAMLToJSON`) on go-yaml v2, a YAML 1.1 reader. So `yes`/`no`/`on`/`off`/`y`/`n` are booleans,
 * `0755` is octal, `1_000` is 1000, `0x1F` and `0b101` are integers, `12:30` (base 60 in YAML
 * 1.1) and unquoted dates stay strings, integers are exact up to 64 bits (a `bigint` beyond
 * 2^53), merge keys (`<<`) work, non-string map keys become strings. Unlike a plain
 * `YAMLToJSON`, a key set twice is an error, as the API server's strict decoding refuses
 * duplicate fields. Alias expansion is bounded as go-yaml bounds it (its "excessive aliasing"
 * ratio), so a "billion laughs" document is refused in milliseconds.
 *
 * Memory stays bounded: a file is read up to a size limit (standard input too, without reading
 * more than the limit), split into documents at their `---`/`...` markers, and each document is
 * parsed, converted, checked and dropped before the next one is read; a document over its own
 * size or node limit is refused before it is parsed.
 */
import * as fs from 'fs';
import { TextDecoder } from 'util';
import * as YAML from 'yaml';
import { CheckOptions, checkManifest } from './index';
import { Finding } from './types';

/**
 * Largest file read (10 MiB). A file holds many objects (a rendered Helm chart, `kubectl get -o
 * yaml`); documents are read one at a time, so this bounds the time a file takes, not memory.
 */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Largest document (3 MiB): the API server refuses a request body over 3 MiB, so no larger object can be created. */
export const MAX_DOCUMENT_BYTES = 3 * 1024 * 1024;
/**
 * Most YAML tokens (scalars, aliases, `-`, `:`, `,`, `[`, `{`: about two per node) in one
 * document: 200,000 keeps the parser under about 200 MB and a few seconds, and is several
 * times what the largest real objects (CustomResourceDefinitions with big schemas) hold.
 */
export const MAX_DOCUMENT_TOKENS = 200_000;
/** Deepest nesting of maps and lists in a document; real objects nest a few dozen levels. */
export const MAX_DEPTH = 200;

/** Something that kept (part of) a file from being checked. */
export interface FileProblem {
  readonly file: string;
  readonly message: string;
  readonly documentIndex?: number;
}

/** An object that was not checked (another kind). */
export interface SkippedObject {
  readonly file: string;
  /** Index of the YAML document inside the file (0-based). */
  readonly documentIndex: number;
  /** Index of the object in a `kind: List` document's `items` (0-based). */
  readonly item?: number;
  readonly apiVersion: string;
  readonly kind: string;
  /** `metadata.name` ('' when the object has none). */
  readonly name: string;
  /** `<apiVersion> <kind>/<name>`. */
  readonly object: string;
}

/** The result of checking files. */
export interface FilesResult {
  readonly findings: Finding[];
  readonly problems: FileProblem[];
  readonly skipped: SkippedObject[];
  /** Objects checked (Jobs, CronJobs, Services, and documents that look like one but are not valid). */
  readonly checked: number;
  /** `checked` by the kind the rules checked them as (`Job`, `CronJob`, `Service`; `invalid`: no valid apiVersion and kind). */
  readonly checkedByKind: { readonly [kind: string]: number };
  readonly files: number;
}

/** Options for checking files. */
export interface FileCheckOptions extends CheckOptions {
  /** Largest file read, in bytes. */
  readonly maxBytes?: number;
}

/** A parsed YAML document, or why it could not be used. */
export type Doc = { readonly index: number; readonly value: unknown } | { readonly index: number; readonly problem: string };

/** Reads a file's bytes (or stdin for `-`) as text, never more than `maxBytes` (+1) bytes. */
export function readText(file: string, maxBytes = MAX_FILE_BYTES): { text: string } | { problem: string } {
  let bytes: Buffer;
  try {
    if (file === '-') {
      const read = readCapped(0, maxBytes);
      if (read === undefined) return { problem: `is larger than the ${formatBytes(maxBytes)} limit; not read (nothing beyond the limit was read)` };
      bytes = read;
    } else {
      const stat = fs.statSync(file);
      if (stat.isDirectory()) return { problem: 'is a directory' };
      if (stat.size > maxBytes) return { problem: `is ${formatBytes(stat.size)}, larger than the ${formatBytes(maxBytes)} limit; not read` };
      // A FIFO or a file that grows while it is read: the cap holds all the same.
      const fd = fs.openSync(file, 'r');
      try {
        const read = readCapped(fd, maxBytes);
        if (read === undefined) return { problem: `is larger than the ${formatBytes(maxBytes)} limit; not read` };
        bytes = read;
      } finally {
        fs.closeSync(fd);
      }
    }
  } catch (e) {
    return { problem: `cannot be read (${errorCode(e)})` };
  }
  if (bytes.includes(0)) return { problem: 'is a binary file (it contains NUL bytes), not YAML' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.startsWith('\uFEFF') ? text.slice(1) : text };
  } catch {
    return { problem: 'is not UTF-8 text (binary?), not YAML' };
  }
}

/** Reads `fd` to its end in chunks; undefined as soon as more than `maxBytes` arrived. */
function readCapped(fd: number, maxBytes: number): Buffer | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, maxBytes + 1 - total));
    const n = readSome(fd, chunk);
    if (n === 0) break;
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    total += n;
    if (total > maxBytes) return undefined;
  }
  return Buffer.concat(chunks, total);
}

/** One `readSync`, waiting on a non-blocking pipe (EAGAIN) and treating EOF errors as the end. */
function readSome(fd: number, buffer: Buffer): number {
  for (;;) {
    try {
      return fs.readSync(fd, buffer, 0, buffer.length, null);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === 'EOF') return 0;
      if (code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/** The documents of a YAML stream, read one at a time (see the header). */
export function* readDocuments(text: string): Generator<Doc> {
  let index = 0;
  for (const chunk of splitDocuments(text)) {
    const bytes = Buffer.byteLength(chunk.text);
    if (bytes > MAX_DOCUMENT_BYTES) {
      yield { index: index++, problem: `(line ${chunk.line}) is ${formatBytes(bytes)}, larger than the ${formatBytes(MAX_DOCUMENT_BYTES)} limit of one object (the API server refuses larger requests); not read` };
      continue;
    }
    // Each token takes at least one character: only a long chunk can hold too many.
    if (chunk.text.length > MAX_DOCUMENT_TOKENS && countTokens(chunk.text) > MAX_DOCUMENT_TOKENS) {
      yield { index: index++, problem: `(line ${chunk.line}) has more than ${MAX_DOCUMENT_TOKENS} YAML tokens (scalars, '-', ':', ',', '[', '{'), far more than a Kubernetes object holds; not read` };
      continue;
    }
    // An alias is written `*name`: without a `*`, the chunk has none.
    const mayHaveAliases = chunk.text.includes('*');
    for (const doc of parseChunk(chunk.text)) {
      const at = (offset: number) => position(chunk, offset);
      if (doc.errors.length > 0) {
        const e = doc.errors[0];
        const reason = /Maximum call stack/.test(e.message) ? `it nests too deeply (at most ${MAX_DEPTH} levels)` : firstLine(e.message);
        yield { index: index++, problem: `is not valid YAML: ${reason} ${at(e.pos[0])}` };
        continue;
      }
      let converted: Doc;
      try {
        converted = { index, value: new Converter(doc, at, mayHaveAliases).convert() };
      } catch (e) {
        converted = { index, problem: e instanceof DocumentError ? `is not valid YAML: ${e.message}` : `cannot be read: ${firstLine(e)}` };
      }
      index++;
      yield converted;
    }
  }
}

/** The documents of a YAML stream, all at once (tests and small inputs; see `readDocuments`). */
export function parseDocuments(text: string): Doc[] {
  return [...readDocuments(text)];
}

/** Checks every document of every file. */
export function checkFiles(files: string[], options: FileCheckOptions = {}): FilesResult {
  const findings: Finding[] = [];
  const problems: FileProblem[] = [];
  const skipped: SkippedObject[] = [];
  const checkedByKind: { [kind: string]: number } = {};
  let checked = 0;
  for (const file of files) {
    const read = readText(file, options.maxBytes);
    if ('problem' in read) {
      problems.push({ file, message: `${displayName(file)} ${read.problem}` });
      continue;
    }
    for (const doc of readDocuments(read.text)) {
      if ('problem' in doc) {
        problems.push({ file, documentIndex: doc.index, message: `${displayName(file)} document ${doc.index + 1} ${doc.problem}` });
        continue;
      }
      const items = expandList(doc.value);
      for (const [i, value] of items.entries()) {
        const r = checkOne(file, doc.index, value, items.length > 1 || items[0] !== doc.value ? i : undefined, options);
        if (r.problem) problems.push(r.problem);
        if (r.skipped) skipped.push(r.skipped);
        if (r.findings) {
          checked++;
          checkedByKind[r.kind ?? 'invalid'] = (checkedByKind[r.kind ?? 'invalid'] ?? 0) + 1;
          findings.push(...r.findings);
        }
      }
    }
  }
  return { findings, problems, skipped, checked, checkedByKind, files: files.length };
}

/** `kind: List` (and `JobList`, ...), as `kubectl get -o yaml` writes, holds objects in `items`. */
function expandList(value: unknown): unknown[] {
  if (isObj(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) return value.items;
  return [value];
}

function checkOne(file: string, index: number, value: unknown, item: number | undefined, options: CheckOptions):
{ problem?: FileProblem; skipped?: SkippedObject; findings?: Finding[]; kind?: string } {
  const where = `${displayName(file)} document ${index + 1}${item !== undefined ? ` item ${item + 1}` : ''}`;
  if (value === null || value === undefined) return {}; // an empty document (e.g. a trailing '---')
  if (!isObj(value)) {
    const type = typeof value === 'bigint' ? 'number' : typeof value;
    const what = Array.isArray(value) ? 'a list' : `a ${type} (${String(typeof value === 'string' ? JSON.stringify(value) : value).slice(0, 40)})`;
    return { problem: { file, documentIndex: index, message: `${where} is ${what}, not a Kubernetes object` } };
  }
  const result = checkManifest(value, options);
  if (!result.checked) {
    const meta = isObj(value.metadata) ? value.metadata : {};
    const apiVersion = String(value.apiVersion);
    const kind = String(value.kind);
    const name = typeof meta.name === 'string' ? meta.name : '';
    return {
      skipped: { file, documentIndex: index, ...(item !== undefined ? { item } : {}), apiVersion, kind, name, object: `${apiVersion} ${result.object}` },
    };
  }
  return { findings: result.findings.map(f => ({ ...f, file, documentIndex: index })), kind: result.checkedAs };
}

// ---- splitting a stream into documents ----------------------------------------------------------

interface Chunk {
  readonly text: string;
  /** Offset of the chunk in the stream. */
  readonly offset: number;
  /** 1-based line of the chunk's first character. */
  readonly line: number;
}

/**
 * Splits a YAML stream at its document markers: before a `---` line and after a `...` line (at
 * column 0, followed by a space, a tab or the end of the line). No scalar or collection can hold
 * such a line (YAML's "c-forbidden" lines always end a document), so each chunk holds one
 * document; comments and directives before a document stay with it.
 */
function* splitDocuments(text: string): Generator<Chunk> {
  let start = 0;
  let startLine = 1;
  let line = 1;
  let hasContent = false;
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    if (isMarker(text, pos, '---')) {
      if (hasContent && pos > start) {
        yield { text: text.slice(start, pos), offset: start, line: startLine };
        start = pos;
        startLine = line;
      }
      hasContent = true;
    } else if (isMarker(text, pos, '...')) {
      if (hasContent) {
        yield { text: text.slice(start, end), offset: start, line: startLine };
        start = end;
        startLine = line + 1;
        hasContent = false;
      }
    } else if (!hasContent && !/^[ \t]*(#.*)?\r?\n?$|^%/.test(text.slice(pos, Math.min(end, pos + 200)))) {
      hasContent = true;
    }
    pos = end;
    line++;
  }
  if (start < text.length) yield { text: text.slice(start), offset: start, line: startLine };
}

function isMarker(text: string, pos: number, marker: string): boolean {
  if (!text.startsWith(marker, pos)) return false;
  const next = text[pos + marker.length];
  return next === undefined || next === ' ' || next === '\t' || next === '\n' || next === '\r';
}

const COUNTED_TOKENS = new Set([
  'scalar', 'single-quoted-scalar', 'double-quoted-scalar', 'block-scalar-header', 'alias',
  'flow-map-start', 'flow-seq-start', 'seq-item-ind', 'explicit-key-ind', 'map-value-ind', 'comma',
]);

/** The YAML tokens of a chunk that make nodes (the lexer is cheap: it builds no tree). */
function countTokens(text: string): number {
  let n = 0;
  for (const lexeme of new YAML.Lexer().lex(text)) {
    const type = YAML.CST.tokenType(lexeme);
    if (type && COUNTED_TOKENS.has(type)) n++;
  }
  return n;
}

/** Parses one chunk into its documents (their nodes; values are made by `Converter`). */
function* parseChunk(text: string): Generator<YAML.Document.Parsed> {
  // The failsafe schema keeps every scalar a string: the Converter resolves them as go-yaml
  // does. Duplicate keys are found by the Converter too (in linear time).
  const composer = new YAML.Composer({ version: '1.1', schema: 'failsafe', uniqueKeys: false, prettyErrors: false });
  try {
    for (const token of new YAML.Parser().parse(text)) yield* composer.next(token);
    yield* composer.end();
  } catch (e) {
    // The parser does not throw on bad YAML; a deep nesting can exhaust the stack.
    const doc = new YAML.Document() as unknown as YAML.Document.Parsed;
    const reason = e instanceof RangeError ? `it nests too deeply (at most ${MAX_DEPTH} levels)` : firstLine(e);
    doc.errors.push(new YAML.YAMLParseError([0, 0], 'IMPOSSIBLE', reason));
    yield doc;
  }
}

/** ` at line L, column C` of an offset in a chunk, in the whole stream's lines. */
function position(chunk: Chunk, offset: number): string {
  let line = chunk.line;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), chunk.text.length);
  for (let i = chunk.text.indexOf('\n'); i >= 0 && i < end; i = chunk.text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `at line ${line}, column ${end - lineStart + 1}`;
}

// ---- YAML values as kubectl reads them ----------------------------------------------------------

/** A document kubectl would refuse to convert to JSON. */
class DocumentError extends Error {}

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
class Converter {
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

function isObj(x: unknown): x is { [key: string]: unknown } {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function displayName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0].trim().replace(/:$/, '');
}

function errorCode(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' ? code : firstLine(e);
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
