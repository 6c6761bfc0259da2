/**
 * Internal: pod volumes (unique names, the built-in `/tmp` and `/dev/shm` ones) and the
 * containers' mounts: their props checks (`checkVolumes`, `checkMounts`, run by src/_checks.ts)
 * and their rendering (`VolumeSet`, `renderMounts`, run by src/_render.ts).
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Where, checkDnsLabel, fail } from './_validate';
import { VolumeMount } from './container-options';
import { Defaults } from './defaults';
import { BatchJobOptions } from './job-options';

/** Every volume of the props, in pod order, with the prop that names it. */
function volumesOf(props: BatchJobOptions): Array<[string, kplus.Volume]> {
  const out: Array<[string, kplus.Volume]> = [];
  (props.volumes ?? []).forEach((v, i) => out.push([`volumes[${i}]`, v]));
  (props.sidecars ?? []).forEach((sidecar, i) =>
    (sidecar.volumeMounts ?? []).forEach((m, j) => out.push([`sidecars[${i}].volumeMounts[${j}].volume`, m.volume])));
  (props.initContainers ?? []).forEach((init, i) =>
    (init.volumeMounts ?? []).forEach((m, j) => out.push([`initContainers[${i}].volumeMounts[${j}].volume`, m.volume])));
  (props.volumeMounts ?? []).forEach((m, i) => out.push([`volumeMounts[${i}].volume`, m.volume]));
  return out;
}

/**
 * Volume names: DNS-1123 labels, one volume per name (the same Volume may be mounted many times),
 * none taken by a volume the construct adds.
 */
export function checkVolumes(where: Where, props: BatchJobOptions, restricted: boolean, readOnlyRoot: boolean, shm: Size | undefined): void {
  const byName = new Map<string, { volume?: kplus.Volume; prop: string }>();
  if (readOnlyRoot) byName.set(Defaults.TMP_VOLUME_NAME, { prop: '(built-in)' });
  if (shm) byName.set(Defaults.SHM_VOLUME_NAME, { prop: '(built-in)' });
  for (const [prop, volume] of volumesOf(props)) {
    const existing = byName.get(volume.name);
    if (existing) {
      if (existing.volume === volume) continue;
      const why = existing.volume ? `another volume (${existing.prop}) already has that name` : 'the name is used by a volume the construct adds';
      fail(where, prop, volume.name, `a unique volume name: ${why}`, 'give the volume another name');
    }
    checkDnsLabel(where, `${prop}.name`, volume.name);
    if (restricted) checkRestrictedVolume(where, prop, volume);
    byName.set(volume.name, { volume, prop });
  }
}

/** The volume types the Pod Security Standard "restricted" allows (the "Volume Types" control). */
const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/**
 * Under `PodSecurity.RESTRICTED` (the default), only the volume types the "restricted" profile
 * allows: a hostPath, NFS or cloud-disk volume gets the pod refused wherever that profile is
 * enforced, so the construct would not keep its promise.
 */
function checkRestrictedVolume(where: Where, prop: string, volume: kplus.Volume): void {
  const source = Object.keys(volume._toKube()).find(k => k !== 'name');
  if (source !== undefined && !RESTRICTED_VOLUME_TYPES.includes(source)) {
    fail(where, prop, volume.name,
      `a volume type that the Pod Security "restricted" profile of PodSecurity.RESTRICTED allows (${RESTRICTED_VOLUME_TYPES.join(', ')}), not ${source}: `
      + 'namespaces that enforce the profile refuse the pod',
      'mount the storage through a PersistentVolumeClaim (Volume.fromPersistentVolumeClaim), or set podSecurity: PodSecurity.NONE');
  }
}

/** Mount paths: absolute, unique in the container (with the ones the construct adds); sub-paths relative. */
export function checkMounts(where: Where, prop: string, mounts: VolumeMount[] | undefined, builtInPaths: string[]): void {
  const paths = new Set(builtInPaths);
  (mounts ?? []).forEach((m, i) => {
    const p = `${prop}[${i}]`;
    if (!m.path.startsWith('/')) {
      fail(where, `${p}.path`, m.path, 'an absolute path', 'e.g. \'/data\'');
    }
    const normalized = m.path.replace(/\/+$/, '') || '/';
    if (paths.has(normalized)) {
      fail(where, `${p}.path`, m.path, 'unique among the container\'s mounts', 'mount each volume at its own path');
    }
    paths.add(normalized);
    if (m.subPath !== undefined && (m.subPath.startsWith('/') || m.subPath.split('/').includes('..'))) {
      fail(where, `${p}.subPath`, m.subPath, 'a relative path without \'..\'', 'e.g. \'checkpoints/run-1\'');
    }
  });
}

/** The pod's volumes, in order, each once (rendering only: the names are checked). */
export class VolumeSet {
  private readonly byName = new Map<string, kplus.k8s.Volume>();

  public addBuiltIn(name: string, source: Omit<kplus.k8s.Volume, 'name'>): void {
    this.byName.set(name, { name, ...source });
  }

  public add(volume: kplus.Volume): string {
    if (!this.byName.has(volume.name)) this.byName.set(volume.name, volume._toKube());
    return volume.name;
  }

  public addAll(props: BatchJobOptions): void {
    for (const [, volume] of volumesOf(props)) this.add(volume);
  }

  public toKube(): kplus.k8s.Volume[] | undefined {
    const all = [...this.byName.values()];
    return all.length ? all : undefined;
  }
}

/** A container's mounts, after the built-in ones. */
export function renderMounts(mounts: VolumeMount[] | undefined, volumes: VolumeSet): kplus.k8s.VolumeMount[] {
  return (mounts ?? []).map(m => ({ name: volumes.add(m.volume), mountPath: m.path, readOnly: m.readOnly, subPath: m.subPath }));
}
