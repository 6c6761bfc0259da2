/**
 * Internal: the props of the newer batch features (podReplacementPolicy, successPolicy,
 * managedBy, pod-level resources), their props checks (run by src/_checks.ts and the shape
 * builders) and the defaults that change with the target version. Whether a prop may be written
 * at the target at all is decided in one place, `requireFeature` (src/_target.ts); the renderer
 * (src/_render.ts) only writes what these functions return.
 */
import * as kplus from 'cdk8s-plus-28';
import { hasPodFailurePolicy } from './_pod-failure-policy';
import type { JobShape } from './_render';
import { ResourceInput, resourceQuantities } from './_resources';
import { propEnabled, requireFeature } from './_target';
import { Where, checkInstance, checkInteger, checkQuantity, checkRequestWithinLimit, fail, parseQuantity } from './_validate';
import { Defaults } from './defaults';
import { PodReplacementPolicy, PodResources, SuccessPolicyRule } from './job-features';
import { BatchJobOptions } from './job-options';
import { MAX_MANAGED_BY_LENGTH, MAX_SUCCEEDED_INDEXES_BYTES, MAX_SUCCESS_POLICY_RULES, managedByProblems, parseIndexes } from './rules/job-values';
import { Target } from './rules/versions';

const MAX_INT32 = 2 ** 31 - 1;

// -------------------------------------------------------------------------------------------------
// podReplacementPolicy
// -------------------------------------------------------------------------------------------------

/**
 * The Job's `podReplacementPolicy`: the prop, else `Defaults.GPU_POD_REPLACEMENT_POLICY` for a Job
 * with GPUs (or a construct that asks for it, `shape.replaceFailedPods`) where the target keeps
 * the field, else none.
 */
export function podReplacementPolicyOf(props: BatchJobOptions, shape: JobShape): PodReplacementPolicy | undefined {
  if (props.podReplacementPolicy !== undefined) return props.podReplacementPolicy;
  const wants = props.gpu !== undefined || shape.replaceFailedPods === true;
  return wants && propEnabled('podReplacementPolicy', shape.target) ? Defaults.GPU_POD_REPLACEMENT_POLICY : undefined;
}

/** validateJobSpec (1.28+): Failed or TerminatingOrFailed, only Failed with a pod failure policy. */
export function checkPodReplacementPolicy(where: Where, props: BatchJobOptions, shape: JobShape, restartPolicy: kplus.RestartPolicy): void {
  const value = props.podReplacementPolicy;
  if (value === undefined) return;
  requireFeature(where, shape.target, 'podReplacementPolicy', value);
  const allowed = Object.values(PodReplacementPolicy) as string[];
  if (!allowed.includes(value)) {
    fail(where, 'podReplacementPolicy', value, `one of ${allowed.map(v => `'${v}'`).join(', ')}`, 'e.g. PodReplacementPolicy.FAILED');
  }
  if (value !== PodReplacementPolicy.FAILED && hasPodFailurePolicy(props, shape.podFailureRules ?? [], restartPolicy)) {
    fail(where, 'podReplacementPolicy', value,
      '\'Failed\' when the Job has a pod failure policy (the API server refuses any other value then), and it has one: '
      + 'disruptions are ignored by default (ignoreDisruptions), and failFastExitCodes or failShardExitCodes add rules',
      'use PodReplacementPolicy.FAILED, or set ignoreDisruptions: false and remove failFastExitCodes and failShardExitCodes');
  }
}

// -------------------------------------------------------------------------------------------------
// managedBy
// -------------------------------------------------------------------------------------------------

/** validateJobSpec (1.30+): IsDomainPrefixedPath, at most 63 characters. */
export function checkManagedBy(where: Where, target: Target, managedBy: string | undefined): void {
  if (managedBy === undefined) return;
  requireFeature(where, target, 'managedBy', managedBy);
  const problems = managedByProblems(managedBy);
  if (problems.length > 0) {
    fail(where, 'managedBy', managedBy, `a domain-prefixed path of at most ${MAX_MANAGED_BY_LENGTH} characters: a DNS-1123 domain, '/', and a path (letters, digits and -._~%!$&'()*+,;=:/) (${problems.join('; ')})`,
      'e.g. \'kueue.x-k8s.io/multikueue\'; use the controller\'s own name');
  }
}

// -------------------------------------------------------------------------------------------------
// successPolicy
// -------------------------------------------------------------------------------------------------

/**
 * Checks a success policy of an Indexed Job with `completions` indexes (validateSuccessPolicy,
 * 1.30+), or refuses it when the Job is not Indexed (`notIndexed` says why and how to fix).
 *
 * @param prop the prop as the user wrote it (`successPolicy`; `sharding.` comes from `where`)
 */
export function checkSuccessPolicy(
  where: Where, target: Target, prop: string, rules: SuccessPolicyRule[] | undefined, completions: number | undefined,
  notIndexed?: { readonly rule: string; readonly fix: string },
): void {
  if (rules === undefined || rules.length === 0) return; // [] writes no policy
  if (notIndexed) fail(where, prop, rules, notIndexed.rule, notIndexed.fix);
  // A count that is not a whole number is reported by its own check; the indexes cannot be
  // checked against it.
  if (completions !== undefined && !Number.isSafeInteger(completions)) return;
  requireFeature(where, target, prop, rules, undefined, 'successPolicy');
  if (rules.length > MAX_SUCCESS_POLICY_RULES) {
    fail(where, prop, `${rules.length} rules`, `at most ${MAX_SUCCESS_POLICY_RULES} rules`, 'merge rules, e.g. one succeededIndexes list');
  }
  rules.forEach((rule, i) => {
    const at = `${prop}[${i}]`;
    if (rule.succeededIndexes === undefined && rule.succeededCount === undefined) {
      fail(where, at, rule, 'given succeededIndexes, succeededCount or both', 'e.g. { succeededIndexes: \'0\' } (the leader) or { succeededCount: 5 }');
    }
    let indexes: number | undefined;
    if (rule.succeededIndexes !== undefined) {
      const parsed = parseIndexes(rule.succeededIndexes, completions ?? 0);
      if (typeof parsed === 'string') {
        fail(where, `${at}.succeededIndexes`, rule.succeededIndexes, `a list of indexes and ranges below ${completions}, in increasing order (${parsed})`,
          'e.g. \'0\', \'0-3\' or \'0,2,4-7\'');
      }
      if (Buffer.byteLength(rule.succeededIndexes) > MAX_SUCCEEDED_INDEXES_BYTES) {
        fail(where, `${at}.succeededIndexes`, rule.succeededIndexes, `at most ${MAX_SUCCEEDED_INDEXES_BYTES} bytes`, 'use ranges, e.g. \'0-99\'');
      }
      indexes = parsed;
    }
    if (rule.succeededCount !== undefined) {
      const max = Math.min(completions ?? MAX_INT32, indexes ?? MAX_INT32);
      const of = indexes !== undefined && indexes < (completions ?? MAX_INT32)
        ? `the ${indexes} indexes of succeededIndexes` : `the Job's ${completions} completions`;
      checkInteger(where, `${at}.succeededCount`, rule.succeededCount, 0, MAX_INT32, 'e.g. succeededCount: 1');
      if (rule.succeededCount > max) fail(where, `${at}.succeededCount`, rule.succeededCount, `at most ${of}`, `lower it to ${max} or less`);
    }
  });
}


/** The rendered success policy: none for an empty list. */
export function renderSuccessPolicy(rules: SuccessPolicyRule[] | undefined): { rules: SuccessPolicyRule[] } | undefined {
  if (rules === undefined || rules.length === 0) return undefined;
  return { rules: rules.map(r => ({ succeededIndexes: r.succeededIndexes, succeededCount: r.succeededCount })) };
}

// -------------------------------------------------------------------------------------------------
// Pod-level resources
// -------------------------------------------------------------------------------------------------

/** The containers of the pod, for the pod-level resource checks. */
export interface PodContainers {
  readonly main: ResourceInput;
  readonly sidecars: ResourceInput[];
  readonly inits: ResourceInput[];
}

/**
 * validatePodResources and validatePodResourceConsistency (1.32+): valid quantities, requests
 * within limits, the pod's requests (or, without them, its limits) at least the containers'
 * together (AggregateContainerRequests: sidecars count beside every later container), and no
 * container's limit above the pod's.
 */
export function checkPodResources(where: Where, target: Target, r: PodResources | undefined, containers: PodContainers): void {
  if (r === undefined) return;
  requireFeature(where, target, 'podResources', r);
  if (r.cpu === undefined && r.cpuLimit === undefined && r.memory === undefined && r.memoryLimit === undefined) {
    fail(where, 'podResources', r, 'given cpu, cpuLimit, memory or memoryLimit', 'e.g. podResources: { memoryLimit: Size.gibibytes(16) }, or remove it');
  }
  checkInstance(where, 'podResources.cpu', r.cpu, kplus.Cpu, 'a cdk8s-plus-28 Cpu', 'Cpu.units(4)', 'cdk8s-plus-28');
  checkInstance(where, 'podResources.cpuLimit', r.cpuLimit, kplus.Cpu, 'a cdk8s-plus-28 Cpu', 'Cpu.units(4)', 'cdk8s-plus-28');
  const pod = { cpu: r.cpu?.amount, cpuLimit: r.cpuLimit?.amount, memory: r.memory?.asString(), memoryLimit: r.memoryLimit?.asString() };
  for (const [prop, value] of Object.entries(pod)) checkQuantity(where, `podResources.${prop}`, value, true);
  checkRequestWithinLimit(where, 'podResources.cpu', pod.cpu, 'podResources.cpuLimit', pod.cpuLimit);
  checkRequestWithinLimit(where, 'podResources.memory', pod.memory, 'podResources.memoryLimit', pod.memoryLimit);

  const given: { [prop: string]: unknown } = {
    'podResources.cpu': r.cpu, 'podResources.cpuLimit': r.cpuLimit, 'podResources.memory': r.memory, 'podResources.memoryLimit': r.memoryLimit,
  };
  const all = [containers.main, ...containers.sidecars, ...containers.inits].map(resourceQuantities);
  const [main, sidecars, inits] = [all[0], all.slice(1, 1 + containers.sidecars.length), all.slice(1 + containers.sidecars.length)];
  for (const [resource, request, limit] of [['cpu', pod.cpu, pod.cpuLimit], ['memory', pod.memory, pod.memoryLimit]] as const) {
    const requestProp = resource === 'cpu' ? 'podResources.cpu' : 'podResources.memory';
    const limitProp = `${requestProp}Limit`;
    const of = (q: { [k: string]: string | undefined }, key: string) => nanos(q[key]);
    // AggregateContainerRequests: sidecars run beside the main container and every later init container.
    const side = sidecars.reduce((sum, q) => sum + of(q, resource), 0n);
    const aggregate = [of(main, resource) + side, ...inits.map(q => of(q, resource) + side)].reduce((a, b) => (a > b ? a : b), 0n);
    const effective = request ?? limit;
    if (effective !== undefined && nanos(effective) < aggregate) {
      const prop = request !== undefined ? requestProp : limitProp;
      fail(where, prop, given[prop],
        `at least the containers' ${resource} requests together (${show(resource, aggregate)}: the main container${sidecars.length ? ', the sidecars' : ''}${inits.length ? ' or the largest init container with the sidecars' : ''})`,
        `raise it to ${show(resource, aggregate)} or more, or lower the containers' requests`);
    }
    if (limit !== undefined) {
      const limitKey = resource === 'cpu' ? 'cpuLimit' : 'memoryLimit';
      const over = all.map(q => q[limitKey]).filter((l): l is string => l !== undefined).find(l => nanos(l) > nanos(limit));
      if (over !== undefined) {
        fail(where, limitProp, given[limitProp], `at least every container's ${resource} limit (one has ${over})`,
          `raise it, or lower that container's limit${resource === 'memory' ? ' (a container\'s memory limit defaults to its request)' : ''}`);
      }
    }
  }
}

/** A quantity in units of 10^-9 (exact: quantities are rounded up to nano units). */
function nanos(text: string | undefined): bigint {
  const q = text === undefined ? undefined : parseQuantity(text);
  if (q === undefined || q.sign === 0) return 0n;
  const value = q.mag * 10n ** BigInt(q.exp + 9);
  return q.sign < 0 ? -value : value;
}

/** A nano amount as a quantity: millicores for CPU, Mi or bytes for memory. */
function show(resource: 'cpu' | 'memory', n: bigint): string {
  if (resource === 'cpu') return n % 1_000_000n === 0n ? `${n / 1_000_000n}m` : `${n}n`;
  const bytes = (n + 999_999_999n) / 1_000_000_000n;
  return bytes % 1_048_576n === 0n ? `${bytes / 1_048_576n}Mi` : String(bytes);
}

/** The pod's `resources` (the props are checked). */
export function renderPodResources(r: PodResources | undefined): kplus.k8s.ResourceRequirements | undefined {
  if (r === undefined) return undefined;
  const side = (cpu: kplus.Cpu | undefined, memory: { asString(): string } | undefined) => {
    const out: { [key: string]: kplus.k8s.Quantity } = {};
    if (cpu) out.cpu = kplus.k8s.Quantity.fromString(cpu.amount);
    if (memory) out.memory = kplus.k8s.Quantity.fromString(memory.asString());
    return Object.keys(out).length ? out : undefined;
  };
  return { requests: side(r.cpu, r.memory), limits: side(r.cpuLimit, r.memoryLimit) };
}

