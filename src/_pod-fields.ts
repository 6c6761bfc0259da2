/**
 * Internal: environment variables and tolerations: their props checks (run by src/_checks.ts)
 * and their rendering (run by src/_render.ts).
 */
import * as kplus from 'cdk8s-plus-28';
import { Where, checkDuration, checkEnvNames, envVarNameProblem, fail, isConfigMapKey, isDns1123Subdomain, isLabelValue, isQualifiedName } from './_validate';
import { Toleration, TolerationOperator } from './container-options';

// -------------------------------------------------------------------------------------------------
// Env
// -------------------------------------------------------------------------------------------------

/**
 * Env var names and key references; returns the names, in order. `relaxed`: the target's API
 * server takes relaxed env var names (RelaxedEnvironmentVariableValidation).
 */
export function checkEnv(where: Where, prop: string, env: { [name: string]: kplus.EnvValue } | undefined, relaxed: boolean): string[] {
  const names = Object.keys(env ?? {});
  checkEnvNames(where, prop, names, relaxed);
  for (const name of names) {
    const v = env![name];
    if (v.valueFrom === undefined && v.value !== undefined && typeof v.value !== 'string') {
      // EnvValue.fromValue(null) or (5) from plain JavaScript: the variable would lose its value.
      // (No value at all is kplus's own choice: EnvValue.fromProcess of an unset variable.)
      fail(where, `${prop}.${name}`, v.value, 'a string value (EnvValue.fromValue takes a string)', `use EnvValue.fromValue(${JSON.stringify(String(v.value ?? ''))})`);
    }
    checkKeyRef(where, `${prop}.${name}`, v.valueFrom?.secretKeyRef, 'Secret');
    checkKeyRef(where, `${prop}.${name}`, v.valueFrom?.configMapKeyRef, 'ConfigMap');
  }
  return names;
}

/** Env vars, in the order given. */
export function renderEnv(env: { [name: string]: kplus.EnvValue } | undefined): kplus.k8s.EnvVar[] {
  return Object.entries(env ?? {}).map(([name, v]) => ({ name, value: v.value, valueFrom: v.valueFrom }));
}

/** validateSecretKeySelector / validateConfigMapKeySelector (1.28): a DNS-1123 name and a valid key. */
function checkKeyRef(where: Where, prop: string, ref: { name?: string; key: string } | undefined, kind: string): void {
  if (ref === undefined) return;
  if (!isDns1123Subdomain(ref.name ?? '')) {
    fail(where, prop, ref.name, `the DNS-1123 name of a ${kind}`, `use the ${kind}'s metadata.name, e.g. 'credentials'`);
  }
  if (!isConfigMapKey(ref.key)) {
    fail(where, prop, ref.key, `a ${kind} key (at most 253 letters, digits, '-', '_' or '.', not '.' or '..')`, 'e.g. \'token\'');
  }
}

/** ValidateEnvFrom: a DNS-1123 Secret or ConfigMap name, and a prefix that is a valid env var name at the target (`relaxed`). */
export function checkEnvFrom(where: Where, prop: string, source: kplus.k8s.EnvFromSource, relaxed: boolean): void {
  const refName = source.secretRef?.name ?? source.configMapRef?.name;
  if (!isDns1123Subdomain(refName ?? '')) {
    fail(where, prop, refName, `the DNS-1123 name of a ${source.secretRef ? 'Secret' : 'ConfigMap'}`, 'e.g. \'settings\'');
  }
  const problem = source.prefix !== undefined && source.prefix !== '' ? envVarNameProblem(source.prefix, relaxed) : undefined;
  if (problem !== undefined) {
    fail(where, `${prop}.prefix`, source.prefix, `a prefix that is ${problem}`, 'e.g. \'DB_\'');
  }
}

// -------------------------------------------------------------------------------------------------
// Tolerations
// -------------------------------------------------------------------------------------------------

/** ValidateTolerations (1.28), for one toleration as the props give it. */
export function checkToleration(where: Where, prop: string, t: Toleration): void {
  const operator = t.operator ?? TolerationOperator.EQUAL;
  if (t.key !== undefined && !isQualifiedName(t.key)) {
    fail(where, `${prop}.key`, t.key, 'a valid taint key ([prefix/]name)', 'e.g. \'nvidia.com/gpu\'');
  }
  if (t.key === undefined && operator !== TolerationOperator.EXISTS) {
    fail(where, `${prop}.operator`, operator, '\'Exists\' when no key is given (it then tolerates every taint)', 'set a key, or use TolerationOperator.EXISTS');
  }
  if (operator === TolerationOperator.EXISTS && t.value !== undefined && t.value !== '') {
    fail(where, `${prop}.value`, t.value, 'empty with the \'Exists\' operator', 'remove the value, or use TolerationOperator.EQUAL');
  }
  if (t.value !== undefined && !isLabelValue(t.value)) {
    fail(where, `${prop}.value`, t.value, 'a valid label value', 'e.g. \'gpu\'');
  }
  if (t.tolerationSeconds !== undefined && t.effect !== kplus.TaintEffect.NO_EXECUTE) {
    fail(where, `${prop}.tolerationSeconds`, t.tolerationSeconds, 'used only with the NoExecute effect', 'set effect: TaintEffect.NO_EXECUTE, or remove tolerationSeconds');
  }
  checkDuration(where, `${prop}.tolerationSeconds`, t.tolerationSeconds, 0, 'e.g. Duration.minutes(5)');
}

export function renderToleration(t: Toleration): kplus.k8s.Toleration {
  return {
    key: t.key,
    operator: t.operator ?? TolerationOperator.EQUAL,
    value: t.value,
    effect: t.effect,
    tolerationSeconds: t.tolerationSeconds?.toSeconds(),
  };
}
