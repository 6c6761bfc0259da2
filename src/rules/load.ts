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
import { isObj } from './context';
import { CheckOptions, checkManifest } from './index';
import { Finding } from './types';
import { Converter, DocumentError, MAX_DEPTH } from './yaml-values';

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
