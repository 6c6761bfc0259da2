/**
 * Internal: every manifest rule, with its stable id, severity, upstream source and fix.
 *
 * Errors are ported from the Kubernetes API server (1.28 by default; 1.29 to 1.36 with a target
 * version, see versions.ts and gates.ts) (kubernetes/kubernetes
 * `pkg/apis/batch/validation/validation.go`, `pkg/apis/core/validation/validation.go`,
 * `k8s.io/apimachinery/pkg/api/validation` and `.../util/validation`) or from what the
 * controllers do with an accepted object (a CronJob whose Jobs, or a Job whose pods, would be
 * refused). Warnings are best practices. docs/validation.md lists the same table; a test keeps
 * the two in sync.
 */
import { RuleInfo, Severity } from './types';

function rule(id: string, severity: Severity, title: string, upstream: string, fix: string): RuleInfo {
  return { id, severity, title, upstream, fix };
}

const E: Severity = 'error';
const W: Severity = 'warning';

/** The catalog, in documentation order. */
export const RULES: readonly RuleInfo[] = [
  // ---- the document -----------------------------------------------------------------------------
  rule('object.api-version', E, 'Jobs and CronJobs use batch/v1 (batch/v1beta1 CronJob was removed in 1.25)',
    'API removal in Kubernetes 1.25 (CronJob batch/v1beta1 no longer served)', 'set `apiVersion: batch/v1`'),
  rule('object.type-meta', E, 'every document has a non-empty string `apiVersion` and `kind`',
    'runtime decoding (the API server and kubectl refuse an object without them: "Object \'Kind\' is missing", "apiVersion not set")', 'set `apiVersion` and `kind`, e.g. `apiVersion: batch/v1` and `kind: Job`'),
  rule('object.kind', E, 'the kind exists for the apiVersion, in its exact case (batch/v1 serves `Job` and `CronJob`, v1 `Service`)',
    'REST mapping of the API server and kubectl (kinds are case-sensitive: "no matches for kind")', 'write the kind exactly, e.g. `kind: CronJob`'),
  rule('object.field-type', E, 'a field has the type the API expects (string, integer, boolean, list, map)',
    'API decoding of batch/v1 and core/v1 types (strict field validation)', 'write the value with the expected type, e.g. `backoffLimit: 3` not `"3"`'),
  rule('schema.unknown-field', E, 'every field is one the Kubernetes API of the target version (1.28 by default) defines for its place (no misspelled or misplaced fields)',
    'strict field validation (the API server refuses unknown fields; kubectl 1.27+ and server-side apply ask for it) against the OpenAPI definitions of the target version',
    'remove the field, or correct its spelling (field names are case-sensitive) or its place'),
  rule('schema.required', E, 'the fields the OpenAPI definitions of the target version (1.28 by default) mark as required are set (e.g. a container\'s `name`, a CronJob\'s `jobTemplate`)',
    'the `required` lists of the OpenAPI definitions of the target Kubernetes version (batch/v1 and core/v1 types), with the errata in src/rules/k8s-batch.schema.json',
    'add the field, e.g. `name: main` on every container'),

  // ---- metadata ---------------------------------------------------------------------------------
  rule('metadata.name.required', E, 'the object has a `metadata.name` (or `generateName`)',
    'ValidateObjectMeta (name or generateName is required; `kubectl apply` needs a name)', 'set `metadata.name`'),
  rule('metadata.name.invalid', E, '`metadata.name` is a DNS-1123 subdomain',
    'ValidateObjectMeta with ValidateReplicationControllerName (NameIsDNSSubdomain)', 'use lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit'),
  rule('job.name.too-long', E, 'a Job name has at most 63 characters',
    'validateGeneratedSelector / ValidateLabels: the name becomes the `batch.kubernetes.io/job-name` pod label value (at most 63)', 'shorten the name to 63 characters or fewer'),
  rule('cronjob.name.too-long', E, 'a CronJob name has at most 52 characters',
    'ValidateCronJobCreate (the controller appends an 11-character suffix to name each Job)', 'shorten the name to 52 characters or fewer'),
  rule('job.name.indexed-hostname', E, 'an Indexed Job\'s `<name>-<completions-1>` is a DNS-1123 label (the pods\' hostname)',
    'ValidateJob (IsDNS1123Label of the largest pod hostname)', 'shorten the name, or lower `completions`'),
  rule('metadata.namespace.invalid', E, '`metadata.namespace` is a DNS-1123 label',
    'ValidateObjectMeta (ValidateNamespaceName)', 'use a namespace name of at most 63 lowercase letters, digits and \'-\''),
  rule('metadata.generate-name.invalid', E, '`metadata.generateName` is a valid name prefix (a trailing \'-\' allowed)',
    'ValidateObjectMetaAccessor (the kind\'s name function with prefix true: NameIsDNSSubdomain, NameIsDNS1035Label for a Service; maskTrailingDash)', 'use a prefix like `train-`: lowercase letters, digits, \'-\' (and \'.\' except for a Service)'),
  rule('metadata.owner-references.invalid', E, 'owner references have an apiVersion with a version, a kind, a name and a uid; at most one is the controller',
    'ValidateOwnerReferences / validateOwnerReference (BannedOwners: a v1 Event owns nothing)', 'reference an existing object by `apiVersion`, `kind`, `name` and `uid`, or leave `ownerReferences` out of hand-written manifests'),
  rule('metadata.finalizers.invalid', E, 'finalizers are qualified names; a name without a domain is a standard one; `orphan` and `foregroundDeletion` are not both set',
    'ValidateFinalizers / ValidateFinalizerName (IsQualifiedName) and core validateKubeFinalizerName (IsStandardFinalizerName)', 'use `<domain>/<name>`, e.g. `example.com/cleanup`'),
  rule('metadata.resource-version', E, 'a manifest does not set `metadata.resourceVersion`',
    'storage Create of the API server (k8s.io/apiserver storage/etcd3 store.Create: "resourceVersion should not be set on objects to be created")', 'remove `resourceVersion` (and `uid`, `creationTimestamp`, `managedFields`: manifests copied from `kubectl get -o yaml` carry them)'),
  rule('metadata.labels.invalid', E, 'label keys are qualified names and values are valid label values',
    'ValidateLabels (IsQualifiedName, IsValidLabelValue)', 'keys: `[prefix/]name` with a name of at most 63 characters; values: at most 63 alphanumerics, \'-\', \'_\' or \'.\'; move free text to an annotation'),
  rule('metadata.annotations.invalid', E, 'annotation keys are qualified names',
    'ValidateAnnotations (IsQualifiedName of the lowercased key)', 'use a key like `example.com/owner`'),
  rule('metadata.annotations.too-large', E, 'annotations total at most 256 KiB',
    'ValidateAnnotationsSize (TotalAnnotationSizeLimitB)', 'move large data to a ConfigMap'),

  // ---- Job spec ---------------------------------------------------------------------------------
  rule('spec.negative', E, 'counts and durations are not negative',
    'validateJobSpec / validateCronJobSpec (ValidateNonnegativeField)', 'use 0 or a positive value'),
  rule('job.restart-policy', E, 'the pod template\'s `restartPolicy` is `Never` or `OnFailure`',
    'validateJobSpec (restartPolicy required, Always not supported)', 'set `restartPolicy: Never` (or `OnFailure`)'),
  rule('job.completion-mode', E, '`completionMode` is `NonIndexed` or `Indexed`',
    'validateJobSpec (completionMode NotSupported)', 'use `Indexed` or `NonIndexed`'),
  rule('job.indexed.completions', E, 'an Indexed Job sets `completions`',
    'validateJobSpec (completions required when completion mode is Indexed)', 'set `completions` to the number of indexes'),
  rule('job.indexed.parallelism', E, 'an Indexed Job\'s `parallelism` is at most 100000',
    'validateJobSpec (maxParallelismForIndexedJob)', 'lower `parallelism`'),
  rule('job.per-index', E, '`backoffLimitPerIndex` and `maxFailedIndexes` are used only with Indexed completion, within their limits',
    'validateJobSpec (requires indexed completion mode; maxFailedIndexes requires backoffLimitPerIndex, <= completions, <= 100000; above 100000 completions: maxFailedIndexes required, parallelism and maxFailedIndexes <= 10000)',
    'use `completionMode: Indexed`, set `backoffLimitPerIndex` with `maxFailedIndexes`, and keep them within the limits'),
  rule('job.pod-replacement-policy', E, '`podReplacementPolicy` is `Failed` or `TerminatingOrFailed` (`Failed` with a pod failure policy)',
    'validatePodReplacementPolicy', 'use `Failed`'),
  rule('job.success-policy', E, '`successPolicy` (1.30+) is used with Indexed completion and has 1 to 20 rules, each with `succeededIndexes` (ordered, non-overlapping intervals below `completions`, at most 64 KiB) and/or a `succeededCount` from 0 to `completions` (and to the number of those indexes)',
    'validateJobSpec / validateSuccessPolicy / validateSuccessPolicyRule / validateIndexesFormat / parseIndexInterval (pkg/apis/batch/validation, 1.30+, JobSuccessPolicy)', 'use `completionMode: Indexed` and rules such as `{ succeededIndexes: "0", succeededCount: 1 }`'),
  rule('job.managed-by', E, '`managedBy` (1.30+) is a domain-prefixed path of at most 63 characters, e.g. `kueue.x-k8s.io/multikueue` (`kubernetes.io/job-controller` is the built-in controller)',
    'validateJobSpec (IsDomainPrefixedPath, maxManagedByLength; pkg/apis/batch/validation, 1.30+, JobManagedBy)', 'write `<domain>/<name>`, or leave `managedBy` out for the built-in Job controller'),
  rule('job.pod-failure-policy.restart-policy', E, 'a pod failure policy is used with `restartPolicy: Never`',
    'validateJobSpec (only Never is supported when podFailurePolicy is specified)', 'set `restartPolicy: Never`, or remove `podFailurePolicy`'),
  rule('job.pod-failure-policy.rules', E, 'a pod failure policy has at most 20 rules, each with a supported action and exactly one of `onExitCodes` and `onPodConditions`',
    'validatePodFailurePolicy / validatePodFailurePolicyRule', 'use the actions FailJob, Ignore, Count (FailIndex with backoffLimitPerIndex) and one requirement per rule'),
  rule('job.pod-failure-policy.exit-codes', E, '`onExitCodes` has a supported operator, 1 to 255 sorted unique values (no 0 with `In`) and an existing container name',
    'validatePodFailurePolicyRuleOnExitCodes', 'use `operator: In` or `NotIn`, list the codes in ascending order once each, and name a container of the pod'),
  rule('job.pod-failure-policy.pod-conditions', E, '`onPodConditions` has at most 20 patterns with a qualified type and a status of True, False or Unknown',
    'validatePodFailurePolicyRuleOnPodConditions', 'e.g. `{ type: DisruptionTarget, status: "True" }`'),
  rule('job.selector', E, 'the selector is generated (or `manualSelector: true` with a selector that matches the template labels)',
    'ValidateJobSpec / validateGeneratedSelector / ValidateJobTemplateSpec / ValidateLabelSelector', 'remove `spec.selector` and `manualSelector` and let Kubernetes generate them'),
  rule('job.template.reserved-labels', E, 'the pod template does not set the labels the Job controller owns (`controller-uid`, `job-name`) to other values',
    'validateGeneratedSelector (ValidateHasLabel)', 'remove the `controller-uid` and `job-name` labels from the pod template'),

  // ---- CronJob spec -----------------------------------------------------------------------------
  rule('cronjob.schedule', E, '`schedule` is a standard 5-field cron expression or a descriptor, without `TZ=`/`CRON_TZ=`',
    'validateScheduleFormat (robfig/cron ParseStandard; TZ in schedule is not allowed)', 'e.g. `0 2 * * *`; put the time zone in `timeZone`'),
  rule('cronjob.time-zone', E, '`timeZone` is an IANA time zone name',
    'validateTimeZone (validTimeZoneCharacters, not Local, time.LoadLocation)', 'e.g. `Etc/UTC` or `Europe/Berlin`'),
  rule('cronjob.concurrency-policy', E, '`concurrencyPolicy` is `Allow`, `Forbid` or `Replace`',
    'validateConcurrencyPolicy', 'use `Forbid` (or `Allow`, `Replace`)'),

  // ---- Service (v1) -----------------------------------------------------------------------------
  rule('service.name.invalid', E, 'a Service name is a DNS-1035 label (it becomes a DNS name: starts with a letter, at most 63 characters; a DNS-1123 label, which may start with a digit, where RelaxedServiceNameValidation is on, 1.36+)',
    'ValidateService (ValidateServiceName: NameIsDNS1035Label; NameIsDNSLabel with RelaxedServiceNameValidation)', 'use lowercase letters, digits and \'-\', starting with a letter, e.g. `train-workers`'),
  rule('service.ports', E, 'ports are named DNS-1123 labels (required and unique with more than one), 1..65535, TCP/UDP/SCTP, with a valid targetPort; required unless headless',
    'ValidateService / validateServicePort (IsValidPortNum, ValidateDNS1123Label, supportedPortProtocols, ValidatePortNumOrName, duplicate ports and nodePorts, no nodePort with ClusterIP)', 'e.g. `ports: [{ name: workers, port: 29500, targetPort: 29500 }]`'),
  rule('service.type', E, '`type` is ClusterIP, NodePort, LoadBalancer or ExternalName (an ExternalName Service has a DNS `externalName` and no cluster IPs)',
    'ValidateService (supportedServiceType; case ExternalName)', 'leave `type` out (ClusterIP) for a headless Service'),
  rule('service.cluster-ip', E, '`clusterIP`/`clusterIPs` agree and hold `None` (headless, type ClusterIP only) or IP addresses; IP families and policy are valid',
    'ValidateService / ValidateServiceClusterIPsRelatedFields', 'set `clusterIP: None` alone for a headless Service'),
  rule('service.selector', E, 'selector keys and values are valid labels',
    'ValidateService (ValidateLabels on spec.selector)', 'select the pods by their labels, e.g. `batch.kubernetes.io/job-name: train`'),
  rule('service.session-affinity', E, '`sessionAffinity` is None or ClientIP, with a timeout of 1 to 86400 seconds (and no config with None)',
    'ValidateService / validateClientIPAffinityConfig (MaxClientIPServiceAffinitySeconds)', 'leave `sessionAffinity` out (None)'),
  rule('service.traffic-policy', E, 'traffic policies are Cluster or Local; externalTrafficPolicy and healthCheckNodePort only where the type allows them',
    'validateServiceExternalTrafficPolicy / validateServiceInternalTrafficFieldsValue', 'leave the traffic policies out of a headless Service'),
  rule('service.load-balancer', E, 'loadBalancerClass, allocateLoadBalancerNodePorts and loadBalancerSourceRanges only with type LoadBalancer, and valid',
    'ValidateService / validateLoadBalancerClassField (qualified class, CIDR source ranges, not the kubelet port 10250)', 'remove the field, or use `type: LoadBalancer`'),
  rule('service.external-ips', E, '`externalIPs` are IP addresses, not unspecified, loopback or link-local',
    'ValidateService (IsValidIP, ValidateNonSpecialIP)', 'list the routable addresses of the nodes, or remove `externalIPs`'),

  // ---- Pod spec ---------------------------------------------------------------------------------
  rule('pod.containers', E, 'the pod has at least one container, and container names are unique DNS-1123 labels',
    'ValidatePodSpec / validateContainers / validateInitContainers (IsDNS1123Label, Duplicate)', 'give each container a unique name such as `main`'),
  rule('pod.volumes', E, 'volumes have unique DNS-1123 label names and exactly one source, whose fields are valid (required names and paths, relative item paths without `..`, file modes 0 to 0777, partitions 0 to 255, CSI driver names, downward API fields, projected sources, claim templates)',
    'ValidateVolumes / validateVolumeSource and its per-source functions (validateKeyToPath, ValidateLocalNonReservedPath, validateHostPathType, ValidateCSIDriverName, validateAzureDisk, validateDownwardAPIVolumeFile, validateProjectionSources, validateEphemeralVolumeSource)', 'name each volume once and give it one source, e.g. `emptyDir: {}`; use relative item paths and modes such as 0644'),
  rule('pod.tolerations', E, 'tolerations have a valid key, operator, value and effect',
    'ValidateTolerations', 'use `operator: Exists` without a value, or `Equal` with a key; `tolerationSeconds` only with `NoExecute`'),
  rule('pod.node-selector', E, '`nodeSelector` keys and values are valid labels',
    'ValidatePodSpec (ValidateLabels on nodeSelector)', 'copy the node label exactly, e.g. `nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB`'),
  rule('pod.names', E, 'referenced names (service account, priority class, runtime class, node, image pull secrets, hostname) are valid',
    'ValidatePodSpec (ValidateServiceAccountName, ValidatePriorityClassName, ValidateRuntimeClassName, ValidateNodeName, ValidateDNS1123Label)', 'use the DNS-1123 name of an existing object'),
  rule('pod.fields', E, 'pod fields are valid: `dnsPolicy` and `dnsConfig`, host aliases, host ports with `hostNetwork`, grace period, `activeDeadlineSeconds`, `preemptionPolicy`, `os` (and what a Windows or Linux pod cannot set), affinity, topology spread constraints, scheduling and readiness gates, overhead',
    'ValidatePodSpec (validateDNSPolicy, validatePodDNSConfig, ValidateHostAliases, validatePodHostNetworkDeps, ValidateNonnegativeField, activeDeadlineSeconds between 1 and 2^31-1, ValidatePreemptionPolicy, validateOS / validateWindows / validateLinux, validateAffinity, validateTopologySpreadConstraints, validateSchedulingGates, validateReadinessGates, validateOverhead)', 'use a supported value (values are case-sensitive)'),
  rule('pod.security-context', E, 'user, group and fsGroup ids are in range, the seccomp profile, `fsGroupChangePolicy` and sysctl names are valid, and `shareProcessNamespace` is not combined with `hostPID`',
    'ValidatePodSecurityContext / ValidateSecurityContext (IsValidUserID, IsValidGroupID, validateSeccompProfileField, validateFSGroupChangePolicy, validateSysctls, shareProcessNamespace with hostPID)', 'use ids from 0 to 2147483647 and a seccomp type of RuntimeDefault, Localhost (with localhostProfile) or Unconfined'),
  rule('pod.resources', E, 'pod-level `resources` (1.32+) name only cpu and memory (and hugepages from 1.33), without claims, with valid quantities, requests at most limits, at least the containers\' summed requests and at least each container\'s limit',
    'validatePodResources / validatePodResourceRequirements / validatePodResourceName (IsSupportedPodLevelResource) / validatePodResourceConsistency (pkg/apis/core/validation, 1.32+, PodLevelResources)', 'set pod-level `resources` for cpu and memory only, no smaller than what the containers request'),
  rule('pod.resource-claims', E, '`resourceClaims` have unique DNS-1123 label names and one of `resourceClaimName` and `resourceClaimTemplateName`; containers\' `resources.claims` name one of them, once',
    'validatePodResourceClaims / validatePodResourceClaim / validateResourceClaimNames (pkg/apis/core/validation, DynamicResourceAllocation)', 'declare the claim in `resourceClaims` and reference it by name in `resources.claims`'),
  rule('pod.ephemeral-containers', E, 'a pod template has no ephemeral containers',
    'ValidatePodTemplateSpec (ephemeral containers not allowed in pod template)', 'remove `ephemeralContainers`'),

  // ---- containers -------------------------------------------------------------------------------
  rule('container.image', E, 'every container has an image, without leading or trailing spaces',
    'validateContainers (image Required) / validateContainersOnlyForPod (no surrounding whitespace: the Job is accepted but its pods are refused)', 'set `image`, e.g. `python:3.12`'),
  rule('container.image-pull-policy', E, '`imagePullPolicy` is `Always`, `IfNotPresent` or `Never`',
    'validatePullPolicy', 'use `IfNotPresent` for pinned images'),
  rule('container.restart-policy', E, 'an init container\'s `restartPolicy` is `Always` (a sidecar); a regular container sets one only from 1.34 (Always, OnFailure or Never, with valid `restartPolicyRules`)',
    'validateContainers / validateInitContainers (restartPolicy; from 1.34 with ContainerRestartRules, restartPolicyRules)', 'remove `restartPolicy` from the container'),
  rule('container.ports', E, 'ports are 1..65535, protocols TCP/UDP/SCTP, names unique IANA service names',
    'validateContainerPorts (IsValidPortNum, IsValidPortName, supportedPortProtocols) / AccumulateUniqueHostPorts', 'e.g. `{ name: metrics, containerPort: 9090 }`'),
  rule('container.env', E, 'env var names are valid (any printable ASCII but `=` where RelaxedEnvironmentVariableValidation is on, 1.32+) and each has a value or exactly one source',
    'ValidateEnv / validateEnvVarValueFrom / validateObjectFieldSelector / validateContainerResourceFieldSelector / validateContainerResourceDivisor / validateConfigMapKeySelector / validateSecretKeySelector', 'use names like `DATA_DIR`; give `value` or one of `valueFrom` (secretKeyRef, configMapKeyRef, fieldRef, resourceFieldRef)'),
  rule('container.env-from', E, '`envFrom` entries have one source with a valid name and a valid prefix',
    'ValidateEnvFrom', 'use `configMapRef` or `secretRef` with a name; a prefix must be a valid env var name'),
  rule('container.resources.name', E, 'resource names are standard (cpu, memory, ephemeral-storage, hugepages-*) or extended (domain-prefixed)',
    'validateContainerResourceName', 'use e.g. `cpu`, `memory`, `nvidia.com/gpu`'),
  rule('container.resources.quantity', E, 'resource quantities parse and are not negative',
    'ValidateResourceQuantityValue (resource.ParseQuantity, ValidateNonnegativeQuantity)', 'use quantities like `500m`, `2`, `4Gi`'),
  rule('container.resources.request-over-limit', E, 'a request is at most its limit',
    'ValidateResourceRequirements (must be less than or equal to limit)', 'raise the limit or lower the request'),
  rule('container.resources.extended', E, 'extended resources (GPUs) and hugepages are whole numbers with a limit, and requests equal limits',
    'ValidateResourceRequirements / ValidateResourceQuantityValue (IsIntegerResourceName, IsOvercommitAllowed, HugePages require cpu or memory) / validateResourceQuantityHugePageValue', 'set the same whole number in `requests` and `limits`, e.g. `nvidia.com/gpu: 1`'),
  rule('container.resize-policy', E, '`resizePolicy` entries name cpu or memory once, with `NotRequired` or `RestartContainer` (`NotRequired` in a pod with `restartPolicy: Never`, from 1.33)',
    'validateResizePolicy (pkg/apis/core/validation, InPlacePodVerticalScaling)', 'e.g. `resizePolicy: [{ resourceName: cpu, restartPolicy: NotRequired }]`'),
  rule('container.volume-mounts', E, 'mounts name an existing volume, with a unique non-empty `mountPath` and a relative `subPath` without `..`',
    'ValidateVolumeMounts (NotFound, Required, must be unique, validateLocalDescendingPath, validateMountPropagation)', 'add the volume to `volumes`, or fix the mount'),
  rule('container.security-context', E, 'the container security context is consistent, its ids are in range, its seccomp profile and Windows options are valid',
    'ValidateSecurityContext / validateSecurityContextSpec (allowPrivilegeEscalation false with privileged or CAP_SYS_ADMIN, validateSeccompProfileField, validateWindowsSecurityContextOptions)', 'remove `privileged` (or allow privilege escalation), and use ids from 0 to 2147483647'),
  rule('container.probes', E, 'probes have exactly one valid handler, non-negative timings, `successThreshold: 1` for liveness and startup probes, and are not set on init containers (except sidecars)',
    'validateLivenessProbe / validateReadinessProbe / validateStartupProbe / validateProbe / validateHandler (validateExecAction, validateHTTPGetAction, validateTCPSocketAction, validateGRPCAction, ValidatePortNumOrName) / validateInitContainers', 'give one of exec, httpGet, tcpSocket, grpc with a port from 1 to 65535 or a port name'),
  rule('container.lifecycle', E, 'lifecycle hooks have exactly one valid handler (a `sleep` from 1.29 lasts 1 second to the grace period) and are not set on init containers (except sidecars)',
    'validateLifecycle / validateHandler (validateExecAction, validateHTTPGetAction, validateTCPSocketAction) / validateInitContainers', 'give `postStart`/`preStop` one of exec, httpGet, tcpSocket'),

  // ---- best practices (warnings) ----------------------------------------------------------------
  rule('practice.ttl', W, 'a Job is deleted some time after it finishes (`ttlSecondsAfterFinished`)',
    'best practice: finished Jobs and their pods otherwise pile up until deleted by hand', 'set `ttlSecondsAfterFinished`, e.g. 86400 (a day, long enough to read logs)'),
  rule('practice.backoff-limit', W, 'a Job sets `backoffLimit` explicitly',
    'best practice: the default of 6 retries an expensive job six times', 'set `backoffLimit`, e.g. 3'),
  rule('practice.active-deadline', W, 'a Job has an `activeDeadlineSeconds`',
    'best practice: without one, a hung process holds its nodes forever', 'set `activeDeadlineSeconds`, e.g. 86400'),
  rule('practice.requests', W, 'every container requests CPU and memory',
    'best practice: without requests the scheduler may place the pod on a full node, and it is evicted first', 'set `resources.requests.cpu` and `resources.requests.memory`'),
  rule('practice.memory-limit', W, 'every container has a memory limit',
    'best practice: without one, one job can use up a node\'s memory', 'set `resources.limits.memory` (e.g. equal to the request)'),
  rule('practice.image-pinned', W, 'images are pinned to a tag other than `latest` or to a digest',
    'best practice: `latest` or no tag makes reruns use different code', 'use e.g. `python:3.12` or `repo/image@sha256:...`'),
  rule('practice.run-as-non-root', W, 'containers run as non-root (`runAsNonRoot: true`, Pod Security "restricted")',
    'Pod Security Standards, restricted profile (runAsNonRoot)', 'set `securityContext.runAsNonRoot: true` and a numeric `runAsUser` such as 1000'),
  rule('practice.privilege-escalation', W, 'containers set `allowPrivilegeEscalation: false` (Pod Security "restricted")',
    'Pod Security Standards, restricted profile (allowPrivilegeEscalation)', 'set `securityContext.allowPrivilegeEscalation: false`'),
  rule('practice.capabilities', W, 'containers drop ALL capabilities (Pod Security "restricted")',
    'Pod Security Standards, restricted profile (capabilities)', 'set `securityContext.capabilities.drop: [ALL]`'),
  rule('practice.seccomp', W, 'the pod or every container uses the `RuntimeDefault` (or `Localhost`) seccomp profile (Pod Security "restricted")',
    'Pod Security Standards, restricted profile (seccompProfile)', 'set `securityContext.seccompProfile.type: RuntimeDefault` on the pod'),
  rule('practice.host-access', W, 'the pod does not use privileged containers, host namespaces or hostPath volumes (Pod Security "baseline")',
    'Pod Security Standards, baseline profile (privileged, hostNetwork/hostPID/hostIPC, hostPath)', 'remove them; use a PVC or an emptyDir instead of hostPath'),
  rule('practice.service-account-token', W, 'the service account token is not mounted unless the job calls the Kubernetes API',
    'best practice: `automountServiceAccountToken` defaults to true', 'set `automountServiceAccountToken: false` in the pod spec'),
  rule('practice.alpha-field', W, 'fields whose feature gate is off at the target version (alpha, or beta and off by default) are used knowingly: the API server drops them silently unless the cluster turns the gate on',
    'feature gates of the target version (pkg/features/kube_features.go; the table in docs/validation.md) and dropDisabledFields (pkg/api/pod/util.go, pkg/registry/batch/job/strategy.go)', 'enable the feature gate on the cluster (and say so with the target\'s gates), target a version where it is on, or remove the field'),
  rule('practice.cronjob-concurrency', W, 'a CronJob sets `concurrencyPolicy` to `Forbid` or `Replace`',
    'best practice: the default `Allow` lets slow runs pile up', 'set `concurrencyPolicy: Forbid`'),
  rule('practice.cronjob-time-zone', W, 'a CronJob sets `timeZone`',
    'best practice: without it the schedule follows the kube-controller-manager\'s local time zone', 'set `timeZone`, e.g. `Etc/UTC`'),
  rule('practice.cronjob-starting-deadline', W, 'a CronJob sets `startingDeadlineSeconds` of at least 10 seconds',
    'CronJob controller: it stops scheduling after 100 missed start times without a deadline; the controller checks every 10 s', 'set `startingDeadlineSeconds`, e.g. 300'),
  rule('practice.cronjob-history', W, 'a CronJob keeps at least one failed Job (`failedJobsHistoryLimit` > 0)',
    'best practice: with 0, the logs of a failed run are deleted at once', 'set `failedJobsHistoryLimit: 1` or more'),
];

const BY_ID = new Map(RULES.map(r => [r.id, r]));

/** The rule with this id (throws on an unknown id: a programming error). */
export function ruleInfo(id: string): RuleInfo {
  const info = BY_ID.get(id);
  if (!info) throw new Error(`unknown rule id ${id}`);
  return info;
}

/** Whether a rule id exists. */
export function isRuleId(id: string): boolean {
  return BY_ID.has(id);
}
