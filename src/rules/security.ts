/**
 * Internal: security contexts, ported from kubernetes/kubernetes
 * `pkg/apis/core/validation/validation.go` (1.28): ValidateSecurityContext (container level),
 * validateSeccompProfileField, validateWindowsSecurityContextOptions, ValidateProcMountType, and
 * IsValidUserID / IsValidGroupID (apimachinery, 0 to 2^31-1 in 1.28).
 *
 * Per target version (gates.ts), the changes between 1.28 and 1.36:
 * - procMount (ProcMountType: alpha 1.28, beta and off 1.31, beta 1.33, GA 1.36): where it is on,
 *   ValidateProcMountType (Default or Unmasked) and, from 1.31, ValidateSecurityContext refuses
 *   Unmasked unless the pod sets hostUsers: false (and UserNamespacesSupport keeps it).
 * - appArmorProfile (1.30, AppArmorFields: beta 1.30, GA 1.31), pod and container:
 *   ValidateAppArmorProfileField.
 */
import { isDns1123Subdomain, isValidId } from '../_validate';
import { Obj, Report, boolAt, child, intAt, listAt, objAt, strAt, v } from './context';
import { fieldGate } from './gates';

const SECCOMP_TYPES = ['RuntimeDefault', 'Unconfined', 'Localhost'];
const APPARMOR_TYPES = ['RuntimeDefault', 'Unconfined', 'Localhost'];
/** ValidateAppArmorProfileField: PATH_MAX - 1. */
const MAX_APPARMOR_PROFILE = 4095;
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

/**
 * ValidateSecurityContext (container level). `hostUsers`: whether the pod shares the host user
 * namespace as the API server sees it (hostUsers left out, true, or dropped).
 */
export function checkContainerSecurityContext(r: Report, sc: Obj | undefined, path: string, hostUsers = true): void {
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
    // Without the gate the field is dropped before validation.
    const invalid = PROC_MOUNTS.includes(procMount) ? '' : ` (with the gate on, ${v(procMount)} is refused: use Default or Unmasked)`;
    if (fieldGate(r, 'ProcMountType', child(path, 'procMount'), 'procMount', invalid) === 'on') {
      if (!PROC_MOUNTS.includes(procMount)) {
        r.add(ID, child(path, 'procMount'), `${v(procMount)} must be Default or Unmasked`);
      } else if (procMount === 'Unmasked' && hostUsers && r.target.minor >= 31) {
        r.add(ID, child(path, 'procMount'), 'Unmasked needs the pod\'s hostUsers: false (a user namespace)', 'set `hostUsers: false` in the pod spec, or use `procMount: Default`');
      }
    }
  }
  checkAppArmor(r, sc, path, ID);
  checkSeccomp(r, sc, path, ID);
  checkWindowsOptions(r, sc, path, ID);
}

/** ValidateAppArmorProfileField (1.30+, AppArmorFields) on a pod or container security context. */
export function checkAppArmor(r: Report, sc: Obj, path: string, ruleId: string): void {
  const at = child(path, 'appArmorProfile');
  const profile = objAt(r, sc, 'appArmorProfile', path);
  if (!profile || fieldGate(r, 'AppArmorFields', at, 'appArmorProfile') !== 'on') return;
  const type = strAt(r, profile, 'type', at);
  const localhost = strAt(r, profile, 'localhostProfile', at);
  if (type === undefined || type === '') {
    r.add(ruleId, child(at, 'type'), 'type is required (RuntimeDefault, Localhost or Unconfined)');
  } else if (!APPARMOR_TYPES.includes(type)) {
    r.add(ruleId, child(at, 'type'), `${v(type)} must be RuntimeDefault, Localhost or Unconfined`);
  } else if (type === 'Localhost') {
    if (localhost === undefined || localhost.trim() === '') {
      r.add(ruleId, child(at, 'localhostProfile'), 'localhostProfile is required with type Localhost');
    } else if (localhost.trim() !== localhost) {
      r.add(ruleId, child(at, 'localhostProfile'), `${v(localhost)} must not have leading or trailing whitespace`);
    }
    if (localhost !== undefined && Buffer.byteLength(localhost) > MAX_APPARMOR_PROFILE) {
      r.add(ruleId, child(at, 'localhostProfile'), `localhostProfile must be at most ${MAX_APPARMOR_PROFILE} bytes`);
    }
  } else if (localhost !== undefined) {
    r.add(ruleId, child(at, 'localhostProfile'), 'localhostProfile can only be set with type Localhost');
  }
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
