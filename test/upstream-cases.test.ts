import { checkManifest } from '../src/rules';

/**
 * Upstream test cases, ported as data: each case is the manifest a user would write (as `kubectl
 * apply` sends it, before the API server defaults it) for one case of the kubernetes/kubernetes
 * tests `pkg/apis/batch/validation/validation_test.go` (TestValidateJob, TestValidateCronJob,
 * TestValidateCronJobSpec, TestTimeZones) and `pkg/apis/core/validation/validation_test.go` (the
 * pod template parts a Job can hit), with the upstream verdict: accept, or refuse naming the field
 * of the error. The rules must agree: no error finding for `accept`; for `refuse`, an error finding
 * at the field or below it. The cases where they do not are in KNOWN_DIFFERENCES, asserted to still
 * differ, so that a fix shows up.
 *
 * How the Go structs were translated:
 * - The selector and labels the API server generates for a Job (controller-uid, job-name and their
 *   batch.kubernetes.io/ forms) are left out: a user does not write them. A case about a selector
 *   the user gives sets `manualSelector: true` when the server would otherwise generate one.
 * - The core tests validate a Pod (restartPolicy Always, which a Job refuses): in their Job the pod
 *   template has `restartPolicy: OnFailure`, and the case's change is made to that template.
 * - Paths use the rules' notation: `a.b[0].c`, and `[key]` only for a map key that is not a plain
 *   identifier (upstream writes `limits[cpu]`, the rules `limits.cpu`). Fields that the internal
 *   API keeps under `securityContext` (hostNetwork, shareProcessNamespace...) are at their v1 place.
 *
 * Upstream cases not ported (their verdict does not carry over to creating a Job on a 1.28 server):
 * - update-only and ratcheting cases (TestValidateJobUpdate, "... invalid, but unchanged");
 * - features that are alpha (off) or absent in 1.28: backoffLimitPerIndex, maxFailedIndexes,
 *   FailIndex, podReplacementPolicy, successPolicy, managedBy, resizePolicy, sidecar init containers;
 * - cases the server's defaulting makes valid: a pod failure policy condition without status
 *   (SetDefaults_Job sets True), an empty concurrencyPolicy, terminationMessagePolicy or protocol,
 *   an httpGet hook without path or scheme, a fieldRef without apiVersion, an empty dnsPolicy;
 * - cases about values only the server sets (metadata.uid, generated labels with a wrong uid) or
 *   validation options the create path does not use (legacy unprefixed labels, ResourceIsPod-only
 *   checks, a cluster that forbids privileged containers);
 * - duplicates whose manifest is the same as another ported case once the generated labels are
 *   dropped ("valid batch labels", "valid job tracking annotation"...).
 */

/** What the upstream test expects. */
type Verdict = { readonly expect: 'accept' } | { readonly expect: 'refuse'; readonly path: string };

/** One upstream case: `<TestName>/"<case key>"`, the manifest, the verdict. */
type UpstreamCase = Verdict & { readonly name: string; readonly manifest: any };

function accept(test: string, key: string, manifest: any): UpstreamCase {
  return { name: `${test}/${JSON.stringify(key)}`, manifest, expect: 'accept' };
}

function refuse(test: string, key: string, manifest: any, path: string): UpstreamCase {
  return { name: `${test}/${JSON.stringify(key)}`, manifest, expect: 'refuse', path };
}

// ---- base manifests ------------------------------------------------------------------------------

const CONTAINER = { name: 'abc', image: 'image', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' };

/** getValidPodTemplateSpecForGenerated, without the generated selector and labels. */
function generatedJob(): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'myjob', namespace: 'default' },
    spec: {
      template: {
        spec: {
          restartPolicy: 'OnFailure',
          dnsPolicy: 'ClusterFirst',
          containers: [{ ...CONTAINER }],
          initContainers: [{ ...CONTAINER, name: 'def' }],
        },
      },
    },
  };
}

/** getValidManualSelector and getValidPodTemplateSpecForManual. */
function manualJob(): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'myjob', namespace: 'default' },
    spec: {
      selector: { matchLabels: { a: 'b' } },
      manualSelector: true,
      template: {
        metadata: { labels: { a: 'b' } },
        spec: { restartPolicy: 'OnFailure', dnsPolicy: 'ClusterFirst', containers: [{ ...CONTAINER }] },
      },
    },
  };
}

/** TestValidateCronJob's valid CronJob (its job template has no labels). */
function cronJob(): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'mycronjob', namespace: 'default' },
    spec: {
      schedule: '* * * * ?',
      concurrencyPolicy: 'Allow',
      jobTemplate: { spec: { template: generatedJob().spec.template } },
    },
  };
}

/** The Job a core (pod) case is tried in: one container `abc`, nothing else. */
function podJob(): any {
  const m = generatedJob();
  delete m.spec.template.spec.initContainers;
  return m;
}

function job(change: (m: any) => void, base: () => any = generatedJob): any {
  const m = base();
  change(m);
  return m;
}

function cron(change: (m: any) => void): any {
  return job(change, cronJob);
}

const podOf = (m: any): any => m.spec.template.spec;

/** A Job whose pod spec is changed by `change`. */
function withPod(change: (pod: any) => void): any {
  return job(m => change(podOf(m)), podJob);
}

/** A Job whose (only) container gets `fields`. */
function withContainer(fields: object): any {
  return withPod(p => Object.assign(p.containers[0], fields));
}

/** A Job whose only container is replaced by `containers`. */
function withContainers(...containers: object[]): any {
  return withPod(p => { p.containers = containers; });
}

/** A Job whose pod has the volumes `volumes`. */
function withVolumes(...volumes: object[]): any {
  return withPod(p => { p.volumes = volumes; });
}

const P = 'spec.template.spec';
const C = `${P}.containers[0]`;
const V = `${P}.volumes[0]`;

// ---- TestValidateJob -----------------------------------------------------------------------------

const TVJ = 'TestValidateJob';
const PFP = 'spec.podFailurePolicy';

/** A Job with restartPolicy Never and a pod failure policy of `rules` (validPodTemplateSpecForGeneratedRestartPolicyNever). */
function withRules(...rules: object[]): any {
  return job(m => {
    podOf(m).restartPolicy = 'Never';
    m.spec.podFailurePolicy = { rules };
  });
}

const exitCodes = (action: string, operator: string, values: number[], containerName?: string): object => ({
  action, onExitCodes: { ...(containerName ? { containerName } : {}), operator, values },
});

const JOB_CASES: UpstreamCase[] = [
  accept(TVJ, 'valid pod failure policy', withRules(
    { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
    { action: 'FailJob', onPodConditions: [{ type: 'CustomConditionType', status: 'False' }] },
    exitCodes('Count', 'In', [1, 2, 3], 'abc'),
    exitCodes('Ignore', 'In', [4], 'def'),
    exitCodes('FailJob', 'NotIn', [5, 6, 7]),
  )),
  accept(TVJ, 'valid manual selector', job(m => { m.metadata.annotations = { foo: 'bar' }; }, manualJob)),
  accept(TVJ, 'valid generated selector', generatedJob()),
  accept(TVJ, 'valid hostnet', job(m => {
    podOf(m).hostNetwork = true;
    podOf(m).containers[0].ports = [{ containerPort: 12345, protocol: 'TCP' }];
  })),
  accept(TVJ, 'valid NonIndexed completion mode', job(m => { m.spec.completionMode = 'NonIndexed'; })),
  accept(TVJ, 'valid Indexed completion mode', job(m => { Object.assign(m.spec, { completionMode: 'Indexed', completions: 2, parallelism: 100000 }); })),
  refuse(TVJ, 'spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required',
    withRules({ action: 'FailJob' }), `${PFP}.rules[0]`),
  refuse(TVJ, 'spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Duplicate value: 11',
    withRules(exitCodes('FailJob', 'In', [11, 11])), `${PFP}.rules[0].onExitCodes.values[1]`),
  refuse(TVJ, 'spec.podFailurePolicy.rules[0].onExitCodes.values: Too many: 256: must have at most 255 items',
    withRules(exitCodes('FailJob', 'In', Array.from({ length: 256 }, (_, i) => i))), `${PFP}.rules[0].onExitCodes.values`),
  refuse(TVJ, 'spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items',
    withRules(...Array.from({ length: 21 }, (_, i) => exitCodes('FailJob', 'In', [i + 1]))), `${PFP}.rules`),
  refuse(TVJ, 'spec.podFailurePolicy.rules[0].onPodConditions: Too many: 21: must have at most 20 items',
    withRules({ action: 'FailJob', onPodConditions: Array.from({ length: 21 }, (_, i) => ({ type: `CustomType_${i}`, status: 'True' })) }),
    `${PFP}.rules[0].onPodConditions`),
  refuse(TVJ, 'spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 13',
    withRules(exitCodes('FailJob', 'In', [12, 13, 13, 13])), `${PFP}.rules[0].onExitCodes.values[2]`),
  refuse(TVJ, 'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{19, 11}: must be ordered',
    withRules(exitCodes('FailJob', 'In', [19, 11])), `${PFP}.rules[0].onExitCodes.values`),
  refuse(TVJ, 'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{}: at least one value is required',
    withRules(exitCodes('FailJob', 'In', [])), `${PFP}.rules[0].onExitCodes.values`),
  refuse(TVJ, 'spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]',
    withRules(exitCodes('', 'In', [1, 2, 3])), `${PFP}.rules[0].action`),
  refuse(TVJ, 'spec.podFailurePolicy.rules[0].onExitCodes.operator: Required value: valid values: ["In" "NotIn"]',
    withRules(exitCodes('FailJob', '', [1, 2, 3])), `${PFP}.rules[0].onExitCodes.operator`),
  refuse(TVJ, 'spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported',
    withRules({ ...exitCodes('FailJob', 'In', [1, 2, 3], 'abc'), onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }),
    `${PFP}.rules[0]`),
  refuse(TVJ, 'spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator',
    withRules(exitCodes('Ignore', 'In', [1, 0, 2])), `${PFP}.rules[0].onExitCodes.values[1]`),
  refuse(TVJ, 'spec.podFailurePolicy.rules[1].onExitCodes.containerName: Invalid value: "xyz": must be one of the container or initContainer names in the pod template',
    withRules(exitCodes('Ignore', 'In', [1, 2, 3], 'abc'), exitCodes('FailJob', 'In', [5, 6, 7], 'xyz')), `${PFP}.rules[1].onExitCodes.containerName`),
  refuse(TVJ, 'spec.podFailurePolicy.rules[0].action: Unsupported value: "UnknownAction": supported values: "Count", "FailIndex", "FailJob", "Ignore"',
    withRules(exitCodes('UnknownAction', 'In', [1, 2, 3], 'abc')), `${PFP}.rules[0].action`),
  refuse(TVJ, 'spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: "UnknownOperator": supported values: "In", "NotIn"',
    withRules(exitCodes('Ignore', 'UnknownOperator', [1, 2, 3])), `${PFP}.rules[0].onExitCodes.operator`),
  refuse(TVJ, 'spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: "UnknownStatus": supported values: "False", "True", "Unknown"',
    withRules({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'UnknownStatus' }] }), `${PFP}.rules[0].onPodConditions[0].status`),
  refuse(TVJ, 'spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: "": name part must be non-empty',
    withRules({ action: 'Ignore', onPodConditions: [{ status: 'True' }] }), `${PFP}.rules[0].onPodConditions[0].type`),
  refuse(TVJ, 'spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: "Invalid Condition Type": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
    withRules({ action: 'Ignore', onPodConditions: [{ type: 'Invalid Condition Type', status: 'True' }] }), `${PFP}.rules[0].onPodConditions[0].type`),
  refuse(TVJ, 'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
    job(m => { m.spec.podFailurePolicy = { rules: [] }; }), 'spec.template.spec.restartPolicy'),
  refuse(TVJ, 'spec.parallelism:must be greater than or equal to 0', job(m => { m.spec.parallelism = -1; }), 'spec.parallelism'),
  refuse(TVJ, 'spec.backoffLimit:must be greater than or equal to 0', job(m => { m.spec.backoffLimit = -1; }), 'spec.backoffLimit'),
  refuse(TVJ, 'spec.completions:must be greater than or equal to 0', job(m => { m.spec.completions = -1; }), 'spec.completions'),
  refuse(TVJ, 'spec.activeDeadlineSeconds:must be greater than or equal to 0', job(m => { m.spec.activeDeadlineSeconds = -1; }), 'spec.activeDeadlineSeconds'),
  // Without manualSelector the server would generate the missing selector.
  refuse(TVJ, 'spec.selector:Required value', job(m => { delete m.spec.selector; }, manualJob), 'spec.selector'),
  refuse(TVJ, 'spec.template.metadata.labels: Invalid value: map[string]string{"controller-uid":"4d5e6f"}: `selector` does not match template `labels`',
    job(m => { m.spec.template.metadata.labels = { 'controller-uid': '4d5e6f' }; }, manualJob), 'spec.template.metadata.labels'),
  refuse(TVJ, 'spec.template.metadata.labels: Invalid value: map[string]string{"y":"z"}: `selector` does not match template `labels`',
    job(m => { m.spec.template.metadata.labels = { y: 'z' }; }, manualJob), 'spec.template.metadata.labels'),
  refuse(TVJ, 'spec.template.spec.restartPolicy: Required value', job(m => { podOf(m).restartPolicy = 'Always'; }, manualJob), 'spec.template.spec.restartPolicy'),
  refuse(TVJ, 'spec.template.spec.restartPolicy: Unsupported value', job(m => { podOf(m).restartPolicy = 'Invalid'; }, manualJob), 'spec.template.spec.restartPolicy'),
  refuse(TVJ, 'spec.ttlSecondsAfterFinished: must be greater than or equal to 0', job(m => { m.spec.ttlSecondsAfterFinished = -1; }), 'spec.ttlSecondsAfterFinished'),
  refuse(TVJ, 'spec.completions: Required value: when completion mode is Indexed', job(m => { m.spec.completionMode = 'Indexed'; }), 'spec.completions'),
  refuse(TVJ, 'spec.parallelism: must be less than or equal to 100000 when completion mode is Indexed',
    job(m => { Object.assign(m.spec, { completionMode: 'Indexed', completions: 2, parallelism: 100001 }); }), 'spec.parallelism'),
  refuse(TVJ, 'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated',
    job(m => { m.spec.selector = { matchLabels: { a: 'b' } }; }), 'spec.selector'),
];

// ---- TestValidateCronJob, TestValidateCronJobSpec --------------------------------------------------

const TVC = 'TestValidateCronJob';
const TVCS = 'TestValidateCronJobSpec';
const JT = 'spec.jobTemplate.spec';
const zoned = (timeZone: string): any => cron(m => { Object.assign(m.spec, { schedule: '0 * * * *', timeZone }); });

const CRON_CASES: UpstreamCase[] = [
  accept(TVC, 'basic scheduled job', cronJob()),
  accept(TVC, 'hostnet job', cron(m => {
    const pod = m.spec.jobTemplate.spec.template.spec;
    pod.hostNetwork = true;
    pod.containers[0].ports = [{ containerPort: 12345, protocol: 'TCP' }];
  })),
  accept(TVC, 'non-standard scheduled', cron(m => { m.spec.schedule = '@hourly'; })),
  accept(TVC, 'correct timeZone value', zoned('Europe/Rome')),
  refuse(TVC, 'spec.schedule: Invalid value', cron(m => { m.spec.schedule = 'error'; }), 'spec.schedule'),
  refuse(TVC, 'spec.schedule: Required value', cron(m => { m.spec.schedule = ''; }), 'spec.schedule'),
  refuse(TVC, 'spec.schedule: cannot use both timeZone field and TZ or CRON_TZ in schedule',
    cron(m => { Object.assign(m.spec, { schedule: 'TZ=UTC 0 * * * *', timeZone: 'UTC' }); }), 'spec.schedule'),
  refuse(TVC, 'spec.timeZone: timeZone must be nil or non-empty string', zoned(''), 'spec.timeZone'),
  refuse(TVC, 'spec.timeZone: timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones', zoned('LOCAL'), 'spec.timeZone'),
  refuse(TVC, 'spec.timeZone: Invalid value: " Continent/Zone": unknown time zone  Continent/Zone', zoned(' Europe/Rome'), 'spec.timeZone'),
  refuse(TVC, 'spec.timeZone: Invalid value: "Continent/InvalidZone": unknown time zone  Continent/InvalidZone', zoned('Europe/InvalidRome'), 'spec.timeZone'),
  refuse(TVC, 'spec.timeZone: Invalid value: " ": unknown time zone  ', zoned(' '), 'spec.timeZone'),
  refuse(TVC, 'spec.timeZone: Invalid value: "Continent/Zone ": unknown time zone Continent/Zone ', zoned('Europe/Rome '), 'spec.timeZone'),
  refuse(TVC, 'spec.startingDeadlineSeconds:must be greater than or equal to 0', cron(m => { m.spec.startingDeadlineSeconds = -1; }), 'spec.startingDeadlineSeconds'),
  refuse(TVC, 'spec.successfulJobsHistoryLimit: must be greater than or equal to 0',
    cron(m => { m.spec.successfulJobsHistoryLimit = -1; }), 'spec.successfulJobsHistoryLimit'),
  refuse(TVC, 'spec.failedJobsHistoryLimit: must be greater than or equal to 0', cron(m => { m.spec.failedJobsHistoryLimit = -1; }), 'spec.failedJobsHistoryLimit'),
  refuse(TVC, 'spec.jobTemplate.spec.parallelism:must be greater than or equal to 0', cron(m => { m.spec.jobTemplate.spec.parallelism = -1; }), `${JT}.parallelism`),
  refuse(TVC, 'spec.jobTemplate.spec.completions:must be greater than or equal to 0', cron(m => { m.spec.jobTemplate.spec.completions = -1; }), `${JT}.completions`),
  refuse(TVC, 'spec.jobTemplate.spec.activeDeadlineSeconds:must be greater than or equal to 0',
    cron(m => { m.spec.jobTemplate.spec.activeDeadlineSeconds = -1; }), `${JT}.activeDeadlineSeconds`),
  refuse(TVC, 'spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` will be auto-generated',
    cron(m => { m.spec.jobTemplate.spec.selector = { matchLabels: { a: 'b' } }; }), `${JT}.selector`),
  refuse(TVC, 'metadata.name: must be no more than 52 characters',
    cron(m => { m.metadata.name = '10000000002000000000300000000040000000005000000000123'; }), 'metadata.name'),
  refuse(TVC, 'spec.jobTemplate.spec.manualSelector: Unsupported value', cron(m => { m.spec.jobTemplate.spec.manualSelector = true; }), `${JT}.manualSelector`),
  refuse(TVC, 'spec.jobTemplate.spec.template.spec.restartPolicy: Required value',
    cron(m => { m.spec.jobTemplate.spec.template.spec.restartPolicy = 'Always'; }), `${JT}.template.spec.restartPolicy`),
  refuse(TVC, 'spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value',
    cron(m => { m.spec.jobTemplate.spec.template.spec.restartPolicy = 'Invalid'; }), `${JT}.template.spec.restartPolicy`),
  refuse(TVC, 'spec.jobTemplate.spec.ttlSecondsAfterFinished:must be greater than or equal to 0',
    cron(m => { m.spec.jobTemplate.spec.ttlSecondsAfterFinished = -1; }), `${JT}.ttlSecondsAfterFinished`),
  // TestValidateCronJobSpec compares an old and a new spec: the new spec, created.
  accept(TVCS, 'no validation because timeZone is nil for old and new', cron(m => { m.spec.schedule = '0 * * * *'; })),
  accept(TVCS, 'check validation because timeZone is different for new', zoned('America/New_York')),
  refuse(TVCS, 'check validation because timeZone is different for new and invalid', zoned('broken'), 'spec.timeZone'),
  accept(TVCS, 'old timeZone and new timeZone are valid', zoned('America/Chicago')),
  refuse(TVCS, 'old timeZone and new timeZone are invalid, but different', zoned('still broken'), 'spec.timeZone'),
];

// ---- TestValidateVolumes ---------------------------------------------------------------------------

const TVV = 'TestValidateVolumes';
const vol = (name: string, source: object): any => withVolumes({ name, ...source });
const hostPath = (path: string, type: string): object => ({ hostPath: { path, type } });
const iscsi = (fields: object): object => ({ iscsi: { targetPortal: '127.0.0.1', iqn: 'iqn.2015-02.example.com:test', lun: 1, fsType: 'ext4', readOnly: false, ...fields } });
const secretItems = (path: string): object => ({ secret: { secretName: 's', items: [{ key: 'key', path }] } });
const configMapItems = (path: string): object => ({ configMap: { name: 'c', items: [{ key: 'key', path }] } });
const downward = (file: object): object => ({ downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' }, ...file }] } });
const labelsFile = (path: string): object => ({ path, fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } });
const resourceFile = (path: string, resource: string): object => ({ path, resourceFieldRef: { containerName: 'test-container', resource } });
const quobyte = (fields: object): object => ({ quobyte: { registry: 'registry:7861', volume: '/test', tenant: 'ThisIsSomeTenantUUID', ...fields } });
const scaleIO = (fields: object): object => ({ scaleIO: { gateway: 'http://abcd/efg', system: 'test-system', volumeName: 'test-vol-1', ...fields } });
const fc = (fields: object): object => ({ fc: { fsType: 'ext4', readOnly: false, ...fields } });

const VOLUME_CASES: UpstreamCase[] = [
  accept(TVV, 'valid alpha name', vol('empty', { emptyDir: {} })),
  accept(TVV, 'valid num name', vol('123', { emptyDir: {} })),
  accept(TVV, 'valid alphanum name', vol('empty-123', { emptyDir: {} })),
  accept(TVV, 'valid numalpha name', vol('123-empty', { emptyDir: {} })),
  refuse(TVV, 'zero-length name', vol('', { emptyDir: {} }), `${V}.name`),
  refuse(TVV, 'name > 63 characters', vol('a'.repeat(64), { emptyDir: {} }), `${V}.name`),
  refuse(TVV, 'name has dots', vol('a.b.c', { emptyDir: {} }), `${V}.name`),
  refuse(TVV, 'name not a DNS label', vol('Not a DNS label!', { emptyDir: {} }), `${V}.name`),
  accept(TVV, 'default HostPath', vol('hostpath', hostPath('/mnt/path', 'Directory'))),
  accept(TVV, 'valid HostPath', vol('hostpath', hostPath('/mnt/path', 'Socket'))),
  refuse(TVV, 'invalid HostPath', vol('hostpath', hostPath('/mnt/path', 'invalid')), `${V}.hostPath.type`),
  refuse(TVV, 'invalid HostPath backsteps', vol('hostpath', hostPath('/mnt/path/..', 'Directory')), `${V}.hostPath.path`),
  accept(TVV, 'valid GcePersistentDisk', vol('gce-pd', { gcePersistentDisk: { pdName: 'my-PD', fsType: 'ext4', partition: 1, readOnly: false } })),
  accept(TVV, 'valid AWSElasticBlockStore', vol('aws-ebs', { awsElasticBlockStore: { volumeID: 'my-PD', fsType: 'ext4', partition: 1, readOnly: false } })),
  accept(TVV, 'valid GitRepo', vol('git-repo', { gitRepo: { repository: 'my-repo', revision: 'hashstring', directory: 'target' } })),
  accept(TVV, 'valid GitRepo in .', vol('git-repo-dot', { gitRepo: { repository: 'my-repo', directory: '.' } })),
  accept(TVV, 'valid GitRepo with .. in name', vol('git-repo-dot-dot-foo', { gitRepo: { repository: 'my-repo', directory: '..foo' } })),
  refuse(TVV, 'GitRepo starts with ../', vol('gitrepo', { gitRepo: { repository: 'foo', directory: '../dots/bar' } }), `${V}.gitRepo.directory`),
  refuse(TVV, 'GitRepo contains ..', vol('gitrepo', { gitRepo: { repository: 'foo', directory: 'dots/../bar' } }), `${V}.gitRepo.directory`),
  refuse(TVV, 'GitRepo absolute target', vol('gitrepo', { gitRepo: { repository: 'foo', directory: '/abstarget' } }), `${V}.gitRepo.directory`),
  accept(TVV, 'valid ISCSI', vol('iscsi', iscsi({}))),
  accept(TVV, 'valid IQN: eui format', vol('iscsi', iscsi({ iqn: 'eui.0123456789ABCDEF' }))),
  accept(TVV, 'valid IQN: naa format', vol('iscsi', iscsi({ iqn: 'naa.62004567BA64678D0123456789ABCDEF' }))),
  refuse(TVV, 'empty portal', vol('iscsi', iscsi({ targetPortal: '' })), `${V}.iscsi.targetPortal`),
  refuse(TVV, 'empty iqn', vol('iscsi', iscsi({ iqn: '' })), `${V}.iscsi.iqn`),
  refuse(TVV, 'invalid IQN: iqn format', vol('iscsi', iscsi({ iqn: 'iqn.2015-02.example.com:test;ls;' })), `${V}.iscsi.iqn`),
  refuse(TVV, 'invalid IQN: eui format', vol('iscsi', iscsi({ iqn: 'eui.0123456789ABCDEFGHIJ' })), `${V}.iscsi.iqn`),
  refuse(TVV, 'invalid IQN: naa format', vol('iscsi', iscsi({ iqn: 'naa.62004567BA_4-78D.123456789ABCDEF' })), `${V}.iscsi.iqn`),
  accept(TVV, 'valid initiatorName', vol('iscsi', iscsi({ initiatorName: 'iqn.2015-02.example.com:init' }))),
  // Upstream names the field `iscsi.initiatorname` (lowercase); the manifest's field is initiatorName.
  refuse(TVV, 'invalid initiatorName', vol('iscsi', iscsi({ initiatorName: '2015-02.example.com:init' })), `${V}.iscsi.initiatorName`),
  refuse(TVV, 'empty secret', vol('iscsi', iscsi({ chapAuthDiscovery: true })), `${V}.iscsi.secretRef`),
  { ...refuse(TVV, 'empty secret', vol('iscsi', iscsi({ chapAuthSession: true })), `${V}.iscsi.secretRef`), name: `${TVV}/"empty secret" (session CHAP)` },
  accept(TVV, 'valid Secret', vol('secret', { secret: { secretName: 'my-secret' } })),
  accept(TVV, 'valid Secret with defaultMode', vol('secret', { secret: { secretName: 'my-secret', defaultMode: 0o644 } })),
  accept(TVV, 'valid Secret with projection and mode', vol('secret', { secret: { secretName: 'my-secret', items: [{ key: 'key', path: 'filename', mode: 0o644 }] } })),
  accept(TVV, 'valid Secret with subdir projection', vol('secret', { secret: { secretName: 'my-secret', items: [{ key: 'key', path: 'dir/filename' }] } })),
  refuse(TVV, 'secret with missing path', vol('secret', secretItems('')), `${V}.secret.items[0].path`),
  refuse(TVV, 'secret with leading ..', vol('secret', secretItems('../foo')), `${V}.secret.items[0].path`),
  refuse(TVV, 'secret with .. inside', vol('secret', secretItems('foo/../bar')), `${V}.secret.items[0].path`),
  refuse(TVV, 'secret with invalid positive defaultMode', vol('secret', { secret: { secretName: 's', defaultMode: 0o1000 } }), `${V}.secret.defaultMode`),
  refuse(TVV, 'secret with invalid negative defaultMode', vol('secret', { secret: { secretName: 's', defaultMode: -1 } }), `${V}.secret.defaultMode`),
  accept(TVV, 'valid ConfigMap', vol('cfgmap', { configMap: { name: 'my-cfgmap' } })),
  accept(TVV, 'valid ConfigMap with defaultMode', vol('cfgmap', { configMap: { name: 'my-cfgmap', defaultMode: 0o644 } })),
  accept(TVV, 'valid ConfigMap with projection and mode', vol('cfgmap', { configMap: { name: 'my-cfgmap', items: [{ key: 'key', path: 'filename', mode: 0o644 }] } })),
  accept(TVV, 'valid ConfigMap with subdir projection', vol('cfgmap', { configMap: { name: 'my-cfgmap', items: [{ key: 'key', path: 'dir/filename' }] } })),
  refuse(TVV, 'configmap with missing path', vol('cfgmap', configMapItems('')), `${V}.configMap.items[0].path`),
  refuse(TVV, 'configmap with leading ..', vol('cfgmap', configMapItems('../foo')), `${V}.configMap.items[0].path`),
  refuse(TVV, 'configmap with .. inside', vol('cfgmap', configMapItems('foo/../bar')), `${V}.configMap.items[0].path`),
  refuse(TVV, 'configmap with invalid positive defaultMode', vol('cfgmap', { configMap: { name: 'c', defaultMode: 0o1000 } }), `${V}.configMap.defaultMode`),
  refuse(TVV, 'configmap with invalid negative defaultMode', vol('cfgmap', { configMap: { name: 'c', defaultMode: -1 } }), `${V}.configMap.defaultMode`),
  accept(TVV, 'valid Glusterfs', vol('glusterfs', { glusterfs: { endpoints: 'host1', path: 'path', readOnly: false } })),
  refuse(TVV, 'empty hosts', vol('glusterfs', { glusterfs: { endpoints: '', path: 'path', readOnly: false } }), `${V}.glusterfs.endpoints`),
  refuse(TVV, 'empty path', vol('glusterfs', { glusterfs: { endpoints: 'host', path: '', readOnly: false } }), `${V}.glusterfs.path`),
  accept(TVV, 'valid Flocker -- datasetUUID', vol('flocker', { flocker: { datasetUUID: 'd846b09d-223d-43df-ab5b-d6db2206a0e4' } })),
  accept(TVV, 'valid Flocker -- datasetName', vol('flocker', { flocker: { datasetName: 'datasetName' } })),
  refuse(TVV, 'both empty', vol('flocker', { flocker: { datasetName: '' } }), `${V}.flocker`),
  refuse(TVV, 'both specified', vol('flocker', { flocker: { datasetName: 'datasetName', datasetUUID: 'd846b09d-223d-43df-ab5b-d6db2206a0e4' } }), `${V}.flocker`),
  refuse(TVV, 'slash in flocker datasetName', vol('flocker', { flocker: { datasetName: 'foo/bar' } }), `${V}.flocker.datasetName`),
  accept(TVV, 'valid RBD', vol('rbd', { rbd: { monitors: ['foo'], image: 'bar', fsType: 'ext4' } })),
  refuse(TVV, 'empty rbd monitors', vol('rbd', { rbd: { monitors: [], image: 'bar', fsType: 'ext4' } }), `${V}.rbd.monitors`),
  refuse(TVV, 'empty image', vol('rbd', { rbd: { monitors: ['foo'], image: '', fsType: 'ext4' } }), `${V}.rbd.image`),
  accept(TVV, 'valid Cinder', vol('cinder', { cinder: { volumeID: '29ea5088-4f60-4757-962e-dba678767887', fsType: 'ext4', readOnly: false } })),
  accept(TVV, 'valid CephFS', vol('cephfs', { cephfs: { monitors: ['foo'] } })),
  refuse(TVV, 'empty cephfs monitors', vol('cephfs', { cephfs: { monitors: [] } }), `${V}.cephfs.monitors`),
  accept(TVV, 'valid DownwardAPI', vol('downwardapi', {
    downwardAPI: {
      items: [
        labelsFile('labels'),
        { path: 'labels with subscript', fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['key']" } },
        { path: 'labels with complex subscript', fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['test.example.com/key']" } },
        { path: 'annotations', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.annotations' } },
        { path: 'annotations with subscript', fieldRef: { apiVersion: 'v1', fieldPath: "metadata.annotations['key']" } },
        { path: 'annotations with complex subscript', fieldRef: { apiVersion: 'v1', fieldPath: "metadata.annotations['TEST.EXAMPLE.COM/key']" } },
        { path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
        { path: 'name', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } },
        labelsFile('path/with/subdirs'),
        labelsFile('path/./withdot'),
        labelsFile('path/with/embedded..dotdot'),
        labelsFile('path/with/leading/..dotdot'),
        resourceFile('cpu_limit', 'limits.cpu'),
        resourceFile('cpu_request', 'requests.cpu'),
        resourceFile('memory_limit', 'limits.memory'),
        resourceFile('memory_request', 'requests.memory'),
      ],
    },
  })),
  accept(TVV, 'hugepages-downwardAPI-enabled', vol('downwardapi', {
    downwardAPI: { items: [resourceFile('hugepages_request', 'requests.hugepages-2Mi'), resourceFile('hugepages_limit', 'limits.hugepages-2Mi')] },
  })),
  accept(TVV, 'downapi valid defaultMode', vol('downapi', { downwardAPI: { defaultMode: 0o644 } })),
  accept(TVV, 'downapi valid item mode', vol('downapi', downward({ mode: 0o644, path: 'path' }))),
  // Upstream leaves the item index out of these paths (`downwardAPI.mode`, `downwardAPI.path`).
  refuse(TVV, 'downapi invalid positive item mode', vol('downapi', downward({ mode: 0o1000, path: 'path' })), `${V}.downwardAPI`),
  refuse(TVV, 'downapi invalid negative item mode', vol('downapi', downward({ mode: -1, path: 'path' })), `${V}.downwardAPI`),
  refuse(TVV, 'downapi empty metatada path', vol('downapi', downward({ path: '' })), `${V}.downwardAPI`),
  refuse(TVV, 'downapi absolute path', vol('downapi', downward({ path: '/absolutepath' })), `${V}.downwardAPI`),
  refuse(TVV, 'downapi dot dot path', vol('downapi', downward({ path: '../../passwd' })), `${V}.downwardAPI`),
  refuse(TVV, 'downapi dot dot file name', vol('downapi', downward({ path: '..badFileName' })), `${V}.downwardAPI`),
  refuse(TVV, 'downapi dot dot first level dirent', vol('downapi', downward({ path: '..badDirName/goodFileName' })), `${V}.downwardAPI`),
  refuse(TVV, 'downapi fieldRef and ResourceFieldRef together',
    vol('downapi', downward({ path: 'test', resourceFieldRef: { containerName: 'test-container', resource: 'requests.memory' } })), `${V}.downwardAPI`),
  refuse(TVV, 'downapi invalid positive defaultMode', vol('downapi', { downwardAPI: { defaultMode: 0o1000 } }), `${V}.downwardAPI.defaultMode`),
  refuse(TVV, 'downapi invalid negative defaultMode', vol('downapi', { downwardAPI: { defaultMode: -1 } }), `${V}.downwardAPI.defaultMode`),
  accept(TVV, 'FC valid targetWWNs and lun', vol('fc', fc({ targetWWNs: ['some_wwn'], lun: 1 }))),
  accept(TVV, 'FC valid wwids', vol('fc', fc({ wwids: ['some_wwid'] }))),
  refuse(TVV, 'FC empty targetWWNs and wwids', vol('fc', fc({ targetWWNs: [], lun: 1, wwids: [] })), `${V}.fc.targetWWNs`),
  refuse(TVV, 'FC invalid: both targetWWNs and wwids simultaneously', vol('fc', fc({ targetWWNs: ['some_wwn'], lun: 1, wwids: ['some_wwid'] })), `${V}.fc.targetWWNs`),
  refuse(TVV, 'FC valid targetWWNs and empty lun', vol('fc', fc({ targetWWNs: ['wwn'] })), `${V}.fc.lun`),
  refuse(TVV, 'FC valid targetWWNs and invalid lun', vol('fc', fc({ targetWWNs: ['wwn'], lun: 256 })), `${V}.fc.lun`),
  accept(TVV, 'valid FlexVolume', vol('flex-volume', { flexVolume: { driver: 'kubernetes.io/blue', fsType: 'ext4' } })),
  accept(TVV, 'valid AzureFile', vol('azure-file', { azureFile: { secretName: 'key', shareName: 'share', readOnly: false } })),
  refuse(TVV, 'AzureFile empty secret', vol('azure-file', { azureFile: { secretName: '', shareName: 'share', readOnly: false } }), `${V}.azureFile.secretName`),
  refuse(TVV, 'AzureFile empty share', vol('azure-file', { azureFile: { secretName: 'name', shareName: '', readOnly: false } }), `${V}.azureFile.shareName`),
  accept(TVV, 'valid Quobyte', vol('quobyte', quobyte({ volume: 'volume', readOnly: false, user: 'root', group: 'root' }))),
  refuse(TVV, 'empty registry quobyte', vol('quobyte', quobyte({ registry: '' })), `${V}.quobyte.registry`),
  refuse(TVV, 'wrong format registry quobyte', vol('quobyte', quobyte({ registry: 'registry7861' })), `${V}.quobyte.registry`),
  refuse(TVV, 'wrong format multiple registries quobyte', vol('quobyte', quobyte({ registry: 'registry:7861,reg2' })), `${V}.quobyte.registry`),
  refuse(TVV, 'empty volume quobyte', vol('quobyte', quobyte({ volume: '' })), `${V}.quobyte.volume`),
  accept(TVV, 'empty tenant quobyte', vol('quobyte', quobyte({ tenant: '' }))),
  refuse(TVV, 'too long tenant quobyte',
    vol('quobyte', quobyte({ tenant: 'this is too long to be a valid uuid so this test has to fail on the maximum length validation of the tenant.' })),
    `${V}.quobyte.tenant`),
  accept(TVV, 'valid AzureDisk', vol('azure-disk', { azureDisk: { diskName: 'foo', diskURI: 'https://blob/vhds/bar.vhd' } })),
  refuse(TVV, 'AzureDisk empty disk name', vol('azure-disk', { azureDisk: { diskName: '', diskURI: 'https://blob/vhds/bar.vhd' } }), `${V}.azureDisk.diskName`),
  refuse(TVV, 'AzureDisk empty disk uri', vol('azure-disk', { azureDisk: { diskName: 'foo', diskURI: '' } }), `${V}.azureDisk.diskURI`),
  refuse(TVV, 'ScaleIO with empty name', vol('scaleio-volume', scaleIO({ volumeName: '' })), `${V}.scaleIO.volumeName`),
  refuse(TVV, 'ScaleIO with empty gateway', vol('scaleio-volume', scaleIO({ gateway: '' })), `${V}.scaleIO.gateway`),
  refuse(TVV, 'ScaleIO with empty system', vol('scaleio-volume', scaleIO({ gateway: 'http://agc/efg/gateway', system: '' })), `${V}.scaleIO.system`),
  refuse(TVV, 'ProjectedVolumeSource more than one projection in a source',
    vol('projected-volume', { projected: { sources: [{ secret: { name: 'foo' } }, { secret: { name: 'foo' }, downwardAPI: {} }] } }), `${V}.projected.sources[1]`),
  {
    ...refuse(TVV, 'ProjectedVolumeSource more than one projection in a source',
      vol('projected-volume', { projected: { sources: [{ secret: {} }, { secret: {}, downwardAPI: {} }] } }), `${V}.projected.sources[0].secret.name`),
    name: `${TVV}/"ProjectedVolumeSource more than one projection in a source" (no secret names)`,
  },
  refuse(TVV, '(duplicate volume names)', withVolumes({ name: 'abc', emptyDir: {} }, { name: 'abc', emptyDir: {} }), `${P}.volumes[1].name`),
  accept(TVV, '(emptyDir medium HugePages)', vol('working', { emptyDir: { medium: 'HugePages' } })),
];

// ---- TestValidateEnv, TestValidateEnvFrom, TestLocalStorageEnvWithFeatureGate, TestHugePagesEnv -------

const TVE = 'TestValidateEnv';
const TVEF = 'TestValidateEnvFrom';
const E = `${C}.env[0]`;
const EF = `${C}.envFrom`;
const env = (...vars: object[]): any => withContainer({ env: vars });
const envFrom = (...sources: object[]): any => withContainer({ envFrom: sources });
const fieldRef = (fieldPath: string): object => ({ fieldRef: { apiVersion: 'v1', fieldPath } });
const SECRET_REF = { secretKeyRef: { name: 'a-secret', key: 'a-key' } };
const CONFIG_MAP_REF = { configMapKeyRef: { name: 'some-config-map', key: 'some-key' } };

const ENV_CASES: UpstreamCase[] = [
  accept(TVE, '(successCase)', env(
    { name: 'abc', value: 'value' },
    { name: 'ABC', value: 'value' },
    { name: 'AbC_123', value: 'value' },
    { name: 'abc', value: '' },
    { name: 'a.b.c', value: 'value' },
    { name: 'a-b-c', value: 'value' },
    ...["metadata.annotations['key']", "metadata.labels['key']", 'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName',
      'spec.serviceAccountName', 'status.hostIP', 'status.podIP', 'status.podIPs'].map(p => ({ name: 'abc', valueFrom: fieldRef(p) })),
    { name: 'secret_value', valueFrom: { secretKeyRef: { name: 'some-secret', key: 'secret-key' } } },
    { name: 'ENV_VAR_1', valueFrom: CONFIG_MAP_REF },
  )),
  refuse(TVE, 'zero-length name', env({ name: '' }), `${E}.name`),
  refuse(TVE, 'illegal character', env({ name: 'a!b' }), `${E}.name`),
  refuse(TVE, 'dot only', env({ name: '.' }), `${E}.name`),
  refuse(TVE, 'double dots only', env({ name: '..' }), `${E}.name`),
  refuse(TVE, 'leading double dots', env({ name: '..abc' }), `${E}.name`),
  refuse(TVE, 'valueFrom without a source', env({ name: 'abc', valueFrom: {} }), `${E}.valueFrom`),
  refuse(TVE, 'valueFrom.fieldRef and valueFrom.secretKeyRef specified',
    env({ name: 'abc', valueFrom: { ...fieldRef('metadata.name'), ...SECRET_REF } }), `${E}.valueFrom`),
  refuse(TVE, 'valueFrom.fieldRef and valueFrom.configMapKeyRef set',
    env({ name: 'some_var_name', valueFrom: { ...fieldRef('metadata.name'), ...CONFIG_MAP_REF } }), `${E}.valueFrom`),
  {
    ...refuse(TVE, 'valueFrom.fieldRef and valueFrom.secretKeyRef specified',
      env({ name: 'abc', valueFrom: { ...fieldRef('metadata.name'), ...SECRET_REF, ...CONFIG_MAP_REF } }), `${E}.valueFrom`),
    name: `${TVE}/"valueFrom.fieldRef and valueFrom.secretKeyRef specified" (and configMapKeyRef)`,
  },
  refuse(TVE, 'valueFrom.secretKeyRef.name invalid',
    env({ name: 'abc', valueFrom: { secretKeyRef: { name: '$%^&*#', key: 'a-key' } } }), `${E}.valueFrom.secretKeyRef.name`),
  refuse(TVE, 'valueFrom.configMapKeyRef.name invalid',
    env({ name: 'abc', valueFrom: { configMapKeyRef: { name: '$%^&*#', key: 'some-key' } } }), `${E}.valueFrom.configMapKeyRef.name`),
  refuse(TVE, 'missing FieldPath on ObjectFieldSelector', env({ name: 'abc', valueFrom: { fieldRef: { apiVersion: 'v1' } } }), `${E}.valueFrom.fieldRef.fieldPath`),
  refuse(TVE, 'invalid fieldPath', env({ name: 'abc', valueFrom: fieldRef('metadata.whoops') }), `${E}.valueFrom.fieldRef.fieldPath`),
  refuse(TVE, 'metadata.name with subscript', env({ name: 'labels', valueFrom: fieldRef("metadata.name['key']") }), `${E}.valueFrom.fieldRef.fieldPath`),
  refuse(TVE, 'metadata.labels without subscript', env({ name: 'labels', valueFrom: fieldRef('metadata.labels') }), `${E}.valueFrom.fieldRef.fieldPath`),
  refuse(TVE, 'metadata.annotations without subscript', env({ name: 'abc', valueFrom: fieldRef('metadata.annotations') }), `${E}.valueFrom.fieldRef.fieldPath`),
  refuse(TVE, 'metadata.annotations with invalid key', env({ name: 'abc', valueFrom: fieldRef("metadata.annotations['invalid~key']") }), `${E}.valueFrom.fieldRef`),
  refuse(TVE, 'metadata.labels with invalid key', env({ name: 'abc', valueFrom: fieldRef("metadata.labels['Www.k8s.io/test']") }), `${E}.valueFrom.fieldRef`),
  refuse(TVE, 'unsupported fieldPath', env({ name: 'abc', valueFrom: fieldRef('status.phase') }), `${E}.valueFrom.fieldRef.fieldPath`),
  ...['limits', 'requests'].map(kind => accept('TestLocalStorageEnvWithFeatureGate', `ephemeral-storage-${kind}`,
    env({ name: `ephemeral-storage-${kind}`, valueFrom: { resourceFieldRef: { containerName: 'test-container', resource: `${kind}.ephemeral-storage` } } }))),
  ...['limits', 'requests'].map(kind => accept('TestHugePagesEnv', `hugepages-${kind}`,
    env({ name: `hugepages-${kind}`, valueFrom: { resourceFieldRef: { containerName: 'test-container', resource: `${kind}.hugepages-2Mi` } } }))),
  accept(TVEF, '(successCase)', envFrom(
    { configMapRef: { name: 'abc' } },
    { prefix: 'pre_', configMapRef: { name: 'abc' } },
    { prefix: 'a.b', configMapRef: { name: 'abc' } },
    { secretRef: { name: 'abc' } },
    { prefix: 'pre_', secretRef: { name: 'abc' } },
    { prefix: 'a.b', secretRef: { name: 'abc' } },
  )),
  refuse(TVEF, 'zero-length name', envFrom({ configMapRef: { name: '' } }), `${EF}[0].configMapRef.name`),
  refuse(TVEF, 'invalid name', envFrom({ configMapRef: { name: '$' } }), `${EF}[0].configMapRef.name`),
  refuse(TVEF, 'invalid prefix', envFrom({ prefix: 'a!b', configMapRef: { name: 'abc' } }), `${EF}[0].prefix`),
  { ...refuse(TVEF, 'zero-length name', envFrom({ secretRef: { name: '' } }), `${EF}[0].secretRef.name`), name: `${TVEF}/"zero-length name" (secretRef)` },
  { ...refuse(TVEF, 'invalid name', envFrom({ secretRef: { name: '&' } }), `${EF}[0].secretRef.name`), name: `${TVEF}/"invalid name" (secretRef)` },
  { ...refuse(TVEF, 'invalid prefix', envFrom({ prefix: 'a!b', secretRef: { name: 'abc' } }), `${EF}[0].prefix`), name: `${TVEF}/"invalid prefix" (secretRef)` },
  refuse(TVEF, 'no refs', envFrom({}), EF),
  refuse(TVEF, 'multiple refs', envFrom({ secretRef: { name: 'abc' }, configMapRef: { name: 'abc' } }), EF),
  refuse(TVEF, 'invalid secret ref name', envFrom({ secretRef: { name: '$%^&*#' } }), `${EF}[0].secretRef.name`),
  refuse(TVEF, 'invalid config ref name', envFrom({ configMapRef: { name: '$%^&*#' } }), `${EF}[0].configMapRef.name`),
];

// ---- TestValidatePorts, TestValidateVolumeMounts, TestValidateSubpathMutuallyExclusive,
//      TestValidateMountPropagation, Test_validateProbe ------------------------------------------------

const TVP = 'TestValidatePorts';
const PT = `${C}.ports`;
const ports = (...list: object[]): any => withContainer({ ports: list });

/** TestValidateVolumeMounts' volumes. */
const MOUNT_VOLUMES = [
  { name: 'abc', persistentVolumeClaim: { claimName: 'testclaim1' } },
  { name: 'abc-123', persistentVolumeClaim: { claimName: 'testclaim2' } },
  { name: '123', hostPath: { path: '/foo/baz', type: '' } },
  { name: 'ephemeral', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10G' } } } } } },
];
const VM = `${C}.volumeMounts`;
const mounts = (list: object[], securityContext?: object): any => withPod(p => {
  p.volumes = MOUNT_VOLUMES;
  Object.assign(p.containers[0], { volumeMounts: list, ...(securityContext ? { securityContext } : {}) });
});

const probe = (fields: object): any => withContainer({ livenessProbe: { exec: { command: ['echo'] }, ...fields } });
const LP = `${C}.livenessProbe`;

const MOUNT_PORT_PROBE_CASES: UpstreamCase[] = [
  accept(TVP, '(successCase)', ports(
    { name: 'abc', containerPort: 80, hostPort: 80, protocol: 'TCP' },
    { name: 'easy', containerPort: 82, protocol: 'TCP' },
    { name: 'as', containerPort: 83, protocol: 'UDP' },
    { name: 'do-re-me', containerPort: 84, protocol: 'SCTP' },
    { containerPort: 85, protocol: 'TCP' },
  )),
  accept(TVP, '(nonCanonicalCase)', ports({ containerPort: 80, protocol: 'TCP' })),
  refuse(TVP, 'name > 15 characters', ports({ name: 'a'.repeat(16), containerPort: 80, protocol: 'TCP' }), `${PT}[0].name`),
  refuse(TVP, 'name contains invalid characters', ports({ name: 'a.b.c', containerPort: 80, protocol: 'TCP' }), `${PT}[0].name`),
  refuse(TVP, 'name is a number', ports({ name: '80', containerPort: 80, protocol: 'TCP' }), `${PT}[0].name`),
  refuse(TVP, 'name not unique', ports({ name: 'abc', containerPort: 80, protocol: 'TCP' }, { name: 'abc', containerPort: 81, protocol: 'TCP' }), `${PT}[1].name`),
  refuse(TVP, 'zero container port', ports({ containerPort: 0, protocol: 'TCP' }), `${PT}[0].containerPort`),
  refuse(TVP, 'invalid container port', ports({ containerPort: 65536, protocol: 'TCP' }), `${PT}[0].containerPort`),
  refuse(TVP, 'invalid host port', ports({ containerPort: 80, hostPort: 65536, protocol: 'TCP' }), `${PT}[0].hostPort`),
  refuse(TVP, 'invalid protocol case', ports({ containerPort: 80, protocol: 'tcp' }), `${PT}[0].protocol`),
  refuse(TVP, 'invalid protocol', ports({ containerPort: 80, protocol: 'ICMP' }), `${PT}[0].protocol`),
  accept('TestValidateVolumeMounts', '(successCase)', mounts([
    { name: 'abc', mountPath: '/foo' },
    { name: '123', mountPath: '/bar' },
    { name: 'abc-123', mountPath: '/baz' },
    { name: 'abc-123', mountPath: '/baa', subPath: '' },
    { name: 'abc-123', mountPath: '/bab', subPath: 'baz' },
    { name: 'abc-123', mountPath: 'd:', subPath: '' },
    { name: 'abc-123', mountPath: 'F:', subPath: '' },
    { name: 'abc-123', mountPath: 'G:\\mount', subPath: '' },
    { name: 'abc-123', mountPath: '/bac', subPath: '.baz' },
    { name: 'abc-123', mountPath: '/bad', subPath: '..baz' },
    { name: 'ephemeral', mountPath: '/foobar' },
  ])),
  refuse('TestValidateVolumeMounts', 'empty name', mounts([{ name: '', mountPath: '/foo' }]), `${VM}[0].name`),
  refuse('TestValidateVolumeMounts', 'empty mountpath', mounts([{ name: 'abc', mountPath: '' }]), `${VM}[0].mountPath`),
  refuse('TestValidateVolumeMounts', 'mountpath collision', mounts([{ name: 'foo', mountPath: '/path/a' }, { name: 'bar', mountPath: '/path/a' }]), VM),
  refuse('TestValidateVolumeMounts', 'absolute subpath', mounts([{ name: 'abc', mountPath: '/bar', subPath: '/baz' }]), `${VM}[0].subPath`),
  refuse('TestValidateVolumeMounts', 'subpath in ..', mounts([{ name: 'abc', mountPath: '/bar', subPath: '../baz' }]), `${VM}[0].subPath`),
  refuse('TestValidateVolumeMounts', 'subpath contains ..', mounts([{ name: 'abc', mountPath: '/bar', subPath: 'baz/../bat' }]), `${VM}[0].subPath`),
  refuse('TestValidateVolumeMounts', 'subpath ends in ..', mounts([{ name: 'abc', mountPath: '/bar', subPath: './..' }]), `${VM}[0].subPath`),
  refuse('TestValidateVolumeMounts', 'disabled MountPropagation feature gate',
    mounts([{ name: 'abc', mountPath: '/bar', mountPropagation: 'Bidirectional' }]), `${VM}[0].mountPropagation`),
  accept('TestValidateSubpathMutuallyExclusive', 'subpath and subpathexpr not specified', mounts([{ name: 'abc-123', mountPath: '/bab' }])),
  accept('TestValidateSubpathMutuallyExclusive', 'subpath expr specified', mounts([{ name: 'abc-123', mountPath: '/bab', subPathExpr: '$(POD_NAME)' }])),
  accept('TestValidateSubpathMutuallyExclusive', 'subpath specified', mounts([{ name: 'abc-123', mountPath: '/bab', subPath: 'baz' }])),
  refuse('TestValidateSubpathMutuallyExclusive', 'subpath and subpathexpr specified',
    mounts([{ name: 'abc-123', mountPath: '/bab', subPath: 'baz', subPathExpr: '$(POD_NAME)' }]), `${VM}[0]`),
  // TestValidateMountPropagation's cases have no names: [index] and what they try. The privileged
  // cases that expect success are left out: they depend on the server allowing privileged pods.
  ...([
    [0, 'no propagation', undefined, undefined, true],
    [1, 'HostToContainer', 'HostToContainer', undefined, true],
    [2, 'None', 'None', undefined, true],
    [3, 'Bidirectional, implicitly non-privileged', 'Bidirectional', undefined, false],
    [4, 'no propagation, explicitly non-privileged', undefined, { privileged: false }, true],
    [5, 'HostToContainer, explicitly non-privileged', 'HostToContainer', { privileged: false }, true],
    [6, 'Bidirectional, explicitly non-privileged', 'Bidirectional', { privileged: false }, false],
    [10, 'invalid propagation, privileged', 'invalid', { privileged: true }, false],
  ] as Array<[number, string, string | undefined, object | undefined, boolean]>).map(([i, what, propagation, sc, ok]) => {
    const m = mounts([{ name: 'abc', mountPath: '/foo', ...(propagation ? { mountPropagation: propagation } : {}) }], sc);
    const key = `[${i}] ${what}`;
    return ok ? accept('TestValidateMountPropagation', key, m) : refuse('TestValidateMountPropagation', key, m, `${VM}[0].mountPropagation`);
  }),
  // Test_validateProbe's cases have no names either (a livenessProbe of the container here).
  refuse('Test_validateProbe', '[0] no handler', withContainer({ livenessProbe: {} }), LP),
  accept('Test_validateProbe', '[1] exec', probe({})),
  ...['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'].map((field, i) =>
    refuse('Test_validateProbe', `[${i + 2}] ${field} -1`, probe({ [field]: -1 }), `${LP}.${field}`)),
  refuse('Test_validateProbe', '[7] terminationGracePeriodSeconds -1', probe({ terminationGracePeriodSeconds: -1 }), `${LP}.terminationGracePeriodSeconds`),
  refuse('Test_validateProbe', '[8] terminationGracePeriodSeconds 0', probe({ terminationGracePeriodSeconds: 0 }), `${LP}.terminationGracePeriodSeconds`),
  accept('Test_validateProbe', '[9] terminationGracePeriodSeconds 1', probe({ terminationGracePeriodSeconds: 1 })),
];

// ---- TestValidateContainers, TestValidateInitContainers -----------------------------------------------

const TVCT = 'TestValidateContainers';
const TVIC = 'TestValidateInitContainers';
const ctr = (fields: object): object => ({ ...CONTAINER, ...fields });
const resources = (limits?: object, requests?: object): object => ({
  resources: { ...(limits ? { limits } : {}), ...(requests ? { requests } : {}) },
});
/** getResourceLimits(cpu, memory). */
const cpuMem = (cpu: string, memory: string): object => ({ cpu, memory });
const tcp80 = { tcpSocket: { port: 80 } };
const NEGATIVE_PROBE = {
  ...tcp80,
  initialDelaySeconds: -1,
  timeoutSeconds: -1,
  periodSeconds: -1,
  successThreshold: -1,
  failureThreshold: -1,
  terminationGracePeriodSeconds: -1,
};
/** TestValidateContainers' successCase, one container at a time (resize policies, alpha in 1.28, and the privileged one left out). */
const CONTAINER_SUCCESS: Array<[string, object]> = [
  ['abc', {}],
  ['123', {}],
  ['abc-123', {}],
  ['life-123', { lifecycle: { preStop: { exec: { command: ['ls', '-l'] } } } }],
  ['resources-test', resources({ 'cpu': '10', 'memory': '10G', 'my.org/resource': '10' })],
  ['resources-test-with-request-and-limit', resources(cpuMem('10', '10G'), cpuMem('10', '10G'))],
  ['resources-request-limit-simple', resources({ cpu: '10' }, { cpu: '8' })],
  ['resources-request-limit-edge', resources({ 'cpu': '10', 'memory': '10G', 'my.org/resource': '10' }, { 'cpu': '10', 'memory': '10G', 'my.org/resource': '10' })],
  ['resources-request-limit-partials', resources({ 'cpu': '10', 'my.org/resource': '10' }, { cpu: '9.5', memory: '10G' })],
  ['resources-request', resources(undefined, { cpu: '9.5', memory: '10G' })],
  ['same-host-port-different-protocol', { ports: [{ containerPort: 80, hostPort: 80, protocol: 'TCP' }, { containerPort: 80, hostPort: 80, protocol: 'UDP' }] }],
  ['fallback-to-logs-termination-message', { terminationMessagePolicy: 'FallbackToLogsOnError' }],
  ['file-termination-message', { terminationMessagePolicy: 'File' }],
  ['env-from-source', { envFrom: [{ configMapRef: { name: 'test' } }] }],
  ['live-123', { livenessProbe: { ...tcp80, successThreshold: 1 } }],
  ['startup-123', { startupProbe: { ...tcp80, successThreshold: 1 } }],
];

const CONTAINER_CASES: UpstreamCase[] = [
  ...CONTAINER_SUCCESS.map(([name, fields]) => accept(TVCT, `(successCase) ${name}`, withContainers(ctr({ name, ...fields })))),
  refuse(TVCT, 'zero-length name', withContainers(ctr({ name: '' })), `${C}.name`),
  refuse(TVCT, 'zero-length-image', withContainers(ctr({ image: '' })), `${C}.image`),
  refuse(TVCT, 'name > 63 characters', withContainers(ctr({ name: 'a'.repeat(64) })), `${C}.name`),
  refuse(TVCT, 'name not a DNS label', withContainers(ctr({ name: 'a.b.c' })), `${C}.name`),
  refuse(TVCT, 'name not unique', withContainers(ctr({}), ctr({})), `${P}.containers[1].name`),
  refuse(TVCT, 'host port not unique', withContainers(
    ctr({ ports: [{ containerPort: 80, hostPort: 80, protocol: 'TCP' }] }),
    ctr({ name: 'def', ports: [{ containerPort: 81, hostPort: 80, protocol: 'TCP' }] }),
  ), `${P}.containers[1].ports[0].hostPort`),
  refuse(TVCT, 'invalid env var name', withContainers(ctr({ env: [{ name: 'ev!1' }] })), `${C}.env[0].name`),
  refuse(TVCT, 'unknown volume name', withContainers(ctr({ volumeMounts: [{ name: 'anything', mountPath: '/foo' }] })), `${C}.volumeMounts[0].name`),
  refuse(TVCT, 'invalid lifecycle, no exec command.', withContainers(ctr({ lifecycle: { preStop: { exec: {} } } })), `${C}.lifecycle.preStop.exec.command`),
  refuse(TVCT, 'invalid lifecycle, no http port.', withContainers(ctr({ lifecycle: { preStop: { httpGet: { path: '/', scheme: 'HTTP' } } } })),
    `${C}.lifecycle.preStop.httpGet.port`),
  refuse(TVCT, 'invalid lifecycle, no tcp socket port.', withContainers(ctr({ lifecycle: { preStop: { tcpSocket: {} } } })), `${C}.lifecycle.preStop.tcpSocket.port`),
  refuse(TVCT, 'invalid lifecycle, zero tcp socket port.', withContainers(ctr({ lifecycle: { preStop: { tcpSocket: { port: 0 } } } })),
    `${C}.lifecycle.preStop.tcpSocket.port`),
  refuse(TVCT, 'invalid lifecycle, no action.', withContainers(ctr({ lifecycle: { preStop: {} } })), `${C}.lifecycle.preStop`),
  refuse(TVCT, 'invalid readiness probe, terminationGracePeriodSeconds set.', withContainers(ctr({ readinessProbe: { ...tcp80, terminationGracePeriodSeconds: 10 } })),
    `${C}.readinessProbe.terminationGracePeriodSeconds`),
  refuse(TVCT, 'invalid liveness probe, no tcp socket port.', withContainers(ctr({ livenessProbe: { tcpSocket: {}, successThreshold: 1 } })),
    `${C}.livenessProbe.tcpSocket.port`),
  refuse(TVCT, 'invalid liveness probe, no action.', withContainers(ctr({ livenessProbe: { successThreshold: 1 } })), `${C}.livenessProbe`),
  refuse(TVCT, 'invalid liveness probe, successThreshold != 1', withContainers(ctr({ livenessProbe: { ...tcp80, successThreshold: 2 } })),
    `${C}.livenessProbe.successThreshold`),
  refuse(TVCT, 'invalid startup probe, successThreshold != 1', withContainers(ctr({ startupProbe: { ...tcp80, successThreshold: 2 } })),
    `${C}.startupProbe.successThreshold`),
  refuse(TVCT, 'invalid liveness probe, negative numbers', withContainers(ctr({ livenessProbe: NEGATIVE_PROBE })), `${C}.livenessProbe.initialDelaySeconds`),
  refuse(TVCT, 'invalid readiness probe, negative numbers', withContainers(ctr({ readinessProbe: NEGATIVE_PROBE })), `${C}.readinessProbe.initialDelaySeconds`),
  refuse(TVCT, 'invalid startup probe, negative numbers', withContainers(ctr({ startupProbe: NEGATIVE_PROBE })), `${C}.startupProbe.initialDelaySeconds`),
  refuse(TVCT, 'invalid message termination policy', withContainers(ctr({ terminationMessagePolicy: 'Unknown' })), `${C}.terminationMessagePolicy`),
  refuse(TVCT, 'invalid compute resource', withContainers(ctr(resources({ disk: '10G' }))), `${C}.resources.limits.disk`),
  refuse(TVCT, 'Resource CPU invalid', withContainers(ctr(resources(cpuMem('-10', '0')))), `${C}.resources.limits.cpu`),
  refuse(TVCT, 'Resource Requests CPU invalid', withContainers(ctr(resources(undefined, cpuMem('-10', '0')))), `${C}.resources.requests.cpu`),
  refuse(TVCT, 'Resource Memory invalid', withContainers(ctr(resources(cpuMem('0', '-10')))), `${C}.resources.limits.memory`),
  refuse(TVCT, 'Request limit simple invalid', withContainers(ctr(resources(cpuMem('5', '3'), cpuMem('6', '3')))), `${C}.resources.requests`),
  refuse(TVCT, 'Invalid storage limit request', withContainers(ctr(resources({ 'attachable-volumes-aws-ebs': '10' }))),
    `${C}.resources.limits[attachable-volumes-aws-ebs]`),
  refuse(TVCT, 'Memory request limit multiple invalid', withContainers(ctr(resources(cpuMem('5', '3'), cpuMem('5', '4')))), `${C}.resources.requests`),
  refuse(TVCT, 'Invalid env from', withContainers(ctr({ name: 'env-from-source', envFrom: [{ configMapRef: { name: '$%^&*#' } }] })),
    `${C}.envFrom[0].configMapRef.name`),
];

/** TestValidateInitContainers' pod: a regular container `app`, and `inits`. */
const inits = (...list: object[]): any => withPod(p => {
  p.containers = [ctr({ name: 'app', image: 'nginx' })];
  p.initContainers = list;
});
const IC = `${P}.initContainers`;

const INIT_CASES: UpstreamCase[] = [
  accept(TVIC, '(successCase)', inits(
    ctr({ name: 'container-1-same-host-port-different-protocol', ports: [{ containerPort: 80, hostPort: 80, protocol: 'TCP' }, { containerPort: 80, hostPort: 80, protocol: 'UDP' }] }),
    ctr({ name: 'container-2-same-host-port-different-protocol', ports: [{ containerPort: 80, hostPort: 80, protocol: 'TCP' }, { containerPort: 80, hostPort: 80, protocol: 'UDP' }] }),
  )),
  refuse(TVIC, 'empty name', inits(ctr({ name: '' })), `${IC}[0].name`),
  refuse(TVIC, 'invalid termination message policy', inits(ctr({ name: 'init', terminationMessagePolicy: 'Unknown' })), `${IC}[0].terminationMessagePolicy`),
  refuse(TVIC, 'duplicate names', inits(ctr({ name: 'init' }), ctr({ name: 'init' })), `${IC}[1].name`),
  refuse(TVIC, 'duplicate ports', inits(ctr({ ports: [{ containerPort: 8080, hostPort: 8080, protocol: 'TCP' }, { containerPort: 8080, hostPort: 8080, protocol: 'TCP' }] })),
    `${IC}[0].ports[1].hostPort`),
  refuse(TVIC, 'uses disallowed field: Lifecycle', inits(ctr({ name: 'debug', lifecycle: { preStop: { exec: { command: ['ls', '-l'] } } } })), `${IC}[0].lifecycle`),
  refuse(TVIC, 'uses disallowed field: LivenessProbe', inits(ctr({ name: 'debug', livenessProbe: { ...tcp80, successThreshold: 1 } })), `${IC}[0].livenessProbe`),
  refuse(TVIC, 'uses disallowed field: ReadinessProbe', inits(ctr({ name: 'debug', readinessProbe: tcp80 })), `${IC}[0].readinessProbe`),
  refuse(TVIC, 'Container uses disallowed field: StartupProbe', inits(ctr({ name: 'debug', startupProbe: { ...tcp80, successThreshold: 1 } })), `${IC}[0].startupProbe`),
  refuse(TVIC, 'Disallowed field with other errors should only return a single Forbidden', inits(ctr({ name: 'debug', startupProbe: NEGATIVE_PROBE })),
    `${IC}[0].startupProbe`),
];

// ---- TestValidatePodSpec and the other pod-level tests ---------------------------------------------

const TVPS = 'TestValidatePodSpec';
const SC = `${P}.securityContext`;
const VOL = { name: 'vol', emptyDir: {} };
const populated = (fields: object): any => withPod(p => Object.assign(p, { volumes: [VOL] }, fields));
const podSc = (securityContext: object, fields: object = {}): any => withPod(p => Object.assign(p, { securityContext }, fields));
const ALL_FIELDS = {
  initContainers: [ctr({ name: 'ictr', image: 'iimage' })],
  nodeSelector: { key: 'value' },
  nodeName: 'foobar',
  serviceAccountName: 'acct',
};

const POD_SPEC_CASES: UpstreamCase[] = [
  accept(TVPS, 'populate basic fields, leave defaults for most', populated({})),
  accept(TVPS, 'populate all fields', populated({ ...ALL_FIELDS, activeDeadlineSeconds: 30 })),
  accept(TVPS, 'populate all fields with larger active deadline', populated({ ...ALL_FIELDS, activeDeadlineSeconds: 2147483647 })),
  accept(TVPS, 'populate HostNetwork', withPod(p => {
    p.hostNetwork = true;
    p.containers[0].ports = [{ hostPort: 8080, containerPort: 8080, protocol: 'TCP' }];
  })),
  accept(TVPS, 'populate RunAsUser SupplementalGroups FSGroup with minID 0', podSc({ supplementalGroups: [0], runAsUser: 0, fsGroup: 0 })),
  accept(TVPS, 'populate RunAsUser SupplementalGroups FSGroup with maxID 2147483647',
    podSc({ supplementalGroups: [2147483647], runAsUser: 2147483647, fsGroup: 2147483647 })),
  accept(TVPS, 'populate HostIPC', populated({ hostIPC: true })),
  accept(TVPS, 'populate HostPID', populated({ hostPID: true })),
  accept(TVPS, 'populate HostAliases', populated({ hostAliases: [{ ip: '12.34.56.78', hostnames: ['host1', 'host2'] }] })),
  accept(TVPS, 'populate HostAliases with `foo.bar` hostnames', populated({ hostAliases: [{ ip: '12.34.56.78', hostnames: ['host1.foo', 'host2.bar'] }] })),
  accept(TVPS, 'populate HostAliases with HostNetwork', withPod(p => Object.assign(p, {
    hostAliases: [{ ip: '12.34.56.78', hostnames: ['host1.foo', 'host2.bar'] }], hostNetwork: true,
  }))),
  accept(TVPS, 'populate PriorityClassName', populated({ priorityClassName: 'valid-name' })),
  accept(TVPS, 'populate ShareProcessNamespace', populated({ shareProcessNamespace: true })),
  accept(TVPS, 'populate RuntimeClassName', withPod(p => { p.runtimeClassName = 'valid-sandbox'; })),
  accept(TVPS, 'populate Overhead', withPod(p => Object.assign(p, { runtimeClassName: 'valid-sandbox', overhead: {} }))),
  accept(TVPS, 'populate DNSPolicy', podSc({ fsGroupChangePolicy: 'Always' })),
  refuse(TVPS, 'bad volume', withPod(p => { p.volumes = [{}]; }), `${P}.volumes[0]`),
  refuse(TVPS, 'no containers', withPod(p => { p.containers = []; }), `${P}.containers`),
  refuse(TVPS, 'bad container', withPod(p => { p.containers = [{}]; }), `${P}.containers[0]`),
  refuse(TVPS, 'bad init container', withPod(p => { p.initContainers = [{}]; }), `${P}.initContainers[0]`),
  refuse(TVPS, 'bad DNS policy', withPod(p => { p.dnsPolicy = 'invalid'; }), `${P}.dnsPolicy`),
  refuse(TVPS, 'bad service account name', withPod(p => { p.serviceAccountName = 'invalidName'; }), `${P}.serviceAccountName`),
  refuse(TVPS, 'bad restart policy', withPod(p => { p.restartPolicy = 'UnknowPolicy'; }), `${P}.restartPolicy`),
  refuse(TVPS, 'with hostNetwork hostPort not equal to containerPort', withPod(p => {
    p.hostNetwork = true;
    p.containers[0].ports = [{ hostPort: 8080, containerPort: 2600, protocol: 'TCP' }];
  }), `${P}.containers[0].ports[0]`),
  refuse(TVPS, 'with hostAliases with invalid IP', withPod(p => { p.hostAliases = [{ ip: '999.999.999.999', hostnames: ['host1', 'host2'] }]; }),
    `${P}.hostAliases[0].ip`),
  refuse(TVPS, 'with hostAliases with invalid hostname', withPod(p => { p.hostAliases = [{ ip: '12.34.56.78', hostnames: ['@#$^#@#$'] }]; }),
    `${P}.hostAliases[0].hostnames[0]`),
  refuse(TVPS, 'bad supplementalGroups large than math.MaxInt32', podSc({ supplementalGroups: [2147483648, 1234] }), `${SC}.supplementalGroups[0]`),
  refuse(TVPS, 'bad supplementalGroups less than 0', podSc({ supplementalGroups: [-1, 1234] }), `${SC}.supplementalGroups[0]`),
  refuse(TVPS, 'bad runAsUser large than math.MaxInt32', podSc({ runAsUser: 2147483648 }), `${SC}.runAsUser`),
  refuse(TVPS, 'bad runAsUser less than 0', podSc({ runAsUser: -1 }), `${SC}.runAsUser`),
  refuse(TVPS, 'bad fsGroup large than math.MaxInt32', podSc({ fsGroup: 2147483648 }), `${SC}.fsGroup`),
  refuse(TVPS, 'bad fsGroup less than 0', podSc({ fsGroup: -1 }), `${SC}.fsGroup`),
  refuse(TVPS, 'bad-active-deadline-seconds', populated({ ...ALL_FIELDS, initContainers: undefined, activeDeadlineSeconds: 0 }), `${P}.activeDeadlineSeconds`),
  refuse(TVPS, 'active-deadline-seconds-too-large', populated({ ...ALL_FIELDS, initContainers: undefined, activeDeadlineSeconds: 2147483648 }),
    `${P}.activeDeadlineSeconds`),
  refuse(TVPS, 'bad nodeName', populated({ nodeName: 'node name' }), `${P}.nodeName`),
  refuse(TVPS, 'bad PriorityClassName', populated({ priorityClassName: 'InvalidName' }), `${P}.priorityClassName`),
  refuse(TVPS, 'ShareProcessNamespace and HostPID both set', populated({ hostPID: true, shareProcessNamespace: true }), `${P}.shareProcessNamespace`),
  refuse(TVPS, 'bad RuntimeClassName', withPod(p => { p.runtimeClassName = 'invalid/sandbox'; }), `${P}.runtimeClassName`),
  refuse(TVPS, 'bad empty fsGroupchangepolicy', podSc({ fsGroupChangePolicy: '' }), `${SC}.fsGroupChangePolicy`),
  refuse(TVPS, 'bad invalid fsgroupchangepolicy', podSc({ fsGroupChangePolicy: 'invalid' }), `${SC}.fsGroupChangePolicy`),
];

const TDNS = 'TestValidatePodDNSConfig';
const DC = `${P}.dnsConfig`;
const dns = (dnsConfig: object, dnsPolicy = 'ClusterFirst'): any => withPod(p => Object.assign(p, { dnsConfig, dnsPolicy }));
const searches = (...lengths: number[]): object => ({ searches: lengths.map(n => 'a'.repeat(n)) });
const SIX_SEARCHES = ['custom', 'mydomain.com', 'local', 'cluster.local', 'svc.cluster.local', 'default.svc.cluster.local.'];
const THREE_NAMESERVERS = ['127.0.0.1', '10.0.0.10', '8.8.8.8'];
const numbered = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

const DNS_AND_GATES_CASES: UpstreamCase[] = [
  ...['ClusterFirst', 'Default', 'ClusterFirstWithHostNet'].map(policy => accept('TestValidateDNSPolicy', `(successCases) ${policy}`, withPod(p => { p.dnsPolicy = policy; }))),
  refuse('TestValidateDNSPolicy', '(errorCases) invalid', withPod(p => { p.dnsPolicy = 'invalid'; }), `${P}.dnsPolicy`),
  accept(TDNS, 'valid: empty DNSConfig', dns({})),
  accept(TDNS, 'valid: 1 option', dns({ options: [{ name: 'ndots', value: '2' }] })),
  accept(TDNS, 'valid: 1 nameserver', dns({ nameservers: ['127.0.0.1'] })),
  accept(TDNS, 'valid: DNSNone with 1 nameserver', dns({ nameservers: ['127.0.0.1'] }, 'None')),
  accept(TDNS, 'valid: 1 search path', dns({ searches: ['custom'] })),
  accept(TDNS, 'valid: 1 search path with trailing period', dns({ searches: ['custom.'] })),
  accept(TDNS, 'valid: 3 nameservers and 6 search paths(legacy)', dns({ nameservers: THREE_NAMESERVERS, searches: SIX_SEARCHES })),
  accept(TDNS, 'valid: 3 nameservers and 32 search paths', dns({ nameservers: THREE_NAMESERVERS, searches: [...SIX_SEARCHES, ...numbered(7, 32)] })),
  accept(TDNS, 'valid: 256 characters in search path list(legacy)', dns(searches(1, 50, 50, 50, 50, 50))),
  accept(TDNS, 'valid: 2048 characters in search path list', dns(searches(64, ...Array(31).fill(63)))),
  accept(TDNS, 'valid: ipv6 nameserver', dns({ nameservers: ['FE80::0202:B3FF:FE1E:8329'] })),
  refuse(TDNS, 'invalid: 4 nameservers', dns({ nameservers: [...THREE_NAMESERVERS, '1.2.3.4'] }), `${DC}.nameservers`),
  accept(TDNS, 'valid: 7 search paths', dns({ searches: ['custom', 'mydomain.com', 'local', 'cluster.local', 'svc.cluster.local', 'default.svc.cluster.local', 'exceeded'] })),
  refuse(TDNS, 'invalid: 33 search paths', dns({ searches: [...SIX_SEARCHES, ...numbered(7, 33)] }), `${DC}.searches`),
  accept(TDNS, 'valid: 257 characters in search path list', dns(searches(2, 50, 50, 50, 50, 50))),
  refuse(TDNS, 'invalid: 2049 characters in search path list', dns(searches(65, ...Array(31).fill(63))), `${DC}.searches`),
  refuse(TDNS, 'invalid search path', dns({ searches: ['custom?'] }), `${DC}.searches[0]`),
  refuse(TDNS, 'invalid nameserver', dns({ nameservers: ['invalid'] }), `${DC}.nameservers[0]`),
  refuse(TDNS, 'invalid empty option name', dns({ options: [{ value: '2' }] }), `${DC}.options[0]`),
  refuse(TDNS, 'invalid: DNSNone with 0 nameserver', dns({ searches: ['custom'] }, 'None'), `${DC}.nameservers`),
  accept('TestValidatePodReadinessGates', 'no gate', withPod(p => { p.readinessGates = []; })),
  accept('TestValidatePodReadinessGates', 'one readiness gate', withPod(p => { p.readinessGates = [{ conditionType: 'example.com/condition' }]; })),
  accept('TestValidatePodReadinessGates', 'two readiness gates', withPod(p => {
    p.readinessGates = [{ conditionType: 'example.com/condition1' }, { conditionType: 'example.com/condition2' }];
  })),
  refuse('TestValidatePodReadinessGates', 'invalid condition type', withPod(p => { p.readinessGates = [{ conditionType: 'invalid/condition/type' }]; }),
    `${P}.readinessGates[0]`),
  ...([
    ['empty string in gates', ['foo', ''], 1],
    ['legal gates', ['foo', 'bar'], undefined],
    ['illegal gates', ['foo', '\nbar'], 1],
    ['duplicated gates (single duplication)', ['foo', 'bar', 'bar'], 2],
    ['duplicated gates (multiple duplications)', ['foo', 'bar', 'foo', 'baz', 'foo', 'bar'], 2],
  ] as Array<[string, string[], number | undefined]>).map(([key, names, bad]) => {
    const m = withPod(p => { p.schedulingGates = names.map(name => ({ name })); });
    return bad === undefined ? accept('TestValidateSchedulingGates', key, m) : refuse('TestValidateSchedulingGates', key, m, `${P}.schedulingGates[${bad}]`);
  }),
];

// ---- TestHugePagesIsolation, security contexts -----------------------------------------------------

const THP = 'TestHugePagesIsolation';
const hugePages = (requests: object, limits: object): any => withContainers(ctr({ name: 'ctr', resources: { requests, limits } }));
const BASE_RESOURCES = { 'cpu': '10', 'memory': '10G', 'hugepages-2Mi': '1Gi' };
const TWO_SIZES = { ...BASE_RESOURCES, 'hugepages-1Gi': '2Gi' };
const FULL_SC = {
  privileged: false,
  capabilities: { add: ['foo'], drop: ['bar'] },
  seLinuxOptions: { user: 'user', role: 'role', type: 'type', level: 'level' },
  runAsUser: 1,
};
const containerSc = (securityContext: object): any => withContainer({ securityContext });
const without = (key: string): object => Object.fromEntries(Object.entries(FULL_SC).filter(([k]) => k !== key));
const withOs = (name: string, change: (pod: any) => void): any => withPod(p => { p.os = { name }; change(p); });

const SECURITY_CASES: UpstreamCase[] = [
  accept(THP, 'Valid: request hugepages-2Mi', hugePages(BASE_RESOURCES, BASE_RESOURCES)),
  accept(THP, 'Valid: request more than one hugepages size', hugePages(TWO_SIZES, TWO_SIZES)),
  accept(THP, 'Valid: request hugepages-1Gi, limit hugepages-2Mi and hugepages-1Gi', hugePages(TWO_SIZES, TWO_SIZES)),
  refuse(THP, 'Invalid: not requesting cpu and memory', hugePages({ 'hugepages-2Mi': '1Gi' }, { 'hugepages-2Mi': '1Gi' }), `${C}.resources`),
  refuse(THP, 'Invalid: request 1Gi hugepages-2Mi but limit 2Gi', hugePages(BASE_RESOURCES, { ...BASE_RESOURCES, 'hugepages-2Mi': '2Gi' }),
    `${C}.resources.requests[hugepages-2Mi]`),
  accept('TestValidateSecurityContext', 'all settings', containerSc(FULL_SC)),
  accept('TestValidateSecurityContext', 'no capabilities', containerSc(without('capabilities'))),
  accept('TestValidateSecurityContext', 'no selinux', containerSc(without('seLinuxOptions'))),
  accept('TestValidateSecurityContext', 'no priv request', containerSc(without('privileged'))),
  accept('TestValidateSecurityContext', 'no run as user', containerSc(without('runAsUser'))),
  refuse('TestValidateSecurityContext', 'negative RunAsUser', containerSc({ ...FULL_SC, runAsUser: -1 }), `${C}.securityContext.runAsUser`),
  refuse('TestValidateSecurityContext', 'with CAP_SYS_ADMIN and allowPrivilegeEscalation false',
    containerSc({ ...FULL_SC, capabilities: { add: ['CAP_SYS_ADMIN'], drop: ['bar'] }, allowPrivilegeEscalation: false }), `${C}.securityContext`),
  refuse('TestValidateSecurityContext', 'with privileged and allowPrivilegeEscalation false',
    containerSc({ ...FULL_SC, privileged: true, allowPrivilegeEscalation: false }), `${C}.securityContext`),
  accept('TestValidateWindowsPodSecurityContext', 'valid SC, windows, no error',
    withOs('windows', p => { p.securityContext = { windowsOptions: { runAsUserName: 'dummy' } }; })),
  refuse('TestValidateWindowsPodSecurityContext', 'invalid SC, windows, error',
    withOs('windows', p => { p.securityContext = { seLinuxOptions: { role: 'dummyRole' } }; }), `${SC}.seLinuxOptions`),
  accept('TestValidateLinuxPodSecurityContext', 'valid SC, linux, no error',
    withOs('linux', p => { p.securityContext = { seLinuxOptions: { user: 'user', role: 'role', type: 'type', level: 'level' }, runAsUser: 1 }; })),
  refuse('TestValidateLinuxPodSecurityContext', 'invalid SC, linux, error',
    withOs('linux', p => { p.securityContext = { windowsOptions: { runAsUserName: 'myUser' } }; }), `${SC}.windowsOptions`),
  accept('TestValidateLinuxSecurityContext', 'valid SC, linux, no error', withOs('linux', p => { p.containers[0].securityContext = FULL_SC; })),
  refuse('TestValidateLinuxSecurityContext', 'invalid SC, linux, error',
    withOs('linux', p => { p.containers[0].securityContext = { windowsOptions: { runAsUserName: 'myUser' } }; }), `${C}.securityContext.windowsOptions`),
];

// ---- TestTimeZones ---------------------------------------------------------------------------------

/** TestTimeZones: every name the test expects validateTimeZone to accept (go1.19's tzdata). */
const TIME_ZONES = `
Africa/Abidjan Africa/Accra Africa/Addis_Ababa Africa/Algiers Africa/Asmara Africa/Asmera Africa/Bamako Africa/Bangui Africa/Banjul
Africa/Bissau Africa/Blantyre Africa/Brazzaville Africa/Bujumbura Africa/Cairo Africa/Casablanca Africa/Ceuta Africa/Conakry Africa/Dakar
Africa/Dar_es_Salaam Africa/Djibouti Africa/Douala Africa/El_Aaiun Africa/Freetown Africa/Gaborone Africa/Harare Africa/Johannesburg
Africa/Juba Africa/Kampala Africa/Khartoum Africa/Kigali Africa/Kinshasa Africa/Lagos Africa/Libreville Africa/Lome Africa/Luanda
Africa/Lubumbashi Africa/Lusaka Africa/Malabo Africa/Maputo Africa/Maseru Africa/Mbabane Africa/Mogadishu Africa/Monrovia Africa/Nairobi
Africa/Ndjamena Africa/Niamey Africa/Nouakchott Africa/Ouagadougou Africa/Porto-Novo Africa/Sao_Tome Africa/Timbuktu Africa/Tripoli
Africa/Tunis Africa/Windhoek America/Adak America/Anchorage America/Anguilla America/Antigua America/Araguaina
America/Argentina/Buenos_Aires America/Argentina/Catamarca America/Argentina/ComodRivadavia America/Argentina/Cordoba America/Argentina/Jujuy
America/Argentina/La_Rioja America/Argentina/Mendoza America/Argentina/Rio_Gallegos America/Argentina/Salta America/Argentina/San_Juan
America/Argentina/San_Luis America/Argentina/Tucuman America/Argentina/Ushuaia America/Aruba America/Asuncion America/Atikokan America/Atka
America/Bahia America/Bahia_Banderas America/Barbados America/Belem America/Belize America/Blanc-Sablon America/Boa_Vista America/Bogota
America/Boise America/Buenos_Aires America/Cambridge_Bay America/Campo_Grande America/Cancun America/Caracas America/Catamarca America/Cayenne
America/Cayman America/Chicago America/Chihuahua America/Coral_Harbour America/Cordoba America/Costa_Rica America/Creston America/Cuiaba
America/Curacao America/Danmarkshavn America/Dawson America/Dawson_Creek America/Denver America/Detroit America/Dominica America/Edmonton
America/Eirunepe America/El_Salvador America/Ensenada America/Fort_Nelson America/Fort_Wayne America/Fortaleza America/Glace_Bay
America/Godthab America/Goose_Bay America/Grand_Turk America/Grenada America/Guadeloupe America/Guatemala America/Guayaquil America/Guyana
America/Halifax America/Havana America/Hermosillo America/Indiana/Indianapolis America/Indiana/Knox America/Indiana/Marengo
America/Indiana/Petersburg America/Indiana/Tell_City America/Indiana/Vevay America/Indiana/Vincennes America/Indiana/Winamac
America/Indianapolis America/Inuvik America/Iqaluit America/Jamaica America/Jujuy America/Juneau America/Kentucky/Louisville
America/Kentucky/Monticello America/Knox_IN America/Kralendijk America/La_Paz America/Lima America/Los_Angeles America/Louisville
America/Lower_Princes America/Maceio America/Managua America/Manaus America/Marigot America/Martinique America/Matamoros America/Mazatlan
America/Mendoza America/Menominee America/Merida America/Metlakatla America/Mexico_City America/Miquelon America/Moncton America/Monterrey
America/Montevideo America/Montreal America/Montserrat America/Nassau America/New_York America/Nipigon America/Nome America/Noronha
America/North_Dakota/Beulah America/North_Dakota/Center America/North_Dakota/New_Salem America/Nuuk America/Ojinaga America/Panama
America/Pangnirtung America/Paramaribo America/Phoenix America/Port-au-Prince America/Port_of_Spain America/Porto_Acre America/Porto_Velho
America/Puerto_Rico America/Punta_Arenas America/Rainy_River America/Rankin_Inlet America/Recife America/Regina America/Resolute
America/Rio_Branco America/Rosario America/Santa_Isabel America/Santarem America/Santiago America/Santo_Domingo America/Sao_Paulo
America/Scoresbysund America/Shiprock America/Sitka America/St_Barthelemy America/St_Johns America/St_Kitts America/St_Lucia
America/St_Thomas America/St_Vincent America/Swift_Current America/Tegucigalpa America/Thule America/Thunder_Bay America/Tijuana
America/Toronto America/Tortola America/Vancouver America/Virgin America/Whitehorse America/Winnipeg America/Yakutat America/Yellowknife
Antarctica/Casey Antarctica/Davis Antarctica/DumontDUrville Antarctica/Macquarie Antarctica/Mawson Antarctica/McMurdo Antarctica/Palmer
Antarctica/Rothera Antarctica/South_Pole Antarctica/Syowa Antarctica/Troll Antarctica/Vostok Arctic/Longyearbyen Asia/Aden Asia/Almaty
Asia/Amman Asia/Anadyr Asia/Aqtau Asia/Aqtobe Asia/Ashgabat Asia/Ashkhabad Asia/Atyrau Asia/Baghdad Asia/Bahrain Asia/Baku Asia/Bangkok
Asia/Barnaul Asia/Beirut Asia/Bishkek Asia/Brunei Asia/Calcutta Asia/Chita Asia/Choibalsan Asia/Chongqing Asia/Chungking Asia/Colombo
Asia/Dacca Asia/Damascus Asia/Dhaka Asia/Dili Asia/Dubai Asia/Dushanbe Asia/Famagusta Asia/Gaza Asia/Harbin Asia/Hebron Asia/Ho_Chi_Minh
Asia/Hong_Kong Asia/Hovd Asia/Irkutsk Asia/Istanbul Asia/Jakarta Asia/Jayapura Asia/Jerusalem Asia/Kabul Asia/Kamchatka Asia/Karachi
Asia/Kashgar Asia/Kathmandu Asia/Katmandu Asia/Khandyga Asia/Kolkata Asia/Krasnoyarsk Asia/Kuala_Lumpur Asia/Kuching Asia/Kuwait Asia/Macao
Asia/Macau Asia/Magadan Asia/Makassar Asia/Manila Asia/Muscat Asia/Nicosia Asia/Novokuznetsk Asia/Novosibirsk Asia/Omsk Asia/Oral
Asia/Phnom_Penh Asia/Pontianak Asia/Pyongyang Asia/Qatar Asia/Qostanay Asia/Qyzylorda Asia/Rangoon Asia/Riyadh Asia/Saigon Asia/Sakhalin
Asia/Samarkand Asia/Seoul Asia/Shanghai Asia/Singapore Asia/Srednekolymsk Asia/Taipei Asia/Tashkent Asia/Tbilisi Asia/Tehran Asia/Tel_Aviv
Asia/Thimbu Asia/Thimphu Asia/Tokyo Asia/Tomsk Asia/Ujung_Pandang Asia/Ulaanbaatar Asia/Ulan_Bator Asia/Urumqi Asia/Ust-Nera Asia/Vientiane
Asia/Vladivostok Asia/Yakutsk Asia/Yangon Asia/Yekaterinburg Asia/Yerevan Atlantic/Azores Atlantic/Bermuda Atlantic/Canary
Atlantic/Cape_Verde Atlantic/Faeroe Atlantic/Faroe Atlantic/Jan_Mayen Atlantic/Madeira Atlantic/Reykjavik Atlantic/South_Georgia
Atlantic/St_Helena Atlantic/Stanley Australia/ACT Australia/Adelaide Australia/Brisbane Australia/Broken_Hill Australia/Canberra
Australia/Currie Australia/Darwin Australia/Eucla Australia/Hobart Australia/LHI Australia/Lindeman Australia/Lord_Howe Australia/Melbourne
Australia/North Australia/NSW Australia/Perth Australia/Queensland Australia/South Australia/Sydney Australia/Tasmania Australia/Victoria
Australia/West Australia/Yancowinna Brazil/Acre Brazil/DeNoronha Brazil/East Brazil/West Canada/Atlantic Canada/Central Canada/Eastern
Canada/Mountain Canada/Newfoundland Canada/Pacific Canada/Saskatchewan Canada/Yukon CET Chile/Continental Chile/EasterIsland CST6CDT Cuba
EET Egypt Eire EST EST5EDT Etc/GMT Etc/GMT+0 Etc/GMT+1 Etc/GMT+10 Etc/GMT+11 Etc/GMT+12 Etc/GMT+2 Etc/GMT+3 Etc/GMT+4 Etc/GMT+5 Etc/GMT+6
Etc/GMT+7 Etc/GMT+8 Etc/GMT+9 Etc/GMT-0 Etc/GMT-1 Etc/GMT-10 Etc/GMT-11 Etc/GMT-12 Etc/GMT-13 Etc/GMT-14 Etc/GMT-2 Etc/GMT-3 Etc/GMT-4
Etc/GMT-5 Etc/GMT-6 Etc/GMT-7 Etc/GMT-8 Etc/GMT-9 Etc/GMT0 Etc/Greenwich Etc/UCT Etc/Universal Etc/UTC Etc/Zulu Europe/Amsterdam
Europe/Andorra Europe/Astrakhan Europe/Athens Europe/Belfast Europe/Belgrade Europe/Berlin Europe/Bratislava Europe/Brussels
Europe/Bucharest Europe/Budapest Europe/Busingen Europe/Chisinau Europe/Copenhagen Europe/Dublin Europe/Gibraltar Europe/Guernsey
Europe/Helsinki Europe/Isle_of_Man Europe/Istanbul Europe/Jersey Europe/Kaliningrad Europe/Kiev Europe/Kirov Europe/Lisbon Europe/Ljubljana
Europe/London Europe/Luxembourg Europe/Madrid Europe/Malta Europe/Mariehamn Europe/Minsk Europe/Monaco Europe/Moscow Europe/Nicosia
Europe/Oslo Europe/Paris Europe/Podgorica Europe/Prague Europe/Riga Europe/Rome Europe/Samara Europe/San_Marino Europe/Sarajevo
Europe/Saratov Europe/Simferopol Europe/Skopje Europe/Sofia Europe/Stockholm Europe/Tallinn Europe/Tirane Europe/Tiraspol Europe/Ulyanovsk
Europe/Uzhgorod Europe/Vaduz Europe/Vatican Europe/Vienna Europe/Vilnius Europe/Volgograd Europe/Warsaw Europe/Zagreb Europe/Zaporozhye
Europe/Zurich Factory GB GB-Eire GMT GMT+0 GMT-0 GMT0 Greenwich Hongkong HST Iceland Indian/Antananarivo Indian/Chagos Indian/Christmas
Indian/Cocos Indian/Comoro Indian/Kerguelen Indian/Mahe Indian/Maldives Indian/Mauritius Indian/Mayotte Indian/Reunion Iran Israel Jamaica
Japan Kwajalein Libya MET Mexico/BajaNorte Mexico/BajaSur Mexico/General MST MST7MDT Navajo NZ NZ-CHAT Pacific/Apia Pacific/Auckland
Pacific/Bougainville Pacific/Chatham Pacific/Chuuk Pacific/Easter Pacific/Efate Pacific/Enderbury Pacific/Fakaofo Pacific/Fiji
Pacific/Funafuti Pacific/Galapagos Pacific/Gambier Pacific/Guadalcanal Pacific/Guam Pacific/Honolulu Pacific/Johnston Pacific/Kanton
Pacific/Kiritimati Pacific/Kosrae Pacific/Kwajalein Pacific/Majuro Pacific/Marquesas Pacific/Midway Pacific/Nauru Pacific/Niue
Pacific/Norfolk Pacific/Noumea Pacific/Pago_Pago Pacific/Palau Pacific/Pitcairn Pacific/Pohnpei Pacific/Ponape Pacific/Port_Moresby
Pacific/Rarotonga Pacific/Saipan Pacific/Samoa Pacific/Tahiti Pacific/Tarawa Pacific/Tongatapu Pacific/Truk Pacific/Wake Pacific/Wallis
Pacific/Yap Poland Portugal PRC PST8PDT ROC ROK Singapore Turkey UCT Universal US/Alaska US/Aleutian US/Arizona US/Central US/East-Indiana
US/Eastern US/Hawaii US/Indiana-Starke US/Michigan US/Mountain US/Pacific US/Samoa UTC W-SU WET Zulu
`.trim().split(/\s+/);

// ---- the table, and where the rules disagree -------------------------------------------------------

const CASES: UpstreamCase[] = [
  ...JOB_CASES, ...CRON_CASES, ...VOLUME_CASES, ...ENV_CASES, ...MOUNT_PORT_PROBE_CASES, ...CONTAINER_CASES, ...INIT_CASES,
  ...POD_SPEC_CASES, ...DNS_AND_GATES_CASES, ...SECURITY_CASES,
];

/** Upstream cases where the rules do not agree (yet): asserted to still differ. */
const KNOWN_DIFFERENCES: Array<{ readonly upstream: UpstreamCase; readonly reason: string }> = [
  {
    upstream: refuse(TVV, 'more than one source', vol('dups', { emptyDir: {}, ...hostPath('/mnt/path', 'Directory') }), `${V}.hostPath`),
    reason: 'refused, but the rules report the volume (volumes[0]), not the second source (volumes[0].hostPath)',
  },
  {
    upstream: refuse(TVIC, 'name collision with regular container', inits(ctr({ name: 'app' })), `${IC}[0].name`),
    reason: 'refused, but the rules check init containers first and report the regular container (containers[0].name) as the duplicate',
  },
  {
    upstream: refuse(TVE, 'value and valueFrom specified', env({ name: 'abc', value: 'foo', valueFrom: fieldRef('metadata.name') }), `${E}.valueFrom`),
    reason: 'refused, but the rules report env[0].value, upstream env[0].valueFrom',
  },
  {
    upstream: accept(TVCT, '(successCase) def', withContainers(ctr({ name: 'def', image: ' ' }))),
    reason: 'upstream accepts an image of blanks in a pod template (kept for compatibility); the rules refuse it because every pod the Job creates is refused',
  },
  {
    upstream: accept(TVCT, '(successCase) ghi', withContainers(ctr({ name: 'ghi', image: ' some  ' }))),
    reason: 'upstream accepts surrounding blanks in a pod template\'s image; the rules refuse them because every pod the Job creates is refused',
  },
];

// ---- the tests -------------------------------------------------------------------------------------

/** The error findings of checking `manifest` as `path: message`. */
function errors(manifest: any): string[] {
  return checkManifest(manifest, { noWarnings: true }).findings.filter(f => f.severity === 'error').map(f => `${f.path}: ${f.message}`);
}

/** `path`, or a field below it (`path.x`, `path[x]`). */
function atOrBelow(path: string): RegExp {
  return new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:[.[][^:]*)?: `);
}

/** Whether the findings agree with the upstream verdict. */
function agrees(c: UpstreamCase, found: string[]): boolean {
  return c.expect === 'accept' ? found.length === 0 : found.some(f => atOrBelow(c.path).test(f));
}

describe('upstream validation test cases (Kubernetes 1.28)', () => {
  test.each(CASES.map(c => [c.name, c] as const))('%s', (_name, c) => {
    // GIVEN the manifest a user would write for the upstream case
    // WHEN the rules check it
    const found = errors(c.manifest);
    // THEN they reach upstream's verdict: no error, or an error at (or below) the field upstream names
    if (c.expect === 'accept') expect(found).toEqual([]);
    else expect(found).toContainEqual(expect.stringMatching(atOrBelow(c.path)));
  });

  test.each(KNOWN_DIFFERENCES.map(d => [d.upstream.name, d] as const))('known difference: %s', (_name, d) => {
    // GIVEN an upstream case where the rules are known to disagree (d.reason)
    // WHEN the rules check its manifest
    const found = errors(d.upstream.manifest);
    // THEN they still disagree; when this fails, the difference is fixed: move the case to CASES
    expect(agrees(d.upstream, found)).toBe(false);
  });

  test('TestTimeZones: every time zone the upstream test accepts is accepted', () => {
    // GIVEN a CronJob for each name of the upstream list
    // WHEN the rules check them
    const known = new Set(KNOWN_DIFFERENCES.filter(d => d.upstream.name.startsWith('TestTimeZones/')).map(d => JSON.parse(d.upstream.name.slice('TestTimeZones/'.length))));
    const refused = TIME_ZONES.filter(timeZone => !known.has(timeZone) && errors(zoned(timeZone)).length > 0);
    // THEN none is refused (but the known differences)
    expect(refused).toEqual([]);
  });

  test('the table holds at least 120 distinct upstream cases', () => {
    // GIVEN the ported cases and the known differences
    const names = [...CASES, ...KNOWN_DIFFERENCES.map(d => d.upstream)].map(c => c.name);
    // WHEN they are counted
    // THEN there are enough of them, each named once
    expect(names.length).toBeGreaterThanOrEqual(120);
    expect(new Set(names).size).toBe(names.length);
  });
});
