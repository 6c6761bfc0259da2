import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { RULES, Target, checkManifest, target } from '../src/rules';
import { expectValidManifests } from './util/schema';
import { mainContainer as main, podSpec as pod } from './util/synth';

/** A batch/v1 Job that passes every rule, warnings included (and the 1.28 schema). */
function cleanJob(): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'train', namespace: 'ml', labels: { team: 'ml' }, annotations: { 'example.com/owner': 'ml' } },
    spec: {
      backoffLimit: 3,
      activeDeadlineSeconds: 3600,
      ttlSecondsAfterFinished: 86400,
      podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
      template: {
        metadata: { labels: { team: 'ml' } },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          volumes: [{ name: 'tmp', emptyDir: {} }],
          containers: [{
            name: 'main',
            image: 'python:3.12',
            env: [{ name: 'HOME', value: '/tmp' }],
            resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true },
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          }],
        },
      },
    },
  };
}

/** A batch/v1 CronJob that passes every rule, warnings included. */
function cleanCronJob(): any {
  const job = cleanJob();
  delete job.spec.ttlSecondsAfterFinished;
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly' },
    spec: {
      schedule: '0 2 * * *',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { labels: { team: 'ml' } }, spec: job.spec },
    },
  };
}


/** Turns the manifest into a headless v1 Service (as multi-node training renders one), then changes it. */
function asService(m: any, change: (service: any) => void): void {
  for (const key of Object.keys(m)) delete m[key];
  Object.assign(m, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'train' },
    spec: { clusterIP: 'None', selector: { 'app.kubernetes.io/instance': 'train' }, ports: [{ name: 'rdzv', port: 29500 }] },
  });
  change(m);
}

/**
 * [rule id, what, manifest mutation (of a clean Job unless `cron`), path the finding names, cron,
 * target version (1.28 when left out)].
 */
type Case = [string, string, (m: any) => void, RegExp, boolean?, Target?];

const CASES: Case[] = [
  ['object.type-meta', 'no apiVersion', m => { delete m.apiVersion; }, /^apiVersion$/],
  ['object.kind', 'a kind in the wrong case', m => { m.kind = 'job'; }, /^kind$/],
  ['metadata.generate-name.invalid', 'a generateName with an underscore', m => { m.metadata.generateName = 'train_'; }, /^metadata\.generateName$/],
  ['metadata.owner-references.invalid', 'an owner without a uid', m => { m.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Pod', name: 'x' }]; }, /^metadata\.ownerReferences/],
  ['metadata.finalizers.invalid', 'a finalizer that is not a qualified name', m => { m.metadata.finalizers = ['not a finalizer']; }, /^metadata\.finalizers/],
  ['metadata.resource-version', 'a resourceVersion on create', m => { m.metadata.resourceVersion = '42'; }, /^metadata\.resourceVersion$/],
  ['service.name.invalid', 'a Service name that starts with a digit', m => asService(m, s => { s.metadata.name = '1train'; }), /^metadata\.name$/],
  ['service.ports', 'port 0', m => asService(m, s => { s.spec.ports[0].port = 0; }), /^spec\.ports\[0\]\.port$/],
  ['service.type', 'a type that does not exist', m => asService(m, s => { s.spec.type = 'Internal'; }), /^spec\.type$/],
  ['service.cluster-ip', 'a clusterIP that is not an IP', m => asService(m, s => { s.spec.clusterIP = 'headless'; }), /^spec\.clusterIP/],
  ['service.selector', 'a selector value with a space', m => asService(m, s => { s.spec.selector.app = 'a b'; }), /^spec\.selector/],
  ['service.session-affinity', 'a session affinity that does not exist', m => asService(m, s => { s.spec.sessionAffinity = 'Sticky'; }), /^spec\.sessionAffinity$/],
  ['service.traffic-policy', 'an internal traffic policy that does not exist', m => asService(m, s => { s.spec.internalTrafficPolicy = 'Nearby'; }), /^spec\.internalTrafficPolicy$/],
  ['service.load-balancer', 'a load balancer class on a ClusterIP Service', m => asService(m, s => { s.spec.loadBalancerClass = 'example.com/lb'; }), /^spec\.loadBalancerClass$/],
  ['service.external-ips', 'a loopback external IP', m => asService(m, s => { s.spec.externalIPs = ['127.0.0.1']; }), /^spec\.externalIPs/],
  ['container.probes', 'a liveness probe without a handler', m => { pod(m).containers[0].livenessProbe = { periodSeconds: 5 }; }, /containers\[0\]\.livenessProbe$/],
  ['container.lifecycle', 'a preStop hook without a handler', m => { pod(m).containers[0].lifecycle = { preStop: {} }; }, /lifecycle\.preStop$/],
  ['object.api-version', 'a batch/v1beta1 CronJob', m => { m.apiVersion = 'batch/v1beta1'; }, /^apiVersion$/, true],
  ['object.field-type', 'backoffLimit as a string', m => { m.spec.backoffLimit = '3'; }, /^spec\.backoffLimit$/],
  ['object.field-type', 'containers as a map', m => { pod(m).containers = { name: 'main' }; }, /^spec\.template\.spec\.containers$/],
  ['object.field-type', 'a completions above int32', m => { m.spec.completions = 2 ** 31; }, /^spec\.completions$/],
  ['schema.unknown-field', 'a field the API does not define', m => { m.spec.retries = 3; }, /^spec\.retries$/],
  ['schema.required', 'a CronJob without jobTemplate', m => { delete m.spec.jobTemplate; }, /^spec\.jobTemplate$/, true],
  ['metadata.name.required', 'no name', m => { delete m.metadata.name; }, /^metadata\.name$/],
  ['metadata.name.invalid', 'an uppercase name', m => { m.metadata.name = 'Train'; }, /^metadata\.name$/],
  ['job.name.too-long', 'a 64-character Job name', m => { m.metadata.name = 'a'.repeat(64); }, /^metadata\.name$/],
  ['cronjob.name.too-long', 'a 53-character CronJob name', m => { m.metadata.name = 'a'.repeat(53); }, /^metadata\.name$/, true],
  ['job.name.indexed-hostname', 'an Indexed Job whose last hostname is 64 characters', m => {
    m.metadata.name = 'a'.repeat(61);
    Object.assign(m.spec, { completionMode: 'Indexed', completions: 11 });
  }, /^metadata\.name$/],
  ['job.name.indexed-hostname', 'an Indexed Job with a dot in its name', m => {
    m.metadata.name = 'a.b';
    Object.assign(m.spec, { completionMode: 'Indexed', completions: 2 });
  }, /^metadata\.name$/],
  ['metadata.namespace.invalid', 'a namespace with a dot', m => { m.metadata.namespace = 'a.b'; }, /^metadata\.namespace$/],
  ['metadata.labels.invalid', 'a label value with a space', m => { m.metadata.labels.team = 'machine learning'; }, /^metadata\.labels\.team$/],
  ['metadata.labels.invalid', 'a template label key with two slashes', m => { m.spec.template.metadata.labels['a/b/c'] = 'x'; }, /^spec\.template\.metadata\.labels\[a\/b\/c\]$/],
  ['metadata.annotations.invalid', 'an annotation key with a space', m => { m.metadata.annotations['my key'] = 'x'; }, /^metadata\.annotations\[my key\]$/],
  ['metadata.annotations.too-large', '300 KiB of annotations', m => { m.metadata.annotations['example.com/blob'] = 'x'.repeat(300 * 1024); }, /^metadata\.annotations$/],
  ['spec.negative', 'a negative backoffLimit', m => { m.spec.backoffLimit = -1; }, /^spec\.backoffLimit$/],
  ['spec.negative', 'a negative startingDeadlineSeconds', m => { m.spec.startingDeadlineSeconds = -5; }, /^spec\.startingDeadlineSeconds$/, true],
  ['job.restart-policy', 'restartPolicy Always', m => { pod(m).restartPolicy = 'Always'; }, /^spec\.template\.spec\.restartPolicy$/],
  ['job.restart-policy', 'no restartPolicy (defaults to Always)', m => { delete pod(m).restartPolicy; delete m.spec.podFailurePolicy; }, /restartPolicy$/],
  ['job.completion-mode', 'an unknown completion mode', m => { m.spec.completionMode = 'Sharded'; }, /^spec\.completionMode$/],
  ['job.indexed.completions', 'Indexed without completions', m => { m.spec.completionMode = 'Indexed'; }, /^spec\.completions$/],
  ['job.indexed.parallelism', 'Indexed with parallelism 100001', m => {
    Object.assign(m.spec, { completionMode: 'Indexed', completions: 10, parallelism: 100001 });
  }, /^spec\.parallelism$/],
  ['job.per-index', 'backoffLimitPerIndex without Indexed', m => { m.spec.backoffLimitPerIndex = 1; }, /^spec\.backoffLimitPerIndex$/],
  ['job.per-index', 'maxFailedIndexes above completions', m => {
    Object.assign(m.spec, { completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1, maxFailedIndexes: 4 });
  }, /^spec\.maxFailedIndexes$/],
  ['job.per-index', 'maxFailedIndexes without backoffLimitPerIndex', m => {
    Object.assign(m.spec, { completionMode: 'Indexed', completions: 3, maxFailedIndexes: 1 });
  }, /^spec\.backoffLimitPerIndex$/],
  ['job.per-index', 'over 100000 completions with backoffLimitPerIndex and no maxFailedIndexes', m => {
    Object.assign(m.spec, { completionMode: 'Indexed', completions: 100001, parallelism: 10, backoffLimitPerIndex: 1 });
  }, /^spec\.maxFailedIndexes$/],
  ['job.pod-replacement-policy', 'an unknown podReplacementPolicy', m => { m.spec.podReplacementPolicy = 'Never'; }, /^spec\.podReplacementPolicy$/],
  ['job.pod-replacement-policy', 'TerminatingOrFailed with a pod failure policy', m => { m.spec.podReplacementPolicy = 'TerminatingOrFailed'; }, /^spec\.podReplacementPolicy$/],
  ['job.success-policy', 'succeededIndexes beyond completions (1.33)', m => {
    Object.assign(m.spec, { completionMode: 'Indexed', completions: 3, successPolicy: { rules: [{ succeededIndexes: '0-5' }] } });
  }, /^spec\.successPolicy\.rules\[0\]\.succeededIndexes$/, false, target('1.33')],
  ['job.success-policy', 'a successPolicy without Indexed completion (1.31)', m => {
    m.spec.successPolicy = { rules: [{ succeededCount: 1 }] };
  }, /^spec\.successPolicy$/, false, target('1.31')],
  ['job.managed-by', 'a managedBy without a domain (1.35)', m => { m.spec.managedBy = 'kueue'; }, /^spec\.managedBy$/, false, target('1.35')],
  ['job.pod-failure-policy.restart-policy', 'a pod failure policy with OnFailure', m => { pod(m).restartPolicy = 'OnFailure'; }, /^spec\.template\.spec\.restartPolicy$/],
  ['job.pod-failure-policy.rules', '21 rules', m => {
    m.spec.podFailurePolicy.rules = Array.from({ length: 21 }, () => ({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }));
  }, /^spec\.podFailurePolicy\.rules$/],
  ['job.pod-failure-policy.rules', 'an unknown action', m => { m.spec.podFailurePolicy.rules[0].action = 'Retry'; }, /rules\[0\]\.action$/],
  ['job.pod-failure-policy.rules', 'FailIndex without backoffLimitPerIndex', m => { m.spec.podFailurePolicy.rules[0].action = 'FailIndex'; }, /rules\[0\]\.action$/],
  ['job.pod-failure-policy.rules', 'a rule with both requirements', m => {
    m.spec.podFailurePolicy.rules[0].onExitCodes = { operator: 'In', values: [1] };
  }, /rules\[0\]$/],
  ['job.pod-failure-policy.exit-codes', 'exit code 0 with In', m => {
    m.spec.podFailurePolicy.rules.push({ action: 'FailJob', onExitCodes: { operator: 'In', values: [0, 1] } });
  }, /onExitCodes\.values\[0\]$/],
  ['job.pod-failure-policy.exit-codes', 'unsorted exit codes', m => {
    m.spec.podFailurePolicy.rules.push({ action: 'FailJob', onExitCodes: { operator: 'In', values: [3, 1] } });
  }, /onExitCodes\.values$/],
  ['job.pod-failure-policy.exit-codes', 'an unknown container name', m => {
    m.spec.podFailurePolicy.rules.push({ action: 'FailJob', onExitCodes: { containerName: 'trainer', operator: 'In', values: [2] } });
  }, /onExitCodes\.containerName$/],
  ['job.pod-failure-policy.pod-conditions', 'a condition with an unknown status', m => {
    m.spec.podFailurePolicy.rules[0].onPodConditions[0].status = 'Maybe';
  }, /onPodConditions\[0\]\.status$/],
  ['job.pod-failure-policy.pod-conditions', 'a CronJob template condition without status (not defaulted there)', m => {
    delete m.spec.jobTemplate.spec.podFailurePolicy.rules[0].onPodConditions[0].status;
  }, /onPodConditions\[0\]\.status$/, true],
  ['job.selector', 'a selector without manualSelector', m => { m.spec.selector = { matchLabels: { team: 'ml' } }; }, /^spec\.selector$/],
  ['job.selector', 'manualSelector with a selector that misses the template', m => {
    Object.assign(m.spec, { manualSelector: true, selector: { matchLabels: { team: 'data' } } });
  }, /^spec\.template\.metadata\.labels$/],
  ['job.selector', 'a CronJob job template with a selector', m => { m.spec.jobTemplate.spec.selector = { matchLabels: { team: 'ml' } }; }, /jobTemplate\.spec\.selector$/, true],
  ['job.template.reserved-labels', 'a template job-name label naming another Job', m => {
    m.spec.template.metadata.labels['batch.kubernetes.io/job-name'] = 'other';
  }, /labels\[batch\.kubernetes\.io\/job-name\]$/],
  ['cronjob.schedule', 'a six-field schedule', m => { m.spec.schedule = '0 0 2 * * *'; }, /^spec\.schedule$/, true],
  ['cronjob.schedule', 'a schedule with CRON_TZ', m => { m.spec.schedule = 'CRON_TZ=UTC 0 2 * * *'; }, /^spec\.schedule$/, true],
  ['cronjob.schedule', 'a schedule that never runs', m => { m.spec.schedule = '0 0 31 2 *'; }, /^spec\.schedule$/, true],
  ['cronjob.time-zone', 'a lowercase time zone', m => { m.spec.timeZone = 'europe/berlin'; }, /^spec\.timeZone$/, true],
  ['cronjob.time-zone', 'Local', m => { m.spec.timeZone = 'Local'; }, /^spec\.timeZone$/, true],
  ['cronjob.concurrency-policy', 'concurrencyPolicy Skip', m => { m.spec.concurrencyPolicy = 'Skip'; }, /^spec\.concurrencyPolicy$/, true],
  ['pod.containers', 'no containers', m => { pod(m).containers = []; }, /containers$/],
  ['pod.containers', 'a duplicate container name', m => {
    pod(m).initContainers = [{ name: 'main', image: 'busybox:1.36', resources: main(m).resources, securityContext: main(m).securityContext }];
  }, /containers\[0\]\.name$/],
  ['pod.volumes', 'a volume with two sources', m => { pod(m).volumes[0].configMap = { name: 'cfg' }; }, /volumes\[0\]$/],
  ['pod.volumes', 'a duplicate volume name', m => { pod(m).volumes.push({ name: 'tmp', emptyDir: {} }); }, /volumes\[1\]\.name$/],
  ['pod.volumes', 'a PVC without claimName', m => { pod(m).volumes.push({ name: 'data', persistentVolumeClaim: {} }); }, /claimName$/],
  ['pod.tolerations', 'Exists with a value', m => { pod(m).tolerations = [{ key: 'nvidia.com/gpu', operator: 'Exists', value: 'present' }]; }, /tolerations\[0\]\.value$/],
  ['pod.tolerations', 'tolerationSeconds without NoExecute', m => { pod(m).tolerations = [{ key: 'a', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }]; }, /tolerations\[0\]\.effect$/],
  ['pod.node-selector', 'a node selector value with a space', m => { pod(m).nodeSelector = { pool: 'gpu pool' }; }, /nodeSelector\.pool$/],
  ['pod.names', 'an invalid service account name', m => { pod(m).serviceAccountName = 'Trainer_SA'; }, /serviceAccountName$/],
  ['pod.fields', 'an unknown dnsPolicy', m => { pod(m).dnsPolicy = 'Cluster'; }, /dnsPolicy$/],
  ['pod.fields', 'a pod activeDeadlineSeconds of 0', m => { pod(m).activeDeadlineSeconds = 0; }, /spec\.activeDeadlineSeconds$/],
  ['pod.security-context', 'a negative fsGroup', m => { pod(m).securityContext.fsGroup = -1; }, /securityContext\.fsGroup$/],
  ['pod.security-context', 'Localhost seccomp without a profile', m => { pod(m).securityContext.seccompProfile = { type: 'Localhost' }; }, /localhostProfile$/],
  ['pod.resources', 'a GPU in pod-level resources (1.34)', m => { pod(m).resources = { limits: { 'nvidia.com/gpu': 1 } }; }, /^spec\.template\.spec\.resources\.limits\[nvidia\.com\/gpu\]$/, false, target('1.34')],
  ['pod.resources', 'pod-level requests below the containers\' (1.34)', m => { pod(m).resources = { requests: { cpu: '100m' } }; }, /^spec\.template\.spec\.resources\.requests\.cpu$/, false, target('1.34')],
  ['pod.resource-claims', 'a container claim the pod does not declare (1.34)', m => { main(m).resources.claims = [{ name: 'gpu' }]; }, /containers\[0\]\.resources\.claims\[0\]$/, false, target('1.34')],
  ['pod.ephemeral-containers', 'an ephemeral container', m => { pod(m).ephemeralContainers = [{ name: 'debug', image: 'busybox:1.36' }]; }, /ephemeralContainers$/],
  ['container.image', 'no image', m => { delete main(m).image; }, /containers\[0\]\.image$/],
  ['container.image', 'an image with a trailing space', m => { main(m).image = 'python:3.12 '; }, /containers\[0\]\.image$/],
  ['container.image-pull-policy', 'pull policy IfNeeded', m => { main(m).imagePullPolicy = 'IfNeeded'; }, /imagePullPolicy$/],
  ['container.restart-policy', 'restartPolicy on a regular container', m => { main(m).restartPolicy = 'Always'; }, /containers\[0\]\.restartPolicy$/],
  ['container.ports', 'port 0', m => { main(m).ports = [{ containerPort: 0 }]; }, /ports\[0\]\.containerPort$/],
  ['container.ports', 'a 16-character port name', m => { main(m).ports = [{ name: 'metrics-endpoint', containerPort: 9090 }]; }, /ports\[0\]\.name$/],
  ['container.env', 'an env name starting with a digit', m => { main(m).env.push({ name: '1X', value: 'a' }); }, /env\[1\]\.name$/],
  ['container.env', 'value and valueFrom together', m => {
    main(m).env.push({ name: 'TOKEN', value: 'a', valueFrom: { secretKeyRef: { name: 'token', key: 'token' } } });
  }, /env\[1\]\.value$/],
  ['container.env', 'a secretKeyRef without a key', m => { main(m).env.push({ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'token' } } }); }, /secretKeyRef\.key$/],
  ['container.env', 'an unsupported fieldPath', m => { main(m).env.push({ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.hostname' } } }); }, /fieldRef\.fieldPath$/],
  ['container.env-from', 'envFrom with two sources', m => { main(m).envFrom = [{ configMapRef: { name: 'a' }, secretRef: { name: 'b' } }]; }, /envFrom\[0\]$/],
  ['container.resources.name', 'a resource named gpu', m => { main(m).resources.limits.gpu = 1; }, /limits\.gpu$/],
  ['container.resources.quantity', 'an unparseable quantity', m => { main(m).resources.requests.memory = '1 GB'; }, /requests\.memory$/],
  ['container.resources.quantity', 'a negative quantity', m => { main(m).resources.requests.cpu = '-1'; }, /requests\.cpu$/],
  ['container.resources.request-over-limit', 'a memory request over its limit', m => { main(m).resources.requests.memory = '2Gi'; }, /requests\.memory$/],
  ['container.resources.extended', 'half a GPU', m => {
    main(m).resources.limits['nvidia.com/gpu'] = '0.5';
  }, /limits\[nvidia\.com\/gpu\]$/],
  ['container.resources.extended', 'a GPU request without a limit', m => { main(m).resources.requests['nvidia.com/gpu'] = 1; }, /limits\[nvidia\.com\/gpu\]$/],
  ['container.resources.extended', 'a GPU request below its limit', m => {
    main(m).resources.requests['nvidia.com/gpu'] = 1;
    main(m).resources.limits['nvidia.com/gpu'] = 2;
  }, /requests\[nvidia\.com\/gpu\]$/],
  ['container.resize-policy', 'a resize policy for a GPU (1.33)', m => {
    main(m).resizePolicy = [{ resourceName: 'nvidia.com/gpu', restartPolicy: 'NotRequired' }];
  }, /resizePolicy\[0\]\.resourceName$/, false, target('1.33')],
  ['container.volume-mounts', 'a mount of a missing volume', m => { main(m).volumeMounts.push({ name: 'data', mountPath: '/data' }); }, /volumeMounts\[1\]\.name$/],
  ['container.volume-mounts', 'two mounts at one path', m => {
    pod(m).volumes.push({ name: 'data', emptyDir: {} });
    main(m).volumeMounts.push({ name: 'data', mountPath: '/tmp' });
  }, /volumeMounts\[1\]\.mountPath$/],
  ['container.volume-mounts', 'a subPath with ..', m => { main(m).volumeMounts[0].subPath = 'a/../../etc'; }, /subPath$/],
  ['container.security-context', 'privileged without privilege escalation', m => { main(m).securityContext.privileged = true; }, /allowPrivilegeEscalation$/],
  ['practice.ttl', 'no TTL', m => { delete m.spec.ttlSecondsAfterFinished; }, /ttlSecondsAfterFinished$/],
  ['practice.backoff-limit', 'no backoffLimit', m => { delete m.spec.backoffLimit; }, /backoffLimit$/],
  ['practice.active-deadline', 'no activeDeadlineSeconds', m => { delete m.spec.activeDeadlineSeconds; }, /activeDeadlineSeconds$/],
  ['practice.requests', 'no CPU request', m => { delete main(m).resources.requests.cpu; }, /resources\.requests$/],
  ['practice.memory-limit', 'no memory limit', m => { delete main(m).resources.limits; }, /resources\.limits$/],
  ['practice.image-pinned', 'an image without a tag', m => { main(m).image = 'python'; }, /image$/],
  ['practice.run-as-non-root', 'no runAsNonRoot', m => {
    delete pod(m).securityContext.runAsNonRoot;
    delete main(m).securityContext.runAsNonRoot;
  }, /runAsNonRoot$/],
  ['practice.privilege-escalation', 'privilege escalation allowed', m => { delete main(m).securityContext.allowPrivilegeEscalation; }, /allowPrivilegeEscalation$/],
  ['practice.capabilities', 'capabilities kept', m => { delete main(m).securityContext.capabilities; }, /capabilities$/],
  ['practice.seccomp', 'no seccomp profile', m => { delete pod(m).securityContext.seccompProfile; }, /seccompProfile$/],
  ['practice.host-access', 'hostNetwork', m => { pod(m).hostNetwork = true; }, /hostNetwork$/],
  ['practice.service-account-token', 'the token mounted', m => { delete pod(m).automountServiceAccountToken; }, /automountServiceAccountToken$/],
  ['practice.alpha-field', 'podReplacementPolicy', m => { m.spec.podReplacementPolicy = 'Failed'; }, /podReplacementPolicy$/],
  ['practice.cronjob-concurrency', 'concurrency Allow', m => { m.spec.concurrencyPolicy = 'Allow'; }, /concurrencyPolicy$/, true],
  ['practice.cronjob-time-zone', 'no time zone', m => { delete m.spec.timeZone; }, /timeZone$/, true],
  ['practice.cronjob-starting-deadline', 'a 5 s starting deadline', m => { m.spec.startingDeadlineSeconds = 5; }, /startingDeadlineSeconds$/, true],
  ['practice.cronjob-history', 'no failed Jobs kept', m => { m.spec.failedJobsHistoryLimit = 0; }, /failedJobsHistoryLimit$/, true],
];

describe('manifest rules', () => {
  test('the clean Job and CronJob pass every rule (no errors, no warnings) and the 1.28 schema', () => {
    // GIVEN
    const manifests = [cleanJob(), cleanCronJob()];
    // WHEN
    const results = manifests.map(m => checkManifest(m));
    // THEN
    expectValidManifests(manifests);
    expect(results.map(r => r.checked)).toEqual([true, true]);
    expect(results.flatMap(r => r.findings)).toEqual([]);
  });

  test.each(CASES.map(c => [c[0], c[1], c] as const))('%s: %s', (_id, _what, [ruleId, , mutate, at, cron, version]) => {
    // GIVEN
    const manifest = cron ? cleanCronJob() : cleanJob();
    mutate(manifest);
    // WHEN
    const { findings } = checkManifest(manifest, version ? { target: version } : {});
    // THEN
    const hits = findings.filter(f => f.ruleId === ruleId);
    expect(hits.map(f => f.path)).toContainEqual(expect.stringMatching(at));
    const hit = hits.find(f => at.test(f.path))!;
    expect(hit.severity).toBe(ruleId.startsWith('practice.') ? 'warning' : 'error');
    expect(hit.object).toBe(`${manifest.kind}/${manifest.metadata.name ?? '(no name)'}`);
    expect(hit.message.length).toBeGreaterThan(10);
    // The rule's fix, or one written for this finding (e.g. the exact kind to write).
    if (hit.fix !== RULES.find(r => r.id === ruleId)!.fix) expect(hit.fix).toMatch(/^write |^rename |^use |^set |^remove /);
  });

  test('every rule of the catalog has a failing case above, and warnings are exactly the practice.* rules', () => {
    const covered = new Set(CASES.map(c => c[0]));
    expect(RULES.map(r => r.id).filter(id => !covered.has(id))).toEqual([]);
    for (const r of RULES) expect(r.severity === 'warning').toBe(r.id.startsWith('practice.'));
    expect(new Set(RULES.map(r => r.id)).size).toBe(RULES.length);
  });

  test('docs/validation.md lists every rule id with its upstream source', () => {
    const docs = fs.readFileSync(path.join(__dirname, '..', 'docs', 'validation.md'), 'utf-8');
    for (const r of RULES) {
      expect(docs).toContain(`\`${r.id}\``);
      expect(docs).toContain(r.upstream.split(' ')[0]);
    }
  });

  test('accepted edge cases are not flagged', () => {
    // GIVEN: things the API server accepts that a naive check might refuse
    const m = cleanJob();
    main(m).resources.limits['nvidia.com/gpu'] = 2; // a limit alone: the request defaults to it
    main(m).resources.requests.cpu = 1; // a number, not a string
    main(m).env.push({ name: 'POD', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } });
    main(m).ports = [{ name: 'metrics', containerPort: 9090 }];
    pod(m).tolerations = [{ operator: 'Exists' }];
    Object.assign(m.spec, { manualSelector: true, selector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['ml'] }] } });
    m.metadata.name = 'a'.repeat(63);
    delete m.spec.podFailurePolicy.rules[0].onPodConditions[0].status; // a Job's is defaulted to True
    // WHEN / THEN
    expect(checkManifest(m).findings).toEqual([]);
  });

  test('an Indexed CronJob leaves room for the Job name suffix (-<minutes>, 9 characters) and the index', () => {
    // GIVEN 51 + 9 + '-99' = 63 characters
    const m = cleanCronJob();
    m.metadata.name = 'a'.repeat(51);
    Object.assign(m.spec.jobTemplate.spec, { completionMode: 'Indexed', completions: 100 });
    expect(checkManifest(m).findings).toEqual([]);
    // WHEN one more character (still within the 52-character CronJob limit)
    m.metadata.name = 'a'.repeat(52);
    // THEN
    expect(checkManifest(m).findings.map(f => f.ruleId)).toEqual(['job.name.indexed-hostname']);
  });

  test('other kinds are skipped; options leave out warnings and ignored rules', () => {
    expect(checkManifest({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } })).toEqual({ checked: false, object: 'Deployment/web', findings: [] });
    const m = cleanJob();
    delete m.spec.ttlSecondsAfterFinished;
    pod(m).restartPolicy = 'Always';
    delete m.spec.podFailurePolicy;
    expect(checkManifest(m).findings.map(f => f.ruleId)).toEqual(['job.restart-policy', 'practice.ttl']);
    expect(checkManifest(m, { noWarnings: true }).findings.map(f => f.ruleId)).toEqual(['job.restart-policy']);
    expect(checkManifest(m, { ignore: new Set(['job.restart-policy']) }).findings.map(f => f.ruleId)).toEqual(['practice.ttl']);
  });

  test('never throws, whatever the manifest holds (property)', () => {
    const anyJobish = fc.record({
      apiVersion: fc.constantFrom('batch/v1', 'batch/v1beta1'),
      kind: fc.constantFrom('Job', 'CronJob'),
      metadata: fc.anything(),
      spec: fc.oneof(fc.anything(), fc.record({ template: fc.anything(), jobTemplate: fc.record({ spec: fc.anything() }), schedule: fc.anything() })),
    });
    fc.assert(fc.property(fc.oneof(fc.anything(), anyJobish), m => {
      const result = checkManifest(m);
      expect(Array.isArray(result.findings)).toBe(true);
    }), { numRuns: 300 });
  });

  test('deeply wrong types are reported as object.field-type, not thrown', () => {
    const m: any = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'x', labels: ['a'] }, spec: { template: { spec: { containers: [{ name: 'main', image: 5, env: 'X=1', resources: { limits: [1] } }] } } } };
    const types = checkManifest(m).findings.filter(f => f.ruleId === 'object.field-type').map(f => f.path);
    expect(types).toEqual(expect.arrayContaining(['metadata.labels', 'spec.template.spec.containers[0].image', 'spec.template.spec.containers[0].env', 'spec.template.spec.containers[0].resources.limits']));
  });
});
