import type { FilesResult, FileCheckOptions } from './rules/load';
import type { RuleInfo } from './rules/types';
import type { Target } from './rules/versions';

// The rule catalog and the file reader (with the YAML reader) are loaded when `cdk8s synth` uses
// the plugin, not with the package: an app that only builds constructs never loads them.

function catalog(): typeof import('./rules/catalog') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./rules/catalog') as typeof import('./rules/catalog');
}

function isRuleId(id: string): boolean {
  return catalog().isRuleId(id);
}

function ruleInfo(id: string): RuleInfo {
  return catalog().ruleInfo(id);
}

function versions(): typeof import('./rules/versions') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./rules/versions') as typeof import('./rules/versions');
}

/** Reads and checks manifest files (src/rules/load.ts). */
function checkFiles(files: string[], options: FileCheckOptions): FilesResult {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = require('./rules/load') as typeof import('./rules/load');
  return load.checkFiles(files, options);
}

/**
 * Options of the cdk8s validation plugin, given as `properties` in `cdk8s.yaml`.
 */
export interface BatchValidationPluginProps {
  /**
   * Fail the synthesis on best-practice warnings too.
   * @default false
   */
  readonly strict?: boolean;

  /**
   * Report best-practice warnings.
   * @default true
   */
  readonly warnings?: boolean;

  /**
   * Rule ids to skip (see docs/validation.md).
   * @default - none
   */
  readonly ignoreRules?: string[];

  /**
   * Fail the synthesis when a manifest holds objects the rules do not check (kinds other than
   * batch/v1 Job and CronJob and v1 Service). They are always counted in the report's summary.
   * @default false
   */
  readonly failOnSkipped?: boolean;

  /**
   * The Kubernetes version of the cluster the manifests are applied to, `1.28` to `1.36`: which
   * fields exist, which feature gates are on by default, which rules apply (see
   * docs/kubernetes-versions.md). Use the same version as the constructs' target
   * (`kubernetesVersion` of the constructs, `BatchDefaults` or the `cdk8s-batch:kubernetesVersion`
   * context).
   * @default '1.28'
   */
  readonly kubernetesVersion?: string;

  /**
   * Feature gates the cluster turned on beyond its version's defaults (upstream names, e.g.
   * `JobSuccessPolicy` on 1.30).
   * @default - none
   */
  readonly featureGates?: string[];

  /**
   * A different version for some manifest files, by file name (`<chart>.k8s.yaml`; `*` matches
   * any characters), for an app whose charts target clusters of different versions. Files not
   * listed use `kubernetesVersion`.
   * @default - every file uses `kubernetesVersion`
   */
  readonly kubernetesVersionByFile?: { [fileName: string]: string };
}

/** A resource that violates a rule (the shape `cdk8s synth` reports). */
export interface PluginViolatingResource {
  /** The resource's `metadata.name`. */
  readonly resourceName: string;
  /** Where in the resource, and what is wrong. */
  readonly locations: string[];
  /** The manifest file. */
  readonly manifestPath: string;
}

/** A rule violation (the shape `cdk8s synth` reports). */
export interface PluginViolation {
  /** The rule: severity, id and what it checks. */
  readonly ruleName: string;
  /** What the rule requires, and its upstream source. */
  readonly recommendation: string;
  /** How to fix it. */
  readonly fix: string;
  /** The resources that violate it. */
  readonly violatingResources: PluginViolatingResource[];
}

/** The report of a validation run (implemented by cdk8s-cli's `ValidationReport`). */
export interface IPluginValidationReport {
  /** Adds a violation. */
  addViolation(violation: PluginViolation): void;
  /** Submits the report with `success` or `failure`. */
  submit(status: string, metadata?: { [key: string]: string }): void;
}

/** What `cdk8s synth` gives a validation plugin (implemented by cdk8s-cli's `ValidationContext`). */
export interface IPluginValidationContext {
  /** Paths of the synthesized manifest files. */
  readonly manifests: string[];
  /** The report to fill in. */
  readonly report: IPluginValidationReport;
}

/**
 * A cdk8s validation plugin: `cdk8s synth` checks every batch/v1 Job and CronJob and v1 Service
 * of the app (whether or not cdk8s-batch made it) against the rules of the target Kubernetes API
 * server (`kubernetesVersion`, 1.28 unless set), and fails on any error. Objects of other kinds are skipped and counted (an error with
 * `failOnSkipped`). List it under `validations:` in `cdk8s.yaml`:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-batch
 *     version: <the installed version>
 *     class: BatchValidationPlugin
 *     properties:
 *       strict: false
 *       kubernetesVersion: '1.33'
 * ```
 *
 * See docs/validation.md for every rule.
 */
export class BatchValidationPlugin {
  private readonly strict: boolean;
  private readonly warnings: boolean;
  private readonly ignore: Set<string>;
  private readonly failOnSkipped: boolean;
  private readonly target: Target;
  private readonly fileTargets: Array<[RegExp, Target]> = [];
  private readonly configProblems: string[] = [];

  constructor(props: BatchValidationPluginProps = {}) {
    // `properties` come from cdk8s.yaml: checked here, reported by validate().
    const p = (typeof props === 'object' && props !== null ? props : {}) as { [key: string]: unknown };
    const known = ['strict', 'warnings', 'ignoreRules', 'failOnSkipped', 'kubernetesVersion', 'featureGates', 'kubernetesVersionByFile'];
    for (const key of Object.keys(p)) {
      if (!known.includes(key)) this.configProblems.push(`unknown property ${JSON.stringify(key)} (known: ${known.join(', ')})`);
    }
    for (const key of ['strict', 'warnings', 'failOnSkipped']) {
      if (p[key] !== undefined && typeof p[key] !== 'boolean') this.configProblems.push(`'${key}' must be true or false, not ${JSON.stringify(p[key])}`);
    }
    this.strict = p.strict === true;
    this.warnings = p.warnings !== false;
    this.failOnSkipped = p.failOnSkipped === true;
    this.ignore = new Set();
    const ids = p.ignoreRules ?? [];
    if (!Array.isArray(ids)) {
      this.configProblems.push(`'ignoreRules' must be a list of rule ids, not ${JSON.stringify(ids)}`);
    } else {
      for (const id of ids) {
        if (typeof id === 'string' && isRuleId(id)) this.ignore.add(id);
        else this.configProblems.push(`'ignoreRules' has an unknown rule id ${JSON.stringify(id)}`);
      }
    }
    const gates = this.featureGates(p.featureGates);
    this.target = this.toTarget('kubernetesVersion', p.kubernetesVersion ?? versions().DEFAULT_VERSION, gates);
    const byFile = p.kubernetesVersionByFile ?? {};
    if (typeof byFile !== 'object' || byFile === null || Array.isArray(byFile)) {
      this.configProblems.push(`'kubernetesVersionByFile' must be a map of file names to versions, not ${JSON.stringify(byFile)}`);
    } else {
      for (const [pattern, version] of Object.entries(byFile).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const glob = new RegExp(`^${pattern.split('*').map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
        this.fileTargets.push([glob, this.toTarget(`kubernetesVersionByFile[${JSON.stringify(pattern)}]`, version, gates)]);
      }
    }
  }

  /** The `featureGates` property, checked (problems are reported by validate()). */
  private featureGates(value: unknown): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.configProblems.push(`'featureGates' must be a list of feature gate names, not ${JSON.stringify(value)}`);
      return [];
    }
    const v = versions();
    const gates: string[] = [];
    for (const gate of value) {
      if (typeof gate === 'string' && v.isFeatureGate(gate)) gates.push(gate);
      else this.configProblems.push(`'featureGates' has an unknown feature gate ${JSON.stringify(gate)} (known: ${v.featureGateNames().join(', ')})`);
    }
    return gates;
  }

  /** A version property as a target (the default one when it is not valid; the problem is reported by validate()). */
  private toTarget(property: string, version: unknown, gates: string[]): Target {
    const v = versions();
    const minor = typeof version === 'string' ? v.minorOf(version) : undefined;
    if (minor === undefined) {
      this.configProblems.push(`'${property}' must be a Kubernetes version from ${v.VERSIONS[0]} to ${v.VERSIONS[v.VERSIONS.length - 1]} as a string (e.g. '1.33'), not ${JSON.stringify(version)}`);
      return v.DEFAULT_TARGET;
    }
    for (const gate of gates) {
      if (v.stageAt(gate, minor) === 'none') this.configProblems.push(`'featureGates' has ${gate}, which does not exist in Kubernetes 1.${minor} ('${property}')`);
    }
    return { minor, gates: new Set(gates) };
  }

  /** The target of a manifest file: the first matching `kubernetesVersionByFile` entry, else `kubernetesVersion`. */
  private targetOf(file: string): Target {
    const name = file.split(/[\\/]/).pop() ?? file;
    return this.fileTargets.find(([glob]) => glob.test(name))?.[1] ?? this.target;
  }

  /** Checks each file against its target (files of one target together) and merges the results. */
  private checkByTarget(files: string[]): FilesResult {
    const groups = new Map<Target, string[]>();
    for (const file of files) {
      const t = this.targetOf(file);
      const group = groups.get(t);
      if (group) group.push(file);
      else groups.set(t, [file]);
    }
    const merged = { findings: [] as FilesResult['findings'], problems: [] as FilesResult['problems'], skipped: [] as FilesResult['skipped'], checked: 0, checkedByKind: {} as { [kind: string]: number }, files: 0 };
    for (const [t, group] of groups) {
      const r = checkFiles(group, { noWarnings: !this.warnings, ignore: this.ignore, target: t });
      merged.findings.push(...r.findings);
      merged.problems.push(...r.problems);
      merged.skipped.push(...r.skipped);
      merged.checked += r.checked;
      merged.files += r.files;
      for (const [kind, n] of Object.entries(r.checkedByKind)) merged.checkedByKind[kind] = (merged.checkedByKind[kind] ?? 0) + n;
    }
    return merged;
  }

  /** Checks the app's manifests and submits the report (called by `cdk8s synth`). */
  public async validate(context: IPluginValidationContext): Promise<void> {
    const report = context.report;
    if (this.configProblems.length > 0) {
      report.addViolation({
        ruleName: 'cdk8s-batch plugin configuration',
        recommendation: this.configProblems.join('; '),
        fix: 'fix the properties of the cdk8s-batch entry under `validations:` in cdk8s.yaml',
        violatingResources: [],
      });
      report.submit('failure', { rules: String(catalog().RULES.length) });
      return;
    }
    const result = this.checkByTarget([...context.manifests]);
    const byRule = new Map<string, Map<string, PluginViolatingResource>>();
    for (const f of result.findings) {
      const resources = byRule.get(f.ruleId) ?? new Map<string, PluginViolatingResource>();
      byRule.set(f.ruleId, resources);
      const key = `${f.file}\u0000${f.object}`;
      const resourceName = f.object.slice(f.object.indexOf('/') + 1);
      const existing = resources.get(key) ?? { resourceName, locations: [], manifestPath: f.file ?? '' };
      existing.locations.push(`${f.path}: ${f.message}`);
      resources.set(key, existing);
    }
    for (const [ruleId, resources] of [...byRule].sort(([a], [b]) => severityRank(a) - severityRank(b) || (a < b ? -1 : 1))) {
      const info = ruleInfo(ruleId);
      report.addViolation({
        ruleName: `[${info.severity}] ${info.id}: ${info.title}`,
        recommendation: `${info.title} (from ${info.upstream})`,
        fix: info.fix,
        violatingResources: [...resources.values()],
      });
    }
    if (result.problems.length > 0) {
      report.addViolation({
        ruleName: '[error] cdk8s-batch: manifest not checked',
        recommendation: result.problems.map(p => p.message).join('; '),
        fix: 'make the manifest valid YAML of Kubernetes objects',
        violatingResources: result.problems.map(p => ({ resourceName: '(file)', locations: [p.message], manifestPath: p.file })),
      });
    }
    if (this.failOnSkipped && result.skipped.length > 0) {
      report.addViolation({
        ruleName: '[error] cdk8s-batch: objects not checked (failOnSkipped)',
        recommendation: `${result.skipped.length} object(s) of kinds the rules do not check (they check batch/v1 Job and CronJob and v1 Service)`,
        fix: 'remove `failOnSkipped: true` from the plugin\'s properties in cdk8s.yaml, or keep those objects out of the app',
        violatingResources: result.skipped.map(o => ({
          resourceName: o.name || '(no name)',
          locations: [`document ${o.documentIndex + 1}${o.item !== undefined ? ` item ${o.item + 1}` : ''}: ${o.object}`],
          manifestPath: o.file,
        })),
      });
    }
    const errors = result.findings.filter(f => f.severity === 'error').length;
    const warnings = result.findings.length - errors;
    const failed = errors > 0 || result.problems.length > 0 || (this.strict && warnings > 0) || (this.failOnSkipped && result.skipped.length > 0);
    report.submit(failed ? 'failure' : 'success', {
      'Jobs and CronJobs checked': String((result.checkedByKind.Job ?? 0) + (result.checkedByKind.CronJob ?? 0)),
      'Services checked': String(result.checkedByKind.Service ?? 0),
      'errors': String(errors),
      'warnings': String(warnings),
      'skipped (other kinds)': String(result.skipped.length),
      'Kubernetes version': [`1.${this.target.minor}`, ...this.fileTargets.map(([, t]) => `1.${t.minor}`)]
        .filter((x, i, all) => all.indexOf(x) === i).join(', '),
    });
  }
}

function severityRank(ruleId: string): number {
  return ruleInfo(ruleId).severity === 'error' ? 0 : 1;
}
