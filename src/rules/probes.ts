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
 */
import { isPortName } from '../_validate';
import { Obj, Report, child, index, intAt, listAt, objAt, objectItems, strAt, v } from './context';

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
export function checkProbesAndLifecycle(r: Report, c: Obj, path: string, init: boolean): void {
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
  for (const hook of ['postStart', 'preStop']) {
    const h = objAt(r, lifecycle, hook, child(path, 'lifecycle'));
    if (h) checkHandler(r, h, child(child(path, 'lifecycle'), hook), LIFECYCLE_HANDLERS, 'container.lifecycle');
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
function checkHandler(r: Report, h: Obj, at: string, allowed: string[], ruleId: string): void {
  const handlers = allowed.filter(k => present(h[k]));
  if (handlers.length === 0) {
    const sleep = present(h.sleep) && allowed === LIFECYCLE_HANDLERS ? ' (the sleep action arrived in Kubernetes 1.29)' : '';
    r.add(ruleId, at, `one handler is required: ${allowed.join(', ')}${sleep}`);
    return;
  }
  handlers.slice(1).forEach(extra => r.add(ruleId, child(at, extra), `${extra}: a handler is already given (${handlers[0]}); only one is allowed`));
  const kind = handlers[0];
  const hAt = child(at, kind);
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
