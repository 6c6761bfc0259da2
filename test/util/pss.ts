/**
 * The Pod Security Standard "restricted" checks (Kubernetes 1.28 pod-security-admission,
 * `policy/check_*.go`), applied to a pod spec. Used by tests to prove that default manifests are
 * admitted by a namespace that enforces "restricted".
 */
import { jobSpec } from './synth';

const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

/** Returns the violations (empty when the pod is admitted). */
export function restrictedViolations(podSpec: any, podMetadata: any = {}): string[] {
  const v: string[] = [];
  const containers = [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? []), ...(podSpec.ephemeralContainers ?? [])];
  const pod = podSpec.securityContext ?? {};
  // baseline: host namespaces, host ports, privileged, hostPath, proc mount, sysctls, SELinux, AppArmor
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) if (podSpec[f]) v.push(`${f} must be unset or false`);
  for (const vol of podSpec.volumes ?? []) {
    const type = Object.keys(vol).find(k => k !== 'name');
    if (!type || !RESTRICTED_VOLUME_TYPES.has(type)) v.push(`volume ${vol.name} has a restricted type ${type}`);
  }
  if (pod.sysctls?.length) v.push('sysctls are checked against the safe set; none expected');
  if (pod.seLinuxOptions?.user || pod.seLinuxOptions?.role) v.push('pod seLinuxOptions user/role must be unset');
  for (const [k, val] of Object.entries(podMetadata.annotations ?? {})) {
    if (k.startsWith('container.apparmor.security.beta.kubernetes.io/') && val !== 'runtime/default' && !String(val).startsWith('localhost/')) {
      v.push(`AppArmor ${k} must be runtime/default or localhost/*`);
    }
  }
  // restricted: runAsNonRoot, runAsUser, seccomp at pod level or on every container
  const podNonRoot = pod.runAsNonRoot === true;
  const podSeccomp = ['RuntimeDefault', 'Localhost'].includes(pod.seccompProfile?.type);
  if (pod.runAsNonRoot === false) v.push('pod runAsNonRoot must not be false');
  if (pod.runAsUser === 0) v.push('pod runAsUser must not be 0');
  if (pod.seccompProfile?.type === 'Unconfined') v.push('pod seccomp must not be Unconfined');
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    const name = `container ${c.name}`;
    if (sc.privileged) v.push(`${name}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) v.push(`${name}: allowPrivilegeEscalation must be false`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) v.push(`${name}: capabilities must drop ALL`);
    for (const cap of sc.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') v.push(`${name}: adds capability ${cap}`);
    if (sc.runAsNonRoot === false || (!podNonRoot && sc.runAsNonRoot !== true)) v.push(`${name}: runAsNonRoot must be true (pod or container)`);
    if (sc.runAsUser === 0) v.push(`${name}: runAsUser must not be 0`);
    const seccomp = sc.seccompProfile?.type;
    if (seccomp === 'Unconfined' || (!podSeccomp && !['RuntimeDefault', 'Localhost'].includes(seccomp))) v.push(`${name}: seccomp must be RuntimeDefault or Localhost`);
    if (sc.procMount && sc.procMount !== 'Default') v.push(`${name}: procMount must be Default`);
    if (sc.seLinuxOptions?.user || sc.seLinuxOptions?.role) v.push(`${name}: seLinuxOptions user/role must be unset`);
    for (const p of c.ports ?? []) if (p.hostPort) v.push(`${name}: hostPort ${p.hostPort}`);
  }
  return v;
}

/** The pod template of a Job or CronJob manifest. */
export function podTemplateOf(manifest: any): any {
  return jobSpec(manifest).template;
}
