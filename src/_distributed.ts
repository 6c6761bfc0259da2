/**
 * Internal: what a `DistributedTrainingJob` adds to the shared renderer (an Indexed Job of
 * `nodes` pods, their torchrun env, the rendezvous port, the subdomain of a headless Service),
 * its props checks and the Service manifest. Nothing here renders a pod or a JobSpec.
 *
 * How the pods find each other, on any 1.28 cluster and with no operator: an Indexed Job's pod
 * `i` gets the hostname `<job>-<i>` (Job controller), the API server labels every pod of the
 * Job `batch.kubernetes.io/job-name: <job>` (generateSelector, pkg/registry/batch/job/strategy.go,
 * 1.27+), and a headless Service that selects that label and publishes not-ready addresses gives
 * each pod with `subdomain: <service>` the DNS name `<job>-<i>.<service>` as soon as it has an
 * IP. Rank 0 is `<job>-0.<service>`, resolvable through the pod's search path.
 */
import { Construct } from 'constructs';
import { checkSuccessPolicy } from './_features';
import { gpuCount } from './_gpu-sizing';
import { JOB_NAME_LABEL, isDns1035Label } from './_placement';
import type { JobShape } from './_render';
import { generatedName } from './_render';
import { COMPLETION_INDEX_ANNOTATION } from './_shards';
import { propEnabled } from './_target';
import { MAX_INDEXED_COMPLETIONS, Problems, Where, checkInteger, fail } from './_validate';
import { Defaults } from './defaults';
import type { DistributedTrainingJobProps } from './distributed-training-job';
import { Target, enabled } from './rules/versions';

const MAX_INT32 = 2 ** 31 - 1;
/** The cluster DNS domain the longest pod name is computed with (`<pod>.<service>.<namespace>.svc.<domain>`). */
export const CLUSTER_DOMAIN = 'cluster.local';
/** The most characters of a DNS name (IsDNS1123Subdomain). */
const MAX_DNS_NAME = 253;
/** Longest namespace name: a DNS-1123 label. */
const MAX_NAMESPACE = 63;

/** Env vars the construct sets (users may not set them in `env`). */
export const TORCHRUN_ENV = {
  nnodes: 'PET_NNODES',
  nprocPerNode: 'PET_NPROC_PER_NODE',
  nodeRank: 'PET_NODE_RANK',
  masterAddr: 'PET_MASTER_ADDR',
  masterPort: 'PET_MASTER_PORT',
  rdzvBackend: 'PET_RDZV_BACKEND',
  rdzvEndpoint: 'PET_RDZV_ENDPOINT',
  rdzvId: 'PET_RDZV_ID',
  maxRestarts: 'PET_MAX_RESTARTS',
} as const;

/** What the construct renders besides the props: names, the renderer's shape, the Service. */
export interface DistributedPlan {
  /** The Job's name (also the Service's, when there is one). */
  readonly name: string;
  /** The headless Service's name, or undefined for a single node. */
  readonly serviceName?: string;
  /** Host of rank 0: `<job>-0.<service>` (`localhost` for a single node). */
  readonly masterAddress: string;
  readonly port: number;
  readonly shape: JobShape;
}

/**
 * Checks the construct's own props (every failing one is reported) and plans the Job.
 *
 * @param scope the construct (names are generated from its path)
 * @param where kind and path, for messages
 * @param props the user's props (types checked)
 * @param target the Kubernetes version written for
 */
export function distributedPlan(scope: Construct, where: Where, props: DistributedTrainingJobProps, target: Target): DistributedPlan {
  const problems = new Problems();
  problems.check(() => checkInteger(where, 'nodes', props.nodes, 1, MAX_INDEXED_COMPLETIONS,
    'e.g. nodes: 2 (one pod per node; an Indexed Job has at most 100000 completions)'));
  problems.check(() => checkInteger(where, 'port', props.port, 1, 65535, `e.g. port: ${Defaults.DISTRIBUTED_PORT} (torchrun's default)`));
  problems.check(() => checkInteger(where, 'nprocPerNode', props.nprocPerNode, 1, MAX_INT32, 'e.g. nprocPerNode: 8, one process per GPU'));
  const elastic = props.elastic;
  problems.check(() => {
    if (elastic === undefined) return;
    checkInteger(where, 'elastic.maxRestarts', elastic.maxRestarts, 0, MAX_INT32, 'e.g. maxRestarts: 3; 0 for none');
    checkInteger(where, 'elastic.minNodes', elastic.minNodes, 1, MAX_INDEXED_COMPLETIONS, 'e.g. minNodes: 1');
    if (elastic.minNodes !== undefined && Number.isInteger(props.nodes) && elastic.minNodes > props.nodes) {
      fail(where, 'elastic.minNodes', elastic.minNodes, `at most 'nodes' (${props.nodes})`, `lower it to ${props.nodes} or less`);
    }
  });
  const nodes = props.nodes;
  const multi = Number.isInteger(nodes) && nodes >= 2;
  problems.check(() => checkSuccessPolicy(where, target, 'successPolicy', props.successPolicy, nodes, multi || !Number.isInteger(nodes) ? undefined : {
    rule: 'left out with a single node (nodes: 1 is a plain Job, not an Indexed one)', fix: 'remove it, or use nodes: 2 or more',
  }));
  problems.check(() => {
    // The Service is named after the Job: a Service name is a DNS-1035 label (ValidateService:
    // ValidateServiceName, 1.28), stricter than a Job name; a DNS-1123 label (it may start with a
    // digit) where RelaxedServiceNameValidation is on at the target (1.36).
    const relaxed = enabled('RelaxedServiceNameValidation', target);
    if (multi && !relaxed && props.name !== undefined && typeof props.name === 'string' && /^[^a-z]/.test(props.name)) {
      fail(where, 'name', props.name, 'starting with a lowercase letter: it also names the headless Service, whose name is a DNS-1035 label',
        `e.g. 'ddp-${props.name.replace(/^[^a-z]+/, '') || 'train'}'`);
    }
  });
  problems.throwIfAny();

  const suffix = multi ? 1 + String(nodes - 1).length : 0;
  const name = props.name ?? dns1035Name(scope, Defaults.MAX_JOB_NAME_LENGTH - suffix);
  const port = props.port ?? Defaults.DISTRIBUTED_PORT;
  const nproc = props.nprocPerNode ?? gpuCount(props.gpu) ?? 1;
  const serviceName = multi ? name : undefined;
  const masterAddress = multi ? `${name}-0.${serviceName}` : 'localhost';
  const gpus = gpuCount(props.gpu);

  const env = elastic === undefined
    ? staticEnv(nodes, nproc, masterAddress, port, multi)
    : elasticEnv(nodes, elastic.minNodes ?? nodes, elastic.maxRestarts ?? Defaults.ELASTIC_MAX_RESTARTS, nproc, masterAddress, port, name);
  // From Kubernetes 1.31: the Job succeeds with its leader (see Defaults.DISTRIBUTED_SUCCEEDED_INDEXES).
  const successPolicy = props.successPolicy
    ?? (multi && propEnabled('successPolicy', target) ? [{ succeededIndexes: Defaults.DISTRIBUTED_SUCCEEDED_INDEXES }] : undefined);
  const shape: JobShape = {
    component: 'distributed-training',
    target,
    // A worker's replacement never runs beside it (see Defaults.GPU_POD_REPLACEMENT_POLICY).
    replaceFailedPods: true,
    successPolicy,
    activeDeadline: gpus ? Defaults.GPU_JOB_ACTIVE_DEADLINE : undefined,
    backoffLimit: elastic !== undefined ? (elastic.maxRestarts ?? Defaults.ELASTIC_MAX_RESTARTS)
      : multi ? Defaults.DISTRIBUTED_STATIC_BACKOFF_LIMIT : undefined,
    extraEnv: env,
    ...(multi ? {
      completions: nodes,
      parallelism: nodes,
      completionMode: 'Indexed' as const,
      hostnameSuffixLength: suffix,
      subdomain: serviceName,
      ports: [{ name: Defaults.DISTRIBUTED_PORT_NAME, containerPort: port, protocol: 'TCP' }],
      ownPodLabels: { [JOB_NAME_LABEL]: name },
    } : {}),
  };
  return { name, serviceName, masterAddress, port, shape };
}

/** A generated name that starts with a letter (it names the Service too). */
function dns1035Name(scope: Construct, maxLength: number): string {
  const name = generatedName(scope, maxLength);
  return isDns1035Label(name) ? name : `j${generatedName(scope, maxLength - 1)}`;
}

/** The node's rank: the completion index, as src/_shards.ts passes SHARD_INDEX. */
function rankFromIndex(name: string) {
  return { name, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_ANNOTATION}']` } } };
}

function staticEnv(nodes: number, nproc: number, master: string, port: number, multi: boolean) {
  const rank = (name: string) => (multi ? rankFromIndex(name) : { name, value: '0' });
  return [
    { name: TORCHRUN_ENV.nnodes, value: String(nodes) },
    { name: TORCHRUN_ENV.nprocPerNode, value: String(nproc) },
    rank(TORCHRUN_ENV.nodeRank),
    { name: TORCHRUN_ENV.masterAddr, value: master },
    { name: TORCHRUN_ENV.masterPort, value: String(port) },
    { name: 'MASTER_ADDR', value: master },
    { name: 'MASTER_PORT', value: String(port) },
    { name: 'WORLD_SIZE', value: String(nodes * nproc) },
    rank('NODE_RANK'),
  ];
}

function elasticEnv(nodes: number, minNodes: number, maxRestarts: number, nproc: number, master: string, port: number, id: string) {
  return [
    { name: TORCHRUN_ENV.nnodes, value: `${minNodes}:${nodes}` },
    { name: TORCHRUN_ENV.nprocPerNode, value: String(nproc) },
    { name: TORCHRUN_ENV.rdzvBackend, value: 'c10d' },
    { name: TORCHRUN_ENV.rdzvEndpoint, value: `${master}:${port}` },
    { name: TORCHRUN_ENV.rdzvId, value: id },
    { name: TORCHRUN_ENV.maxRestarts, value: String(maxRestarts) },
    { name: 'MASTER_ADDR', value: master },
    { name: 'MASTER_PORT', value: String(port) },
  ];
}

/**
 * The fully qualified DNS name of the last pod, `<job>-<nodes-1>.<service>.<namespace>.svc.cluster.local`:
 * every label within 63 characters (the Job name check keeps `<job>-<nodes-1>` there), at most
 * 253 in all. With a 63-character namespace the longest possible name has 209 characters.
 */
export function lastPodFqdn(name: string, serviceName: string, nodes: number, namespace: string | undefined): string {
  return `${name}-${nodes - 1}.${serviceName}.${namespace ?? 'x'.repeat(MAX_NAMESPACE)}.svc.${CLUSTER_DOMAIN}`;
}

/** Checks the last pod's DNS name (see `lastPodFqdn`); with the limits above it always fits. */
export function checkPodDnsName(where: Where, name: string, serviceName: string, nodes: number, namespace: string | undefined): void {
  const fqdn = lastPodFqdn(name, serviceName, nodes, namespace);
  const labels = fqdn.split('.');
  if (fqdn.length > MAX_DNS_NAME || labels.some(l => l.length > 63)) {
    fail(where, 'name', name, `short enough for the pods' DNS names (${JSON.stringify(fqdn)} has ${fqdn.length} characters; at most ${MAX_DNS_NAME}, 63 per label)`,
      'shorten the name or the namespace');
  }
}

/** The headless Service that gives each pod of the Job a DNS name (`publishNotReadyAddresses`: before it is Ready). */
export function serviceManifest(plan: DistributedPlan, namespace: string | undefined, labels: { [key: string]: string }) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: plan.serviceName!, namespace, labels },
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { [JOB_NAME_LABEL]: plan.name },
      ports: [{ name: Defaults.DISTRIBUTED_PORT_NAME, port: plan.port, targetPort: plan.port, protocol: 'TCP' }],
    },
  };
}
