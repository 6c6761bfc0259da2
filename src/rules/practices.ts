/**
 * Internal: best-practice checks (warnings). None of these makes the API server refuse an
 * object; each is a default cdk8s-batch sets for a reason (see src/defaults.ts).
 */
import { isPinnedImage } from '../_validate';
import { Obj, Report, child, index, isObj } from './context';

/** Job lifecycle: TTL, backoff limit, deadline. `inCronJob`: TTL is then left to the history limits. */
export function checkJobPractices(r: Report, spec: Obj | undefined, path: string, inCronJob: boolean): void {
  if (!spec) return;
  if (!inCronJob && spec.ttlSecondsAfterFinished === undefined) {
    r.add('practice.ttl', child(path, 'ttlSecondsAfterFinished'), 'the Job is never deleted after it finishes');
  }
  if (spec.backoffLimit === undefined) {
    r.add('practice.backoff-limit', child(path, 'backoffLimit'), 'backoffLimit is not set: a failing pod is retried 6 times');
  }
  if (spec.activeDeadlineSeconds === undefined) {
    r.add('practice.active-deadline', child(path, 'activeDeadlineSeconds'), 'the Job has no deadline: a hung process runs forever');
  }
  const template = isObj(spec.template) ? spec.template : undefined;
  const pod = isObj(template?.spec) ? template!.spec as Obj : undefined;
  if (pod) checkPodPractices(r, pod, child(child(path, 'template'), 'spec'));
}

/** Pod: resources, images, Pod Security "restricted", host access, service account token. */
function checkPodPractices(r: Report, pod: Obj, path: string): void {
  const psc = isObj(pod.securityContext) ? pod.securityContext : {};
  const podSeccomp = seccompOk(psc);
  for (const key of ['initContainers', 'containers']) {
    const list = Array.isArray(pod[key]) ? pod[key] as unknown[] : [];
    list.forEach((c, i) => {
      if (!isObj(c)) return;
      const at = index(child(path, key), i);
      const res = isObj(c.resources) ? c.resources : {};
      const requests = isObj(res.requests) ? res.requests : {};
      const limits = isObj(res.limits) ? res.limits : {};
      const missing = ['cpu', 'memory'].filter(n => requests[n] === undefined && limits[n] === undefined);
      if (missing.length) r.add('practice.requests', child(child(at, 'resources'), 'requests'), `no ${missing.join(' or ')} request`);
      if (limits.memory === undefined) r.add('practice.memory-limit', child(child(at, 'resources'), 'limits'), 'no memory limit');
      if (typeof c.image === 'string' && c.image !== '' && !isPinnedImage(c.image)) {
        r.add('practice.image-pinned', child(at, 'image'), `${JSON.stringify(c.image)} is not pinned to a tag or digest`);
      }
      const sc = isObj(c.securityContext) ? c.securityContext : {};
      const nonRoot = sc.runAsNonRoot ?? psc.runAsNonRoot;
      const user = sc.runAsUser ?? psc.runAsUser;
      if (nonRoot !== true) {
        r.add('practice.run-as-non-root', child(child(at, 'securityContext'), 'runAsNonRoot'), 'the container may run as root');
      } else if (user === 0) {
        r.add('practice.run-as-non-root', child(child(at, 'securityContext'), 'runAsUser'), 'runAsNonRoot is true but runAsUser is 0: the kubelet refuses to start the container');
      }
      if (sc.allowPrivilegeEscalation !== false) {
        r.add('practice.privilege-escalation', child(child(at, 'securityContext'), 'allowPrivilegeEscalation'), 'privilege escalation is allowed');
      }
      const caps = isObj(sc.capabilities) ? sc.capabilities : {};
      if (!(Array.isArray(caps.drop) && caps.drop.includes('ALL'))) {
        r.add('practice.capabilities', child(child(at, 'securityContext'), 'capabilities'), 'capabilities are not dropped (drop: [ALL])');
      }
      if (!podSeccomp && !seccompOk(sc)) {
        r.add('practice.seccomp', child(child(at, 'securityContext'), 'seccompProfile'), 'no RuntimeDefault or Localhost seccomp profile on the pod or the container');
      }
      if (sc.privileged === true) {
        r.add('practice.host-access', child(child(at, 'securityContext'), 'privileged'), 'the container is privileged');
      }
    });
  }
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (pod[field] === true) r.add('practice.host-access', child(path, field), `${field} shares the node's namespace`);
  }
  const volumes = Array.isArray(pod.volumes) ? pod.volumes : [];
  volumes.forEach((vol, i) => {
    if (isObj(vol) && vol.hostPath !== undefined) r.add('practice.host-access', child(index(child(path, 'volumes'), i), 'hostPath'), 'a hostPath volume exposes the node\'s filesystem');
  });
  const sa = pod.serviceAccountName ?? pod.serviceAccount;
  if (pod.automountServiceAccountToken !== false && (sa === undefined || sa === '' || sa === 'default')) {
    r.add('practice.service-account-token', child(path, 'automountServiceAccountToken'), 'the default service account token is mounted');
  }
}

function seccompOk(sc: Obj): boolean {
  const profile = isObj(sc.seccompProfile) ? sc.seccompProfile : {};
  return profile.type === 'RuntimeDefault' || profile.type === 'Localhost';
}

/** CronJob hygiene: concurrency, time zone, starting deadline, history. */
export function checkCronJobPractices(r: Report, spec: Obj | undefined): void {
  if (!spec) return;
  if (spec.concurrencyPolicy === undefined || spec.concurrencyPolicy === 'Allow' || spec.concurrencyPolicy === '') {
    r.add('practice.cronjob-concurrency', 'spec.concurrencyPolicy', 'concurrencyPolicy is Allow: a slow run overlaps the next one');
  }
  if (spec.timeZone === undefined || spec.timeZone === null) {
    r.add('practice.cronjob-time-zone', 'spec.timeZone', 'no timeZone: the schedule follows the controller manager\'s local time zone');
  }
  const deadline = spec.startingDeadlineSeconds;
  if (deadline === undefined || deadline === null) {
    r.add('practice.cronjob-starting-deadline', 'spec.startingDeadlineSeconds', 'no startingDeadlineSeconds: after 100 missed start times the CronJob stops scheduling');
  } else if (typeof deadline === 'number' && deadline < 10) {
    r.add('practice.cronjob-starting-deadline', 'spec.startingDeadlineSeconds', `${deadline}s is shorter than the controller's 10 s check interval: runs can be skipped`);
  }
  if (spec.failedJobsHistoryLimit === 0) {
    r.add('practice.cronjob-history', 'spec.failedJobsHistoryLimit', 'failed Jobs are deleted at once, with their logs');
  }
}
