/**
 * Internal: pod template and pod spec rules, ported from kubernetes/kubernetes
 * `pkg/apis/core/validation/validation.go` (1.28): ValidatePodTemplateSpec, ValidatePodSpec,
 * validatePodDNSConfig, ValidateHostAliases, validatePodHostNetworkDeps, validateOS /
 * validateWindows / validateLinux, validatePodSpecSecurityContext. Volumes are in volumes.ts,
 * tolerations, affinity, topology spread and gates in pod-scheduling.ts, pod-level resources and
 * resource claims in pod-resources.ts.
 *
 * Per target version (gates.ts), the changes of ValidatePodSpec between 1.28 and 1.36:
 * - hostUsers (UserNamespacesSupport: alpha 1.28, beta and off 1.30, beta 1.33, GA 1.36):
 *   validateHostUsers (no hostNetwork, hostPID or hostIPC with hostUsers: false) where it is on.
 * - resources (1.32, PodLevelResources) and resourceClaims (DynamicResourceAllocation): see
 *   pod-resources.ts.
 * - hostnameOverride (1.34, HostnameOverride): a DNS-1123 subdomain of at most 64 characters, not
 *   with setHostnameAsFQDN or hostNetwork (validatePodSpec, KEP-4762).
 * - dnsConfig.searches (1.32, RelaxedDNSSearchValidation; on from 1.33): validatePodDNSConfig
 *   accepts '.' and '_' (ValidateDNS1123SubdomainWithUnderScore).
 * - securityContext.supplementalGroupsPolicy (1.31, SupplementalGroupsPolicy):
 *   validateSupplementalGroupsPolicy (Merge or Strict); seLinuxChangePolicy (1.32,
 *   SELinuxChangePolicy): validateSELinuxChangePolicy (Recursive, and MountOption where SELinuxMount
 *   is on); appArmorProfile (1.30, AppArmorFields): ValidateAppArmorProfileField; validateWindows
 *   refuses the three for a Windows pod.
 */
import { isDns1123Label, isDns1123Subdomain, isIPAddress, isQualifiedName, isQuantity, quantityValue } from '../_validate';
import { PodFacts, checkContainer, checkIds, checkSeccomp } from './container';
import { Obj, Report, boolAt, child, index, intAt, isObj, listAt, objAt, objectItems, quantityString, strAt, v } from './context';
import { fieldGate, gateOn } from './gates';
import { checkAnnotationsAt, checkLabelsAt } from './meta';
import { checkPodResources, checkResourceClaims } from './pod-resources';
import { checkAffinity, checkGates, checkTolerations, checkTopologySpread } from './pod-scheduling';
import { checkAppArmor } from './security';
import { checkVolumes, imageVolumeNames } from './volumes';

const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
/** MaxDNSNameservers, MaxDNSSearchPaths, MaxDNSSearchListChars (1.28, ExpandedDNSConfig). */
const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
const MAX_SEARCH_CHARS = 2048;
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];
const FS_GROUP_CHANGE_POLICIES = ['OnRootMismatch', 'Always'];
/** IsValidSysctlName: SysctlContainSlashFmt, at most 253 characters. */
const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;
/** validateWindows (1.28): the pod and container security context fields a Windows pod cannot set. */
const WINDOWS_POD_FIELDS = ['seLinuxOptions', 'seccompProfile', 'fsGroup', 'fsGroupChangePolicy', 'sysctls', 'runAsUser', 'runAsGroup', 'supplementalGroups'];
const WINDOWS_CONTAINER_FIELDS = ['seLinuxOptions', 'seccompProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged', 'allowPrivilegeEscalation', 'procMount', 'runAsUser', 'runAsGroup'];
/** validateWindows: fields of newer versions, refused for a Windows pod where their gate keeps them. */
const WINDOWS_GATED_POD_FIELDS: Array<[string, string]> = [['appArmorProfile', 'AppArmorFields'], ['supplementalGroupsPolicy', 'SupplementalGroupsPolicy'], ['seLinuxChangePolicy', 'SELinuxChangePolicy']];
/** validateSupplementalGroupsPolicy (1.31). */
const SUPPLEMENTAL_GROUPS_POLICIES = ['Merge', 'Strict'];
/** validSELinuxChangePolicies (1.32). */
const SELINUX_CHANGE_POLICIES = ['Recursive', 'MountOption'];
/** The kernel's hostname limit (KEP-4762: hostnameOverride, 1.34). */
const MAX_HOSTNAME_OVERRIDE = 64;
/** IsDNS1123SubdomainWithUnderscore (apimachinery util/validation, used from 1.32). */
const DNS1123_LABEL_WITH_UNDERSCORE = '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_WITH_UNDERSCORE = new RegExp(`^${DNS1123_LABEL_WITH_UNDERSCORE}(\\.${DNS1123_LABEL_WITH_UNDERSCORE})*$`);
/** terminationGracePeriodSeconds when a pod template leaves it out (SetDefaults_PodSpec). */
const DEFAULT_GRACE_PERIOD = 30;

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
  // The restart policy (validateRestartPolicy, case-sensitive) is checked by the Job rules, which
  // allow only Never and OnFailure.
  return { labels, restartPolicy: strAt(r, spec, 'restartPolicy', specPath), containerNames };
}

/** ValidatePodSpec; returns the container names. */
function checkPodSpec(r: Report, spec: Obj | undefined, path: string): Set<string> {
  const grace = spec?.terminationGracePeriodSeconds;
  const facts: PodFacts = {
    volumes: checkVolumes(r, spec, path),
    hostPorts: new Set(),
    imageVolumes: imageVolumeNames(r, spec),
    claims: checkResourceClaims(r, spec, path),
    // The API server's view of hostUsers: true unless set to false and kept (UserNamespacesSupport).
    hostUsers: !(spec?.hostUsers === false && gateOn(r, 'UserNamespacesSupport')),
    restartPolicy: typeof spec?.restartPolicy === 'string' ? spec.restartPolicy : undefined,
    gracePeriod: typeof grace === 'number' && Number.isInteger(grace) ? grace : grace === undefined || grace === null ? DEFAULT_GRACE_PERIOD : undefined,
    os: isObj(spec?.os) && typeof spec!.os.name === 'string' ? spec!.os.name : undefined,
  };
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
      // checkHostPortConflicts: across the regular containers, but within each init container
      // alone (init containers run one after the other).
      const init = key === 'initContainers';
      checkContainer(r, c, at, init ? { ...facts, hostPorts: new Set() } : facts, init);
    });
  }
  if (listAt(r, spec, 'ephemeralContainers', path).length > 0) {
    r.add('pod.ephemeral-containers', child(path, 'ephemeralContainers'), 'a pod template cannot have ephemeral containers');
  }
  checkLabelsAt(r, spec, path, 'pod.node-selector', 'nodeSelector');
  checkTolerations(r, spec, path);
  checkAffinity(r, spec, path);
  checkTopologySpread(r, spec, path);
  checkGates(r, spec, path);
  checkPodNames(r, spec, path);
  checkPodFields(r, spec, path);
  checkPodResources(r, spec, path);
  checkDns(r, spec, path);
  checkHostNetwork(r, spec, path);
  checkPodSecurityContext(r, spec, path);
  checkOS(r, spec, path);
  return names;
}

/** Names a pod refers to (ValidatePodSpec). */
function checkPodNames(r: Report, spec: Obj | undefined, path: string): void {
  for (const field of ['serviceAccountName', 'serviceAccount', 'priorityClassName', 'runtimeClassName', 'nodeName']) {
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

/** Grace period, pod activeDeadlineSeconds, preemption policy, overhead, alpha fields (ValidatePodSpec). */
function checkPodFields(r: Report, spec: Obj | undefined, path: string): void {
  const grace = intAt(r, spec, 'terminationGracePeriodSeconds', path);
  if (grace !== undefined && grace < 0) {
    r.add('pod.fields', child(path, 'terminationGracePeriodSeconds'), `${grace} must not be negative`);
  }
  const deadline = intAt(r, spec, 'activeDeadlineSeconds', path);
  if (deadline !== undefined && (deadline < 1 || deadline > 2 ** 31 - 1)) {
    r.add('pod.fields', child(path, 'activeDeadlineSeconds'), `${deadline} must be from 1 to 2147483647`);
  }
  // ValidatePreemptionPolicy.
  const preemption = strAt(r, spec, 'preemptionPolicy', path);
  if (preemption !== undefined && !PREEMPTION_POLICIES.includes(preemption)) {
    r.add('pod.fields', child(path, 'preemptionPolicy'), `${v(preemption)} must be PreemptLowerPriority or Never`);
  }
  // validateOverhead (ValidateContainerResourceRequirements on the limits): names and quantities.
  for (const [name, raw] of Object.entries(objAt(r, spec, 'overhead', path) ?? {})) {
    const q = quantityString(raw);
    if (!isQualifiedName(name) || q === undefined || !isQuantity(q) || !(quantityValue(q) >= 0)) {
      r.add('pod.fields', child(child(path, 'overhead'), name), `${v(name)}: ${v(raw)} must be a resource name with a non-negative quantity`);
    }
  }
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC', 'automountServiceAccountToken', 'shareProcessNamespace', 'enableServiceLinks', 'setHostnameAsFQDN']) {
    boolAt(r, spec, field, path);
  }
  intAt(r, spec, 'priority', path);
  // dropDisabledFields: dropped unless the feature gate is on (resourceClaims: pod-resources.ts).
  const hostUsers = boolAt(r, spec, 'hostUsers', path);
  if (hostUsers !== undefined && fieldGate(r, 'UserNamespacesSupport', child(path, 'hostUsers'), 'hostUsers', ' and the pod shares the host user namespace') === 'on' && hostUsers === false) {
    // validateHostUsers: no host namespaces in a user namespace.
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
      if (spec![field] === true) r.add('pod.security-context', child(path, field), `${field} cannot be true when hostUsers is false (the pod runs in its own user namespace)`, `remove \`${field}\`, or \`hostUsers: false\``);
    }
  }
  checkHostnameOverride(r, spec, path);
}

/** validatePodSpec (1.34+, HostnameOverride; KEP-4762): hostnameOverride. */
function checkHostnameOverride(r: Report, spec: Obj | undefined, path: string): void {
  const at = child(path, 'hostnameOverride');
  const name = strAt(r, spec, 'hostnameOverride', path);
  if (name === undefined || fieldGate(r, 'HostnameOverride', at, 'hostnameOverride') !== 'on') return;
  if (name.length > MAX_HOSTNAME_OVERRIDE || !isDns1123Subdomain(name)) {
    r.add('pod.names', at, `${v(name)} must be a DNS-1123 subdomain of at most ${MAX_HOSTNAME_OVERRIDE} characters`);
  }
  if (spec!.setHostnameAsFQDN === true) r.add('pod.names', at, 'hostnameOverride cannot be used with setHostnameAsFQDN: true', 'remove `setHostnameAsFQDN` or `hostnameOverride`');
  if (spec!.hostNetwork === true) r.add('pod.names', at, 'hostnameOverride cannot be used with hostNetwork: true (the pod has the node\'s hostname)', 'remove `hostNetwork` or `hostnameOverride`');
}

/** validateDNSPolicy, validatePodDNSConfig, ValidateHostAliases. */
function checkDns(r: Report, spec: Obj | undefined, path: string): void {
  const dns = strAt(r, spec, 'dnsPolicy', path);
  if (dns !== undefined && dns !== '' && !DNS_POLICIES.includes(dns)) {
    r.add('pod.fields', child(path, 'dnsPolicy'), `${v(dns)} must be one of ${DNS_POLICIES.join(', ')}`);
  }
  const config = objAt(r, spec, 'dnsConfig', path);
  const at = child(path, 'dnsConfig');
  const nameservers = listAt(r, config, 'nameservers', at);
  if (dns === 'None' && !config) {
    r.add('pod.fields', at, 'dnsConfig is required when dnsPolicy is None');
  } else if (dns === 'None' && nameservers.length === 0) {
    r.add('pod.fields', child(at, 'nameservers'), 'at least one nameserver is required when dnsPolicy is None');
  }
  if (config) {
    if (nameservers.length > MAX_NAMESERVERS) {
      r.add('pod.fields', child(at, 'nameservers'), `${nameservers.length} nameservers; at most ${MAX_NAMESERVERS} are allowed`);
    }
    nameservers.forEach((ns, i) => {
      if (typeof ns !== 'string' || !isIPAddress(ns)) r.add('pod.fields', index(child(at, 'nameservers'), i), `${v(ns)} must be an IP address`);
    });
    const searches = listAt(r, config, 'searches', at);
    if (searches.length > MAX_SEARCHES) {
      r.add('pod.fields', child(at, 'searches'), `${searches.length} search domains; at most ${MAX_SEARCHES} are allowed`);
    }
    const relaxed = gateOn(r, 'RelaxedDNSSearchValidation');
    let chars = Math.max(0, searches.length - 1);
    searches.forEach((s, i) => {
      const domain = typeof s === 'string' ? s : '';
      chars += domain.length;
      // A trailing dot is allowed. '.' alone and '_' only with RelaxedDNSSearchValidation (1.32+,
      // on from 1.33: validatePodDNSConfig with AllowRelaxedDNSSearchValidation).
      const trimmed = domain.endsWith('.') ? domain.slice(0, -1) : domain;
      if (relaxed) {
        if (typeof s !== 'string' || (domain !== '.' && (trimmed.length > 253 || !DNS1123_SUBDOMAIN_WITH_UNDERSCORE.test(trimmed)))) {
          r.add('pod.fields', index(child(at, 'searches'), i), `${v(s)} must be a DNS-1123 subdomain (underscores allowed) or '.'`);
        }
      } else if (typeof s !== 'string' || !isDns1123Subdomain(trimmed)) {
        const later = ' (\'.\' and \'_\' are accepted where RelaxedDNSSearchValidation is on: from Kubernetes 1.33, or 1.32 with the gate)';
        r.add('pod.fields', index(child(at, 'searches'), i), `${v(s)} must be a DNS-1123 subdomain${typeof s === 'string' && (s === '.' || s.includes('_')) ? later : ''}`);
      }
    });
    if (chars > MAX_SEARCH_CHARS) {
      r.add('pod.fields', child(at, 'searches'), `the search list has ${chars} characters (with spaces); at most ${MAX_SEARCH_CHARS} are allowed`);
    }
    objectItems(r, listAt(r, config, 'options', at), child(at, 'options')).forEach(([o, oAt]) => {
      if (!strAt(r, o, 'name', oAt)) r.add('pod.fields', child(oAt, 'name'), 'the option has no name');
      strAt(r, o, 'value', oAt);
    });
  }
  objectItems(r, listAt(r, spec, 'hostAliases', path), child(path, 'hostAliases')).forEach(([alias, aAt]) => {
    const ip = strAt(r, alias, 'ip', aAt) ?? '';
    if (!isIPAddress(ip)) r.add('pod.fields', child(aAt, 'ip'), `${v(ip)} must be an IP address`);
    listAt(r, alias, 'hostnames', aAt).forEach((h, i) => {
      if (typeof h !== 'string' || !isDns1123Subdomain(h)) r.add('pod.fields', index(child(aAt, 'hostnames'), i), `${v(h)} must be a DNS-1123 subdomain`);
    });
  });
}

/**
 * validatePodHostNetworkDeps: with hostNetwork, a container's hostPort, when set, equals its
 * containerPort (in a pod template 0 is allowed: it is defaulted to the containerPort).
 */
function checkHostNetwork(r: Report, spec: Obj | undefined, path: string): void {
  if (spec?.hostNetwork !== true) return;
  (Array.isArray(spec.containers) ? spec.containers : []).forEach((c: unknown, i: number) => {
    if (!isObj(c) || !Array.isArray(c.ports)) return;
    c.ports.forEach((p: unknown, j: number) => {
      if (!isObj(p) || typeof p.hostPort !== 'number' || p.hostPort === 0 || p.hostPort === p.containerPort) return;
      const at = child(index(child(index(child(path, 'containers'), i), 'ports'), j), 'hostPort');
      r.add('pod.fields', at, `${p.hostPort} must equal containerPort (${v(p.containerPort)}) when hostNetwork is true; leave hostPort out`);
    });
  });
}

/** validatePodSpecSecurityContext (ids, supplemental groups, seccomp, shareProcessNamespace, sysctls, fsGroupChangePolicy). */
function checkPodSecurityContext(r: Report, spec: Obj | undefined, path: string): void {
  const sc = objAt(r, spec, 'securityContext', path);
  if (spec?.shareProcessNamespace === true && spec.hostPID === true) {
    r.add('pod.security-context', child(path, 'shareProcessNamespace'), 'shareProcessNamespace and hostPID cannot both be true');
  }
  if (!sc) return;
  const at = child(path, 'securityContext');
  checkIds(r, sc, at, 'pod.security-context', ['runAsUser', 'runAsGroup', 'fsGroup']);
  listAt(r, sc, 'supplementalGroups', at).forEach((g, i) => {
    if (typeof g !== 'number' || !Number.isInteger(g) || g < 0 || g > 2 ** 31 - 1) {
      r.add('pod.security-context', index(child(at, 'supplementalGroups'), i), `${v(g)} must be a group id from 0 to 2147483647`);
    }
  });
  checkSeccomp(r, sc, at, 'pod.security-context');
  boolAt(r, sc, 'runAsNonRoot', at);
  const policy = strAt(r, sc, 'fsGroupChangePolicy', at);
  if (policy !== undefined && !FS_GROUP_CHANGE_POLICIES.includes(policy)) {
    r.add('pod.security-context', child(at, 'fsGroupChangePolicy'), `${v(policy)} must be OnRootMismatch or Always`);
  }
  // validateSysctls: valid, unique names.
  const sysctls = new Set<string>();
  objectItems(r, listAt(r, sc, 'sysctls', at), child(at, 'sysctls')).forEach(([s, sAt]) => {
    const name = strAt(r, s, 'name', sAt) ?? '';
    strAt(r, s, 'value', sAt);
    if (name === '' || name.length > 253 || !SYSCTL_NAME.test(name)) {
      r.add('pod.security-context', child(sAt, 'name'), `${v(name)} must be a sysctl name such as net.core.somaxconn`);
    } else if (sysctls.has(name)) {
      r.add('pod.security-context', child(sAt, 'name'), `${v(name)} is listed twice`);
    }
    sysctls.add(name);
  });
  checkNewerPodSecurityFields(r, sc, at);
}

/** supplementalGroupsPolicy (1.31), seLinuxChangePolicy (1.32) and appArmorProfile (1.30) of the pod's security context. */
function checkNewerPodSecurityFields(r: Report, sc: Obj, at: string): void {
  const ID = 'pod.security-context';
  const groups = strAt(r, sc, 'supplementalGroupsPolicy', at);
  if (groups !== undefined && fieldGate(r, 'SupplementalGroupsPolicy', child(at, 'supplementalGroupsPolicy'), 'supplementalGroupsPolicy') === 'on'
    && !SUPPLEMENTAL_GROUPS_POLICIES.includes(groups)) {
    r.add(ID, child(at, 'supplementalGroupsPolicy'), `${v(groups)} must be Merge or Strict`);
  }
  const selinux = strAt(r, sc, 'seLinuxChangePolicy', at);
  if (selinux !== undefined && fieldGate(r, 'SELinuxChangePolicy', child(at, 'seLinuxChangePolicy'), 'seLinuxChangePolicy') === 'on') {
    // AllowOnlyRecursiveSELinuxChangePolicy: MountOption needs the SELinuxMount gate.
    const allowed = gateOn(r, 'SELinuxMount') ? SELINUX_CHANGE_POLICIES : ['Recursive'];
    if (!allowed.includes(selinux)) {
      r.add(ID, child(at, 'seLinuxChangePolicy'), `${v(selinux)} must be ${allowed.join(' or ')}${selinux === 'MountOption' ? ' (MountOption needs the SELinuxMount feature gate, off by default)' : ''}`);
    }
  }
  checkAppArmor(r, sc, at, ID);
}

/** validateOS, then validateWindows or validateLinux. */
function checkOS(r: Report, spec: Obj | undefined, path: string): void {
  const os = objAt(r, spec, 'os', path);
  if (!os) return;
  const name = strAt(r, os, 'name', child(path, 'os'));
  if (!name) {
    r.add('pod.fields', child(child(path, 'os'), 'name'), 'os.name is required (linux or windows)');
    return;
  }
  if (name !== 'linux' && name !== 'windows') {
    r.add('pod.fields', child(child(path, 'os'), 'name'), `${v(name)} must be linux or windows (lowercase)`);
    return;
  }
  const forbid = (at: string, why: string) => r.add('pod.fields', at, `${why} cannot be set for a ${name} pod (os.name: ${name})`);
  const sc = isObj(spec!.securityContext) ? spec!.securityContext : undefined;
  const containers: Array<[unknown, string]> = [];
  for (const key of ['initContainers', 'containers']) {
    const list = spec![key];
    if (Array.isArray(list)) list.forEach((c, i) => containers.push([c, index(child(path, key), i)]));
  }
  if (name === 'linux') {
    if (sc?.windowsOptions !== undefined && sc.windowsOptions !== null) forbid(child(child(path, 'securityContext'), 'windowsOptions'), 'windowsOptions');
    for (const [c, at] of containers) {
      const csc = isObj(c) && isObj(c.securityContext) ? c.securityContext : undefined;
      if (csc?.windowsOptions !== undefined && csc.windowsOptions !== null) forbid(child(child(at, 'securityContext'), 'windowsOptions'), 'windowsOptions');
    }
    return;
  }
  for (const field of ['hostPID', 'hostIPC']) if (spec![field] === true) forbid(child(path, field), field);
  if (spec!.shareProcessNamespace !== undefined && spec!.shareProcessNamespace !== null) forbid(child(path, 'shareProcessNamespace'), 'shareProcessNamespace');
  const podFields = [...WINDOWS_POD_FIELDS, ...WINDOWS_GATED_POD_FIELDS.filter(([, gate]) => gateOn(r, gate)).map(([field]) => field)];
  for (const field of podFields) {
    const x = sc?.[field];
    if (x !== undefined && x !== null && !(field === 'sysctls' && Array.isArray(x) && x.length === 0)) {
      forbid(child(child(path, 'securityContext'), field), field);
    }
  }
  for (const [c, at] of containers) {
    const csc = isObj(c) && isObj(c.securityContext) ? c.securityContext : undefined;
    for (const field of gateOn(r, 'AppArmorFields') ? [...WINDOWS_CONTAINER_FIELDS, 'appArmorProfile'] : WINDOWS_CONTAINER_FIELDS) {
      if (csc?.[field] !== undefined && csc[field] !== null) forbid(child(child(at, 'securityContext'), field), field);
    }
  }
}
