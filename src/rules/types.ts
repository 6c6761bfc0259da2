/**
 * Internal: the shapes shared by the manifest rules, the cdk8s validation plugin and the CLI.
 */

/** `error`: the Kubernetes 1.28 API server (or the controller, for the pods it creates) refuses it. `warning`: best practice. */
export type Severity = 'error' | 'warning';

/** One rule of the catalog (see `catalog.ts` and docs/validation.md). */
export interface RuleInfo {
  /** Stable id, e.g. `job.restart-policy`. Never renamed once released. */
  readonly id: string;
  readonly severity: Severity;
  /** What the rule checks, in one line. */
  readonly title: string;
  /** The upstream function (or controller behaviour) the rule is ported from. */
  readonly upstream: string;
  /** How to fix a violation. */
  readonly fix: string;
}

/** One violation of one rule in one object. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  /** What is wrong, with the offending value. */
  readonly message: string;
  /** Field path inside the object, e.g. `spec.template.spec.containers[0].image`. */
  readonly path: string;
  /** `<kind>/<name>` of the object. */
  readonly object: string;
  /** How to fix it: the rule's fix text, or one for this finding (e.g. the field an unknown one was meant to be). */
  readonly fix: string;
  /** The file the object came from (CLI and plugin only). */
  readonly file?: string;
  /** Index of the YAML document inside the file (0-based). */
  readonly documentIndex?: number;
}
