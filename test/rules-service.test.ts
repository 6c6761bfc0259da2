import { RULES, checkManifest } from '../src/rules';

/**
 * Service rules (src/rules/service.ts), ported from the 1.28 API server's ValidateService as it
 * sees a Service on create (after SetDefaults_Service and NormalizeClusterIPs). The library emits
 * headless Services beside multi-node training Jobs; every rule has a refused case and an
 * accepted boundary case.
 */

/** The headless Service a multi-node training Job uses: passes every rule. */
function headless(): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'train-workers', namespace: 'ml', labels: { app: 'train' } },
    spec: {
      clusterIP: 'None',
      selector: { 'batch.kubernetes.io/job-name': 'train' },
      publishNotReadyAddresses: true,
      ports: [{ name: 'rendezvous', port: 29500, targetPort: 29500, protocol: 'TCP' }],
    },
  };
}

/** A Service of another type, with an allocated cluster IP. */
function ofType(type: string): any {
  const m = headless();
  delete m.spec.clusterIP;
  m.spec.type = type;
  return m;
}

const port = (p: any) => ({ name: 'p', port: 80, ...p });
const findings = (m: any) => checkManifest(m, { noWarnings: true }).findings;

type Case = [ruleId: string, what: string, make: () => any, path: string];

/** Refused: each must yield `ruleId` at `path`. */
const REFUSED: Case[] = [
  ['service.name.invalid', 'a name starting with a digit', () => { const m = headless(); m.metadata.name = '1-workers'; return m; }, 'metadata.name'],
  ['service.name.invalid', 'a name with a dot (a subdomain is not a DNS-1035 label)', () => { const m = headless(); m.metadata.name = 'train.workers'; return m; }, 'metadata.name'],
  ['service.name.invalid', 'a name of 64 characters', () => { const m = headless(); m.metadata.name = `w${'a'.repeat(63)}`; return m; }, 'metadata.name'],
  ['metadata.generate-name.invalid', 'a generateName starting with a digit (NameIsDNS1035Label, prefix)', () => {
    const m = headless(); delete m.metadata.name; m.metadata.generateName = '1w-'; return m;
  }, 'metadata.generateName'],
  ['service.ports', 'port 0', () => { const m = headless(); m.spec.ports = [port({ port: 0 })]; return m; }, 'spec.ports[0].port'],
  ['service.ports', 'port 65536', () => { const m = headless(); m.spec.ports = [port({ port: 65536 })]; return m; }, 'spec.ports[0].port'],
  ['service.ports', 'a port without port', () => { const m = headless(); m.spec.ports = [{ name: 'p' }]; return m; }, 'spec.ports[0].port'],
  ['service.ports', 'two ports, one without a name', () => { const m = headless(); m.spec.ports = [port({}), { port: 81 }]; return m; }, 'spec.ports[1].name'],
  ['service.ports', 'two ports with the same name', () => { const m = headless(); m.spec.ports = [port({}), port({ port: 81 })]; return m; }, 'spec.ports[1].name'],
  ['service.ports', 'a port name with capitals', () => { const m = headless(); m.spec.ports = [port({ name: 'Rendezvous' })]; return m; }, 'spec.ports[0].name'],
  ['service.ports', 'protocol tcp (lower case)', () => { const m = headless(); m.spec.ports = [port({ protocol: 'tcp' })]; return m; }, 'spec.ports[0].protocol'],
  ['service.ports', 'a targetPort name of 16 characters', () => { const m = headless(); m.spec.ports = [port({ targetPort: 'rendezvous-ports' })]; return m; }, 'spec.ports[0].targetPort'],
  ['service.ports', 'a targetPort number in quotes (a name without a letter)', () => { const m = headless(); m.spec.ports = [port({ targetPort: '8080' })]; return m; }, 'spec.ports[0].targetPort'],
  ['service.ports', 'targetPort 65536', () => { const m = headless(); m.spec.ports = [port({ targetPort: 65536 })]; return m; }, 'spec.ports[0].targetPort'],
  ['service.ports', 'the same TCP port twice', () => { const m = headless(); m.spec.ports = [port({}), port({ name: 'q' })]; return m; }, 'spec.ports[1]'],
  ['service.ports', 'an appProtocol that is not a qualified name', () => { const m = headless(); m.spec.ports = [port({ appProtocol: 'a/b/c' })]; return m; }, 'spec.ports[0].appProtocol'],
  ['service.ports', 'a nodePort on a ClusterIP Service', () => { const m = ofType('ClusterIP'); m.spec.ports = [port({ nodePort: 30080 })]; return m; }, 'spec.ports[0].nodePort'],
  ['service.ports', 'the same TCP nodePort twice', () => {
    const m = ofType('NodePort'); m.spec.ports = [port({ nodePort: 30080 }), port({ name: 'q', port: 81, nodePort: 30080 })]; return m;
  }, 'spec.ports[1].nodePort'],
  ['service.ports', 'a ClusterIP Service without ports', () => { const m = ofType('ClusterIP'); m.spec.ports = []; return m; }, 'spec.ports'],
  ['service.ports', 'a LoadBalancer exposing the kubelet port 10250', () => { const m = ofType('LoadBalancer'); m.spec.ports = [port({ port: 10250 })]; return m; }, 'spec.ports[0]'],
  ['service.type', 'type Headless', () => { const m = headless(); m.spec.type = 'Headless'; return m; }, 'spec.type'],
  ['service.type', 'an ExternalName Service without externalName', () => { const m = ofType('ExternalName'); return m; }, 'spec.externalName'],
  ['service.type', 'an externalName that is not a DNS name', () => { const m = ofType('ExternalName'); m.spec.externalName = 'db_primary'; return m; }, 'spec.externalName'],
  ['service.type', 'an ExternalName Service with a clusterIP', () => { const m = ofType('ExternalName'); m.spec.externalName = 'db.example.com'; m.spec.clusterIP = 'None'; return m; }, 'spec.clusterIPs'],
  ['service.cluster-ip', 'a headless NodePort Service', () => { const m = headless(); m.spec.type = 'NodePort'; return m; }, 'spec.clusterIPs[0]'],
  ['service.cluster-ip', 'a headless LoadBalancer', () => { const m = headless(); m.spec.type = 'LoadBalancer'; return m; }, 'spec.clusterIPs[0]'],
  ['service.cluster-ip', 'None followed by an IP', () => { const m = headless(); m.spec.clusterIPs = ['None', '10.0.0.1']; return m; }, 'spec.clusterIPs'],
  ['service.cluster-ip', 'clusterIP and clusterIPs that disagree', () => { const m = headless(); m.spec.clusterIPs = ['10.0.0.1']; return m; }, 'spec.clusterIPs'],
  ['service.cluster-ip', 'clusterIPs without clusterIP', () => { const m = ofType('ClusterIP'); m.spec.clusterIPs = ['10.0.0.1']; return m; }, 'spec.clusterIPs'],
  ['service.cluster-ip', 'a clusterIP that is not an IP', () => { const m = ofType('ClusterIP'); m.spec.clusterIP = '10.0.0.256'; return m; }, 'spec.clusterIPs[0]'],
  ['service.cluster-ip', 'two IPv4 clusterIPs', () => { const m = ofType('ClusterIP'); Object.assign(m.spec, { clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1', '10.0.0.2'] }); return m; }, 'spec.clusterIPs'],
  ['service.cluster-ip', 'an IPv6 clusterIP for family IPv4', () => { const m = ofType('ClusterIP'); Object.assign(m.spec, { clusterIP: 'fd00::1', ipFamilies: ['IPv4'] }); return m; }, 'spec.clusterIPs[0]'],
  ['service.cluster-ip', 'an IP family listed twice', () => { const m = headless(); m.spec.ipFamilies = ['IPv4', 'IPv4']; return m; }, 'spec.ipFamilies[1]'],
  ['service.cluster-ip', 'ipFamilyPolicy DualStack', () => { const m = headless(); m.spec.ipFamilyPolicy = 'DualStack'; return m; }, 'spec.ipFamilyPolicy'],
  ['service.selector', 'a selector value with a space', () => { const m = headless(); m.spec.selector = { app: 'my train' }; return m; }, 'spec.selector.app'],
  ['service.selector', 'a selector value of 64 characters', () => { const m = headless(); m.spec.selector = { app: 'a'.repeat(64) }; return m; }, 'spec.selector.app'],
  ['service.session-affinity', 'sessionAffinity Sticky', () => { const m = headless(); m.spec.sessionAffinity = 'Sticky'; return m; }, 'spec.sessionAffinity'],
  ['service.session-affinity', 'a ClientIP timeout of 86401 seconds', () => {
    const m = headless(); Object.assign(m.spec, { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } } }); return m;
  }, 'spec.sessionAffinityConfig.clientIP.timeoutSeconds'],
  ['service.session-affinity', 'a ClientIP timeout of 0', () => {
    const m = headless(); Object.assign(m.spec, { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } }); return m;
  }, 'spec.sessionAffinityConfig.clientIP.timeoutSeconds'],
  ['service.session-affinity', 'a session affinity config with None', () => { const m = headless(); m.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 60 } }; return m; }, 'spec.sessionAffinityConfig'],
  ['service.traffic-policy', 'externalTrafficPolicy on a ClusterIP Service', () => { const m = headless(); m.spec.externalTrafficPolicy = 'Local'; return m; }, 'spec.externalTrafficPolicy'],
  ['service.traffic-policy', 'externalTrafficPolicy Global', () => { const m = ofType('NodePort'); m.spec.externalTrafficPolicy = 'Global'; return m; }, 'spec.externalTrafficPolicy'],
  ['service.traffic-policy', 'internalTrafficPolicy Node', () => { const m = headless(); m.spec.internalTrafficPolicy = 'Node'; return m; }, 'spec.internalTrafficPolicy'],
  ['service.traffic-policy', 'healthCheckNodePort on a NodePort Service', () => { const m = ofType('NodePort'); m.spec.healthCheckNodePort = 30100; return m; }, 'spec.healthCheckNodePort'],
  ['service.load-balancer', 'loadBalancerClass on a ClusterIP Service', () => { const m = headless(); m.spec.loadBalancerClass = 'example.com/internal'; return m; }, 'spec.loadBalancerClass'],
  ['service.load-balancer', 'a loadBalancerClass that is not a qualified name', () => { const m = ofType('LoadBalancer'); m.spec.loadBalancerClass = 'internal vip'; return m; }, 'spec.loadBalancerClass'],
  ['service.load-balancer', 'allocateLoadBalancerNodePorts on a ClusterIP Service', () => { const m = headless(); m.spec.allocateLoadBalancerNodePorts = false; return m; }, 'spec.allocateLoadBalancerNodePorts'],
  ['service.load-balancer', 'a source range with a /33 prefix', () => { const m = ofType('LoadBalancer'); m.spec.loadBalancerSourceRanges = ['10.0.0.0/33']; return m; }, 'spec.loadBalancerSourceRanges'],
  ['service.load-balancer', 'the source ranges annotation on a ClusterIP Service', () => {
    const m = headless(); m.metadata.annotations = { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8' }; return m;
  }, 'metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]'],
  ['service.external-ips', 'a loopback external IP', () => { const m = ofType('ClusterIP'); m.spec.externalIPs = ['127.0.0.1']; return m; }, 'spec.externalIPs[0]'],
  ['service.external-ips', 'the unspecified address', () => { const m = ofType('ClusterIP'); m.spec.externalIPs = ['0.0.0.0']; return m; }, 'spec.externalIPs[0]'],
  ['service.external-ips', 'a link-local IPv4 address', () => { const m = ofType('ClusterIP'); m.spec.externalIPs = ['169.254.169.254']; return m; }, 'spec.externalIPs[0]'],
  ['service.external-ips', 'a link-local multicast IPv4 address', () => { const m = ofType('ClusterIP'); m.spec.externalIPs = ['224.0.0.251']; return m; }, 'spec.externalIPs[0]'],
  ['service.external-ips', 'an IPv6 link-local address', () => { const m = ofType('ClusterIP'); m.spec.externalIPs = ['fe80::1']; return m; }, 'spec.externalIPs[0]'],
  ['service.external-ips', 'the IPv6 loopback', () => { const m = ofType('ClusterIP'); m.spec.externalIPs = ['::1']; return m; }, 'spec.externalIPs[0]'],
  ['service.external-ips', 'an IPv4-mapped loopback', () => { const m = ofType('ClusterIP'); m.spec.externalIPs = ['::ffff:127.0.0.1']; return m; }, 'spec.externalIPs[0]'],
  ['service.external-ips', 'an address that is not an IP', () => { const m = ofType('ClusterIP'); m.spec.externalIPs = ['10.0.0.256']; return m; }, 'spec.externalIPs[0]'],
  ['object.field-type', 'publishNotReadyAddresses "yes" (quoted)', () => { const m = headless(); m.spec.publishNotReadyAddresses = 'yes'; return m; }, 'spec.publishNotReadyAddresses'],
  ['object.field-type', 'a port beyond int32', () => { const m = headless(); m.spec.ports = [port({ port: BigInt(2) ** BigInt(40) })]; return m; }, 'spec.ports[0].port'],
  ['schema.unknown-field', 'a misspelled field (clusterIp)', () => { const m = headless(); m.spec.clusterIp = m.spec.clusterIP; delete m.spec.clusterIP; return m; }, 'spec.clusterIp'],
  ['object.kind', 'kind `service`', () => { const m = headless(); m.kind = 'service'; return m; }, 'kind'],
];

/** Accepted: the boundary just inside each rule; no error at all. */
const ACCEPTED: Array<[what: string, make: () => any]> = [
  ['the headless Service', headless],
  ['a name of 63 characters starting with a letter', () => { const m = headless(); m.metadata.name = `w${'a'.repeat(62)}`; return m; }],
  ['generateName `workers-`', () => { const m = headless(); delete m.metadata.name; m.metadata.generateName = 'workers-'; return m; }],
  ['a headless Service without ports', () => { const m = headless(); delete m.spec.ports; return m; }],
  ['one unnamed port', () => { const m = headless(); m.spec.ports = [{ port: 29500 }]; return m; }],
  ['ports 1 and 65535, TCP and SCTP', () => { const m = headless(); m.spec.ports = [port({ port: 1 }), port({ name: 'q', port: 65535, protocol: 'SCTP' })]; return m; }],
  ['the same port over TCP and UDP', () => { const m = headless(); m.spec.ports = [port({}), port({ name: 'q', protocol: 'UDP' })]; return m; }],
  ['a targetPort name of 15 characters', () => { const m = headless(); m.spec.ports = [port({ targetPort: 'rendezvous-port' })]; return m; }],
  ['targetPort 0 and "" (defaulted to the port)', () => { const m = headless(); m.spec.ports = [port({ targetPort: 0 }), port({ name: 'q', port: 81, targetPort: '' })]; return m; }],
  ['appProtocol kubernetes.io/h2c', () => { const m = headless(); m.spec.ports = [port({ appProtocol: 'kubernetes.io/h2c' })]; return m; }],
  ['a nodePort on a NodePort Service', () => { const m = ofType('NodePort'); m.spec.ports = [port({ nodePort: 30080 })]; return m; }],
  ['a LoadBalancer on port 10251', () => { const m = ofType('LoadBalancer'); m.spec.ports = [port({ port: 10251 })]; return m; }],
  ['type ClusterIP written out, with clusterIP None', () => { const m = headless(); m.spec.type = 'ClusterIP'; return m; }],
  ['clusterIP and clusterIPs that agree', () => { const m = headless(); m.spec.clusterIPs = ['None']; return m; }],
  ['a dual-stack Service', () => {
    const m = ofType('ClusterIP');
    Object.assign(m.spec, { clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1', 'fd00::1'], ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack' });
    return m;
  }],
  ['an ExternalName Service with a trailing dot', () => { const m = ofType('ExternalName'); m.spec.externalName = 'db.example.com.'; return m; }],
  ['a selector value of 63 characters', () => { const m = headless(); m.spec.selector = { app: 'a'.repeat(63) }; return m; }],
  ['ClientIP affinity with a timeout of 86400 seconds', () => {
    const m = headless(); Object.assign(m.spec, { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } } }); return m;
  }],
  ['ClientIP affinity without config (defaulted to 10800 seconds)', () => { const m = headless(); m.spec.sessionAffinity = 'ClientIP'; return m; }],
  ['externalTrafficPolicy Local on a NodePort Service', () => { const m = ofType('NodePort'); m.spec.externalTrafficPolicy = 'Local'; return m; }],
  ['healthCheckNodePort on a LoadBalancer with Local traffic', () => {
    const m = ofType('LoadBalancer'); Object.assign(m.spec, { externalTrafficPolicy: 'Local', healthCheckNodePort: 30100 }); return m;
  }],
  ['internalTrafficPolicy Local', () => { const m = headless(); m.spec.internalTrafficPolicy = 'Local'; return m; }],
  ['LoadBalancer fields on a LoadBalancer', () => {
    const m = ofType('LoadBalancer');
    Object.assign(m.spec, { loadBalancerClass: 'example.com/internal', allocateLoadBalancerNodePorts: false, loadBalancerSourceRanges: ['10.0.0.0/8', 'fd00::/8'] });
    return m;
  }],
  ['routable external IPs (224.0.1.1 is not link-local multicast)', () => { const m = ofType('ClusterIP'); m.spec.externalIPs = ['192.0.2.10', '2001:db8::1', '224.0.1.1']; return m; }],
];

describe('Service rules (ValidateService)', () => {
  test.each(REFUSED)('%s: %s', (ruleId, _what, make, path) => {
    // GIVEN a Service with the violation
    const m = make();
    // WHEN checked
    const result = checkManifest(m, { noWarnings: true });
    // THEN it was checked as a Service, and the rule reports it at the field
    expect(result.checked).toBe(true);
    const hit = result.findings.find(f => f.ruleId === ruleId && f.path === path);
    expect([path, hit]).toEqual([path, expect.objectContaining({ severity: 'error' })]);
  });

  test.each(ACCEPTED)('accepted: %s', (_what, make) => {
    // GIVEN a Service at the boundary of a rule WHEN checked THEN nothing is reported
    const result = checkManifest(make(), { noWarnings: true });
    expect(result.checkedAs).toBe('Service');
    expect(result.findings).toEqual([]);
  });

  test('every service rule has a refused case here', () => {
    const covered = new Set(REFUSED.map(c => c[0]));
    expect(RULES.map(r => r.id).filter(id => id.startsWith('service.') && !covered.has(id))).toEqual([]);
  });

  test('a Service of another API group (Knative) is skipped, not checked', () => {
    // GIVEN a serving.knative.dev Service WHEN checked THEN skipped
    const knative = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'Hello_World' } };
    expect(checkManifest(knative)).toEqual({ checked: false, object: 'Service/Hello_World', findings: [] });
  });

  test('messages say what is wrong and how it reads', () => {
    // GIVEN a quoted port number as targetPort, and a headless NodePort
    const m = headless();
    m.spec.type = 'NodePort';
    m.spec.ports = [port({ targetPort: '8080' })];
    // WHEN
    const byPath = new Map(findings(m).map(f => [f.path, f.message]));
    // THEN
    expect(byPath.get('spec.ports[0].targetPort')).toBe('"8080" must be a port number or an IANA port name (at most 15 lowercase letters, digits and \'-\', with a letter) (a number in quotes is a port name: write it without quotes)');
    expect(byPath.get('spec.clusterIPs[0]')).toBe('"None" (headless) may not be used with type NodePort; a headless Service has type ClusterIP');
  });
});
