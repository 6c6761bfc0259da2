/**
 * Internal: security contexts, ported from kubernetes/kubernetes
 * `pkg/apis/core/validation/validation.go` (1.28): ValidateSecurityContext (container level),
 * validateSeccompProfileField, validateWindowsSecurityContextOptions, ValidateProcMountType, and
 * IsValidUserID / IsValidGroupID (apimachinery, 0 to 2^31-1 in 1.28).
 */
import { isDns1123Subdomain, isValidId } from '../_validate';
import { Obj, Report, boolAt, child, intAt, listAt, objAt, strAt, v } from './context';

const SECCOMP_TYPES = ['RuntimeDefault', 'Unconfined', 'Localhost'];
const PROC_MOUNTS = ['Default', 'Unmasked'];
const MAX_GMSA_SPEC_BYTES = 64 * 1024;
const MAX_DOMAIN_BYTES = 256;
const MAX_USER_BYTES = 104;
/** [[:cntrl:]] */
const CONTROL = /[\x00-\x1f\x7f]/;
/** A NetBIOS domain: 1 to 15 characters, not starting with '.', none of \ / : * ? " < > | */
const NETBIOS_DOMAIN = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/u;
/** A DNS domain: labels of letters, digits and '-', separated by dots. */
const DNS_DOMAIN = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/u;
const INVALID_USER_CHARS = /["/\\:;|=,+*?<>@[\]]/;
const ONLY_DOTS_SPACES = /^[. ]+$/;

/** ValidateSecurityContext (container level). */
export function checkContainerSecurityContext(r: Report, sc: Obj | undefined, path: string): void {
  if (!sc) return;
  const ID = 'container.security-context';
  checkIds(r, sc, path, ID);
  const privileged = boolAt(r, sc, 'privileged', path);
  const escalation = boolAt(r, sc, 'allowPrivilegeEscalation', path);
  boolAt(r, sc, 'runAsNonRoot', path);
  boolAt(r, sc, 'readOnlyRootFilesystem', path);
  const caps = objAt(r, sc, 'capabilities', path);
  const add = listAt(r, caps, 'add', child(path, 'capabilities'));
  listAt(r, caps, 'drop', child(path, 'capabilities'));
  if (escalation === false) {
    if (privileged === true) {
      r.add(ID, child(path, 'allowPrivilegeEscalation'), 'allowPrivilegeEscalation cannot be false when privileged is true');
    }
    // Only the exact string CAP_SYS_ADMIN (SYS_ADMIN is not matched upstream).
    if (add.includes('CAP_SYS_ADMIN')) {
      r.add(ID, child(path, 'allowPrivilegeEscalation'), 'allowPrivilegeEscalation cannot be false when CAP_SYS_ADMIN is added');
    }
  }
  const procMount = strAt(r, sc, 'procMount', path);
  if (procMount !== undefined) {
    // ProcMountType is alpha in 1.28: without the gate the field is dropped before validation.
    const invalid = PROC_MOUNTS.includes(procMount) ? '' : ` (with the gate on, ${v(procMount)} is refused: use Default or Unmasked)`;
    r.add('practice.alpha-field', child(path, 'procMount'), `procMount is alpha in 1.28 (ProcMountType): without the feature gate it is dropped${invalid}`);
  }
  checkSeccomp(r, sc, path, ID);
  checkWindowsOptions(r, sc, path, ID);
}

/** IsValidUserID / IsValidGroupID on runAsUser and runAsGroup. */
export function checkIds(r: Report, sc: Obj, path: string, ruleId: string, fields = ['runAsUser', 'runAsGroup']): void {
  for (const field of fields) {
    const id = intAt(r, sc, field, path);
    if (id !== undefined && !isValidId(id)) {
      r.add(ruleId, child(path, field), `${id} must be from 0 to 2147483647`);
    }
  }
}

/** validateSeccompProfileField (the localhost profile is a relative path without '..'). */
export function checkSeccomp(r: Report, sc: Obj, path: string, ruleId: string): void {
  const profile = objAt(r, sc, 'seccompProfile', path);
  if (!profile) return;
  const at = child(path, 'seccompProfile');
  const type = strAt(r, profile, 'type', at);
  const localhost = strAt(r, profile, 'localhostProfile', at);
  if (type === undefined || !SECCOMP_TYPES.includes(type)) {
    r.add(ruleId, child(at, 'type'), `${v(type)} must be RuntimeDefault, Localhost or Unconfined`);
  } else if (type === 'Localhost') {
    if (localhost === undefined) {
      if (profile.localhostProfile === undefined || profile.localhostProfile === null) {
        r.add(ruleId, child(at, 'localhostProfile'), 'localhostProfile is required with type Localhost');
      }
    } else if (!isLocalDescendingPath(localhost)) {
      r.add(ruleId, child(at, 'localhostProfile'), `${v(localhost)} must be a relative path without '..'`);
    }
  } else if (localhost !== undefined) {
    r.add(ruleId, child(at, 'localhostProfile'), 'localhostProfile can only be set with type Localhost');
  }
}

/** validateLocalDescendingPath on the (Linux) API server: not absolute, no '..' segment ('/' separates). */
export function isLocalDescendingPath(p: string): boolean {
  return !p.startsWith('/') && !p.split('/').includes('..');
}

/** validateWindowsSecurityContextOptions (lengths in bytes, as Go's len). */
export function checkWindowsOptions(r: Report, sc: Obj, path: string, ruleId: string): void {
  const w = objAt(r, sc, 'windowsOptions', path);
  if (!w) return;
  const at = child(path, 'windowsOptions');
  boolAt(r, w, 'hostProcess', at);
  const specName = strAt(r, w, 'gmsaCredentialSpecName', at);
  if (specName !== undefined && !isDns1123Subdomain(specName)) {
    r.add(ruleId, child(at, 'gmsaCredentialSpecName'), `${v(specName)} must be the DNS-1123 name of a GMSACredentialSpec`);
  }
  const spec = strAt(r, w, 'gmsaCredentialSpec', at);
  if (spec !== undefined && (spec === '' || Buffer.byteLength(spec) > MAX_GMSA_SPEC_BYTES)) {
    r.add(ruleId, child(at, 'gmsaCredentialSpec'), spec === '' ? 'gmsaCredentialSpec cannot be empty' : 'gmsaCredentialSpec must be at most 64 KiB');
  }
  const user = strAt(r, w, 'runAsUserName', at);
  if (user === undefined) return;
  const problem = runAsUserNameProblem(user);
  if (problem) r.add(ruleId, child(at, 'runAsUserName'), `${v(user)}: ${problem}`);
}

/** The first thing wrong with a Windows runAsUserName (`[DOMAIN\]USER`), if any. */
function runAsUserNameProblem(name: string): string | undefined {
  if (name === '') return 'runAsUserName cannot be empty';
  if (CONTROL.test(name)) return 'runAsUserName cannot contain control characters';
  const parts = name.split('\\');
  if (parts.length > 2) return 'runAsUserName cannot contain more than one backslash';
  const [domain, user] = parts.length === 2 ? parts : ['', parts[0]];
  if (Buffer.byteLength(domain) >= MAX_DOMAIN_BYTES) return 'the domain must be under 256 characters';
  if (parts.length === 2 && !NETBIOS_DOMAIN.test(domain) && !DNS_DOMAIN.test(domain)) return 'the domain is neither a NetBIOS nor a DNS name';
  if (user === '') return 'the user cannot be empty';
  if (Buffer.byteLength(user) > MAX_USER_BYTES) return 'the user must be at most 104 characters';
  if (ONLY_DOTS_SPACES.test(user)) return 'the user cannot be only periods or spaces';
  if (INVALID_USER_CHARS.test(user)) return 'the user cannot contain any of "/\\:;|=,+*?<>@[]';
  return undefined;
}
