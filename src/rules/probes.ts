/**
 * Internal: a container's probes and lifecycle hooks, ported from kubernetes/kubernetes
 * `pkg/apis/core/validation/validation.go` (1.28): validateContainers / validateInitContainers
 * (which containers may have them), validateLivenessProbe, validateReadinessProbe,
 * validateStartupProbe, validateProbe, validateLifecycle, validateHandler, validateExecAction,
 * validateHTTPGetAction, validateTCPSocketAction, validateGRPCAction, ValidatePortNumOrName.
 *
 * Probes are defaulted before they are validated (SetDefaults_Probe): a 0 (or missing)
 * timeoutSeconds, periodSeconds, successThreshold or failureThreshold becomes 1, 10, 1 and 3;
 * an httpGet's empty path becomes `/` and its empty scheme `HTTP` (SetDefaults_HTTPGetAction).
 * The lifecycle `sleep` action is 1.29+ (PodLifecycleSleepAction): 1.28 does not know it.
 *
 * Per target version (gates.ts), the changes between 1.28 and 1.36:
 * - the `sleep` handler of lifecycle hooks (1.29, PodLifecycleSleepAction: alpha 1.29, beta 1.30,
 *   GA 1.34): validateHandler counts it; validateSleepAction: seconds greater than 0 (0 allowed
 *   where PodLifecycleSleepActionAllowZero is on: 1.33, or 1.32 with the gate) and at most the
 *   pod's terminationGracePeriodSeconds (30 when left out).
 * - lifecycle.stopSignal (1.33, ContainerStopSignals, alpha): needs the pod's os.name.
 */
import { isPortName } from '../_validate';
import type { PodFacts } from './container';
import { Obj, Report, child, index, intAt, listAt, objAt, objectItems, strAt, v } from './context';
import { fieldGate, gateOn, gateState } from './gates';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket'];
const NON_NEGATIVE = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];
const HTTP_SCHEMES = ['HTTP', 'HTTPS'];
/** IsHTTPHeaderName. */
const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;

/**
 * Probes and lifecycle of a container. An init container may have them only with
 * `restartPolicy: Always` (a sidecar, alpha in 1.28: see practice.alpha-field).
 */
export function checkProbesAndLifecycle(r: Report, c: Obj, path: string, init: boolean, pod?: PodFacts): void {
  if (init && c.restartPolicy !== 'Always') {
    if (present(c.lifecycle)) {
      r.add('container.lifecycle', child(path, 'lifecycle'), 'an init container may not have lifecycle hooks (only a sidecar with restartPolicy: Always may)');
    }
    for (const probe of PROBES) {
      if (present(c[probe])) {
        r.add('container.probes', child(path, probe), `an init container may not have a ${probe} (only a sidecar with restartPolicy: Always may)`);
      }
    }
    return;
  }
  for (const probe of PROBES) {
    const p = objAt(r, c, probe, path);
    if (p) checkProbe(r, p, child(path, probe), probe);
  }
  const lifecycle = objAt(r, c, 'lifecycle', path);
  // validateHandler counts the sleep handler from 1.29 (PodLifecycleSleepAction).
  const handlers = gateState(r, 'PodLifecycleSleepAction') === 'none' ? LIFECYCLE_HANDLERS : [...LIFECYCLE_HANDLERS, 'sleep'];
  for (const hook of ['postStart', 'preStop']) {
    const h = objAt(r, lifecycle, hook, child(path, 'lifecycle'));
    if (h) checkHandler(r, h, child(child(path, 'lifecycle'), hook), handlers, 'container.lifecycle', pod);
  }
  checkStopSignal(r, lifecycle, child(path, 'lifecycle'), pod);
}

/** lifecycle.stopSignal (1.33+, ContainerStopSignals): where the gate keeps it, the pod must name its OS. */
function checkStopSignal(r: Report, lifecycle: Obj | undefined, at: string, pod: PodFacts | undefined): void {
  const signal = strAt(r, lifecycle, 'stopSignal', at);
  if (signal === undefined || fieldGate(r, 'ContainerStopSignals', child(at, 'stopSignal'), 'stopSignal') !== 'on') return;
  if (!pod?.os) r.add('container.lifecycle', child(at, 'stopSignal'), 'stopSignal needs the pod\'s os.name (linux or windows)', 'set `os: { name: linux }` in the pod spec');
}

/**
 * validateSleepAction (1.29+): seconds greater than 0 (or not negative with
 * PodLifecycleSleepActionAllowZero) and at most the pod's grace period. Where
 * PodLifecycleSleepAction is off, the action is dropped: a warning.
 */
function checkSleep(r: Report, h: Obj, at: string, pod: PodFacts | undefined): void {
  const sAt = child(at, 'sleep');
  if (fieldGate(r, 'PodLifecycleSleepAction', sAt, 'the sleep action', ': the hook is then left without a handler, which is refused') !== 'on') return;
  const sleep = objAt(r, h, 'sleep', at);
  const seconds = intAt(r, sleep, 'seconds', sAt);
  const grace = pod?.gracePeriod;
  if (seconds === undefined || grace === undefined) return;
  const zero = gateOn(r, 'PodLifecycleSleepActionAllowZero');
  if (seconds < 0 || (seconds === 0 && !zero) || seconds > grace) {
    const zeroNote = seconds === 0 ? ' (0 is accepted where PodLifecycleSleepActionAllowZero is on: from Kubernetes 1.33, or 1.32 with the gate)' : '';
    r.add('container.lifecycle', child(sAt, 'seconds'), `${seconds} must be ${zero ? 'from 0' : 'from 1'} to the pod's terminationGracePeriodSeconds (${grace})${zeroNote}`);
  }
}

function present(x: unknown): boolean {
  return x !== undefined && x !== null;
}

/** validateProbe and the per-kind rules. */
function checkProbe(r: Report, p: Obj, at: string, kind: string): void {
  const ID = 'container.probes';
  checkHandler(r, p, at, PROBE_HANDLERS, ID);
  for (const field of NON_NEGATIVE) {
    const n = intAt(r, p, field, at);
    if (n !== undefined && n < 0) r.add(ID, child(at, field), `${n} must not be negative`);
  }
  const success = intAt(r, p, 'successThreshold', at);
  if (kind !== 'readinessProbe' && success !== undefined && success > 1) {
    r.add(ID, child(at, 'successThreshold'), `${success} must be 1 for a ${kind}`);
  }
  const grace = intAt(r, p, 'terminationGracePeriodSeconds', at);
  if (kind === 'readinessProbe' && present(p.terminationGracePeriodSeconds)) {
    r.add(ID, child(at, 'terminationGracePeriodSeconds'), 'a readinessProbe may not set terminationGracePeriodSeconds');
  } else if (grace !== undefined && grace <= 0) {
    r.add(ID, child(at, 'terminationGracePeriodSeconds'), `${grace} must be greater than 0`);
  }
}

/** validateHandler: exactly one handler of the kinds `allowed`, each valid. */
function checkHandler(r: Report, h: Obj, at: string, allowed: string[], ruleId: string, pod?: PodFacts): void {
  const handlers = allowed.filter(k => present(h[k]));
  if (handlers.length === 0) {
    const sleep = present(h.sleep) && allowed === LIFECYCLE_HANDLERS ? ' (the sleep action arrived in Kubernetes 1.29)' : '';
    r.add(ruleId, at, `one handler is required: ${allowed.join(', ')}${sleep}`);
    return;
  }
  handlers.slice(1).forEach(extra => r.add(ruleId, child(at, extra), `${extra}: a handler is already given (${handlers[0]}); only one is allowed`));
  const kind = handlers[0];
  const hAt = child(at, kind);
  if (kind === 'sleep') {
    checkSleep(r, h, at, pod);
    return;
  }
  const action = objAt(r, h, kind, at);
  if (!action) return;
  switch (kind) {
    case 'exec': {
      const command = listAt(r, action, 'command', hAt);
      if (command.length === 0) r.add(ruleId, child(hAt, 'command'), 'exec needs a command');
      command.forEach((x, i) => {
        if (typeof x !== 'string') r.add('object.field-type', index(child(hAt, 'command'), i), `${v(x)} must be a string (quote it)`);
      });
      break;
    }
    case 'httpGet': {
      checkPortNumOrName(r, action, hAt, ruleId);
      const scheme = strAt(r, action, 'scheme', hAt);
      if (scheme !== undefined && scheme !== '' && !HTTP_SCHEMES.includes(scheme)) {
        r.add(ruleId, child(hAt, 'scheme'), `${v(scheme)} must be HTTP or HTTPS`);
      }
      strAt(r, action, 'path', hAt);
      strAt(r, action, 'host', hAt);
      objectItems(r, listAt(r, action, 'httpHeaders', hAt), child(hAt, 'httpHeaders')).forEach(([header, headerAt]) => {
        const name = strAt(r, header, 'name', headerAt) ?? '';
        if (!HTTP_HEADER_NAME.test(name)) r.add(ruleId, child(headerAt, 'name'), `${v(name)} must be an HTTP header name (letters, digits and '-')`);
        strAt(r, header, 'value', headerAt);
      });
      break;
    }
    case 'tcpSocket':
      checkPortNumOrName(r, action, hAt, ruleId);
      strAt(r, action, 'host', hAt);
      break;
    default: {
      // grpc: an int32 port (not a name), and an optional service.
      const port = intAt(r, action, 'port', hAt);
      if (port === undefined ? !present(action.port) : port < 1 || port > 65535) {
        r.add(ruleId, child(hAt, 'port'), port === undefined ? 'grpc needs a port' : `${port} must be from 1 to 65535`);
      }
      strAt(r, action, 'service', hAt);
    }
  }
}

/** ValidatePortNumOrName: a number from 1 to 65535, or an IANA port name (a quoted number is a name, and invalid). */
function checkPortNumOrName(r: Report, action: Obj, at: string, ruleId: string): void {
  const port = action.port;
  const portAt = child(at, 'port');
  if (port === undefined || port === null) {
    r.add(ruleId, portAt, 'the port is required (a number or the name of a container port)');
  } else if (typeof port === 'string') {
    if (!isPortName(port)) {
      r.add(ruleId, portAt, /^\d+$/.test(port)
        ? `${v(port)} is a string, so it must be a port name: write the number unquoted`
        : `${v(port)} must be a port name (at most 15 lowercase letters, digits and '-', with a letter, no '--')`);
    }
  } else {
    const n = intAt(r, action, 'port', at);
    if (n !== undefined && (n < 1 || n > 65535)) r.add(ruleId, portAt, `${n} must be from 1 to 65535`);
  }
}
