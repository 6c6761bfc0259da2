/**
 * Internal: `cdk8s-batch validate <files or dirs>`, the manifest rules for hand-written YAML.
 *
 * Exit codes: 0 no errors (warnings allowed), 1 errors (or warnings with `--strict`, or skipped
 * objects with `--fail-on-skipped`), 2 a usage problem, or a file or document that could not be
 * read or parsed (the other files are still checked).
 */
import * as fs from 'fs';
import * as path from 'path';
import { RULES, isRuleId } from '../rules';
import { FileCheckOptions, FilesResult, MAX_DOCUMENT_BYTES, MAX_DOCUMENT_TOKENS, MAX_FILE_BYTES, checkFiles } from '../rules/load';
import { Finding } from '../rules/types';
import { DEFAULT_VERSION, Target, VERSIONS, featureGateNames, isFeatureGate, minorOf, stageAt } from '../rules/versions';

/** Where the CLI writes. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: cdk8s-batch validate [options] <file | directory | ->...
       cdk8s-batch rules [--json]

Checks batch/v1 Jobs and CronJobs and v1 Services in YAML files against the rules of the
target Kubernetes API server (errors; 1.28 unless --kubernetes says otherwise) and best
practices (warnings). A document that looks like one of
them but is not valid (another apiVersion, a kind in the wrong case, no kind or apiVersion) is
an error. Other kinds are skipped and listed. YAML is read as kubectl reads it (YAML 1.1).
Directories are searched for *.yaml and *.yml files (not node_modules or hidden directories);
'-' reads standard input.

Options:
  --json             print a JSON report instead of text
  --strict           fail on warnings too
  --no-warnings      do not report warnings
  --fail-on-skipped  fail when an object of another kind is skipped
  --ignore <ids>     rule ids to skip, comma-separated (see 'cdk8s-batch rules')
  --max-bytes <n>    largest file (or standard input) to read (default ${MAX_FILE_BYTES})
  --kubernetes <v>   the target API server's version, ${VERSIONS[0]} to ${VERSIONS[VERSIONS.length - 1]} (default ${DEFAULT_VERSION}):
                     which fields exist, which feature gates are on, which rules apply
  --feature-gates <gates>
                     feature gates the cluster turned on beyond the version's defaults,
                     comma-separated, as the API server takes them (JobSuccessPolicy or
                     JobSuccessPolicy=true); see docs/kubernetes-versions.md
  -h, --help         show this help

Limits: a document over ${MAX_DOCUMENT_BYTES} bytes (the API server's request limit) or over
${MAX_DOCUMENT_TOKENS} YAML tokens is not read; nor is a document whose aliases expand
excessively, or that nests deeper than 200 levels.

Exit codes: 0 no errors; 1 errors (or warnings with --strict, or skipped objects with
--fail-on-skipped); 2 usage error, or a file or document that could not be read or parsed.
`;

interface Args {
  readonly json: boolean;
  readonly strict: boolean;
  readonly noWarnings: boolean;
  readonly failOnSkipped: boolean;
  readonly ignore: Set<string>;
  readonly maxBytes: number;
  readonly target: Target;
  readonly paths: string[];
}

/** Runs the CLI with `argv` (without `node` and the script); returns the exit code. */
export function main(argv: readonly string[], io: CliIo): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.out(USAGE);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (command === 'rules') return listRules(rest, io);
  if (command !== 'validate') {
    io.err(`cdk8s-batch: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const args = parseArgs(rest, io);
  if (typeof args === 'number') return args;
  const files = expand(args.paths);
  const options: FileCheckOptions = { noWarnings: args.noWarnings, ignore: args.ignore, maxBytes: args.maxBytes, target: args.target };
  const checked = checkFiles(files.files, options);
  const result: FilesResult = { ...checked, problems: [...files.problems, ...checked.problems] };
  const code = exitCode(result, args);
  if (args.json) io.out(`${JSON.stringify(toJson(result, args, code), null, 2)}\n`);
  else io.out(toText(result, args));
  return code;
}

/** 2 when something could not be read; 1 on errors (warnings with --strict, skipped objects with --fail-on-skipped). */
function exitCode(result: FilesResult, args: Args): number {
  if (result.problems.length > 0) return EXIT_USAGE;
  const failing = result.findings.some(f => f.severity === 'error' || args.strict);
  return failing || (args.failOnSkipped && result.skipped.length > 0) ? EXIT_FINDINGS : EXIT_OK;
}

function parseArgs(argv: readonly string[], io: CliIo): Args | number {
  let json = false;
  let strict = false;
  let noWarnings = false;
  let failOnSkipped = false;
  let maxBytes = MAX_FILE_BYTES;
  let minor = minorOf(DEFAULT_VERSION)!;
  const gates = new Set<string>();
  const ignore = new Set<string>();
  const paths: string[] = [];
  const usage = (message: string): number => {
    io.err(`cdk8s-batch: ${message}\n\n${USAGE}`);
    return EXIT_USAGE;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '-h' || flag === '--help') {
      io.out(USAGE);
      return EXIT_OK;
    } else if (flag === '--json') {
      json = true;
    } else if (flag === '--strict') {
      strict = true;
    } else if (flag === '--no-warnings') {
      noWarnings = true;
    } else if (flag === '--fail-on-skipped') {
      failOnSkipped = true;
    } else if (flag === '--ignore') {
      const ids = value();
      if (ids === undefined) return usage('--ignore needs a comma-separated list of rule ids');
      for (const id of ids.split(',').map(s => s.trim()).filter(s => s)) {
        if (!isRuleId(id)) return usage(`unknown rule id ${JSON.stringify(id)} (see 'cdk8s-batch rules')`);
        ignore.add(id);
      }
    } else if (flag === '--max-bytes') {
      const n = Number(value());
      if (!Number.isSafeInteger(n) || n < 1) return usage('--max-bytes needs a positive whole number of bytes');
      maxBytes = n;
    } else if (flag === '--kubernetes') {
      const version = value();
      const m = version === undefined ? undefined : minorOf(version);
      if (m === undefined) return usage(`--kubernetes needs a version from ${VERSIONS[0]} to ${VERSIONS[VERSIONS.length - 1]} (e.g. --kubernetes 1.33)${version === undefined ? '' : `, not ${JSON.stringify(version)}`}`);
      minor = m;
    } else if (flag === '--feature-gates') {
      const list = value();
      if (list === undefined) return usage('--feature-gates needs a comma-separated list of feature gates (e.g. JobSuccessPolicy=true)');
      for (const item of list.split(',').map(s => s.trim()).filter(s => s)) {
        const [gate, setting] = item.includes('=') ? [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)] : [item, 'true'];
        if (!isFeatureGate(gate)) return usage(`unknown feature gate ${JSON.stringify(gate)}: the rules know ${featureGateNames().join(', ')}`);
        if (setting !== 'true') {
          return usage(`--feature-gates ${item}: only gates turned on can be given (${gate}=true); the rules assume every gate the target version turns on by default is on`);
        }
        gates.add(gate);
      }
    } else if (arg.startsWith('-') && arg !== '-') {
      return usage(`unknown option ${JSON.stringify(arg)}`);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) return usage('no files or directories given');
  if (strict && noWarnings) return usage('--strict and --no-warnings cannot be used together');
  for (const gate of gates) {
    const stage = stageAt(gate, minor);
    if (stage === 'none') return usage(`--feature-gates ${gate}: the gate does not exist in Kubernetes 1.${minor}; raise --kubernetes`);
  }
  return { json, strict, noWarnings, failOnSkipped, ignore, maxBytes, target: { minor, gates }, paths };
}

/** Files to read: the files given, and *.yaml / *.yml under the directories given (sorted). */
function expand(paths: string[]): { files: string[]; problems: FilesResult['problems'] } {
  const files: string[] = [];
  const problems: Array<FilesResult['problems'][number]> = [];
  for (const p of paths) {
    if (p === '-') {
      files.push(p);
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      const code = (e as { code?: string }).code;
      problems.push({ file: p, message: `${p} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}` });
      continue;
    }
    if (!stat.isDirectory()) {
      files.push(p);
      continue;
    }
    const found = walk(p, problems);
    if (found.length === 0) problems.push({ file: p, message: `${p} has no *.yaml or *.yml files` });
    files.push(...found);
  }
  return { files, problems };
}

function walk(dir: string, problems: Array<FilesResult['problems'][number]>): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    problems.push({ file: dir, message: `${dir} cannot be read (${(e as { code?: string }).code ?? 'error'})` });
    return [];
  }
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      out.push(...walk(full, problems));
    } else if ((entry.isFile() || entry.isSymbolicLink()) && /\.ya?ml$/i.test(entry.name)) {
      out.push(full);
    }
  }
  return out;
}

function toJson(result: FilesResult, args: Args, code: number): object {
  const errors = result.findings.filter(f => f.severity === 'error').length;
  return {
    summary: {
      files: result.files,
      checked: result.checked,
      errors,
      warnings: result.findings.length - errors,
      problems: result.problems.length,
      skipped: result.skipped.length,
      checkedByKind: result.checkedByKind,
      failOnSkipped: args.failOnSkipped,
      kubernetesVersion: `1.${args.target.minor}`,
      featureGates: [...args.target.gates].sort(),
      exitCode: code,
    },
    findings: result.findings,
    problems: result.problems,
    skipped: result.skipped,
  };
}

function toText(result: FilesResult, args: Args): string {
  const lines: string[] = [];
  let current = '';
  for (const f of result.findings) {
    const header = `${displayName(f.file ?? '')} (document ${(f.documentIndex ?? 0) + 1}) ${f.object}`;
    if (header !== current) {
      if (current) lines.push('');
      lines.push(header);
      current = header;
    }
    lines.push(...formatFinding(f));
  }
  if (result.problems.length > 0) {
    if (lines.length) lines.push('');
    lines.push('Not checked:');
    for (const p of result.problems) lines.push(`  ${p.message}`);
  }
  if (result.skipped.length > 0) {
    if (lines.length) lines.push('');
    lines.push(args.failOnSkipped ? 'Skipped (other kinds; an error with --fail-on-skipped):' : 'Skipped (other kinds):');
    for (const o of result.skipped) {
      lines.push(`  ${displayName(o.file)} (document ${o.documentIndex + 1}${o.item !== undefined ? ` item ${o.item + 1}` : ''}) ${o.object}`);
    }
  }
  const errors = result.findings.filter(f => f.severity === 'error').length;
  const warnings = result.findings.length - errors;
  if (lines.length) lines.push('');
  const gates = args.target.gates.size ? ` with ${[...args.target.gates].sort().join(', ')}` : '';
  lines.push(`${plural(result.files, 'file')}, ${checkedText(result)} checked for Kubernetes 1.${args.target.minor}${gates}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`
    + `${result.problems.length ? `, ${plural(result.problems.length, 'file problem')}` : ''}`
    + `${result.skipped.length ? ` (${plural(result.skipped.length, 'object')} of other kinds skipped)` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** `2 Jobs/CronJobs`, `1 Job/CronJob and 1 Service`, `1 invalid document`: what was checked. */
function checkedText(result: FilesResult): string {
  const by = result.checkedByKind;
  const jobs = (by.Job ?? 0) + (by.CronJob ?? 0);
  const services = by.Service ?? 0;
  const invalid = by.invalid ?? 0;
  const parts: string[] = [];
  if (jobs > 0 || (services === 0 && invalid === 0)) parts.push(plural(jobs, 'Job/CronJob', 'Jobs/CronJobs'));
  if (services > 0) parts.push(plural(services, 'Service'));
  if (invalid > 0) parts.push(plural(invalid, 'invalid document'));
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
}

function displayName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

function formatFinding(f: Finding): string[] {
  return [`  ${f.severity.padEnd(7)} ${f.ruleId}  ${f.path}: ${f.message}`, `          fix: ${f.fix}`];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function listRules(argv: readonly string[], io: CliIo): number {
  if (argv.some(a => a !== '--json')) {
    io.err(`cdk8s-batch: 'rules' takes only --json\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (argv.includes('--json')) {
    io.out(`${JSON.stringify(RULES, null, 2)}\n`);
  } else {
    for (const r of RULES) io.out(`${r.severity.padEnd(7)} ${r.id.padEnd(40)} ${r.title}\n`);
  }
  return EXIT_OK;
}
