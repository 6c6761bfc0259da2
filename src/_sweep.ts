/**
 * Internal: the trials of a `HyperparameterSweep` (a grid multiplied out, or a list), their
 * stable ids and env vars, the props checks of the sweep, and the per-index parameter table of
 * an Indexed sweep. Nothing here renders a pod or a JobSpec.
 */
import { createHash } from 'crypto';
import { COMPLETION_INDEX_ANNOTATION } from './_shards';
import { MAX_INDEXED_COMPLETIONS, MAX_INDEXED_PARALLELISM, Problems, Where, checkInteger, fail, show } from './_validate';
import { Defaults } from './defaults';
import type { HyperparameterSweepProps } from './hyperparameter-sweep';
import { SweepLayout } from './sweep-options';

/** Hex digits of a trial id. */
export const TRIAL_ID_LENGTH = 10;
/** Most trials of one sweep: an Indexed Job's completion limit, and a bound on the Jobs of one construct. */
export const MAX_TRIALS = MAX_INDEXED_COMPLETIONS;
/** ValidateConfigMap (1.28): data and binaryData take at most 1 MiB together. */
const MAX_CONFIG_MAP_BYTES = 1024 * 1024;
/** A parameter name: what maps to an env var name unambiguously. */
const PARAM_NAME = /^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$/;
/** A shell variable name (the Indexed wrapper exports the parameters): what the prefix must start. */
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One trial: its position, stable id and parameters. */
export interface Trial {
  readonly index: number;
  readonly id: string;
  readonly parameters: { [name: string]: string };
}

/** The env var of a parameter: the prefix, then the name in upper case with '-' and '.' as '_'. */
export function paramEnvName(prefix: string, name: string): string {
  return `${prefix}${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}

/** 10 hex digits of the SHA-256 of the parameters, names sorted: the same parameters, the same id. */
export function trialId(parameters: { [name: string]: string }): string {
  return createHash('sha256').update(canonical(parameters)).digest('hex').slice(0, TRIAL_ID_LENGTH);
}

/** The parameters as JSON with the names sorted. */
function canonical(parameters: { [name: string]: string }): string {
  return JSON.stringify(Object.keys(parameters).sort().map(k => [k, parameters[k]]));
}

/**
 * Checks the sweep's own props (every failing section is reported) and returns its trials, in
 * order: a grid multiplied out with the last parameter changing fastest, or the list as given.
 */
export function sweepTrials(where: Where, props: HyperparameterSweepProps): Trial[] {
  const problems = new Problems();
  const layout = props.layout ?? Defaults.SWEEP_LAYOUT;
  const prefix = props.paramEnvPrefix ?? Defaults.SWEEP_PARAM_ENV_PREFIX;
  let sets: Array<{ [name: string]: string }> = [];
  problems.check(() => {
    if (!SHELL_NAME.test(prefix)) {
      fail(where, 'paramEnvPrefix', prefix, 'a letter or \'_\', then letters, digits or \'_\' (the start of every parameter\'s env var name)', 'e.g. \'PARAM_\' or \'HP_\'');
    }
  });
  problems.check(() => {
    sets = parameterSets(where, props);
  });
  problems.check(() => checkLayoutProps(where, props, layout, sets.length));
  problems.throwIfAny();

  const trials = sets.map((parameters, index) => ({ index, id: trialId(parameters), parameters }));
  checkTrials(where, props, trials, prefix);
  return trials;
}

/** The parameter sets: from `grid` or `trials` (exactly one of them). */
function parameterSets(where: Where, props: HyperparameterSweepProps): Array<{ [name: string]: string }> {
  const { grid, trials } = props;
  if (grid !== undefined && trials !== undefined) {
    fail(where, 'trials', trials, 'left out when \'grid\' is set', 'give the trials either as a grid or as a list');
  }
  if (grid === undefined && trials === undefined) {
    fail(where, 'grid', grid, 'set, or \'trials\': a sweep needs at least one trial',
      'e.g. grid: { learning_rate: [\'1e-4\', \'3e-4\'], batch_size: [\'32\', \'64\'] }');
  }
  if (grid !== undefined) {
    const names = Object.keys(grid);
    if (names.length === 0) {
      fail(where, 'grid', grid, 'at least one parameter', 'e.g. grid: { learning_rate: [\'1e-4\', \'3e-4\'] }');
    }
    let count = 1;
    for (const name of names) {
      checkParamName(where, `grid.${name}`, name);
      const values = grid[name];
      if (values.length === 0) {
        fail(where, `grid.${name}`, values, 'at least one value (an empty list leaves the grid without trials)', 'list a value, or remove the parameter');
      }
      const seen = new Set<string>();
      for (const v of values) {
        if (seen.has(v)) fail(where, `grid.${name}`, values, `free of duplicates (${show(v)} appears twice, which would run a trial twice)`, 'list each value once');
        seen.add(v);
      }
      count *= values.length;
      if (count > MAX_TRIALS) {
        const sizes = names.map(n => grid[n].length);
        fail(where, 'grid', `${sizes.join(' x ')} = ${sizes.reduce((x, y) => x * y, 1)} trials`, `at most ${MAX_TRIALS} trials`,
          'split the sweep, or sample the grid and give the trials as a list');
      }
    }
    let sets: Array<{ [name: string]: string }> = [{}];
    for (const name of names) {
      sets = sets.flatMap(s => grid[name].map(v => ({ ...s, [name]: v })));
    }
    return sets;
  }
  const list = trials!;
  if (list.length === 0) {
    fail(where, 'trials', list, 'at least one trial', 'e.g. trials: [{ learning_rate: \'1e-4\' }, { learning_rate: \'3e-4\' }]');
  }
  if (list.length > MAX_TRIALS) {
    fail(where, 'trials', `${list.length} trials`, `at most ${MAX_TRIALS} trials`, 'split the sweep');
  }
  const first = Object.keys(list[0]).sort();
  list.forEach((t, i) => {
    const names = Object.keys(t).sort();
    if (names.length === 0) {
      fail(where, `trials[${i}]`, t, 'at least one parameter', 'e.g. { learning_rate: \'1e-4\' }');
    }
    names.forEach(name => checkParamName(where, `trials[${i}].${name}`, name));
    if (JSON.stringify(names) !== JSON.stringify(first)) {
      fail(where, `trials[${i}]`, t, `the same parameter names as trials[0] (${first.join(', ')}), so that every $(...) reference resolves in every trial`,
        'give every trial a value for each parameter');
    }
  });
  return list.map(t => ({ ...t }));
}

function checkParamName(where: Where, prop: string, name: string): void {
  if (!PARAM_NAME.test(name) || name.length > 63) {
    fail(where, prop, name, 'a parameter name of at most 63 letters, digits, \'_\', \'.\' or \'-\', starting and ending with a letter or digit (it becomes an env var name)',
      'e.g. \'learning_rate\'');
  }
}

/** The props that belong to one layout only, and the concurrency cap. */
function checkLayoutProps(where: Where, props: HyperparameterSweepProps, layout: SweepLayout, trials: number): void {
  if (layout === SweepLayout.JOB_PER_TRIAL) {
    if (props.maxConcurrentTrials !== undefined) {
      fail(where, 'maxConcurrentTrials', props.maxConcurrentTrials,
        'left out with SweepLayout.JOB_PER_TRIAL: Kubernetes has no cap across Jobs (a Kueue queue\'s quota is one: set \'queue\')',
        'use layout: SweepLayout.INDEXED for an exact cap (its trials then share one backoffLimit), or a Kueue queue');
    }
    if (props.enableAlphaBackoffLimitPerIndex !== undefined) {
      fail(where, 'enableAlphaBackoffLimitPerIndex', props.enableAlphaBackoffLimitPerIndex,
        'left out with SweepLayout.JOB_PER_TRIAL, where every trial already has its own backoffLimit', 'remove it');
    }
    return;
  }
  if (props.command === undefined || props.command.length === 0) {
    fail(where, 'command', props.command, 'set with SweepLayout.INDEXED: a /bin/sh wrapper loads the trial\'s parameters and then runs it, and cannot run the image\'s ENTRYPOINT',
      'e.g. command: [\'python\', \'train.py\'], or use SweepLayout.JOB_PER_TRIAL');
  }
  const max = Math.min(trials || MAX_INDEXED_PARALLELISM, MAX_INDEXED_PARALLELISM);
  checkInteger(where, 'maxConcurrentTrials', props.maxConcurrentTrials, 1, max, `e.g. maxConcurrentTrials: ${Math.min(4, max)}`);
}

/** Ids unique; parameter env vars unique and clear of the construct's and the user's env vars. */
function checkTrials(where: Where, props: HyperparameterSweepProps, trials: Trial[], prefix: string): void {
  const ids = new Map<string, number>();
  const sourceProp = props.grid !== undefined ? 'grid' : 'trials';
  for (const t of trials) {
    const other = ids.get(t.id);
    if (other !== undefined) {
      const same = canonical(trials[other].parameters) === canonical(t.parameters);
      fail(where, props.grid !== undefined ? 'grid' : `trials[${t.index}]`, t.parameters,
        same ? `a set of parameters not already in the sweep (trials[${other}] has the same values)` : `a set of parameters whose id (${t.id}) no other trial has`,
        same ? 'remove the duplicate trial' : 'change a value');
    }
    ids.set(t.id, t.index);
  }
  const envs = new Map<string, string>();
  for (const name of Object.keys(trials[0]?.parameters ?? {})) {
    const env = paramEnvName(prefix, name);
    const clash = envs.get(env);
    if (clash !== undefined) {
      fail(where, `${sourceProp}${props.grid !== undefined ? '' : '[0]'}.${name}`, name, `a name whose env var (${env}) no other parameter has ('${clash}' has it)`,
        'rename one of the two parameters');
    }
    if (env === Defaults.SWEEP_TRIAL_ID_ENV || env === Defaults.SWEEP_TRIAL_INDEX_ENV) {
      fail(where, 'paramEnvPrefix', prefix, `a prefix with which no parameter is named ${env}, which the sweep sets itself`, 'e.g. \'PARAM_\'');
    }
    envs.set(env, name);
  }
  for (const name of Object.keys(props.env ?? {})) {
    if (envs.has(name)) {
      fail(where, `env.${name}`, name, `left to the sweep, which sets it to parameter '${envs.get(name)}'`, 'rename your variable, or change \'paramEnvPrefix\'');
    }
    if ((props.layout ?? Defaults.SWEEP_LAYOUT) === SweepLayout.INDEXED && name === Defaults.SWEEP_TRIAL_ID_ENV) {
      fail(where, `env.${name}`, name, 'left to the sweep, which sets it to the trial id', 'rename your variable');
    }
  }
  if ((props.layout ?? Defaults.SWEEP_LAYOUT) === SweepLayout.INDEXED) {
    // Kubernetes expands $(VAR) in command and args before the container starts, only for the
    // container's own env: the wrapper's parameters are not there yet.
    const refs = new RegExp(`(?<!\\$)\\$\\((${[...envs.keys(), Defaults.SWEEP_TRIAL_ID_ENV].map(escape).join('|')})\\)`);
    for (const prop of ['command', 'args'] as const) {
      (props[prop] ?? []).forEach((word, i) => {
        const m = refs.exec(word);
        if (m) {
          fail(where, `${prop}[${i}]`, word, `free of $(${m[1]}) with SweepLayout.INDEXED: the trial's parameters are exported by a shell wrapper after Kubernetes has expanded $(...) references`,
            `read the env var in your program, use it in a shell (['sh', '-c', 'python train.py --x "$${m[1]}"']), or use SweepLayout.JOB_PER_TRIAL`);
        }
      });
    }
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The env vars of one trial (one Job per trial): its parameters, its id and its position. */
export function trialEnv(trial: Trial, prefix: string) {
  return [
    ...Object.entries(trial.parameters).map(([name, value]) => ({ name: paramEnvName(prefix, name), value })),
    { name: Defaults.SWEEP_TRIAL_ID_ENV, value: trial.id },
    { name: Defaults.SWEEP_TRIAL_INDEX_ENV, value: String(trial.index) },
  ];
}

// -------------------------------------------------------------------------------------------------
// Indexed layout
// -------------------------------------------------------------------------------------------------

/** A value in single quotes for `sh`: every character literal. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, '\'\\\'\'')}'`;
}

/** The parameter table: one `<index>.env` key per trial, `NAME='value'` lines that `sh` sources. */
export function parameterTable(where: Where, prop: string, trials: Trial[], prefix: string): { [key: string]: string } {
  const data: { [key: string]: string } = {};
  let bytes = 0;
  for (const t of trials) {
    const lines = [
      ...Object.entries(t.parameters).map(([name, value]) => `${paramEnvName(prefix, name)}=${shellQuote(value)}`),
      `${Defaults.SWEEP_TRIAL_ID_ENV}=${shellQuote(t.id)}`,
    ];
    const key = `${t.index}.env`;
    data[key] = `${lines.join('\n')}\n`;
    bytes += Buffer.byteLength(key) + Buffer.byteLength(data[key]);
  }
  if (bytes > MAX_CONFIG_MAP_BYTES) {
    fail(where, prop, `${trials.length} trials, ${bytes} bytes of parameters`,
      'at most 1 MiB of parameters with SweepLayout.INDEXED (they are kept in one ConfigMap, which the API server limits to 1 MiB)',
      'use SweepLayout.JOB_PER_TRIAL, or split the sweep');
  }
  return data;
}

/**
 * The command of an Indexed sweep's main container: `/bin/sh` exports the trial's parameters
 * from the table and then runs the user's command and args unchanged.
 */
export function wrapperCommand(command: string[], args: string[] | undefined): string[] {
  const file = `${Defaults.SWEEP_PARAMS_MOUNT_PATH}/\${${Defaults.SWEEP_TRIAL_INDEX_ENV}}.env`;
  return ['/bin/sh', '-c', `set -a && . "${file}" && set +a && exec "$@"`, 'trial', ...command, ...(args ?? [])];
}

/** The trial's index env var, from the completion index (as src/_shards.ts passes SHARD_INDEX). */
export function trialIndexEnv() {
  return { name: Defaults.SWEEP_TRIAL_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_ANNOTATION}']` } } };
}
