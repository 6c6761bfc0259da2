/**
 * Internal: pod template and pod spec rules, ported from kubernetes/kubernetes
 * `pkg/apis/core/validation/validation.go` (1.28): ValidatePodTemplateSpec, ValidatePodSpec,
 * ValidateVolumes, ValidateTolerations, ValidatePodSecurityContext.
 */
import { isDns1123Label, isDns1123Subdomain, isLabelValue, isQualifiedName, isQuantity, quantityValue } from '../_validate';
import { PodFacts, checkContainer, checkIds, checkSeccomp } from './container';
import { Obj, Report, boolAt, child, index, intAt, isObj, listAt, objAt, objectItems, quantityString, strAt, v } from './context';
import { checkAnnotationsAt, checkLabelsAt } from './meta';

/** Every volume source of 1.28 core/v1 `VolumeSource` (a volume has exactly one). */
const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi',
  'ephemeral',
];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** What the job rules need to know about a checked pod template. */
export interface PodTemplateFacts {
  readonly labels: Map<string, string>;
  readonly restartPolicy?: string;
  /** Names of containers and init containers. */
  readonly containerNames: Set<string>;
}

/** Checks a pod template (ValidatePodTemplateSpec). */
export function checkPodTemplate(r: Report, template: Obj | undefined, path: string): PodTemplateFacts {
  const meta = objAt(r, template, 'metadata', path);
  const labels = checkLabelsAt(r, meta, child(path, 'metadata'));
  checkAnnotationsAt(r, meta, child(path, 'metadata'));
  const spec = objAt(r, template, 'spec', path);
  const specPath = child(path, 'spec');
  const containerNames = checkPodSpec(r, spec, specPath);
  return { labels, restartPolicy: strAt(r, spec, 'restartPolicy', specPath), containerNames };
}

/** ValidatePodSpec; returns the container names. */
function checkPodSpec(r: Report, spec: Obj | undefined, path: string): Set<string> {
  const facts: PodFacts = { volumes: checkVolumes(r, spec, path), hostPorts: new Set() };
  const names = new Set<string>();
  const containers = listAt(r, spec, 'containers', path);
  if (containers.length === 0) {
    r.add('pod.containers', child(path, 'containers'), 'the pod has no containers');
  }
  const inits = listAt(r, spec, 'initContainers', path);
  for (const [key, list] of [['initContainers', inits], ['containers', containers]] as const) {
    objectItems(r, list, child(path, key)).forEach(([c, at]) => {
      const name = strAt(r, c, 'name', at);
      if (name === undefined || name === '') {
        r.add('pod.containers', child(at, 'name'), 'the container has no name');
      } else if (!isDns1123Label(name)) {
        r.add('pod.containers', child(at, 'name'), `${v(name)} must be a DNS-1123 label (at most 63 lowercase letters, digits and '-')`);
      } else if (names.has(name)) {
        r.add('pod.containers', child(at, 'name'), `${v(name)} is the name of another container of the pod`);
      }
      if (name) names.add(name);
      checkContainer(r, c, at, facts, key === 'initContainers');
    });
  }
  if (listAt(r, spec, 'ephemeralContainers', path).length > 0) {
    r.add('pod.ephemeral-containers', child(path, 'ephemeralContainers'), 'a pod template cannot have ephemeral containers');
  }
  checkLabelsAt(r, spec, path, 'pod.node-selector', 'nodeSelector');
  checkTolerations(r, spec, path);
  checkPodNames(r, spec, path);
  checkPodFields(r, spec, path);
  const sc = objAt(r, spec, 'securityContext', path);
  if (sc) {
    const at = child(path, 'securityContext');
    checkIds(r, sc, at, 'pod.security-context', ['runAsUser', 'runAsGroup', 'fsGroup']);
    listAt(r, sc, 'supplementalGroups', at).forEach((g, i) => {
      if (typeof g !== 'number' || !Number.isInteger(g) || g < 0 || g > 2 ** 31 - 1) {
        r.add('pod.security-context', index(child(at, 'supplementalGroups'), i), `${v(g)} must be a group id from 0 to 2147483647`);
      }
    });
    checkSeccomp(r, sc, at, 'pod.security-context');
    boolAt(r, sc, 'runAsNonRoot', at);
  }
  return names;
}

/** ValidateVolumes: unique DNS-1123 names, exactly one source; returns the names. */
function checkVolumes(r: Report, spec: Obj | undefined, path: string): Set<string> {
  const names = new Set<string>();
  objectItems(r, listAt(r, spec, 'volumes', path), child(path, 'volumes')).forEach(([vol, at]) => {
    const name = strAt(r, vol, 'name', at);
    if (name === undefined || name === '') {
      r.add('pod.volumes', child(at, 'name'), 'the volume has no name');
    } else if (!isDns1123Label(name)) {
      r.add('pod.volumes', child(at, 'name'), `${v(name)} must be a DNS-1123 label`);
    } else if (names.has(name)) {
      r.add('pod.volumes', child(at, 'name'), `${v(name)} is the name of another volume`);
    }
    if (name) names.add(name);
    const sources = VOLUME_SOURCES.filter(s => vol[s] !== undefined && vol[s] !== null);
    if (sources.length === 0) {
      r.add('pod.volumes', at, 'the volume has no source (e.g. emptyDir, persistentVolumeClaim, configMap, secret)');
    } else if (sources.length > 1) {
      r.add('pod.volumes', at, `the volume has ${sources.length} sources (${sources.join(', ')}); it may have only one`);
    }
    checkVolumeSource(r, vol, at);
  });
  return names;
}

/** The source-specific checks of validateVolumeSource that a job's volumes commonly hit. */
function checkVolumeSource(r: Report, vol: Obj, at: string): void {
  const emptyDir = objAt(r, vol, 'emptyDir', at);
  if (emptyDir) {
    const medium = strAt(r, emptyDir, 'medium', child(at, 'emptyDir'));
    if (medium !== undefined && medium !== '' && medium !== 'Memory' && medium !== 'HugePages' && !medium.startsWith('HugePages-')) {
      r.add('pod.volumes', child(child(at, 'emptyDir'), 'medium'), `${v(medium)} must be '', Memory or HugePages`);
    }
    const raw = emptyDir.sizeLimit;
    if (raw !== undefined && raw !== null) {
      const q = quantityString(raw);
      if (q === undefined || !isQuantity(q) || !(quantityValue(q) >= 0)) {
        r.add('pod.volumes', child(child(at, 'emptyDir'), 'sizeLimit'), `${v(raw)} must be a non-negative quantity such as 1Gi`);
      }
    }
  }
  const required: Array<[string, string]> = [['persistentVolumeClaim', 'claimName'], ['configMap', 'name'], ['secret', 'secretName'], ['hostPath', 'path']];
  for (const [source, field] of required) {
    const s = objAt(r, vol, source, at);
    if (s && !strAt(r, s, field, child(at, source))) {
      r.add('pod.volumes', child(child(at, source), field), `${source}.${field} is required`);
    }
  }
}

/** ValidateTolerations. */
function checkTolerations(r: Report, spec: Obj | undefined, path: string): void {
  objectItems(r, listAt(r, spec, 'tolerations', path), child(path, 'tolerations')).forEach(([t, at]) => {
    const key = strAt(r, t, 'key', at) ?? '';
    const operator = strAt(r, t, 'operator', at) ?? '';
    const value = strAt(r, t, 'value', at) ?? '';
    const effect = strAt(r, t, 'effect', at) ?? '';
    const seconds = intAt(r, t, 'tolerationSeconds', at);
    if (key !== '' && !isQualifiedName(key)) {
      r.add('pod.tolerations', child(at, 'key'), `${v(key)} must be a qualified name`);
    }
    if (key === '' && operator !== 'Exists') {
      r.add('pod.tolerations', child(at, 'operator'), `${v(operator || 'Equal')} must be Exists when key is empty (it then matches every taint)`);
    }
    if (seconds !== undefined && effect !== 'NoExecute') {
      r.add('pod.tolerations', child(at, 'effect'), 'effect must be NoExecute when tolerationSeconds is set');
    }
    if (operator === '' || operator === 'Equal') {
      if (!isLabelValue(value)) r.add('pod.tolerations', child(at, 'value'), `${v(value)} must be a valid label value`);
    } else if (operator === 'Exists') {
      if (value !== '') r.add('pod.tolerations', child(at, 'value'), 'value must be empty when operator is Exists');
    } else {
      r.add('pod.tolerations', child(at, 'operator'), `${v(operator)} must be Equal or Exists`);
    }
    if (effect !== '' && !TAINT_EFFECTS.includes(effect)) {
      r.add('pod.tolerations', child(at, 'effect'), `${v(effect)} must be one of ${TAINT_EFFECTS.join(', ')}`);
    }
  });
}

/** Names a pod refers to (ValidatePodSpec). */
function checkPodNames(r: Report, spec: Obj | undefined, path: string): void {
  for (const field of ['serviceAccountName', 'serviceAccount', 'priorityClassName', 'runtimeClassName']) {
    const name = strAt(r, spec, field, path);
    if (name !== undefined && name !== '' && !isDns1123Subdomain(name)) {
      r.add('pod.names', child(path, field), `${v(name)} must be a DNS-1123 name`);
    }
  }
  for (const field of ['hostname', 'subdomain']) {
    const name = strAt(r, spec, field, path);
    if (name !== undefined && name !== '' && !isDns1123Label(name)) {
      r.add('pod.names', child(path, field), `${v(name)} must be a DNS-1123 label`);
    }
  }
  listAt(r, spec, 'imagePullSecrets', path).forEach((s, i) => {
    const at = index(child(path, 'imagePullSecrets'), i);
    if (!isObj(s)) {
      r.add('object.field-type', at, `${v(s)} must be an object with a name`);
      return;
    }
    strAt(r, s, 'name', at);
  });
}

/** dnsPolicy, grace period, pod activeDeadlineSeconds, host namespaces (ValidatePodSpec). */
function checkPodFields(r: Report, spec: Obj | undefined, path: string): void {
  const dns = strAt(r, spec, 'dnsPolicy', path);
  if (dns !== undefined && dns !== '' && !DNS_POLICIES.includes(dns)) {
    r.add('pod.fields', child(path, 'dnsPolicy'), `${v(dns)} must be one of ${DNS_POLICIES.join(', ')}`);
  }
  if (dns === 'None' && !objAt(r, spec, 'dnsConfig', path)) {
    r.add('pod.fields', child(path, 'dnsConfig'), 'dnsConfig is required when dnsPolicy is None');
  }
  const grace = intAt(r, spec, 'terminationGracePeriodSeconds', path);
  if (grace !== undefined && grace < 0) {
    r.add('pod.fields', child(path, 'terminationGracePeriodSeconds'), `${grace} must not be negative`);
  }
  const deadline = intAt(r, spec, 'activeDeadlineSeconds', path);
  if (deadline !== undefined && (deadline < 1 || deadline > 2 ** 31 - 1)) {
    r.add('pod.fields', child(path, 'activeDeadlineSeconds'), `${deadline} must be from 1 to 2147483647`);
  }
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC', 'automountServiceAccountToken', 'shareProcessNamespace']) {
    boolAt(r, spec, field, path);
  }
}
