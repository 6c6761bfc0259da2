/**
 * Internal, part of the renderer (src/_render.ts): pod volumes (unique names, the built-in
 * `/tmp` and `/dev/shm` ones) and the containers' mounts.
 */
import * as kplus from 'cdk8s-plus-28';
import { Where, checkDnsLabel, fail } from './_validate';
import { VolumeMount } from './job-options';

// -------------------------------------------------------------------------------------------------
// Volumes
// -------------------------------------------------------------------------------------------------

export class VolumeSet {
  private readonly byName = new Map<string, { volume?: kplus.Volume; kube: kplus.k8s.Volume; prop: string }>();
  constructor(private readonly where: Where) {}

  public addBuiltIn(name: string, source: Omit<kplus.k8s.Volume, 'name'>): void {
    this.byName.set(name, { kube: { name, ...source }, prop: '(built-in)' });
  }

  public add(prop: string, volume: kplus.Volume): string {
    if (!(volume instanceof kplus.Volume)) {
      fail(this.where, prop, volume, 'a Volume of cdk8s-plus-28 (not of another cdk8s-plus package or copy)',
        'import { Volume } from \'cdk8s-plus-28\', e.g. Volume.fromPersistentVolumeClaim(this, \'data\', claim)');
    }
    const existing = this.byName.get(volume.name);
    if (existing) {
      if (existing.volume === volume) return volume.name;
      const why = existing.volume ? `another volume (${existing.prop}) already has that name` : 'the name is used by a volume the construct adds';
      fail(this.where, prop, volume.name, `a unique volume name: ${why}`, 'give the volume another name');
    }
    checkDnsLabel(this.where, `${prop}.name`, volume.name);
    this.byName.set(volume.name, { volume, kube: volume._toKube(), prop });
    return volume.name;
  }

  public toKube(): kplus.k8s.Volume[] | undefined {
    const all = [...this.byName.values()].map(v => v.kube);
    return all.length ? all : undefined;
  }
}

export function renderMounts(
  where: Where, prop: string, mounts: VolumeMount[] | undefined, volumes: VolumeSet, already: kplus.k8s.VolumeMount[],
): kplus.k8s.VolumeMount[] {
  const paths = new Set(already.map(m => m.mountPath));
  return (mounts ?? []).map((m, i) => {
    const p = `${prop}[${i}]`;
    const name = volumes.add(`${p}.volume`, m.volume);
    if (typeof m.path !== 'string' || !m.path.startsWith('/')) {
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
    return { name, mountPath: m.path, readOnly: m.readOnly, subPath: m.subPath };
  });
}
