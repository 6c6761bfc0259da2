/**
 * How a Job that lives in a GitOps repository runs again when its code changes.
 *
 * A Job's pod template is immutable: a GitOps tool (Argo CD, Flux) that applies a changed Job
 * under the same name fails with "field is immutable". And a finished Job that its TTL deleted is
 * re-created by a self-healing GitOps controller, so it runs again. Each strategy answers both.
 */
export enum RerunMode {
  /** The name comes from the construct path (or `name`); re-runs are managed by hand. */
  STABLE_NAME = 'StableName',
  /** A short hash of the rendered Job in its name: a changed Job is a new Job. */
  CONTENT_HASH = 'ContentHash',
  /** Argo CD replaces the Job (`argocd.argoproj.io/sync-options: Replace=true`, optionally `Force=true`). */
  ARGO_CD_REPLACE = 'ArgoCdReplace',
  /** The Job is an Argo CD resource hook, re-created on every sync (`hook-delete-policy: BeforeHookCreation`). */
  ARGO_CD_HOOK = 'ArgoCdHook',
  /** Flux re-creates the Job when it changes (`kustomize.toolkit.fluxcd.io/force: enabled`). */
  FLUX_FORCE = 'FluxForce',
}

/** The Argo CD sync phases a hook can run in. */
export enum ArgoCdHookPhase {
  /** Before the application's other resources are applied. */
  PRE_SYNC = 'PreSync',
  /** With the other resources (after PreSync hooks). */
  SYNC = 'Sync',
  /** After the other resources are applied and healthy. */
  POST_SYNC = 'PostSync',
}

/**
 * How a Job re-runs under GitOps: pass it as `rerunStrategy` to a construct, or to
 * `BatchDefaults` for every construct of a chart.
 *
 * - `RerunStrategy.stableName()` (the default): the name stays; you delete or rename the Job to
 *   run it again. The TTL default applies.
 * - `RerunStrategy.contentHash()`: `<name>-<8 hex digits of the rendered Job>`; any change makes a
 *   new Job, no change is a no-op, and the GitOps tool prunes the old one. Works with any tool.
 * - `RerunStrategy.argoCdReplace()` / `RerunStrategy.fluxForce()`: the same name; the tool
 *   deletes and re-creates the Job when it changes.
 * - `RerunStrategy.argoCdHook()`: an Argo CD hook Job, run on every sync.
 *
 * The strategies that keep the Job in the live state of the GitOps tool (content hash, replace,
 * force) turn the TTL off by default: a self-healing controller re-creates a Job its TTL deleted,
 * and it runs again. An explicit `ttlAfterFinished` with one of them is an error.
 */
export class RerunStrategy {
  /** The name from the construct path (or `name`). */
  public static stableName(): RerunStrategy {
    return new RerunStrategy(RerunMode.STABLE_NAME, {});
  }

  /**
   * A short hash of the rendered Job appended to its name (`<name>-<8 hex digits>`, within the
   * kind's name limit): deterministic, so the same code gives the same name.
   */
  public static contentHash(): RerunStrategy {
    return new RerunStrategy(RerunMode.CONTENT_HASH, {});
  }

  /**
   * Argo CD replaces the Job instead of patching it.
   *
   * @param force also `Force=true`: delete and re-create (the Job's pods go with it)
   */
  public static argoCdReplace(force?: boolean): RerunStrategy {
    return new RerunStrategy(RerunMode.ARGO_CD_REPLACE, {
      'argocd.argoproj.io/sync-options': force === true ? 'Force=true,Replace=true' : 'Replace=true',
    }, force === undefined || typeof force === 'boolean' ? undefined : `argoCdReplace(force) takes true or false, not ${JSON.stringify(force)}`);
  }

  /**
   * An Argo CD resource hook: run on every sync in `phase`; the previous run is deleted before the
   * next is created.
   *
   * @param phase the sync phase (default `ArgoCdHookPhase.SYNC`)
   */
  public static argoCdHook(phase?: ArgoCdHookPhase): RerunStrategy {
    const phases = Object.values(ArgoCdHookPhase) as string[];
    return new RerunStrategy(RerunMode.ARGO_CD_HOOK, {
      'argocd.argoproj.io/hook': phase ?? ArgoCdHookPhase.SYNC,
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
    }, phase === undefined || phases.includes(phase) ? undefined
      : `argoCdHook(phase) takes one of ${phases.map(p => `'${p}'`).join(', ')} (ArgoCdHookPhase), not ${JSON.stringify(phase)}`);
  }

  /** Flux's kustomize-controller re-creates the Job when an immutable field changes. */
  public static fluxForce(): RerunStrategy {
    return new RerunStrategy(RerunMode.FLUX_FORCE, { 'kustomize.toolkit.fluxcd.io/force': 'enabled' });
  }

  /** Which strategy. */
  public readonly mode: RerunMode;

  /** The annotations the strategy writes on the Job. */
  public readonly annotations: { [key: string]: string };

  /**
   * What is wrong with the factory's arguments (a plain JavaScript caller's), reported by the
   * construct that uses the strategy.
   * @internal
   */
  public readonly _problem?: string;

  private constructor(mode: RerunMode, annotations: { [key: string]: string }, problem?: string) {
    this.mode = mode;
    this.annotations = annotations;
    this._problem = problem;
  }

  /**
   * Whether the Job stays in the GitOps tool's live state, so that a controller re-creates it
   * when its TTL deletes it.
   */
  public get keepsJobInLiveState(): boolean {
    return this.mode !== RerunMode.STABLE_NAME && this.mode !== RerunMode.ARGO_CD_HOOK;
  }

  /** Readable form for messages, e.g. `RerunStrategy.contentHash()`. */
  public toString(): string {
    const factory = {
      [RerunMode.STABLE_NAME]: 'stableName',
      [RerunMode.CONTENT_HASH]: 'contentHash',
      [RerunMode.ARGO_CD_REPLACE]: 'argoCdReplace',
      [RerunMode.ARGO_CD_HOOK]: 'argoCdHook',
      [RerunMode.FLUX_FORCE]: 'fluxForce',
    }[this.mode];
    return `RerunStrategy.${factory}()`;
  }
}
