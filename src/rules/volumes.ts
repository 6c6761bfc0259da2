/**
 * Internal: pod volume rules, ported from kubernetes/kubernetes
 * `pkg/apis/core/validation/validation.go` (1.28): ValidateVolumes, validateVolumeSource and the
 * validate<Source>VolumeSource functions it calls (the files of configMap, secret, downwardAPI and
 * projected volumes, and ephemeral claim templates, are in pod-volume-items.ts). Every finding is
 * `pod.volumes`.
 *
 * Per target version (gates.ts): the `image` source (1.31, ImageVolume: alpha 1.31, beta and off
 * 1.33, beta 1.35, GA 1.36) counts as a source where the field exists and, where the gate is on,
 * validateImageVolumeSource requires its reference and checks its pullPolicy.
 */
import { isDns1123Label, isDns1123Subdomain, isQuantity, quantityValue } from '../_validate';
import { Obj, Report, boolAt, child, intAt, isObj, listAt, objAt, objectItems, quantityString, strAt, v } from './context';
import { fieldGate, gateOn, gateState } from './gates';
import { ID, checkEphemeral, checkProjectionSources, downwardAPIFile, hasBackstep, keyToPaths, localPath, mode, required } from './pod-volume-items';

/** supportedHostPathTypes ('' is HostPathUnset). */
const HOST_PATH_TYPES = ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'];
/** validateAzureDisk: supportedCachingModes, supportedDiskKinds. */
const AZURE_CACHING_MODES = ['None', 'ReadOnly', 'ReadWrite'];
const AZURE_DISK_KINDS = ['Shared', 'Dedicated', 'Managed'];
/** iscsiInitiatorIqnRegex (unanchored at the start, as upstream), iscsiInitiatorEuiRegex, iscsiInitiatorNaaRegex. */
const IQN = /iqn\.\d{4}-\d{2}\.([A-Za-z0-9.-]+)(:[^,;*&$|\s]+)$/;
const EUI = /^eui.[A-Za-z0-9]{16}$/;
const NAA = /^naa.[A-Za-z0-9]{32}$/;

/** Every volume source of 1.28 core/v1 `VolumeSource` (a volume has exactly one). */
const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi',
  'ephemeral',
];

/** Each source's place in `VOLUME_SOURCES`. */
const SOURCE_ORDER: ReadonlyMap<string, number> = new Map(VOLUME_SOURCES.map((s, i) => [s, i]));

/**
 * The sources a volume sets, in the order of `VOLUME_SOURCES` (the first one is checked further):
 * its own fields looked up among the sources, rather than every source looked up in the volume.
 */
function sourcesOf(vol: Obj, image: boolean): string[] {
  const proto = Object.getPrototypeOf(vol);
  const known = (k: string) => SOURCE_ORDER.has(k) || (image && k === 'image');
  if (proto !== Object.prototype && proto !== null) {
    return [...VOLUME_SOURCES, ...(image ? ['image'] : [])].filter(s => vol[s] !== undefined && vol[s] !== null);
  }
  const found = Object.keys(vol).filter(k => known(k) && vol[k] !== undefined && vol[k] !== null);
  const order = (k: string) => SOURCE_ORDER.get(k) ?? VOLUME_SOURCES.length;
  return found.length > 1 ? found.sort((a, b) => order(a) - order(b)) : found;
}

/** The names of the volumes whose source is an image (where the ImageVolume gate keeps the field). */
export function imageVolumeNames(r: Report, spec: Obj | undefined): Set<string> {
  const names = new Set<string>();
  if (!gateOn(r, 'ImageVolume') || !Array.isArray(spec?.volumes)) return names;
  for (const vol of spec!.volumes) {
    if (isObj(vol) && typeof vol.name === 'string' && vol.image !== undefined && vol.image !== null) names.add(vol.name);
  }
  return names;
}

/** Sources whose only rule is that some string fields are set (validate<Source>VolumeSource). */
const REQUIRED_STRINGS: { [source: string]: string[] } = {
  persistentVolumeClaim: ['claimName'], // validatePersistentClaimVolumeSource
  glusterfs: ['endpoints', 'path'], // validateGlusterfsVolumeSource
  rbd: ['image'], // validateRBDVolumeSource (and monitors, below)
  cinder: ['volumeID'], // validateCinderVolumeSource
  azureFile: ['secretName', 'shareName'], // validateAzureFile
  vsphereVolume: ['volumePath'], // validateVsphereVolumeSource
  photonPersistentDisk: ['pdID'], // validatePhotonPersistentDiskVolumeSource
  portworxVolume: ['volumeID'], // validatePortworxVolumeSource
  scaleIO: ['gateway', 'system', 'volumeName'], // validateScaleIOVolumeSource
  flexVolume: ['driver'], // validateFlexVolumeSource (and options, below)
  gitRepo: ['repository'], // validateGitRepoVolumeSource (and directory, below)
};

/** Checks one source `s` at `at`, of the volume at `volumeAt` named `volumeName`. */
type SourceCheck = (r: Report, s: Obj, at: string, volumeAt: string, volumeName: string | undefined) => void;

/** ValidateVolumes: unique DNS-1123 label names, exactly one valid source; returns the names. */
export function checkVolumes(r: Report, spec: Obj | undefined, path: string): Set<string> {
  const names = new Set<string>();
  objectItems(r, listAt(r, spec, 'volumes', path), child(path, 'volumes')).forEach(([vol, at]) => {
    const name = strAt(r, vol, 'name', at);
    if (name === undefined || name === '') {
      r.add(ID, child(at, 'name'), 'the volume has no name');
    } else if (!isDns1123Label(name)) {
      r.add(ID, child(at, 'name'), `${v(name)} must be a DNS-1123 label`);
    } else if (names.has(name)) {
      r.add(ID, child(at, 'name'), `${v(name)} is the name of another volume`);
    }
    if (name) names.add(name);
    // validateVolumeSource: exactly one source; only the first one is checked further.
    const image = gateState(r, 'ImageVolume') !== 'none';
    const sources = sourcesOf(vol, image);
    if (sources.length === 0) {
      r.add(ID, at, 'the volume has no source (e.g. emptyDir, persistentVolumeClaim, configMap, secret)');
      return;
    }
    if (sources.length > 1) {
      r.add(ID, at, `the volume has ${sources.length} sources (${sources.join(', ')}); it may have only one`);
    }
    const source = sources[0];
    if (source === 'image') {
      checkImageSource(r, vol, at);
      return;
    }
    const s = objAt(r, vol, source, at);
    if (!s) return;
    const sAt = child(at, source);
    const fields = REQUIRED_STRINGS[source];
    if (fields) for (const f of fields) required(r, s, f, sAt);
    SOURCE_CHECKS[source]?.(r, s, sAt, at, name);
  });
  return names;
}

/** validateImageVolumeSource (1.31+): a reference, and a valid pullPolicy; where ImageVolume is off, a warning. */
function checkImageSource(r: Report, vol: Obj, at: string): void {
  const sAt = child(at, 'image');
  if (fieldGate(r, 'ImageVolume', sAt, 'the image volume source', ': the volume is then left without a source, which is refused') !== 'on') return;
  const s = objAt(r, vol, 'image', at);
  if (!s) return;
  const reference = strAt(r, s, 'reference', sAt);
  if (!reference) r.add(ID, child(sAt, 'reference'), 'reference is required (the image to mount, e.g. registry.example.com/models/llama:1)');
  const pull = strAt(r, s, 'pullPolicy', sAt);
  // An empty pullPolicy is defaulted from the reference's tag (SetDefaults_ImageVolumeSource).
  if (pull !== undefined && pull !== '' && !['Always', 'IfNotPresent', 'Never'].includes(pull)) {
    r.add(ID, child(sAt, 'pullPolicy'), `${v(pull)} must be Always, IfNotPresent or Never`);
  }
}

const SOURCE_CHECKS: { [source: string]: SourceCheck } = {
  emptyDir: (r, s, at) => {
    // The API server does not check the medium, but the kubelet fails to mount any other one.
    const medium = strAt(r, s, 'medium', at);
    if (medium !== undefined && medium !== '' && medium !== 'Memory' && medium !== 'HugePages' && !medium.startsWith('HugePages-')) {
      r.add(ID, child(at, 'medium'), `${v(medium)} must be '', Memory or HugePages (the API server accepts it, but the kubelet cannot mount the volume and the pods never start)`);
    }
    // validateVolumeSource: sizeLimit is not negative.
    const raw = s.sizeLimit;
    if (raw !== undefined && raw !== null) {
      const q = quantityString(raw);
      if (q === undefined || !isQuantity(q) || !(quantityValue(q) >= 0)) {
        r.add(ID, child(at, 'sizeLimit'), `${v(raw)} must be a non-negative quantity such as 1Gi`);
      }
    }
  },
  hostPath: (r, s, at) => {
    // validateHostPathVolumeSource: path required, no '..' element; validateHostPathType.
    const p = required(r, s, 'path', at);
    if (p && hasBackstep(p)) r.add(ID, child(at, 'path'), `${v(p)} must not contain '..'`);
    const type = strAt(r, s, 'type', at);
    if (p && type !== undefined && !HOST_PATH_TYPES.includes(type)) {
      r.add(ID, child(at, 'type'), `${v(type)} must be one of ${HOST_PATH_TYPES.filter(t => t).join(', ')} (or '')`);
    }
  },
  gitRepo: (r, s, at) => {
    // validateGitRepoVolumeSource: directory is a local descending path.
    const dir = strAt(r, s, 'directory', at);
    if (dir) localPath(r, dir, child(at, 'directory'), false);
  },
  gcePersistentDisk: (r, s, at) => {
    required(r, s, 'pdName', at); // validateGCEPersistentDiskVolumeSource
    partition(r, s, at);
  },
  awsElasticBlockStore: (r, s, at) => {
    required(r, s, 'volumeID', at); // validateAWSElasticBlockStoreVolumeSource
    partition(r, s, at);
  },
  secret: (r, s, at) => {
    required(r, s, 'secretName', at); // validateSecretVolumeSource
    mode(r, s, 'defaultMode', at);
    keyToPaths(r, s, at, undefined);
  },
  configMap: (r, s, at) => {
    required(r, s, 'name', at); // validateConfigMapVolumeSource
    mode(r, s, 'defaultMode', at);
    keyToPaths(r, s, at, undefined);
  },
  nfs: (r, s, at) => {
    // validateNFSVolumeSource: server and path required, path absolute.
    required(r, s, 'server', at);
    const p = required(r, s, 'path', at);
    if (p && !p.startsWith('/')) r.add(ID, child(at, 'path'), `${v(p)} must be an absolute path`);
  },
  iscsi: checkIscsi,
  rbd: (r, s, at) => nonEmptyList(r, s, 'monitors', at),
  cephfs: (r, s, at) => nonEmptyList(r, s, 'monitors', at), // validateCephFSVolumeSource
  cinder: (r, s, at) => secretRefName(r, s, 'secretRef', at),
  flocker: (r, s, at) => {
    // validateFlockerVolumeSource: exactly one of datasetName and datasetUUID; no '/' in the name.
    const name = strAt(r, s, 'datasetName', at) ?? '';
    const uuid = strAt(r, s, 'datasetUUID', at) ?? '';
    if ((name === '') === (uuid === '')) r.add(ID, at, 'exactly one of datasetName and datasetUUID is required');
    if (name.includes('/')) r.add(ID, child(at, 'datasetName'), `${v(name)} must not contain '/'`);
  },
  downwardAPI: (r, s, at) => {
    mode(r, s, 'defaultMode', at); // validateDownwardAPIVolumeSource
    objectItems(r, listAt(r, s, 'items', at), child(at, 'items')).forEach(([file, fAt]) => downwardAPIFile(r, file, fAt));
  },
  fc: (r, s, at) => {
    // validateFCVolumeSource: targetWWNs (with a lun of 0..255) or wwids, not both.
    const wwns = listAt(r, s, 'targetWWNs', at);
    const wwids = listAt(r, s, 'wwids', at);
    if (wwns.length === 0 && wwids.length === 0) r.add(ID, child(at, 'targetWWNs'), 'targetWWNs or wwids is required');
    if (wwns.length > 0 && wwids.length > 0) r.add(ID, child(at, 'targetWWNs'), 'targetWWNs and wwids cannot both be set');
    if (wwns.length > 0) {
      const lun = intAt(r, s, 'lun', at);
      if (lun === undefined) {
        if (s.lun === undefined || s.lun === null) r.add(ID, child(at, 'lun'), 'lun is required with targetWWNs');
      } else if (lun < 0 || lun > 255) {
        r.add(ID, child(at, 'lun'), `${lun} must be from 0 to 255`);
      }
    }
  },
  flexVolume: (r, s, at) => {
    // validateFlexVolumeSource: option keys outside the kubernetes.io and k8s.io namespaces.
    for (const key of Object.keys(objAt(r, s, 'options', at) ?? {})) {
      const slash = key.indexOf('/');
      const ns = `.${(slash >= 0 ? key.slice(0, slash) : key).toLowerCase()}`;
      if (ns.endsWith('.kubernetes.io') || ns.endsWith('.k8s.io')) {
        r.add(ID, child(child(at, 'options'), key), `${v(key)}: the kubernetes.io and k8s.io namespaces are reserved`);
      }
    }
  },
  quobyte: checkQuobyte,
  azureDisk: (r, s, at) => {
    // validateAzureDisk. SetDefaults_AzureDiskVolumeSource makes an unset kind Shared.
    required(r, s, 'diskName', at);
    const uri = required(r, s, 'diskURI', at) ?? '';
    const caching = strAt(r, s, 'cachingMode', at);
    if (caching !== undefined && !AZURE_CACHING_MODES.includes(caching)) {
      r.add(ID, child(at, 'cachingMode'), `${v(caching)} must be one of ${AZURE_CACHING_MODES.join(', ')}`);
    }
    const kind = strAt(r, s, 'kind', at) ?? 'Shared';
    if (!AZURE_DISK_KINDS.includes(kind)) {
      r.add(ID, child(at, 'kind'), `${v(kind)} must be one of ${AZURE_DISK_KINDS.join(', ')}`);
    } else if (kind === 'Managed' && !uri.startsWith('/subscriptions/')) {
      r.add(ID, child(at, 'diskURI'), `${v(uri)} must be a managed disk id, /subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}, with kind Managed`);
    } else if (kind !== 'Managed' && !uri.startsWith('https://')) {
      r.add(ID, child(at, 'diskURI'), `${v(uri)} must be a blob URL, https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd, with kind ${kind}${s.kind === undefined || s.kind === null ? ' (the default)' : ''}`);
    }
  },
  projected: (r, s, at) => {
    mode(r, s, 'defaultMode', at); // validateProjectedVolumeSource
    checkProjectionSources(r, s, at);
  },
  storageos: (r, s, at) => {
    // validateStorageOSVolumeSource: volumeName a DNS-1123 label; volumeNamespace too, when set.
    const name = required(r, s, 'volumeName', at);
    if (name && !isDns1123Label(name)) r.add(ID, child(at, 'volumeName'), `${v(name)} must be a DNS-1123 label`);
    const ns = strAt(r, s, 'volumeNamespace', at);
    if (ns && !isDns1123Label(ns)) r.add(ID, child(at, 'volumeNamespace'), `${v(ns)} must be a DNS-1123 label`);
    secretRefName(r, s, 'secretRef', at);
  },
  csi: (r, s, at) => {
    // validateCSIVolumeSource: ValidateCSIDriverName; nodePublishSecretRef.name a Secret name.
    const driver = required(r, s, 'driver', at);
    if (driver && (driver.length > 63 || !isDns1123Subdomain(driver.toLowerCase()))) {
      r.add(ID, child(at, 'driver'), `${v(driver)} must be a CSI driver name: at most 63 characters, a DNS-1123 subdomain once lowercased (e.g. secrets-store.csi.k8s.io)`);
    }
    const name = secretRefName(r, s, 'nodePublishSecretRef', at);
    if (name && !isDns1123Subdomain(name)) {
      r.add(ID, child(child(at, 'nodePublishSecretRef'), 'name'), `${v(name)} must be the DNS-1123 name of a Secret`);
    }
    boolAt(r, s, 'readOnly', at);
  },
  ephemeral: checkEphemeral,
};

function nonEmptyList(r: Report, s: Obj, key: string, at: string): void {
  if (listAt(r, s, key, at).length === 0) r.add(ID, child(at, key), `${key} is required (at least one)`);
}

/** `<key>.name` is required when `<key>` is set; returns it. */
function secretRefName(r: Report, s: Obj, key: string, at: string): string | undefined {
  const ref = objAt(r, s, key, at);
  return ref ? required(r, ref, 'name', child(at, key)) : undefined;
}

/** A disk partition from 0 to 255 (pdPartitionErrorMsg). */
function partition(r: Report, s: Obj, at: string): void {
  const p = intAt(r, s, 'partition', at);
  if (p !== undefined && (p < 0 || p > 255)) r.add(ID, child(at, 'partition'), `${p} must be from 0 to 255`);
}

/** validateISCSIVolumeSource and the volume name length rule of validateVolumeSource. */
function checkIscsi(r: Report, s: Obj, at: string, volumeAt: string, volumeName: string | undefined): void {
  const portal = required(r, s, 'targetPortal', at) ?? '';
  const iqn = required(r, s, 'iqn', at);
  if (iqn) iscsiName(r, iqn, child(at, 'iqn'));
  const lun = intAt(r, s, 'lun', at);
  if (lun !== undefined && (lun < 0 || lun > 255)) r.add(ID, child(at, 'lun'), `${lun} must be from 0 to 255`);
  if ((boolAt(r, s, 'chapAuthDiscovery', at) || boolAt(r, s, 'chapAuthSession', at)) && !objAt(r, s, 'secretRef', at)) {
    r.add(ID, child(at, 'secretRef'), 'secretRef is required with CHAP authentication');
  }
  const initiator = strAt(r, s, 'initiatorName', at);
  if (initiator !== undefined) {
    iscsiName(r, initiator, child(at, 'initiatorName'));
    if (`${volumeName ?? ''}:${portal}`.length > 64) {
      r.add(ID, child(volumeAt, 'name'), `${v(`${volumeName ?? ''}:${portal}`)} (<volume name>:<iscsi.targetPortal>) must be at most 64 characters with initiatorName`);
    }
  }
}

function iscsiName(r: Report, name: string, at: string): void {
  const ok = name.startsWith('iqn') ? IQN.test(name) : name.startsWith('eui') ? EUI.test(name) : name.startsWith('naa') ? NAA.test(name) : false;
  if (!ok) r.add(ID, at, `${v(name)} must be an iSCSI name (iqn.YYYY-MM.reversed.domain:name, eui.<16 hex>, or naa.<32 hex>)`);
}

/** validateQuobyteVolumeSource: host:port registries, a tenant of at most 64 characters. */
function checkQuobyte(r: Report, s: Obj, at: string): void {
  const registry = required(r, s, 'registry', at);
  const tenant = strAt(r, s, 'tenant', at) ?? '';
  if (registry && tenant.length >= 65) {
    r.add(ID, child(at, 'tenant'), 'tenant must be a UUID of at most 64 characters');
  } else if (registry && !registry.split(',').every(isHostPort)) {
    r.add(ID, child(at, 'registry'), `${v(registry)} must be host:port pairs separated by commas`);
  }
  required(r, s, 'volume', at);
}

/** Whether Go's net.SplitHostPort accepts `s`. */
function isHostPort(s: string): boolean {
  const colon = s.lastIndexOf(':');
  if (colon < 0) return false;
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    return end >= 0 && end + 1 === colon && !s.slice(1).includes('[') && !s.slice(end + 1).includes(']');
  }
  return !s.slice(0, colon).includes(':') && !s.includes('[') && !s.includes(']');
}
