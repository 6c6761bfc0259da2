import { Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { PodSecurity, TrainingJob } from '../src';
import { checkManifest } from '../src/rules';
import { minimalJob } from './util/manifests';
import { mainContainer as main, podSpec as pod } from './util/synth';

/**
 * The pod-level rules (src/rules/pod.ts, volumes.ts, pod-scheduling.ts) against the 1.28 API
 * server: each rejected case is refused by it, each accepted case is an edge it accepts.
 */

/** A minimal batch/v1 Job with no error findings. */
function job(): any {
  return minimalJob();
}

/** Adds a volume (it becomes volumes[1]). */
function vol(source: object): (m: any) => void {
  return m => { pod(m).volumes.push({ name: 'extra', ...source }); };
}

function errors(m: any): Array<{ ruleId: string; path: string; message: string }> {
  return checkManifest(m).findings.filter(f => f.severity === 'error');
}

const V = 'spec.template.spec.volumes[1]';
const S = 'spec.template.spec';
const LONG = 'a'.repeat(64);

/** [rule id, what, mutation of job(), path of the finding]. */
const REJECTED: Array<[string, string, (m: any) => void, string]> = [
  // ---- volumes ---------------------------------------------------------------------------------
  ['pod.volumes', 'no source', vol({}), V],
  ['pod.volumes', 'two sources', vol({ emptyDir: {}, secret: { secretName: 's' } }), V],
  ['pod.volumes', 'configMap item with an absolute path', vol({ configMap: { name: 'c', items: [{ key: 'k', path: '/etc/k' }] } }), `${V}.configMap.items[0].path`],
  ['pod.volumes', "configMap item with a '..' element", vol({ configMap: { name: 'c', items: [{ key: 'k', path: 'a/../b' }] } }), `${V}.configMap.items[0].path`],
  ['pod.volumes', "configMap item path starting with '..'", vol({ configMap: { name: 'c', items: [{ key: 'k', path: '..data' }] } }), `${V}.configMap.items[0].path`],
  ['pod.volumes', 'configMap item without a path', vol({ configMap: { name: 'c', items: [{ key: 'k', path: '' }] } }), `${V}.configMap.items[0].path`],
  ['pod.volumes', 'configMap item without a key', vol({ configMap: { name: 'c', items: [{ key: '', path: 'k' }] } }), `${V}.configMap.items[0].key`],
  ['pod.volumes', 'configMap item mode 01000', vol({ configMap: { name: 'c', items: [{ key: 'k', path: 'k', mode: 0o1000 }] } }), `${V}.configMap.items[0].mode`],
  ['pod.volumes', 'configMap defaultMode -1', vol({ configMap: { name: 'c', defaultMode: -1 } }), `${V}.configMap.defaultMode`],
  ['pod.volumes', 'configMap without a name', vol({ configMap: {} }), `${V}.configMap.name`],
  ['pod.volumes', 'secret defaultMode 01000', vol({ secret: { secretName: 's', defaultMode: 0o1000 } }), `${V}.secret.defaultMode`],
  ['pod.volumes', 'secret without secretName', vol({ secret: { optional: true } }), `${V}.secret.secretName`],
  ['pod.volumes', 'PVC with an empty claimName', vol({ persistentVolumeClaim: { claimName: '' } }), `${V}.persistentVolumeClaim.claimName`],
  ['pod.volumes', 'hostPath without a path', vol({ hostPath: { type: 'Directory' } }), `${V}.hostPath.path`],
  ['pod.volumes', 'hostPath type in lowercase', vol({ hostPath: { path: '/data', type: 'directory' } }), `${V}.hostPath.type`],
  ['pod.volumes', "hostPath path with '..'", vol({ hostPath: { path: '/data/../etc' } }), `${V}.hostPath.path`],
  ['pod.volumes', 'nfs with a relative path', vol({ nfs: { server: 'nfs.local', path: 'exports' } }), `${V}.nfs.path`],
  ['pod.volumes', 'nfs without a server', vol({ nfs: { path: '/exports' } }), `${V}.nfs.server`],
  ['pod.volumes', 'csi without a driver', vol({ csi: { driver: '' } }), `${V}.csi.driver`],
  ['pod.volumes', 'csi driver of 64 characters', vol({ csi: { driver: LONG } }), `${V}.csi.driver`],
  ['pod.volumes', "csi driver with '_'", vol({ csi: { driver: 'my_driver.example.com' } }), `${V}.csi.driver`],
  ['pod.volumes', 'csi nodePublishSecretRef without a name', vol({ csi: { driver: 'd.example.com', nodePublishSecretRef: {} } }), `${V}.csi.nodePublishSecretRef.name`],
  ['pod.volumes', 'csi nodePublishSecretRef with an invalid name', vol({ csi: { driver: 'd.example.com', nodePublishSecretRef: { name: 'Creds_1' } } }), `${V}.csi.nodePublishSecretRef.name`],
  ['pod.volumes', 'EBS partition 256', vol({ awsElasticBlockStore: { volumeID: 'vol-1', partition: 256 } }), `${V}.awsElasticBlockStore.partition`],
  ['pod.volumes', 'EBS without volumeID', vol({ awsElasticBlockStore: { fsType: 'ext4' } }), `${V}.awsElasticBlockStore.volumeID`],
  ['pod.volumes', 'GCE PD partition -1', vol({ gcePersistentDisk: { pdName: 'pd', partition: -1 } }), `${V}.gcePersistentDisk.partition`],
  ['pod.volumes', 'GCE PD without pdName', vol({ gcePersistentDisk: { readOnly: true } }), `${V}.gcePersistentDisk.pdName`],
  ['pod.volumes', 'azureDisk cachingMode in lowercase', vol({ azureDisk: { diskName: 'd', diskURI: 'https://a.blob.core.windows.net/c/d.vhd', cachingMode: 'none' } }), `${V}.azureDisk.cachingMode`],
  ['pod.volumes', 'azureDisk kind in lowercase', vol({ azureDisk: { diskName: 'd', diskURI: 'https://a.blob.core.windows.net/c/d.vhd', kind: 'managed' } }), `${V}.azureDisk.kind`],
  ['pod.volumes', 'azureDisk default (Shared) kind with a managed disk id', vol({ azureDisk: { diskName: 'd', diskURI: '/subscriptions/s/resourcegroups/g/providers/microsoft.compute/disks/d' } }), `${V}.azureDisk.diskURI`],
  ['pod.volumes', 'azureDisk Managed with a blob URL', vol({ azureDisk: { diskName: 'd', diskURI: 'https://a.blob.core.windows.net/c/d.vhd', kind: 'Managed' } }), `${V}.azureDisk.diskURI`],
  ['pod.volumes', 'azureDisk without diskName', vol({ azureDisk: { diskURI: 'https://a.blob.core.windows.net/c/d.vhd' } }), `${V}.azureDisk.diskName`],
  ['pod.volumes', 'azureFile without shareName', vol({ azureFile: { secretName: 's' } }), `${V}.azureFile.shareName`],
  ['pod.volumes', 'downwardAPI fieldPath of env only (spec.nodeName)', vol({ downwardAPI: { items: [{ path: 'node', fieldRef: { fieldPath: 'spec.nodeName' } }] } }), `${V}.downwardAPI.items[0].fieldRef.fieldPath`],
  ['pod.volumes', 'downwardAPI fieldRef apiVersion v2', vol({ downwardAPI: { items: [{ path: 'n', fieldRef: { apiVersion: 'v2', fieldPath: 'metadata.name' } }] } }), `${V}.downwardAPI.items[0].fieldRef.apiVersion`],
  ['pod.volumes', 'downwardAPI label subscript that is not a key', vol({ downwardAPI: { items: [{ path: 'l', fieldRef: { fieldPath: "metadata.labels['a b']" } }] } }), `${V}.downwardAPI.items[0].fieldRef.fieldPath`],
  ['pod.volumes', 'downwardAPI subscript of another field', vol({ downwardAPI: { items: [{ path: 'l', fieldRef: { fieldPath: "metadata.name['a']" } }] } }), `${V}.downwardAPI.items[0].fieldRef.fieldPath`],
  ['pod.volumes', 'downwardAPI fieldRef and resourceFieldRef', vol({ downwardAPI: { items: [{ path: 'x', fieldRef: { fieldPath: 'metadata.name' }, resourceFieldRef: { containerName: 'main', resource: 'limits.cpu' } }] } }), `${V}.downwardAPI.items[0]`],
  ['pod.volumes', 'downwardAPI item without a reference', vol({ downwardAPI: { items: [{ path: 'x' }] } }), `${V}.downwardAPI.items[0]`],
  ['pod.volumes', 'downwardAPI resourceFieldRef without containerName', vol({ downwardAPI: { items: [{ path: 'cpu', resourceFieldRef: { resource: 'limits.cpu' } }] } }), `${V}.downwardAPI.items[0].resourceFieldRef.containerName`],
  ['pod.volumes', 'downwardAPI resourceFieldRef of an unknown resource', vol({ downwardAPI: { items: [{ path: 'g', resourceFieldRef: { containerName: 'main', resource: 'limits.nvidia.com/gpu' } }] } }), `${V}.downwardAPI.items[0].resourceFieldRef.resource`],
  ['pod.volumes', 'downwardAPI cpu divisor 2', vol({ downwardAPI: { items: [{ path: 'c', resourceFieldRef: { containerName: 'main', resource: 'limits.cpu', divisor: '2' } }] } }), `${V}.downwardAPI.items[0].resourceFieldRef.divisor`],
  ['pod.volumes', 'downwardAPI memory divisor 1024 (not 1Ki)', vol({ downwardAPI: { items: [{ path: 'm', resourceFieldRef: { containerName: 'main', resource: 'limits.memory', divisor: '1024' } }] } }), `${V}.downwardAPI.items[0].resourceFieldRef.divisor`],
  ['pod.volumes', 'downwardAPI item mode 01000', vol({ downwardAPI: { items: [{ path: 'n', mode: 0o1000, fieldRef: { fieldPath: 'metadata.name' } }] } }), `${V}.downwardAPI.items[0].mode`],
  ['pod.volumes', 'projected source with two kinds', vol({ projected: { sources: [{ secret: { name: 's' }, configMap: { name: 'c' } }] } }), `${V}.projected.sources[0]`],
  ['pod.volumes', 'projected token expiring in 599 s', vol({ projected: { sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 599 } }] } }), `${V}.projected.sources[0].serviceAccountToken.expirationSeconds`],
  ['pod.volumes', 'projected token expiring after 2^32 s', vol({ projected: { sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 2 ** 32 + 1 } }] } }), `${V}.projected.sources[0].serviceAccountToken.expirationSeconds`],
  ['pod.volumes', "projected token path with '..'", vol({ projected: { sources: [{ serviceAccountToken: { path: '../t' } }] } }), `${V}.projected.sources[0].serviceAccountToken.path`],
  ['pod.volumes', 'projected sources with one path twice', vol({
    projected: {
      sources: [
        { configMap: { name: 'c', items: [{ key: 'a', path: 'conf' }] } },
        { downwardAPI: { items: [{ path: 'conf', fieldRef: { fieldPath: 'metadata.name' } }] } },
      ],
    },
  }), `${V}.projected.sources[1].downwardAPI.items[0].path`],
  ['pod.volumes', 'projected defaultMode 01000', vol({ projected: { defaultMode: 0o1000, sources: [] } }), `${V}.projected.defaultMode`],
  ['pod.volumes', 'ephemeral without volumeClaimTemplate', vol({ ephemeral: {} }), `${V}.ephemeral.volumeClaimTemplate`],
  ['pod.volumes', 'ephemeral without a storage request', vol({ ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } }), `${V}.ephemeral.volumeClaimTemplate.spec.resources.requests.storage`],
  ['pod.volumes', 'ephemeral with an unknown access mode', vol({ ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnly'], resources: { requests: { storage: '1Gi' } } } } } }), `${V}.ephemeral.volumeClaimTemplate.spec.accessModes[0]`],
  ['pod.volumes', 'ephemeral template with a name', vol({ ephemeral: { volumeClaimTemplate: { metadata: { name: 'scratch' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } }), `${V}.ephemeral.volumeClaimTemplate.metadata.name`],
  ['pod.volumes', 'emptyDir with a negative sizeLimit', vol({ emptyDir: { sizeLimit: '-1Gi' } }), `${V}.emptyDir.sizeLimit`],
  ['pod.volumes', 'emptyDir medium in lowercase (the kubelet cannot mount it)', vol({ emptyDir: { medium: 'memory' } }), `${V}.emptyDir.medium`],
  ['pod.volumes', 'iscsi with a malformed iqn', vol({ iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04', lun: 0 } }), `${V}.iscsi.iqn`],
  ['pod.volumes', 'iscsi lun 256', vol({ iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:disk', lun: 256 } }), `${V}.iscsi.lun`],
  ['pod.volumes', 'iscsi CHAP without secretRef', vol({ iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:disk', lun: 0, chapAuthSession: true } }), `${V}.iscsi.secretRef`],
  ['pod.volumes', 'fc with targetWWNs and wwids', vol({ fc: { targetWWNs: ['500a0982991b8dc5'], lun: 2, wwids: ['3600508b400105e210000900000490000'] } }), `${V}.fc.targetWWNs`],
  ['pod.volumes', 'fc targetWWNs without lun', vol({ fc: { targetWWNs: ['500a0982991b8dc5'] } }), `${V}.fc.lun`],
  ['pod.volumes', 'flocker with name and UUID', vol({ flocker: { datasetName: 'a', datasetUUID: 'b' } }), `${V}.flocker`],
  ['pod.volumes', 'flexVolume option in kubernetes.io', vol({ flexVolume: { driver: 'example.com/lvm', options: { 'kubernetes.io/fsType': 'ext4' } } }), `${V}.flexVolume.options[kubernetes.io/fsType]`],
  ['pod.volumes', 'quobyte registry without a port', vol({ quobyte: { registry: 'quobyte.local', volume: 'v' } }), `${V}.quobyte.registry`],
  ['pod.volumes', 'storageos volumeName not a DNS label', vol({ storageos: { volumeName: 'Data_1' } }), `${V}.storageos.volumeName`],
  ['pod.volumes', 'gitRepo with an absolute directory', vol({ gitRepo: { repository: 'https://example.com/r.git', directory: '/src' } }), `${V}.gitRepo.directory`],
  ['pod.volumes', 'rbd without monitors', vol({ rbd: { image: 'img' } }), `${V}.rbd.monitors`],
  ['pod.volumes', 'cephfs without monitors', vol({ cephfs: { path: '/' } }), `${V}.cephfs.monitors`],
  ['pod.volumes', 'cinder secretRef without a name', vol({ cinder: { volumeID: 'v', secretRef: {} } }), `${V}.cinder.secretRef.name`],
  ['pod.volumes', 'scaleIO without system', vol({ scaleIO: { gateway: 'https://g', volumeName: 'v', secretRef: { name: 's' } } }), `${V}.scaleIO.system`],
  // ---- tolerations -----------------------------------------------------------------------------
  ['pod.tolerations', 'operator in lowercase', m => { pod(m).tolerations = [{ key: 'k', operator: 'exists' }]; }, `${S}.tolerations[0].operator`],
  ['pod.tolerations', 'an empty key with Equal', m => { pod(m).tolerations = [{ operator: 'Equal', effect: 'NoSchedule' }]; }, `${S}.tolerations[0].operator`],
  ['pod.tolerations', 'an empty key without an operator', m => { pod(m).tolerations = [{ value: 'v' }]; }, `${S}.tolerations[0].operator`],
  ['pod.tolerations', 'Exists with a value', m => { pod(m).tolerations = [{ key: 'k', operator: 'Exists', value: 'v' }]; }, `${S}.tolerations[0].value`],
  ['pod.tolerations', 'tolerationSeconds with NoSchedule', m => { pod(m).tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 60 }]; }, `${S}.tolerations[0].effect`],
  ['pod.tolerations', 'tolerationSeconds without an effect', m => { pod(m).tolerations = [{ key: 'k', operator: 'Exists', tolerationSeconds: 60 }]; }, `${S}.tolerations[0].effect`],
  ['pod.tolerations', 'an unknown effect', m => { pod(m).tolerations = [{ key: 'k', operator: 'Exists', effect: 'noSchedule' }]; }, `${S}.tolerations[0].effect`],
  ['pod.tolerations', 'a key that is not a qualified name', m => { pod(m).tolerations = [{ key: 'gpu node', operator: 'Exists' }]; }, `${S}.tolerations[0].key`],
  ['pod.tolerations', 'a value that is not a label value', m => { pod(m).tolerations = [{ key: 'k', value: 'a b' }]; }, `${S}.tolerations[0].value`],
  // ---- pod fields ------------------------------------------------------------------------------
  ['job.restart-policy', 'restartPolicy never (lowercase)', m => { pod(m).restartPolicy = 'never'; }, `${S}.restartPolicy`],
  ['job.restart-policy', 'restartPolicy Always', m => { pod(m).restartPolicy = 'Always'; }, `${S}.restartPolicy`],
  ['pod.fields', 'hostNetwork with hostPort != containerPort', m => {
    pod(m).hostNetwork = true;
    main(m).ports = [{ containerPort: 8080, hostPort: 9090 }];
  }, `${S}.containers[0].ports[0].hostPort`],
  ['pod.fields', 'dnsPolicy in lowercase', m => { pod(m).dnsPolicy = 'clusterFirst'; }, `${S}.dnsPolicy`],
  ['pod.fields', 'dnsPolicy None without dnsConfig', m => { pod(m).dnsPolicy = 'None'; }, `${S}.dnsConfig`],
  ['pod.fields', 'dnsPolicy None without nameservers', m => { Object.assign(pod(m), { dnsPolicy: 'None', dnsConfig: { searches: ['svc.local'] } }); }, `${S}.dnsConfig.nameservers`],
  ['pod.fields', '4 nameservers', m => { pod(m).dnsConfig = { nameservers: ['1.1.1.1', '8.8.8.8', '9.9.9.9', '8.8.4.4'] }; }, `${S}.dnsConfig.nameservers`],
  ['pod.fields', 'a nameserver that is a host name', m => { pod(m).dnsConfig = { nameservers: ['dns.example.com'] }; }, `${S}.dnsConfig.nameservers[0]`],
  ['pod.fields', 'a nameserver 256.0.0.1', m => { pod(m).dnsConfig = { nameservers: ['256.0.0.1'] }; }, `${S}.dnsConfig.nameservers[0]`],
  ['pod.fields', '33 search domains', m => { pod(m).dnsConfig = { searches: Array.from({ length: 33 }, (_, i) => `d${i}.local`) }; }, `${S}.dnsConfig.searches`],
  ['pod.fields', 'a search list over 2048 characters', m => { pod(m).dnsConfig = { searches: Array.from({ length: 9 }, (_, i) => `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'e'.repeat(60)}.d${i}`) }; }, `${S}.dnsConfig.searches`],
  ['pod.fields', "a search domain with '_'", m => { pod(m).dnsConfig = { searches: ['my_domain.local'] }; }, `${S}.dnsConfig.searches[0]`],
  ['pod.fields', "the search domain '.'", m => { pod(m).dnsConfig = { searches: ['.'] }; }, `${S}.dnsConfig.searches[0]`],
  ['pod.fields', 'a DNS option without a name', m => { pod(m).dnsConfig = { options: [{ value: '2' }] }; }, `${S}.dnsConfig.options[0].name`],
  ['pod.fields', 'a host alias ip that is a name', m => { pod(m).hostAliases = [{ ip: 'localhost', hostnames: ['db'] }]; }, `${S}.hostAliases[0].ip`],
  ['pod.fields', 'a host alias hostname with a space', m => { pod(m).hostAliases = [{ ip: '10.0.0.5', hostnames: ['my db'] }]; }, `${S}.hostAliases[0].hostnames[0]`],
  ['pod.fields', 'preemptionPolicy in lowercase', m => { pod(m).preemptionPolicy = 'never'; }, `${S}.preemptionPolicy`],
  ['pod.fields', 'os.name Linux', m => { pod(m).os = { name: 'Linux' }; }, `${S}.os.name`],
  ['pod.fields', 'os without a name', m => { pod(m).os = {}; }, `${S}.os.name`],
  ['pod.fields', 'a windows pod with runAsUser', m => { Object.assign(pod(m), { os: { name: 'windows' }, securityContext: { runAsUser: 1000 } }); }, `${S}.securityContext.runAsUser`],
  ['pod.fields', 'a windows pod with a container capabilities', m => {
    pod(m).os = { name: 'windows' };
    main(m).securityContext = { capabilities: { drop: ['ALL'] } };
  }, `${S}.containers[0].securityContext.capabilities`],
  ['pod.fields', 'a windows pod with shareProcessNamespace false', m => { Object.assign(pod(m), { os: { name: 'windows' }, shareProcessNamespace: false }); }, `${S}.shareProcessNamespace`],
  ['pod.fields', 'a linux pod with windowsOptions', m => { Object.assign(pod(m), { os: { name: 'linux' }, securityContext: { windowsOptions: { runAsUserName: 'app' } } }); }, `${S}.securityContext.windowsOptions`],
  ['pod.fields', 'a readiness gate that is not a qualified name', m => { pod(m).readinessGates = [{ conditionType: 'ready now' }]; }, `${S}.readinessGates[0].conditionType`],
  ['pod.fields', 'a scheduling gate listed twice', m => { pod(m).schedulingGates = [{ name: 'example.com/quota' }, { name: 'example.com/quota' }]; }, `${S}.schedulingGates[1].name`],
  ['pod.fields', 'a scheduling gate that is not a qualified name', m => { pod(m).schedulingGates = [{ name: 'wait for quota' }]; }, `${S}.schedulingGates[0].name`],
  ['pod.fields', 'an overhead below zero', m => { pod(m).overhead = { cpu: '-100m' }; }, `${S}.overhead.cpu`],
  // topology spread
  ['pod.fields', 'maxSkew 0', m => { pod(m).topologySpreadConstraints = [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }]; }, `${S}.topologySpreadConstraints[0].maxSkew`],
  ['pod.fields', 'an empty topologyKey', m => { pod(m).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: '', whenUnsatisfiable: 'DoNotSchedule' }]; }, `${S}.topologySpreadConstraints[0].topologyKey`],
  ['pod.fields', 'whenUnsatisfiable misspelt', m => { pod(m).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotScheduled' }]; }, `${S}.topologySpreadConstraints[0].whenUnsatisfiable`],
  ['pod.fields', 'two constraints on one key and action', m => {
    const c = { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' };
    pod(m).topologySpreadConstraints = [c, { ...c, maxSkew: 2 }];
  }, `${S}.topologySpreadConstraints[1]`],
  ['pod.fields', 'minDomains with ScheduleAnyway', m => { pod(m).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2 }]; }, `${S}.topologySpreadConstraints[0].minDomains`],
  ['pod.fields', 'minDomains 0', m => { pod(m).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', minDomains: 0 }]; }, `${S}.topologySpreadConstraints[0].minDomains`],
  ['pod.fields', 'nodeTaintsPolicy in lowercase', m => { pod(m).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', nodeTaintsPolicy: 'honor' }]; }, `${S}.topologySpreadConstraints[0].nodeTaintsPolicy`],
  ['pod.fields', 'matchLabelKeys without a labelSelector', m => { pod(m).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['app'] }]; }, `${S}.topologySpreadConstraints[0].matchLabelKeys`],
  ['pod.fields', 'a matchLabelKey also in the labelSelector', m => {
    pod(m).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'a' } }, matchLabelKeys: ['app'] }];
  }, `${S}.topologySpreadConstraints[0].matchLabelKeys[0]`],
  ['pod.fields', 'a spread labelSelector with an unknown operator', m => {
    pod(m).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchExpressions: [{ key: 'app', operator: 'in', values: ['a'] }] } }];
  }, `${S}.topologySpreadConstraints[0].labelSelector.matchExpressions[0].operator`],
  // affinity
  ['pod.fields', 'required node affinity without terms', m => { pod(m).affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } }; }, `${S}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`],
  ['pod.fields', 'a node selector operator in lowercase', m => { pod(m).affinity = nodeTerm({ key: 'pool', operator: 'in', values: ['gpu'] }); }, `${S}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator`],
  ['pod.fields', 'In without values', m => { pod(m).affinity = nodeTerm({ key: 'pool', operator: 'In', values: [] }); }, `${S}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values`],
  ['pod.fields', 'Exists with values', m => { pod(m).affinity = nodeTerm({ key: 'pool', operator: 'Exists', values: ['gpu'] }); }, `${S}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values`],
  ['pod.fields', 'Gt with two values', m => { pod(m).affinity = nodeTerm({ key: 'gpus', operator: 'Gt', values: ['1', '2'] }); }, `${S}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values`],
  ['pod.fields', 'a node selector key with a space', m => { pod(m).affinity = nodeTerm({ key: 'gpu pool', operator: 'Exists' }); }, `${S}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key`],
  ['pod.fields', 'a node field selector other than metadata.name', m => {
    pod(m).affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.labels', operator: 'In', values: ['a'] }] }] } } };
  }, `${S}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key`],
  ['pod.fields', 'a node field selector with two values', m => {
    pod(m).affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a', 'b'] }] }] } } };
  }, `${S}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values`],
  ['pod.fields', 'a preferred node term of weight 0', m => {
    pod(m).affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: { matchExpressions: [{ key: 'pool', operator: 'Exists' }] } }] } };
  }, `${S}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight`],
  ['pod.fields', 'a pod affinity term with an empty topologyKey', m => { pod(m).affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: '', labelSelector: { matchLabels: { app: 'db' } } }] } }; }, `${S}.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey`],
  ['schema.required', 'a pod affinity term without topologyKey', m => { pod(m).affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } } }] } }; }, `${S}.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey`],
  ['schema.required', 'a topology spread constraint without whenUnsatisfiable', m => { pod(m).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone' }]; }, `${S}.topologySpreadConstraints[0].whenUnsatisfiable`],
  ['pod.fields', 'a pod affinity selector with an invalid value', m => {
    pod(m).affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['a b'] }] } }] } };
  }, `${S}.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values[0]`],
  ['pod.fields', 'a pod affinity namespace that is not a DNS label', m => {
    pod(m).affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', namespaces: ['ML_Team'] }] } };
  }, `${S}.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaces[0]`],
  ['pod.fields', 'a preferred pod anti-affinity term of weight 101', m => {
    pod(m).affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } }] } };
  }, `${S}.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight`],
  ['container.ports', 'two containers with one host port', m => {
    main(m).ports = [{ containerPort: 8080, hostPort: 8080 }];
    pod(m).containers.push({ name: 'sidecar', image: 'busybox:1.36', ports: [{ containerPort: 80, hostPort: 8080 }] });
  }, `${S}.containers[1].ports[0].hostPort`],
  // names and security context
  ['pod.names', 'a nodeName with an underscore', m => { pod(m).nodeName = 'gpu_node_1'; }, `${S}.nodeName`],
  ['pod.security-context', 'shareProcessNamespace with hostPID', m => { Object.assign(pod(m), { shareProcessNamespace: true, hostPID: true }); }, `${S}.shareProcessNamespace`],
  ['pod.security-context', 'fsGroupChangePolicy in lowercase', m => { pod(m).securityContext = { fsGroupChangePolicy: 'onRootMismatch' }; }, `${S}.securityContext.fsGroupChangePolicy`],
  ['pod.security-context', 'a sysctl name in uppercase', m => { pod(m).securityContext = { sysctls: [{ name: 'NET.core.somaxconn', value: '1024' }] }; }, `${S}.securityContext.sysctls[0].name`],
  ['pod.security-context', 'a sysctl listed twice', m => { pod(m).securityContext = { sysctls: [{ name: 'net.core.somaxconn', value: '1' }, { name: 'net.core.somaxconn', value: '2' }] }; }, `${S}.securityContext.sysctls[1].name`],
];

function nodeTerm(requirement: object): object {
  return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [requirement] }] } } };
}

/** [what, mutation of job()]: edges the 1.28 API server accepts. */
const ACCEPTED: Array<[string, (m: any) => void]> = [
  // ---- volumes ---------------------------------------------------------------------------------
  ['configMap modes 0 and 0777, any non-empty key, dotted paths', vol({
    configMap: {
      name: 'c',
      defaultMode: 0o777,
      items: [
        { key: 'conf/app.yaml', path: 'a/b..c', mode: 0 },
        { key: 'k2', path: '.hidden/x..', mode: 0o777 },
      ],
    },
  })],
  ['secret defaultMode 0, optional', vol({ secret: { secretName: 's', defaultMode: 0, optional: true } })],
  ['EBS and GCE partitions 0 and 255', m => {
    pod(m).volumes.push({ name: 'ebs', awsElasticBlockStore: { volumeID: 'vol-1', partition: 255 } });
    pod(m).volumes.push({ name: 'pd', gcePersistentDisk: { pdName: 'pd', partition: 0 } });
  }],
  ['hostPath with an empty type and with DirectoryOrCreate', m => {
    pod(m).volumes.push({ name: 'h1', hostPath: { path: '/data', type: '' } });
    pod(m).volumes.push({ name: 'h2', hostPath: { path: 'relative/dir', type: 'DirectoryOrCreate' } });
  }],
  ['nfs path /', vol({ nfs: { server: '10.0.0.2', path: '/' } })],
  ['a 63-character mixed-case CSI driver name with a secret ref', vol({ csi: { driver: `Secrets-Store.${'c'.repeat(35)}.csi.k8s.io`, nodePublishSecretRef: { name: 'creds' }, volumeAttributes: { a: 'b' } } })],
  ['azureDisk Managed with a disk id, and the default kind with a blob URL', m => {
    pod(m).volumes.push({ name: 'd1', azureDisk: { diskName: 'd', diskURI: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/disks/d', kind: 'Managed', cachingMode: 'ReadOnly' } });
    pod(m).volumes.push({ name: 'd2', azureDisk: { diskName: 'd', diskURI: 'https://a.blob.core.windows.net/c/d.vhd' } });
  }],
  ['downwardAPI label, annotation subscripts and resources of a container', vol({
    downwardAPI: {
      defaultMode: 0o644,
      items: [
        { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
        { path: 'team', fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['example.com/team']" } },
        { path: 'owner', fieldRef: { fieldPath: "metadata.annotations['Example.com/Owner']" } },
        { path: 'uid', fieldRef: { fieldPath: 'metadata.uid' } },
        { path: 'cpu', resourceFieldRef: { containerName: 'main', resource: 'limits.cpu', divisor: '1m' } },
        { path: 'mem', resourceFieldRef: { containerName: 'main', resource: 'requests.memory', divisor: '1Mi' } },
        { path: 'huge', resourceFieldRef: { containerName: 'main', resource: 'limits.hugepages-2Mi', divisor: '1000' } },
      ],
    },
  })],
  ['projected token expiring in 600 s and in 2^32 s, an empty source', vol({
    projected: {
      defaultMode: 0o440,
      sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: 600, audience: 'vault' } },
        { serviceAccountToken: { path: 'token2', expirationSeconds: 2 ** 32 } },
        { configMap: { name: 'ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] }, secret: undefined },
        {},
      ],
    },
  })],
  ['ephemeral volume with a claim template', vol({
    ephemeral: {
      volumeClaimTemplate: {
        metadata: { labels: { app: 'train' } },
        spec: { accessModes: ['ReadWriteOncePod'], storageClassName: 'fast-ssd', resources: { requests: { storage: '100Gi' } } },
      },
    },
  })],
  ['emptyDir HugePages-2Mi with a zero sizeLimit', vol({ emptyDir: { medium: 'HugePages-2Mi', sizeLimit: '0' } })],
  ['quobyte with IPv6 and host registries', vol({ quobyte: { registry: '[::1]:7861,quobyte.local:7861', volume: 'v' } })],
  ['iscsi with lun 0 and 255', m => {
    pod(m).volumes.push({ name: 'i1', iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:storage.disk1', lun: 0 } });
    pod(m).volumes.push({ name: 'i2', iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'eui.02004567A425678D', lun: 255 } });
  }],
  // ---- tolerations -----------------------------------------------------------------------------
  ['Exists with an empty key and an effect, Exists alone, NoExecute with 0 s', m => {
    pod(m).tolerations = [
      { operator: 'Exists', effect: 'NoSchedule' },
      { operator: 'Exists' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 },
      { key: 'pool', value: 'gpu' },
      { key: 'example.com/gpu', operator: 'Equal', value: '', effect: 'PreferNoSchedule' },
    ];
  }],
  // ---- pod fields ------------------------------------------------------------------------------
  ['hostNetwork with hostPort equal to containerPort, and without hostPort', m => {
    pod(m).hostNetwork = true;
    main(m).ports = [{ containerPort: 8080, hostPort: 8080 }, { containerPort: 9090 }];
  }],
  ['an init container and the main container with one host port (init containers run alone)', m => {
    main(m).ports = [{ containerPort: 8080, hostPort: 8080 }];
    pod(m).initContainers = [{ name: 'warmup', image: 'busybox:1.36', ports: [{ containerPort: 80, hostPort: 8080 }] }];
  }],
  ['dnsPolicy None with 3 nameservers (IPv6, leading zeros), 32 searches, a trailing dot', m => {
    Object.assign(pod(m), {
      dnsPolicy: 'None',
      dnsConfig: {
        nameservers: ['2001:db8::53', '010.0.0.10', '::ffff:10.0.0.11'],
        searches: ['example.com.', ...Array.from({ length: 31 }, (_, i) => `d${i}.svc.cluster.local`)],
        options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }],
      },
    });
  }],
  ['host aliases with an IPv6 address', m => { pod(m).hostAliases = [{ ip: '::1', hostnames: ['foo.local', 'bar'] }]; }],
  ['preemptionPolicy Never, os linux, gates, overhead', m => {
    Object.assign(pod(m), {
      preemptionPolicy: 'Never',
      os: { name: 'linux' },
      readinessGates: [{ conditionType: 'example.com/ready' }],
      schedulingGates: [{ name: 'example.com/quota' }, { name: 'quota' }],
      overhead: { cpu: '250m', memory: '120Mi' },
    });
  }],
  ['a windows pod with windowsOptions, sysctls [] and hostPID false', m => {
    Object.assign(pod(m), { os: { name: 'windows' }, hostPID: false, securityContext: { windowsOptions: { runAsUserName: 'app' }, runAsNonRoot: true, sysctls: [] } });
  }],
  ['topology spread edges', m => {
    pod(m).topologySpreadConstraints = [
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', minDomains: 1, nodeAffinityPolicy: 'Honor', nodeTaintsPolicy: 'Ignore', labelSelector: { matchLabels: { app: 'train' } }, matchLabelKeys: ['pod-template-hash'] },
      { maxSkew: 3, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
    ];
  }],
  ['node affinity edges (1.28 does not check node affinity values)', m => {
    pod(m).affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'pool', operator: 'In', values: ['gpu pool'] }, { key: 'gpus', operator: 'Gt', values: ['3'] }, { key: 'spot', operator: 'DoesNotExist' }] },
            { matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-1'] }] },
          ],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 1, preference: { matchExpressions: [{ key: 'a', operator: 'Exists' }] } },
          { weight: 100, preference: {} },
        ],
      },
    };
  }],
  ['pod affinity and anti-affinity edges', m => {
    pod(m).affinity = {
      podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'db' } }, namespaces: ['ml'], namespaceSelector: {} }] },
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } } }] },
    };
  }],
  ['fsGroupChangePolicy OnRootMismatch, sysctls with dots and slashes, a nodeName', m => {
    pod(m).securityContext = { fsGroupChangePolicy: 'OnRootMismatch', sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }, { name: 'kernel/shm_rmid_forced', value: '1' }] };
    pod(m).nodeName = 'ip-10-0-0-1.ec2.internal';
  }],
];

describe('pod rules (Kubernetes 1.28 ValidatePodSpec)', () => {
  test('the base Job has no error', () => {
    expect(errors(job())).toEqual([]);
  });

  test.each(REJECTED)('%s: %s is rejected', (ruleId, _what, mutate, path) => {
    // GIVEN a valid Job with one field made invalid
    const m = job();
    mutate(m);
    // WHEN
    const found = errors(m);
    // THEN the rule names the field
    expect(found.map(f => `${f.ruleId} ${f.path}`)).toContain(`${ruleId} ${path}`);
  });

  test.each(ACCEPTED)('%s is accepted', (_what, mutate) => {
    // GIVEN a valid Job with an edge the API server accepts
    const m = job();
    mutate(m);
    // WHEN / THEN
    expect(errors(m)).toEqual([]);
  });

  test('hostUsers and resourceClaims (alpha in 1.28) are warnings, not errors', () => {
    // GIVEN
    const m = job();
    Object.assign(pod(m), { hostUsers: false, resourceClaims: [{ name: 'gpu', source: { resourceClaimName: 'gpu' } }] });
    // WHEN
    const findings = checkManifest(m).findings;
    // THEN
    expect(findings.filter(f => f.severity === 'error')).toEqual([]);
    expect(findings.filter(f => f.ruleId === 'practice.alpha-field').map(f => f.path)).toEqual([`${S}.hostUsers`, `${S}.resourceClaims`]);
  });

  test('an error finding of a volume does not hide the checks of the other volumes', () => {
    // GIVEN two invalid volumes
    const m = job();
    pod(m).volumes.push({ name: 'a', nfs: { server: 's', path: 'rel' } }, { name: 'b', secret: { secretName: 's', defaultMode: 1000 } });
    // WHEN / THEN
    expect(errors(m).map(f => f.path)).toEqual([`${S}.volumes[1].nfs.path`, `${S}.volumes[2].secret.defaultMode`]);
  });
});

describe('every cdk8s-plus-28 Volume factory, through TrainingJob', () => {
  test('synthesizes a Job the 1.28 API server accepts', () => {
    // GIVEN a TrainingJob with one volume of each factory (test/util/setup.ts checks the rules at synth)
    const chart = Testing.chart();
    const cm = kplus.ConfigMap.fromConfigMapName(chart, 'Cm', 'settings');
    const secret = kplus.Secret.fromSecretName(chart, 'Sec', 'creds');
    const claim = kplus.PersistentVolumeClaim.fromClaimName(chart, 'Claim', 'datasets');
    const volumes = [
      kplus.Volume.fromEmptyDir(chart, 'scratch', 'scratch', { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.gibibytes(1) }),
      kplus.Volume.fromConfigMap(chart, 'config', cm, { defaultMode: 0o444, optional: false, items: { 'app.yaml': { path: 'conf/app.yaml', mode: 0o400 } } }),
      kplus.Volume.fromSecret(chart, 'secret', secret, { defaultMode: 0o400, optional: true, items: { token: { path: 'token' } } }),
      kplus.Volume.fromPersistentVolumeClaim(chart, 'data', claim, { readOnly: true }),
      kplus.Volume.fromHostPath(chart, 'host', 'host', { path: '/var/lib/data', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE }),
      kplus.Volume.fromNfs(chart, 'nfs', 'nfs', { server: 'nfs.example.com', path: '/exports/data', readOnly: true }),
      kplus.Volume.fromCsi(chart, 'csi', 'secrets-store.csi.k8s.io', { readOnly: true, attributes: { secretProviderClass: 'aws' } }),
      kplus.Volume.fromAwsElasticBlockStore(chart, 'ebs', 'vol-0123456789abcdef0', { partition: 1, readOnly: true }),
      kplus.Volume.fromGcePersistentDisk(chart, 'pd', 'training-disk', { partition: 255 }),
      kplus.Volume.fromAzureDisk(chart, 'azure', 'disk1', 'https://account.blob.core.windows.net/vhds/disk1.vhd', {
        cachingMode: kplus.AzureDiskPersistentVolumeCachingMode.READ_ONLY,
      }),
      kplus.Volume.fromAzureDisk(chart, 'managed', 'disk2', '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute/disks/disk2', {
        kind: kplus.AzureDiskPersistentVolumeKind.MANAGED,
      }),
    ];
    new TrainingJob(chart, 'train', {
      image: 'python:3.12',
      // hostPath, NFS and cloud disks are outside the "restricted" profile's volume types.
      podSecurity: PodSecurity.NONE,
      volumes: volumes.slice(1),
      volumeMounts: [{ volume: volumes[0], path: '/scratch' }, { volume: volumes[3], path: '/data', readOnly: true }],
      tolerations: [{ key: 'spot', effect: kplus.TaintEffect.NO_EXECUTE, tolerationSeconds: Duration.minutes(5) }],
    });
    // WHEN
    const [manifest] = Testing.synth(chart).filter(m => m.kind === 'Job');
    // THEN every volume is there, with the field names of the API (volumeID, diskURI)
    const byName = new Map<string, any>(pod(manifest).volumes.map((v: any) => [v.name, v]));
    expect(byName.get('ebs-vol-0123456789abcdef0').awsElasticBlockStore).toEqual(expect.objectContaining({ volumeID: 'vol-0123456789abcdef0', partition: 1 }));
    expect(byName.get('azuredisk-disk1').azureDisk).toEqual(expect.objectContaining({ diskURI: 'https://account.blob.core.windows.net/vhds/disk1.vhd', kind: 'Shared' }));
    expect(byName.get('configmap-settings').configMap.items).toEqual([{ key: 'app.yaml', path: 'conf/app.yaml', mode: 0o400 }]);
    expect(pod(manifest).volumes.length).toBeGreaterThanOrEqual(volumes.length);
    expect(errors(manifest)).toEqual([]);
  });
});
