/**
 * Internal: the Job's pod failure policy (fail-fast exit codes, the construct's rules,
 * disruptions ignored): its props checks, with the 1.28 API server's limits (run by
 * src/_checks.ts), and its rendering (run by src/_render.ts).
 */
import * as kplus from 'cdk8s-plus-28';
import { MAX_EXIT_CODE_VALUES, MAX_POD_FAILURE_POLICY_RULES, Where, fail, show } from './_validate';
import { Defaults } from './defaults';
import { BatchJobOptions } from './job-options';

type PodFailurePolicyRule = kplus.k8s.PodFailurePolicyRule;

// -------------------------------------------------------------------------------------------------
// Pod failure policy
// -------------------------------------------------------------------------------------------------

/** The pod failure policy props: exit codes, no code in two rules, restart policy Never, the rule limit. */
export function checkPodFailurePolicy(
  where: Where, props: BatchJobOptions, constructRules: PodFailurePolicyRule[], restartPolicy: kplus.RestartPolicy,
): void {
  const codes = props.failFastExitCodes;
  if (codes !== undefined && codes.length > 0) checkExitCodes(where, 'failFastExitCodes', codes);
  for (const rule of constructRules) {
    const both = (rule.onExitCodes?.values ?? []).filter(c => codes?.includes(c));
    if (rule.action === 'FailIndex' && both.length > 0) {
      fail(where, 'failFastExitCodes', codes, `free of the codes in 'failShardExitCodes' (${both.join(', ')} in both): the FailJob rule comes first, so the shard rule would never match`,
        'list each exit code in one of the two');
    }
  }
  const rules = policyRules(props, constructRules, restartPolicy, '');
  if (rules.length === 0) return;
  if (restartPolicy !== kplus.RestartPolicy.NEVER) {
    const prop = codes?.length ? 'failFastExitCodes' : props.ignoreDisruptions ? 'ignoreDisruptions' : 'restartPolicy';
    const value = prop === 'failFastExitCodes' ? codes : prop === 'ignoreDisruptions' ? props.ignoreDisruptions : restartPolicy;
    fail(where, prop, value, 'used with restartPolicy Never (a pod failure policy requires it)', 'use RestartPolicy.NEVER, or remove the pod failure policy options');
  }
  if (rules.length > MAX_POD_FAILURE_POLICY_RULES) {
    fail(where, 'podFailurePolicy', `${rules.length} rules`, `at most ${MAX_POD_FAILURE_POLICY_RULES} rules`, 'merge exit codes into fewer rules');
  }
}

/** The Job's pod failure policy (the props are checked). */
export function renderPodFailurePolicy(
  props: BatchJobOptions, constructRules: PodFailurePolicyRule[], restartPolicy: kplus.RestartPolicy, containerName: string,
): kplus.k8s.PodFailurePolicy | undefined {
  const rules = policyRules(props, constructRules, restartPolicy, containerName);
  return rules.length ? { rules } : undefined;
}

/** Whether the Job gets a pod failure policy (the props are checked). */
export function hasPodFailurePolicy(props: BatchJobOptions, constructRules: PodFailurePolicyRule[], restartPolicy: kplus.RestartPolicy): boolean {
  return policyRules(props, constructRules, restartPolicy, '').length > 0;
}

/** Fail-fast exit codes first, then the construct's rules, then disruptions ignored. */
function policyRules(props: BatchJobOptions, constructRules: PodFailurePolicyRule[], restartPolicy: kplus.RestartPolicy, containerName: string) {
  const rules: PodFailurePolicyRule[] = [];
  const codes = props.failFastExitCodes;
  if (codes !== undefined && codes.length > 0) rules.push(exitCodeRule('FailJob', containerName, codes));
  rules.push(...constructRules);
  const ignoreDisruptions = props.ignoreDisruptions ?? (restartPolicy === kplus.RestartPolicy.NEVER ? Defaults.IGNORE_DISRUPTIONS : false);
  if (ignoreDisruptions) rules.push({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] });
  return rules;
}

/**
 * A rule matching exit codes of one container. The 1.28 OpenAPI (and so the generated type)
 * wrongly lists `onPodConditions` as required; the API server accepts a rule without it
 * (kubernetes/kubernetes#120204), so the type is widened here.
 */
export function exitCodeRule(action: string, containerName: string, codes: number[]): PodFailurePolicyRule {
  const rule = { action, onExitCodes: { containerName, operator: 'In', values: [...codes].sort((a, b) => a - b) } };
  return rule as PodFailurePolicyRule;
}

/** Exit codes for an `In` rule: whole numbers 1..255, unique, at most 255 of them. */
export function checkExitCodes(where: Where, prop: string, codes: number[]): void {
  const seen = new Set<number>();
  for (const code of codes) {
    if (!Number.isInteger(code) || code < 1 || code > 255) {
      fail(where, prop, codes, `exit codes from 1 to 255 (got ${show(code)}; 0 means success and cannot fail a pod)`, 'remove that value');
    }
    if (seen.has(code)) {
      fail(where, prop, codes, `free of duplicates (${code} appears twice)`, 'list each exit code once');
    }
    seen.add(code);
  }
  if (codes.length > MAX_EXIT_CODE_VALUES) {
    fail(where, prop, `${codes.length} values`, `at most ${MAX_EXIT_CODE_VALUES} values`, 'list fewer exit codes');
  }
}
