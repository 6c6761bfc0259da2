/**
 * Internal: reading manifest files for the CLI and the cdk8s validation plugin. Nothing here
 * throws: a file that cannot be read or parsed yields a problem with a clear message, and the
 * other documents and files are still checked.
 */
import * as fs from 'fs';
import { TextDecoder } from 'util';
import * as YAML from 'yaml';
import { CheckOptions, checkManifest } from './index';
import { Finding } from './types';

/** Largest file read (10 MiB): the API server itself refuses requests over 3 MiB. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Something that kept (part of) a file from being checked. */
export interface FileProblem {
  readonly file: string;
  readonly message: string;
  readonly documentIndex?: number;
}

/** An object that was not checked (another kind). */
export interface SkippedObject {
  readonly file: string;
  readonly documentIndex: number;
  /** `<apiVersion> <kind>/<name>`. */
  readonly object: string;
}

/** The result of checking files. */
export interface FilesResult {
  readonly findings: Finding[];
  readonly problems: FileProblem[];
  readonly skipped: SkippedObject[];
  /** Jobs and CronJobs checked. */
  readonly checked: number;
  readonly files: number;
}

/** Options for checking files. */
export interface FileCheckOptions extends CheckOptions {
  /** Largest file read, in bytes. */
  readonly maxBytes?: number;
}

/** A parsed YAML document, or why it could not be used. */
type Doc = { readonly index: number; readonly value: unknown } | { readonly index: number; readonly problem: string };

/** Reads a file's bytes (or stdin for `-`), as text; a string result is a problem. */
export function readText(file: string, maxBytes = MAX_FILE_BYTES): { text: string } | { problem: string } {
  let bytes: Buffer;
  try {
    if (file === '-') {
      bytes = fs.readFileSync(0);
    } else {
      const stat = fs.statSync(file);
      if (stat.isDirectory()) return { problem: 'is a directory' };
      if (stat.size > maxBytes) return { problem: `is ${formatBytes(stat.size)}, larger than the ${formatBytes(maxBytes)} limit; not read` };
      bytes = fs.readFileSync(file);
    }
  } catch (e) {
    return { problem: `cannot be read (${errorCode(e)})` };
  }
  if (bytes.length > maxBytes) return { problem: `is ${formatBytes(bytes.length)}, larger than the ${formatBytes(maxBytes)} limit; not read` };
  if (bytes.includes(0)) return { problem: 'is a binary file (it contains NUL bytes), not YAML' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.startsWith('\uFEFF') ? text.slice(1) : text };
  } catch {
    return { problem: 'is not UTF-8 text (binary?), not YAML' };
  }
}

/** Splits YAML text into documents (YAML 1.1, as kubectl and cdk8s read and write it). */
export function parseDocuments(text: string): Doc[] {
  let docs: YAML.Document.Parsed[];
  try {
    docs = YAML.parseAllDocuments(text, { version: '1.1', uniqueKeys: true, prettyErrors: true }) as YAML.Document.Parsed[];
  } catch (e) {
    return [{ index: 0, problem: `is not valid YAML: ${firstLine(e)}` }];
  }
  if (!Array.isArray(docs)) return [];
  return docs.map((doc, index): Doc => {
    if (doc.errors.length > 0) {
      return { index, problem: `is not valid YAML: ${firstLine(doc.errors[0])}` };
    }
    try {
      return { index, value: doc.toJS({ maxAliasCount: 100 }) };
    } catch (e) {
      return { index, problem: `cannot be read: ${firstLine(e)}` };
    }
  });
}

/** Checks every document of every file. */
export function checkFiles(files: string[], options: FileCheckOptions = {}): FilesResult {
  const findings: Finding[] = [];
  const problems: FileProblem[] = [];
  const skipped: SkippedObject[] = [];
  let checked = 0;
  for (const file of files) {
    const read = readText(file, options.maxBytes);
    if ('problem' in read) {
      problems.push({ file, message: `${displayName(file)} ${read.problem}` });
      continue;
    }
    for (const doc of parseDocuments(read.text)) {
      if ('problem' in doc) {
        problems.push({ file, documentIndex: doc.index, message: `${displayName(file)} document ${doc.index + 1} ${doc.problem}` });
        continue;
      }
      for (const [i, item] of expandLists(doc.value).entries()) {
        const r = checkOne(file, doc.index, item, i, options);
        if (r.problem) problems.push(r.problem);
        if (r.skipped) skipped.push(r.skipped);
        if (r.findings) {
          checked++;
          findings.push(...r.findings);
        }
      }
    }
  }
  return { findings, problems, skipped, checked, files: files.length };
}

/** `kind: List` (as `kubectl get -o yaml` writes) holds objects in `items`. */
function expandLists(value: unknown): unknown[] {
  if (isObj(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) return value.items;
  return [value];
}

function checkOne(file: string, index: number, value: unknown, item: number, options: CheckOptions):
{ problem?: FileProblem; skipped?: SkippedObject; findings?: Finding[] } {
  const where = `${displayName(file)} document ${index + 1}${item > 0 ? ` item ${item + 1}` : ''}`;
  if (value === null || value === undefined) return {}; // an empty document (e.g. a trailing '---')
  if (!isObj(value)) {
    const what = Array.isArray(value) ? 'a list' : `a ${typeof value} (${JSON.stringify(value).slice(0, 40)})`;
    return { problem: { file, documentIndex: index, message: `${where} is ${what}, not a Kubernetes object` } };
  }
  const result = checkManifest(value, options);
  if (!result.checked) {
    const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '(no apiVersion)';
    return { skipped: { file, documentIndex: index, object: `${apiVersion} ${result.object}` } };
  }
  return { findings: result.findings.map(f => ({ ...f, file, documentIndex: index })) };
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
