import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { TrainingJob } from '../src';
import { isEnvVarName, isQuantity, quantityValue } from '../src/_validate';
import { checkManifest } from '../src/rules';
import { minimalJob } from './util/manifests';
import { compareQuantities, parseQuantity } from '../src/rules/quantity';
// eslint-disable-next-line import/order
import { mainContainer as main, podSpec as pod } from './util/synth';

/**
 * The container rules against the Kubernetes 1.28 API server (validateContainers and what it
 * calls): each rejected case is refused by the API server, each accepted case is accepted by it
 * (an over-strict rule is a bug too).
 */

/** A minimal valid batch/v1 Job. */
function job(): any {
  return minimalJob({
    env: [{ name: 'HOME', value: '/tmp' }],
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } },
  });
}

function errors(m: any) {
  return checkManifest(m).findings.filter(f => f.severity === 'error');
}

const env = (m: any, e: object) => main(m).env.push({ name: 'X', ...e });
const fieldRef = (ref: object) => (m: any) => env(m, { valueFrom: { fieldRef: ref } });
const resourceRef = (resourceFieldRef: object) => (m: any) => env(m, { valueFrom: { resourceFieldRef } });
const set = (key: string, value: unknown) => (m: any) => { main(m)[key] = value; };
const request = (name: string, value: unknown) => (m: any) => { main(m).resources.requests[name] = value; };
const limit = (name: string, value: unknown) => (m: any) => { main(m).resources.limits[name] = value; };
const both = (name: string, req: unknown, lim: unknown) => (m: any) => { request(name, req)(m); limit(name, lim)(m); };
const securityContext = (sc: object) => set('securityContext', sc);
const http = (httpGet: object) => set('livenessProbe', { httpGet });
const initContainer = (extra: object) => (m: any) => { pod(m).initContainers = [{ name: 'init', image: 'busybox:1.36', ...extra }]; };
const sidecar = (extra: object) => initContainer({ restartPolicy: 'Always', ...extra });
const port = (p: object) => set('ports', [{ containerPort: 8080, ...p }]);

/** [rule id, what, mutation of the minimal Job, path the finding names]. */
type Rejected = [string, string, (m: any) => void, RegExp];

const REJECTED: Rejected[] = [
  // ValidateEnv / validateEnvVarValueFrom (IsEnvVarName with hasChDirPrefix)
  ['container.env', 'an env name starting with ..', m => env(m, { name: '..x', value: 'a' }), /env\[1\]\.name$/],
  ['container.env', 'the env name .', m => env(m, { name: '.', value: 'a' }), /env\[1\]\.name$/],
  ['container.env', 'an env name starting with a digit', m => env(m, { name: '1X', value: 'a' }), /env\[1\]\.name$/],
  ['container.env', 'an env var without a name', m => main(m).env.push({ value: 'a' }), /env\[1\]\.name$/],
  ['container.env', 'valueFrom without a source', m => env(m, { valueFrom: {} }), /env\[1\]\.valueFrom$/],
  ['container.env', 'two sources', m => env(m, { valueFrom: { fieldRef: { fieldPath: 'metadata.name' }, secretKeyRef: { name: 's', key: 'k' } } }), /env\[1\]\.valueFrom$/],
  // validateObjectFieldSelector (ConvertDownwardAPIFieldLabel, SplitMaybeSubscriptedPath)
  ['container.env', 'fieldRef apiVersion v2', fieldRef({ apiVersion: 'v2', fieldPath: 'metadata.name' }), /fieldRef\.apiVersion$/],
  ['container.env', 'a fieldRef without fieldPath', fieldRef({}), /fieldRef\.fieldPath$/],
  ['container.env', 'status.hostIPs (alpha in 1.28)', fieldRef({ fieldPath: 'status.hostIPs' }), /fieldRef\.fieldPath$/],
  ['container.env', 'spec.restartPolicy (volumes only)', fieldRef({ fieldPath: 'spec.restartPolicy' }), /fieldRef\.fieldPath$/],
  ['container.env', 'metadata.labels without a key', fieldRef({ fieldPath: 'metadata.labels' }), /fieldRef\.fieldPath$/],
  ['container.env', 'a label key with a space', fieldRef({ fieldPath: "metadata.labels['bad key']" }), /fieldRef\.fieldPath$/],
  ['container.env', 'an empty label key', fieldRef({ fieldPath: "metadata.labels['']" }), /fieldRef\.fieldPath$/],
  ['container.env', 'a subscript on metadata.name', fieldRef({ fieldPath: "metadata.name['x']" }), /fieldRef\.fieldPath$/],
  // validateContainerResourceFieldSelector / validateContainerResourceDivisor
  ['container.env', 'resourceFieldRef without resource', resourceRef({}), /resourceFieldRef\.resource$/],
  ['container.env', 'resourceFieldRef limits.nvidia.com/gpu', resourceRef({ resource: 'limits.nvidia.com/gpu' }), /resourceFieldRef\.resource$/],
  ['container.env', 'a cpu divisor of 1Mi', resourceRef({ resource: 'limits.cpu', divisor: '1Mi' }), /resourceFieldRef\.divisor$/],
  ['container.env', 'a cpu divisor of 10m', resourceRef({ resource: 'requests.cpu', divisor: '10m' }), /resourceFieldRef\.divisor$/],
  ['container.env', 'a cpu divisor of +1 (kept as written: "+1")', resourceRef({ resource: 'requests.cpu', divisor: '+1' }), /resourceFieldRef\.divisor$/],
  ['container.env', 'a memory divisor of 1m', resourceRef({ resource: 'limits.memory', divisor: '1m' }), /resourceFieldRef\.divisor$/],
  ['container.env', 'a memory divisor of 1e3 (reads as 1e3, not 1k)', resourceRef({ resource: 'limits.memory', divisor: '1e3' }), /resourceFieldRef\.divisor$/],
  ['container.env', 'a memory divisor of 1024 (not 1Ki)', resourceRef({ resource: 'limits.memory', divisor: '1024' }), /resourceFieldRef\.divisor$/],
  ['container.env', 'a storage divisor of 2Gi', resourceRef({ resource: 'requests.ephemeral-storage', divisor: '2Gi' }), /resourceFieldRef\.divisor$/],
  ['container.env', 'a hugepages divisor of 1m', resourceRef({ resource: 'limits.hugepages-2Mi', divisor: '1m' }), /resourceFieldRef\.divisor$/],
  ['container.env', 'a divisor that is not a quantity', resourceRef({ resource: 'limits.memory', divisor: '1 Mi' }), /resourceFieldRef\.divisor$/],
  // validateConfigMapKeySelector / validateSecretKeySelector
  ['container.env', 'a configMapKeyRef without a key', m => env(m, { valueFrom: { configMapKeyRef: { name: 'cfg' } } }), /configMapKeyRef\.key$/],
  ['container.env', 'a configMapKeyRef without a name', m => env(m, { valueFrom: { configMapKeyRef: { key: 'k' } } }), /configMapKeyRef\.name$/],
  ['container.env', 'a secret key starting with ..', m => env(m, { valueFrom: { secretKeyRef: { name: 's', key: '..k' } } }), /secretKeyRef\.key$/],
  // ValidateEnvFrom
  ['container.env-from', 'a prefix starting with a digit', set('envFrom', [{ prefix: '1_', configMapRef: { name: 'cfg' } }]), /envFrom\[0\]\.prefix$/],
  ['container.env-from', 'the prefix ..', set('envFrom', [{ prefix: '..', configMapRef: { name: 'cfg' } }]), /envFrom\[0\]\.prefix$/],
  ['container.env-from', 'no source', set('envFrom', [{ prefix: 'A_' }]), /envFrom\[0\]$/],
  ['container.env-from', 'a configMapRef without a name', set('envFrom', [{ configMapRef: {} }]), /configMapRef\.name$/],
  ['container.env-from', 'a secretRef named -', set('envFrom', [{ secretRef: { name: '-' } }]), /secretRef\.name$/],
  ['container.env-from', 'a secretRef with an underscore', set('envFrom', [{ secretRef: { name: 'a_b' } }]), /secretRef\.name$/],
  // validateProbe / validateHandler
  ['container.probes', 'a probe without a handler', set('livenessProbe', { periodSeconds: 5 }), /containers\[0\]\.livenessProbe$/],
  ['container.probes', 'a probe with two handlers', set('readinessProbe', { exec: { command: ['true'] }, tcpSocket: { port: 80 } }), /readinessProbe\.tcpSocket$/],
  ['container.probes', 'exec without a command', set('startupProbe', { exec: { command: [] } }), /startupProbe\.exec\.command$/],
  ['container.probes', 'httpGet port 0', http({ port: 0 }), /httpGet\.port$/],
  ['container.probes', 'httpGet port 65536', http({ port: 65536 }), /httpGet\.port$/],
  ['container.probes', 'httpGet without a port', http({ path: '/healthz' }), /httpGet\.port$/],
  ['container.probes', 'httpGet port "8080" (a string is a port name)', http({ port: '8080' }), /httpGet\.port$/],
  ['container.probes', 'httpGet port name with an uppercase letter', http({ port: 'Metrics' }), /httpGet\.port$/],
  ['container.probes', 'httpGet scheme http (case-sensitive)', http({ port: 80, scheme: 'http' }), /httpGet\.scheme$/],
  ['container.probes', 'an HTTP header name with a space', http({ port: 80, httpHeaders: [{ name: 'X Token', value: 'a' }] }), /httpHeaders\[0\]\.name$/],
  ['container.probes', 'tcpSocket port -1', set('livenessProbe', { tcpSocket: { port: -1 } }), /tcpSocket\.port$/],
  ['container.probes', 'grpc without a port', set('livenessProbe', { grpc: { service: 'health' } }), /grpc\.port$/],
  ['container.probes', 'grpc port 70000', set('livenessProbe', { grpc: { port: 70000 } }), /grpc\.port$/],
  ['container.probes', 'a negative initialDelaySeconds', set('livenessProbe', { exec: { command: ['true'] }, initialDelaySeconds: -1 }), /initialDelaySeconds$/],
  ['container.probes', 'a negative failureThreshold', set('readinessProbe', { exec: { command: ['true'] }, failureThreshold: -1 }), /failureThreshold$/],
  ['container.probes', 'liveness successThreshold 2', set('livenessProbe', { exec: { command: ['true'] }, successThreshold: 2 }), /livenessProbe\.successThreshold$/],
  ['container.probes', 'startup successThreshold 3', set('startupProbe', { exec: { command: ['true'] }, successThreshold: 3 }), /startupProbe\.successThreshold$/],
  ['container.probes', 'a probe terminationGracePeriodSeconds of 0', set('livenessProbe', { exec: { command: ['true'] }, terminationGracePeriodSeconds: 0 }), /terminationGracePeriodSeconds$/],
  ['container.probes', 'a readiness probe with terminationGracePeriodSeconds', set('readinessProbe', { exec: { command: ['true'] }, terminationGracePeriodSeconds: 10 }), /readinessProbe\.terminationGracePeriodSeconds$/],
  ['container.probes', 'an init container with a readiness probe', initContainer({ readinessProbe: { exec: { command: ['true'] } } }), /initContainers\[0\]\.readinessProbe$/],
  ['container.probes', 'a sidecar probe without a handler', sidecar({ startupProbe: {} }), /initContainers\[0\]\.startupProbe$/],
  // validateLifecycle
  ['container.lifecycle', 'an init container with lifecycle hooks', initContainer({ lifecycle: { preStop: { exec: { command: ['true'] } } } }), /initContainers\[0\]\.lifecycle$/],
  ['container.lifecycle', 'a preStop without a handler', set('lifecycle', { preStop: {} }), /lifecycle\.preStop$/],
  ['container.lifecycle', 'a preStop with only grpc (probes only)', set('lifecycle', { preStop: { grpc: { port: 9090 } } }), /lifecycle\.preStop$/],
  ['container.lifecycle', 'a preStop with only sleep (1.29+)', set('lifecycle', { preStop: { sleep: { seconds: 5 } } }), /lifecycle\.preStop$/],
  ['container.lifecycle', 'a postStart with two handlers', set('lifecycle', { postStart: { exec: { command: ['true'] }, httpGet: { port: 80 } } }), /postStart\.httpGet$/],
  ['container.lifecycle', 'a postStart httpGet on port 0', set('lifecycle', { postStart: { httpGet: { port: 0 } } }), /postStart\.httpGet\.port$/],
  // validateContainerPorts / AccumulateUniqueHostPorts
  ['container.ports', 'containerPort 0', port({ containerPort: 0 }), /ports\[0\]\.containerPort$/],
  ['container.ports', 'containerPort 65536', port({ containerPort: 65536 }), /ports\[0\]\.containerPort$/],
  ['container.ports', 'no containerPort', set('ports', [{ name: 'http' }]), /ports\[0\]\.containerPort$/],
  ['container.ports', 'hostPort 65536', port({ hostPort: 65536 }), /ports\[0\]\.hostPort$/],
  ['container.ports', 'protocol tcp (case-sensitive)', port({ protocol: 'tcp' }), /ports\[0\]\.protocol$/],
  ['container.ports', 'a port name of digits only', port({ name: '8080' }), /ports\[0\]\.name$/],
  ['container.ports', 'a port name with --', port({ name: 'a--b' }), /ports\[0\]\.name$/],
  ['container.ports', 'a 16-character port name', port({ name: 'a'.repeat(16) }), /ports\[0\]\.name$/],
  ['container.ports', 'a duplicate port name', set('ports', [{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 81 }]), /ports\[1\]\.name$/],
  ['container.ports', 'one host port in two containers', m => {
    port({ hostPort: 8080 })(m);
    pod(m).containers.push({ name: 'side', image: 'busybox:1.36', ports: [{ containerPort: 9090, hostPort: 8080, protocol: 'TCP' }] });
  }, /containers\[1\]\.ports\[0\]\.hostPort$/],
  // ValidateResourceRequirements / ParseQuantity
  ['container.resources.quantity', '1ki (suffixes are case-sensitive)', request('memory', '1ki'), /requests\.memory$/],
  ['container.resources.quantity', '1KiB', request('memory', '1KiB'), /requests\.memory$/],
  ['container.resources.quantity', '1e (no exponent digits)', request('memory', '1e'), /requests\.memory$/],
  ['container.resources.quantity', '1e-7Ki (an exponent and a suffix)', request('memory', '1e-7Ki'), /requests\.memory$/],
  ['container.resources.quantity', 'an exponent beyond int64', request('memory', '1e99999999999999999999'), /requests\.memory$/],
  ['container.resources.quantity', 'Pi (no digits, slow path)', request('ephemeral-storage', 'Pi'), /requests\[ephemeral-storage\]$/],
  ['container.resources.quantity', 'e-10 (no digits, slow path)', request('ephemeral-storage', 'e-10'), /requests\[ephemeral-storage\]$/],
  ['object.field-type', 'a boolean', request('cpu', true), /requests\.cpu$/],
  ['container.resources.quantity', '-1m', request('cpu', '-1m'), /requests\.cpu$/],
  ['container.resources.name', 'requests.cpu as a resource name', request('requests.cpu', '1'), /requests\[requests\.cpu\]$/],
  ['container.resources.name', 'an unprefixed unknown resource', limit('fpga', '1'), /limits\.fpga$/],
  ['container.resources.request-over-limit', 'a request a tenth of a nano over its limit (rounded up)', both('cpu', '1.0000000011', '1.000000001'), /requests\.cpu$/],
  ['container.resources.request-over-limit', '1Gi over a 1G limit', both('memory', '1Gi', '1G'), /requests\.memory$/],
  ['container.resources.extended', 'a GPU of 1.0000000001', limit('nvidia.com/gpu', '1.0000000001'), /limits\[nvidia\.com\/gpu\]$/],
  ['container.resources.extended', 'a GPU request below its limit', both('nvidia.com/gpu', '1', '2'), /requests\[nvidia\.com\/gpu\]$/],
  ['container.resources.extended', 'a GPU request without a limit', request('example.com/fpga', '1'), /limits\[example\.com\/fpga\]$/],
  ['container.resources.extended', '3Mi of 2Mi hugepages', both('hugepages-2Mi', '3Mi', '3Mi'), /hugepages-2Mi\]?$/],
  ['container.resources.extended', 'hugepages of an unparseable page size', both('hugepages-huge', '2Mi', '2Mi'), /hugepages-huge\]$/],
  ['container.resources.extended', 'hugepages without cpu or memory', m => {
    main(m).resources = { limits: { 'hugepages-2Mi': '4Mi' }, requests: { 'hugepages-2Mi': '4Mi' } };
  }, /containers\[0\]\.resources$/],
  // ValidateSecurityContext
  ['container.security-context', 'runAsUser -1', securityContext({ runAsUser: -1 }), /securityContext\.runAsUser$/],
  ['container.security-context', 'runAsGroup 2^31', securityContext({ runAsGroup: 2 ** 31 }), /securityContext\.runAsGroup$/],
  ['container.security-context', 'CAP_SYS_ADMIN without privilege escalation', securityContext({ allowPrivilegeEscalation: false, capabilities: { add: ['CAP_SYS_ADMIN'] } }), /allowPrivilegeEscalation$/],
  ['container.security-context', 'a Localhost seccomp profile with ..', securityContext({ seccompProfile: { type: 'Localhost', localhostProfile: 'a/../../b.json' } }), /localhostProfile$/],
  ['container.security-context', 'an absolute Localhost seccomp profile', securityContext({ seccompProfile: { type: 'Localhost', localhostProfile: '/etc/p.json' } }), /localhostProfile$/],
  ['container.security-context', 'a GMSA spec name with an underscore', securityContext({ windowsOptions: { gmsaCredentialSpecName: 'gmsa_spec' } }), /gmsaCredentialSpecName$/],
  ['container.security-context', 'an empty GMSA spec', securityContext({ windowsOptions: { gmsaCredentialSpec: '' } }), /gmsaCredentialSpec$/],
  ['container.security-context', 'a Windows user name with two backslashes', securityContext({ windowsOptions: { runAsUserName: 'a\\b\\c' } }), /runAsUserName$/],
  ['container.security-context', 'a Windows user name with only a domain', securityContext({ windowsOptions: { runAsUserName: 'CORP\\' } }), /runAsUserName$/],
  ['container.security-context', 'a Windows user of 105 characters', securityContext({ windowsOptions: { runAsUserName: 'u'.repeat(105) } }), /runAsUserName$/],
  ['container.security-context', 'a Windows user with @', securityContext({ windowsOptions: { runAsUserName: 'me@corp' } }), /runAsUserName$/],
  // ValidateVolumeMounts
  ['container.volume-mounts', 'a subPathExpr with ..', m => { main(m).volumeMounts[0].subPathExpr = '../$(POD)'; }, /subPathExpr$/],
  ['container.volume-mounts', 'Bidirectional propagation in an unprivileged container', m => { main(m).volumeMounts[0].mountPropagation = 'Bidirectional'; }, /mountPropagation$/],
];

/** [what, mutation]: each is accepted by the 1.28 API server. */
type Accepted = [string, (m: any) => void];

const ACCEPTED: Accepted[] = [
  ['env names -x, .x, _ and x..y', m => ['-x', '.x', '_', 'x..y'].forEach(name => main(m).env.push({ name, value: 'a' }))],
  ['an env var without a value', m => main(m).env.push({ name: 'EMPTY' })],
  ['an empty value with valueFrom', m => env(m, { value: '', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } })],
  ['fieldRef apiVersion v1 and empty (defaulted to v1)', m => {
    fieldRef({ apiVersion: 'v1', fieldPath: 'metadata.uid' })(m);
    main(m).env.push({ name: 'Y', valueFrom: { fieldRef: { apiVersion: '', fieldPath: 'spec.nodeName' } } });
  }],
  ['every env field path, and spec.host (converted to spec.nodeName)', m => {
    ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.podIP', 'status.podIPs', 'spec.host']
      .forEach((fieldPath, i) => main(m).env.push({ name: `F${i}`, valueFrom: { fieldRef: { fieldPath } } }));
  }],
  ['label and annotation subscripts (annotation keys are lowercased first)', m => {
    fieldRef({ fieldPath: "metadata.labels['app.kubernetes.io/name']" })(m);
    main(m).env.push({ name: 'Y', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['Example.com/Owner']" } } });
  }],
  ['resourceFieldRef naming another container (not checked upstream)', resourceRef({ resource: 'limits.cpu', containerName: 'not-in-the-pod' })],
  ['cpu divisors 1m, 1, 1000m, 0.001, 1.0, 0 and the number 1', m => {
    ['1m', '1', '1000m', '0.001', '1.0', '0', 1].forEach((divisor, i) => main(m).env.push({ name: `C${i}`, valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor } } }));
  }],
  ['memory divisors 1, 1k, 1000, 1M, 1E, 1Ki, 1024Ki, 1Mi, 1Ei, 10e-1, " 1Gi " and 0.9765625Ki (= 1k)', m => {
    ['1', '1k', '1000', '1M', '1E', '1Ki', '1024Ki', '1Mi', '1Ei', '10e-1', ' 1Gi ', '0.9765625Ki']
      .forEach((divisor, i) => main(m).env.push({ name: `M${i}`, valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor } } }));
  }],
  ['a hugepages resource with a 1Mi divisor', resourceRef({ resource: 'limits.hugepages-2Mi', divisor: '1Mi' })],
  ['config map keys .a and a..b', m => {
    env(m, { valueFrom: { configMapKeyRef: { name: 'cfg', key: '.a' } } });
    main(m).env.push({ name: 'Y', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'a..b', optional: true } } });
  }],
  ['envFrom names ending in - (a generated-name prefix) and a prefix', set('envFrom', [{ prefix: 'DB_', configMapRef: { name: 'settings-' } }, { secretRef: { name: 'a-' } }])],
  ['defaulted probe fields (0 timeouts and thresholds, empty path and scheme)', set('livenessProbe', {
    httpGet: { port: 8080, path: '', scheme: '' }, timeoutSeconds: 0, periodSeconds: 0, successThreshold: 0, failureThreshold: 0,
  })],
  ['a readiness probe with successThreshold 3', set('readinessProbe', { exec: { command: ['true'] }, successThreshold: 3 })],
  ['ports 1 and 65535, a named port, HTTPS and a header', m => {
    set('livenessProbe', { httpGet: { port: 'metrics', scheme: 'HTTPS', httpHeaders: [{ name: 'X-Probe-1', value: '' }] } })(m);
    set('readinessProbe', { tcpSocket: { port: 65535 } })(m);
    set('startupProbe', { grpc: { port: 1, service: 'health' }, terminationGracePeriodSeconds: 1 })(m);
  }],
  ['lifecycle hooks with tcpSocket and exec, and an empty lifecycle', m => {
    set('lifecycle', { postStart: { exec: { command: ['true'] } }, preStop: { tcpSocket: { port: 'http' } } })(m);
    pod(m).containers.push({ name: 'side', image: 'busybox:1.36', lifecycle: {} });
  }],
  ['a sidecar (init container with restartPolicy Always) with probes and hooks', sidecar({
    livenessProbe: { exec: { command: ['true'] } }, startupProbe: { tcpSocket: { port: 80 } }, lifecycle: { preStop: { exec: { command: ['true'] } } },
  })],
  ['an empty protocol (defaulted to TCP), SCTP and any hostIP (not validated)', set('ports', [
    { containerPort: 80, protocol: '' }, { containerPort: 81, protocol: 'SCTP' }, { containerPort: 82, hostPort: 82, hostIP: 'anything' },
  ])],
  ['one host port on two host IPs, two protocols, and in an init container', m => {
    set('ports', [{ containerPort: 80, hostPort: 8080, hostIP: '10.0.0.1' }, { containerPort: 81, hostPort: 8080, hostIP: '10.0.0.2' }, { containerPort: 82, hostPort: 8080, protocol: 'UDP' }])(m);
    initContainer({ ports: [{ containerPort: 80, hostPort: 8080, hostIP: '10.0.0.1' }] })(m);
  }],
  ['the same containerPort twice (not checked upstream)', set('ports', [{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }])],
  ['quantities 1e3, 1E3, .5, 5., +1, 1.5Gi, numbers, " 2 " and zeros written as +, . and G', m => {
    main(m).resources = {
      requests: { 'cpu': '.5', 'memory': '1.5Gi', 'ephemeral-storage': '+', 'example.com/a': 2, 'example.com/b': '+1', 'example.com/c': ' 2 ', 'example.com/d': '.', 'example.com/e': 'G' },
      limits: { 'cpu': '5.', 'memory': '2e9', 'ephemeral-storage': '1e3', 'example.com/a': '2', 'example.com/b': '1', 'example.com/c': '2', 'example.com/d': '0', 'example.com/e': '0' },
    };
  }],
  ['a limit of 1e1000 and of 16Ei (capped at 2^63-1)', m => { limit('memory', '1e1000')(m); limit('ephemeral-storage', '16Ei')(m); }],
  ['a request equal to its limit after rounding up to 1n', both('cpu', '1.0000000001', '1.000000001')],
  ['GPU request and limit 1 and 1000m (equal), and a limit alone', m => { both('nvidia.com/gpu', '1', '1000m')(m); limit('example.com/fpga', 2)(m); }],
  ['hugepages in whole pages, with memory', both('hugepages-2Mi', '4Mi', '4194304')],
  ['a native kubernetes.io-prefixed resource', both('example.kubernetes.io/thing', '1', '1')],
  ['ids 0 and 2147483647', securityContext({ runAsUser: 0, runAsGroup: 2147483647 })],
  ['SYS_ADMIN (only CAP_SYS_ADMIN is matched) without privilege escalation', securityContext({ allowPrivilegeEscalation: false, capabilities: { add: ['SYS_ADMIN'] } })],
  ['Localhost seccomp profiles: empty, relative, and with backslashes (not separators on Linux)', m => {
    securityContext({ seccompProfile: { type: 'Localhost', localhostProfile: '' } })(m);
    pod(m).containers.push({ name: 'b', image: 'busybox:1.36', securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'a\\..\\b.json' } } });
  }],
  ['Windows user names', m => {
    ['ContainerUser', 'NT AUTHORITY\\NETWORK SERVICE', 'corp.example.com\\svc', 'CORP\\svc.account'].forEach((runAsUserName, i) =>
      pod(m).containers.push({ name: `w${i}`, image: 'busybox:1.36', securityContext: { windowsOptions: { runAsUserName, gmsaCredentialSpecName: 'gmsa', hostProcess: false } } }));
  }],
  ['subPaths a/..b and a\\..\\b, and Bidirectional in a privileged container', m => {
    Object.assign(main(m).volumeMounts[0], { subPath: 'a/..b', mountPropagation: 'HostToContainer' });
    pod(m).containers.push({
      name: 'b',
      image: 'busybox:1.36',
      securityContext: { privileged: true },
      volumeMounts: [{ name: 'tmp', mountPath: '/x', subPathExpr: 'a\\..\\$(POD)', mountPropagation: 'Bidirectional' }],
    });
  }],
];

describe('container rules (Kubernetes 1.28)', () => {
  test('the minimal Job has no errors', () => {
    expect(errors(job())).toEqual([]);
  });

  test.each(REJECTED.map(c => [c[0], c[1], c] as const))('%s rejects %s', (_id, _what, [ruleId, , mutate, at]) => {
    // GIVEN the minimal Job with one field changed
    const m = job();
    mutate(m);
    // WHEN
    const findings = errors(m);
    // THEN
    expect(findings.filter(f => f.ruleId === ruleId).map(f => f.path)).toContainEqual(expect.stringMatching(at));
  });

  test.each(ACCEPTED.map(c => [c[0], c] as const))('accepts %s', (_what, [, mutate]) => {
    // GIVEN the minimal Job with a boundary value the API server accepts
    const m = job();
    mutate(m);
    // WHEN / THEN
    expect(errors(m)).toEqual([]);
  });

  test.each([
    ['procMount', securityContext({ procMount: 'Unmasked' }), /securityContext\.procMount$/],
    ['resizePolicy', set('resizePolicy', [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }]), /resizePolicy$/],
    ['resources.claims', m => { main(m).resources.claims = [{ name: 'gpu' }]; }, /resources\.claims$/],
  ] as Array<[string, (m: any) => void, RegExp]>)('%s (alpha in 1.28) is a warning, not an error', (_what, mutate, at) => {
    const m = job();
    mutate(m);
    const { findings } = checkManifest(m);
    expect(findings.filter(f => f.severity === 'error')).toEqual([]);
    expect(findings.filter(f => f.ruleId === 'practice.alpha-field').map(f => f.path)).toContainEqual(expect.stringMatching(at));
  });
});

describe('quantities and names (ParseQuantity, IsEnvVarName)', () => {
  test.each([
    '0', '1', '+1', '-1', '1.', '.5', '1.5', '500m', '1e3', '1E3', '1e+3', '1e-3', '1E', '1Ki', '1.5Gi', '1Ei', '1e1000', '1.G', '+', '.', 'G', 'Ti', 'e3', '0e-10',
  ])('%j parses', s => {
    expect(isQuantity(s)).toBe(true);
  });

  test.each([
    '', ' 1', '1 ', '1 Gi', '1ki', '1KiB', '1e', '1e-', '1e+', '1.5.5', '0x10', '1Mi3', 'Pi', 'Ei', 'e-10', '.e-10', '1e-7Ki', 'NaNGi', '1e99999999999999999999', '−1',
  ])('%j does not parse', s => {
    expect(isQuantity(s)).toBe(false);
    expect(quantityValue(s)).toBeNaN();
  });

  test('values and exact comparisons', () => {
    expect([quantityValue('1e3'), quantityValue('1Ki'), quantityValue('500m'), quantityValue('0.1n'), quantityValue('16Ei')]).toEqual([1000, 1024, 0.5, 1e-9, 2 ** 63]);
    expect(quantityValue('1e1000')).toBe(Infinity);
    expect(quantityValue('1e4294967296')).toBe(1); // the exponent is truncated to int32
    const cmp = (a: string, b: string) => compareQuantities(parseQuantity(a)!, parseQuantity(b)!);
    expect([cmp('1Gi', '1073741824'), cmp('1', '1000m'), cmp('1.0000000001', '1.000000001'), cmp('1e1000', '1e999'), cmp('-1', '0')]).toEqual([0, 0, 0, 1, -1]);
  });

  test('what cdk8s Size and cdk8s-plus Cpu write parses', () => {
    const written = [
      Size.kibibytes(1).asString(), Size.mebibytes(0.5).asString(), Size.gibibytes(1.5).asString(),
      Size.tebibytes(2).asString(), Size.pebibyte(1).asString(),
      kplus.Cpu.millis(250).amount, kplus.Cpu.millis(0.5).amount, kplus.Cpu.units(0.5).amount,
      kplus.Cpu.units(2).amount, kplus.Cpu.units(1e21).amount,
    ];
    expect(written.filter(s => !isQuantity(s))).toEqual([]);
    // Exponent notation cannot take a suffix: these are refused, as by the API server.
    expect([Size.kibibytes(1e-7).asString(), kplus.Cpu.millis(1e-7).amount].map(isQuantity)).toEqual([false, false]);
  });

  test.each([['A', true], ['my.env-name', true], ['-', true], ['x..', true], ['.', false], ['..', false], ['..a', false], ['1a', false], ['a=b', false], ['', false]])(
    'IsEnvVarName(%j) is %s', (name, valid) => {
      expect(isEnvVarName(name)).toBe(valid);
    });
});

describe('TrainingJob env from every cdk8s-plus-28 factory', () => {
  test('every EnvValue.from* and Env.from* output passes the 1.28 rules', () => {
    // GIVEN every EnvFieldPaths and ResourceFieldPaths member, with keys and divisors
    const chart = Testing.chart();
    const cm = kplus.ConfigMap.fromConfigMapName(chart, 'cm', 'settings');
    const secret = kplus.Secret.fromSecretName(chart, 'secret', 'credentials');
    const divisors: { [resource: string]: string } = { 'cpu': '1m', 'memory': '1Mi', 'ephemeral-storage': '1Gi' };
    const fieldEnv = Object.fromEntries(Object.values(kplus.EnvFieldPaths).map((path, i) => {
      const key = path === kplus.EnvFieldPaths.POD_LABEL ? 'app.kubernetes.io/name' : path === kplus.EnvFieldPaths.POD_ANNOTATION ? 'example.com/Owner' : undefined;
      return [`FIELD_${i}`, kplus.EnvValue.fromFieldRef(path, { key, apiVersion: i === 0 ? 'v1' : undefined })];
    }));
    const resourceEnv = Object.fromEntries(Object.values(kplus.ResourceFieldPaths).map((resource, i) => [
      `RESOURCE_${i}`, kplus.EnvValue.fromResource(resource, { divisor: divisors[resource.split('.')[1]] }),
    ]));
    // WHEN
    new TrainingJob(chart, 'train', {
      image: 'python:3.12',
      env: {
        ...fieldEnv,
        ...resourceEnv,
        PLAIN: kplus.EnvValue.fromValue('1'),
        FROM_CONFIG_MAP: kplus.EnvValue.fromConfigMap(cm, 'mode', { optional: true }),
        FROM_SECRET: kplus.EnvValue.fromSecretValue({ secret, key: 'token' }),
        CPU_OF_MAIN: kplus.EnvValue.fromResource(kplus.ResourceFieldPaths.CPU_LIMIT, { container: new kplus.Container({ image: 'python:3.12' }) }),
        FROM_PROCESS: kplus.EnvValue.fromProcess('PATH'),
        UNSET_IN_PROCESS: kplus.EnvValue.fromProcess('CDK8S_BATCH_SURELY_UNSET'),
      },
      envFrom: [kplus.Env.fromConfigMap(cm, 'SETTINGS_'), kplus.Env.fromSecret(secret)],
    });
    // THEN test/util/setup.ts has checked the schema and every rule's errors
    const [manifest] = Testing.synth(chart);
    expect(errors(manifest)).toEqual([]);
    const byName = new Map<string, any>(main(manifest).env.map((e: any) => [e.name, e]));
    expect(byName.get(`FIELD_${Object.values(kplus.EnvFieldPaths).indexOf(kplus.EnvFieldPaths.POD_LABEL)}`).valueFrom.fieldRef.fieldPath).toBe("metadata.labels['app.kubernetes.io/name']");
    expect(byName.get('RESOURCE_0').valueFrom.resourceFieldRef).toEqual({ resource: 'limits.cpu', divisor: '1m' });
    expect(byName.get('CPU_OF_MAIN').valueFrom.resourceFieldRef).toEqual({ resource: 'limits.cpu', containerName: 'main' });
    expect(main(manifest).envFrom).toEqual([{ configMapRef: { name: 'settings' }, prefix: 'SETTINGS_' }, { secretRef: { name: 'credentials' } }]);
  });
});
