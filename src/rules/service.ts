/**
 * Internal: the rules of a v1 Service, ported from the 1.28 API server's ValidateService
 * (kubernetes/kubernetes pkg/apis/core/validation/validation.go) as it sees a Service on create:
 * after SetDefaults_Service (type ClusterIP, sessionAffinity None, protocol TCP, targetPort = port,
 * the traffic policies, allocateLoadBalancerNodePorts and the ClientIP timeout) and after the
 * create strategy copies `clusterIP` to `clusterIPs` (NormalizeClusterIPs). The library emits
 * headless Services (`clusterIP: None`) beside multi-node training Jobs; every Service type is
 * checked all the same.
 */
import { isDns1123Label, isDns1123Subdomain, isIPAddress, isPortName, isQualifiedName } from '../_validate';
import { Obj, Report, boolAt, child, index, intAt, isObj, listAt, objAt, objectItems, strAt, v } from './context';
import { checkLabelsAt, checkObjectMeta } from './meta';

/** The Service types (supportedServiceType). */
export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
/** supportedPortProtocols. */
export const SERVICE_PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
/** supportedSessionAffinityType. */
export const SESSION_AFFINITIES = ['ClientIP', 'None'];
/** core.MaxClientIPServiceAffinitySeconds. */
export const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;
/** ports.KubeletPort: a LoadBalancer may not expose it. */
export const KUBELET_PORT = 10250;
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

/** Checks a v1 Service (ValidateService); returns its name. */
export function checkService(r: Report, obj: Obj): string | undefined {
  const name = checkObjectMeta(r, obj, 'Service');
  const spec = objAt(r, obj, 'spec', '') ?? {};
  const at = 'spec';
  const type = strAt(r, spec, 'type', at) || 'ClusterIP'; // SetDefaults_Service
  if (!SERVICE_TYPES.includes(type)) {
    r.add('service.type', child(at, 'type'), `${v(type)} must be one of ${SERVICE_TYPES.join(', ')}`);
  }
  const clusterIPs = checkClusterIPs(r, spec, type);
  const headless = clusterIPs.length === 1 && clusterIPs[0] === 'None'; // isHeadlessService
  if (type === 'ExternalName') checkExternalName(r, spec, clusterIPs);
  checkPorts(r, spec, type, headless);
  if (isObj(spec.selector)) checkLabelsAt(r, spec, at, 'service.selector', 'selector');
  else objAt(r, spec, 'selector', at);
  checkSessionAffinity(r, spec);
  checkExternalIPs(r, spec);
  checkTrafficPolicies(r, spec, type);
  checkLoadBalancerFields(r, obj, spec, type);
  boolAt(r, spec, 'publishNotReadyAddresses', at);
  return name;
}

/**
 * ValidateService (NodePort and LoadBalancer Services cannot be headless) and
 * ValidateServiceClusterIPsRelatedFields: `clusterIP` and `clusterIPs[0]` agree, `None` is the
 * first and only value, the rest are IP addresses (one per family, at most two), and the IP
 * families and policy have supported values. Returns the clusterIPs as the create strategy sets them.
 */
function checkClusterIPs(r: Report, spec: Obj, type: string): string[] {
  const clusterIP = strAt(r, spec, 'clusterIP', 'spec') ?? '';
  const listed = listAt(r, spec, 'clusterIPs', 'spec');
  const written = listed.filter((x, i): x is string => {
    if (typeof x !== 'string') r.add('object.field-type', index('spec.clusterIPs', i), `${v(x)} must be a string`);
    return typeof x === 'string';
  });
  // NormalizeClusterIPs: on create, a `clusterIP` alone fills `clusterIPs`.
  const clusterIPs = clusterIP && written.length === 0 ? [clusterIP] : written;
  const families = listAt(r, spec, 'ipFamilies', 'spec');
  const policy = strAt(r, spec, 'ipFamilyPolicy', 'spec');
  if (type === 'ExternalName') return clusterIPs; // checked by checkExternalName
  if (clusterIP && clusterIPs[0] !== clusterIP) {
    r.add('service.cluster-ip', 'spec.clusterIPs', `${v(clusterIPs)}: the first value must match clusterIP ${v(clusterIP)}`);
  } else if (!clusterIP && clusterIPs.length > 0) {
    r.add('service.cluster-ip', 'spec.clusterIPs', `${v(clusterIPs)} must be empty when clusterIP is not set (set both, or clusterIP alone)`);
  }
  if (clusterIPs[0] === 'None' && (type === 'NodePort' || type === 'LoadBalancer')) {
    r.add('service.cluster-ip', 'spec.clusterIPs[0]', `"None" (headless) may not be used with type ${type}; a headless Service has type ClusterIP`);
  }
  const seen = new Set<string>();
  families.forEach((f, i) => {
    if (typeof f !== 'string' || !IP_FAMILIES.includes(f)) r.add('service.cluster-ip', index('spec.ipFamilies', i), `${v(f)} must be IPv4 or IPv6`);
    else if (seen.has(f)) r.add('service.cluster-ip', index('spec.ipFamilies', i), `${v(f)} is listed twice`);
    if (typeof f === 'string') seen.add(f);
  });
  if (policy !== undefined && !IP_FAMILY_POLICIES.includes(policy)) {
    r.add('service.cluster-ip', 'spec.ipFamilyPolicy', `${v(policy)} must be one of ${IP_FAMILY_POLICIES.join(', ')}`);
  }
  let invalid = false;
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (clusterIPs.length > 1) {
        invalid = true;
        r.add('service.cluster-ip', 'spec.clusterIPs', `${v(clusterIPs)}: "None" must be the first and only value`);
      }
      return;
    }
    if (!isIPAddress(ip)) {
      invalid = true;
      r.add('service.cluster-ip', index('spec.clusterIPs', i), `${v(ip)} must be a valid IP address (or "None" for a headless Service)`);
    }
  });
  if (clusterIPs.length > 2) r.add('service.cluster-ip', 'spec.clusterIPs', `${v(clusterIPs)}: at most 2 values (one per IP family)`);
  if (!invalid && clusterIPs.length === 2 && isIPv6(clusterIPs[0]) === isIPv6(clusterIPs[1])) {
    r.add('service.cluster-ip', 'spec.clusterIPs', `${v(clusterIPs)}: at most one IP of each family`);
  }
  if (!invalid && clusterIPs[0] !== 'None') {
    clusterIPs.forEach((ip, i) => {
      const family = families[i];
      if ((family === 'IPv4' && isIPv6(ip)) || (family === 'IPv6' && !isIPv6(ip))) {
        r.add('service.cluster-ip', index('spec.clusterIPs', i), `${v(ip)} is not an ${family} address, as ipFamilies[${i}] says`);
      }
    });
  }
  return clusterIPs;
}

/** ValidateService, case ExternalName: a DNS-1123 subdomain (a trailing '.' allowed), and no cluster IPs or IP families. */
function checkExternalName(r: Report, spec: Obj, clusterIPs: string[]): void {
  const externalName = strAt(r, spec, 'externalName', 'spec') ?? '';
  const cname = externalName.endsWith('.') ? externalName.slice(0, -1) : externalName;
  if (!cname) r.add('service.type', 'spec.externalName', 'an ExternalName Service needs `externalName` (a DNS name)');
  else if (!isDns1123Subdomain(cname)) r.add('service.type', 'spec.externalName', `${v(externalName)} must be a DNS-1123 subdomain (e.g. \`db.example.com\`)`);
  if (clusterIPs.length > 0) r.add('service.type', 'spec.clusterIPs', 'clusterIP and clusterIPs may not be set for an ExternalName Service');
  if (listAt(r, spec, 'ipFamilies', 'spec').length > 0) r.add('service.type', 'spec.ipFamilies', 'ipFamilies may not be set for an ExternalName Service');
  if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) r.add('service.type', 'spec.ipFamilyPolicy', 'ipFamilyPolicy may not be set for an ExternalName Service');
}

/**
 * ValidateService and validateServicePort: ports are required unless the Service is headless or
 * ExternalName; each has a DNS-1123 label name (required and unique when there are several), a
 * port 1..65535, a protocol TCP, UDP or SCTP, a targetPort 1..65535 or an IANA port name, a
 * qualified appProtocol; no two ports share protocol and port (or protocol and nodePort); a
 * ClusterIP Service has no nodePorts; a LoadBalancer does not expose the kubelet's port.
 */
function checkPorts(r: Report, spec: Obj, type: string, headless: boolean): void {
  const list = listAt(r, spec, 'ports', 'spec');
  if (list.length === 0 && !headless && type !== 'ExternalName') {
    r.add('service.ports', 'spec.ports', 'a Service needs at least one port (unless it is headless, `clusterIP: None`, or ExternalName)');
  }
  const names = new Set<string>();
  const ports = new Set<string>();
  const nodePorts = new Set<string>();
  for (const [p, at] of objectItems(r, list, 'spec.ports')) {
    const name = strAt(r, p, 'name', at) ?? '';
    if (list.length > 1 && name === '') {
      r.add('service.ports', child(at, 'name'), 'each port needs a name when the Service has more than one');
    } else if (name !== '') {
      if (!isDns1123Label(name)) r.add('service.ports', child(at, 'name'), `${v(name)} must be a DNS-1123 label (at most 63 lowercase letters, digits and '-')`);
      if (names.has(name)) r.add('service.ports', child(at, 'name'), `${v(name)} names two ports`);
      names.add(name);
    }
    const port = intAt(r, p, 'port', at, 'int32');
    if (p.port === undefined || p.port === null) {
      r.add('service.ports', child(at, 'port'), 'port is required');
    } else if (port !== undefined && (port < 1 || port > 65535)) {
      r.add('service.ports', child(at, 'port'), `${port} must be between 1 and 65535`);
    }
    const protocol = strAt(r, p, 'protocol', at) || 'TCP'; // SetDefaults_Service
    if (!SERVICE_PROTOCOLS.includes(protocol)) {
      r.add('service.ports', child(at, 'protocol'), `${v(protocol)} must be one of ${SERVICE_PROTOCOLS.join(', ')} (upper case)`);
    }
    checkTargetPort(r, p, at);
    const appProtocol = strAt(r, p, 'appProtocol', at);
    if (appProtocol !== undefined && !isQualifiedName(appProtocol)) {
      r.add('service.ports', child(at, 'appProtocol'), `${v(appProtocol)} must be a qualified name (e.g. \`http\` or \`kubernetes.io/h2c\`)`);
    }
    const nodePort = intAt(r, p, 'nodePort', at, 'int32');
    if (nodePort !== undefined && nodePort !== 0) {
      if (type === 'ClusterIP') r.add('service.ports', child(at, 'nodePort'), 'a ClusterIP Service may not set nodePort (use type NodePort or LoadBalancer)');
      const key = `${protocol}/${nodePort}`;
      if (nodePorts.has(key)) r.add('service.ports', child(at, 'nodePort'), `${protocol} nodePort ${nodePort} is used twice`);
      nodePorts.add(key);
    }
    if (port !== undefined) {
      const key = `${protocol}/${port}`;
      if (ports.has(key)) r.add('service.ports', at, `${protocol} port ${port} is used twice`);
      ports.add(key);
      if (type === 'LoadBalancer' && port === KUBELET_PORT) {
        r.add('service.ports', at, `a LoadBalancer may not expose port ${KUBELET_PORT} externally: the kubelet uses it`);
      }
    }
  }
}

/** ValidatePortNumOrName on targetPort (0 and "" are defaulted to the port first). */
function checkTargetPort(r: Report, p: Obj, at: string): void {
  const target = p.targetPort;
  const path = child(at, 'targetPort');
  if (target === undefined || target === null || target === 0 || target === '') return;
  if (typeof target === 'string') {
    if (!isPortName(target)) {
      const hint = /^\d+$/.test(target) ? ' (a number in quotes is a port name: write it without quotes)' : '';
      r.add('service.ports', path, `${v(target)} must be a port number or an IANA port name (at most 15 lowercase letters, digits and '-', with a letter)${hint}`);
    }
    return;
  }
  if (typeof target === 'number' || typeof target === 'bigint') {
    const n = intAt(r, p, 'targetPort', at, 'int32');
    if (n !== undefined && (n < 1 || n > 65535)) r.add('service.ports', path, `${n} must be between 1 and 65535`);
    return;
  }
  r.add('object.field-type', path, `${v(target)} must be a port number or a port name`);
}

/** ValidateService and validateClientIPAffinityConfig: None or ClientIP, a timeout of 1 to 86400 seconds, no config with None. */
function checkSessionAffinity(r: Report, spec: Obj): void {
  const affinity = strAt(r, spec, 'sessionAffinity', 'spec') || 'None'; // SetDefaults_Service
  const config = objAt(r, spec, 'sessionAffinityConfig', 'spec');
  if (!SESSION_AFFINITIES.includes(affinity)) {
    r.add('service.session-affinity', 'spec.sessionAffinity', `${v(affinity)} must be ClientIP or None`);
    return;
  }
  if (affinity === 'None') {
    if (config !== undefined) r.add('service.session-affinity', 'spec.sessionAffinityConfig', 'must not be set when sessionAffinity is None');
    return;
  }
  const clientIP = objAt(r, config, 'clientIP', 'spec.sessionAffinityConfig');
  const timeout = intAt(r, clientIP, 'timeoutSeconds', 'spec.sessionAffinityConfig.clientIP', 'int32');
  if (timeout !== undefined && (timeout <= 0 || timeout > MAX_CLIENT_IP_AFFINITY_SECONDS)) {
    r.add('service.session-affinity', 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', `${timeout} must be greater than 0 and at most ${MAX_CLIENT_IP_AFFINITY_SECONDS}`);
  }
}

/** ValidateService: externalIPs are IP addresses, not unspecified, loopback or link-local (ValidateNonSpecialIP). */
function checkExternalIPs(r: Report, spec: Obj): void {
  listAt(r, spec, 'externalIPs', 'spec').forEach((ip, i) => {
    const at = index('spec.externalIPs', i);
    if (typeof ip !== 'string') {
      r.add('object.field-type', at, `${v(ip)} must be a string`);
      return;
    }
    if (!isIPAddress(ip)) {
      r.add('service.external-ips', at, `${v(ip)} must be a valid IP address`);
      return;
    }
    const special = specialRange(ip);
    if (special) r.add('service.external-ips', at, `${v(ip)} may not be ${special}`);
  });
}

/**
 * validateServiceExternalTrafficPolicy and validateServiceInternalTrafficFieldsValue:
 * externalTrafficPolicy (Cluster or Local) only for NodePort and LoadBalancer;
 * healthCheckNodePort only for a LoadBalancer with externalTrafficPolicy Local;
 * internalTrafficPolicy Cluster or Local.
 */
function checkTrafficPolicies(r: Report, spec: Obj, type: string): void {
  const external = strAt(r, spec, 'externalTrafficPolicy', 'spec');
  const needsExternal = type === 'NodePort' || type === 'LoadBalancer';
  if (external) {
    if (!needsExternal) r.add('service.traffic-policy', 'spec.externalTrafficPolicy', 'may only be set when type is NodePort or LoadBalancer');
    else if (!TRAFFIC_POLICIES.includes(external)) r.add('service.traffic-policy', 'spec.externalTrafficPolicy', `${v(external)} must be Cluster or Local`);
  }
  const healthCheckNodePort = intAt(r, spec, 'healthCheckNodePort', 'spec', 'int32');
  const needsHealthCheck = type === 'LoadBalancer' && external === 'Local'; // apiservice.NeedsHealthCheck
  if (healthCheckNodePort !== undefined && healthCheckNodePort !== 0) {
    if (!needsHealthCheck) {
      r.add('service.traffic-policy', 'spec.healthCheckNodePort', 'may only be set when type is LoadBalancer and externalTrafficPolicy is Local');
    } else if (healthCheckNodePort < 1 || healthCheckNodePort > 65535) {
      r.add('service.traffic-policy', 'spec.healthCheckNodePort', `${healthCheckNodePort} must be between 1 and 65535`);
    }
  }
  const internal = strAt(r, spec, 'internalTrafficPolicy', 'spec');
  if (internal !== undefined && !TRAFFIC_POLICIES.includes(internal)) {
    r.add('service.traffic-policy', 'spec.internalTrafficPolicy', `${v(internal)} must be Cluster or Local`);
  }
}

/**
 * ValidateService and validateLoadBalancerClassField: loadBalancerClass (a qualified name),
 * allocateLoadBalancerNodePorts and loadBalancerSourceRanges (or their annotation, CIDRs) only for
 * type LoadBalancer.
 */
function checkLoadBalancerFields(r: Report, obj: Obj, spec: Obj, type: string): void {
  const lb = type === 'LoadBalancer';
  const lbClass = strAt(r, spec, 'loadBalancerClass', 'spec');
  if (lbClass !== undefined) {
    if (!lb) r.add('service.load-balancer', 'spec.loadBalancerClass', 'may only be used when type is LoadBalancer');
    else if (!isQualifiedName(lbClass)) r.add('service.load-balancer', 'spec.loadBalancerClass', `${v(lbClass)} must be a qualified name (e.g. \`example.com/internal-vip\`)`);
  }
  if (boolAt(r, spec, 'allocateLoadBalancerNodePorts', 'spec') !== undefined && !lb) {
    r.add('service.load-balancer', 'spec.allocateLoadBalancerNodePorts', 'may only be used when type is LoadBalancer');
  }
  const ranges = listAt(r, spec, 'loadBalancerSourceRanges', 'spec');
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const annotations = isObj(meta.annotations) ? meta.annotations : {};
  const annotation = annotations[SOURCE_RANGES_ANNOTATION];
  if (ranges.length === 0 && annotation === undefined) return;
  const [path, values] = ranges.length > 0
    ? ['spec.loadBalancerSourceRanges', ranges]
    : [child('metadata.annotations', SOURCE_RANGES_ANNOTATION), typeof annotation === 'string' ? annotation.split(',') : [annotation]];
  if (!lb) r.add('service.load-balancer', path, 'may only be used when type is LoadBalancer');
  const bad = values.filter(x => typeof x !== 'string' || !isCidr(x.trim()));
  if (bad.length > 0) r.add('service.load-balancer', path, `${v(bad[0])} is not an IP range: list CIDRs, e.g. 10.240.0.0/24`);
}

// ---- IP helpers ---------------------------------------------------------------------------------

function isIPv6(ip: string): boolean {
  return ip.includes(':');
}

/** `ip/prefix` with a prefix length of the address's family (netutils.ParseCIDRSloppy). */
function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits) || !isIPAddress(ip)) return false;
  return Number(bits) <= (isIPv6(ip) ? 128 : 32);
}

/** The 16 bytes of an IP address (IPv4 as IPv4-mapped IPv6), for a valid address. */
function ipBytes(ip: string): number[] {
  if (!ip.includes(':')) return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, ...ip.split('.').map(Number)];
  const [head, tail = ''] = ip.split('::');
  // Each 16-bit group as two bytes; an IPv4 tail is four bytes.
  const bytes = (part: string): number[] => part === '' ? [] : part.split(':').flatMap(g => {
    if (g.includes('.')) return g.split('.').map(Number);
    const n = parseInt(g, 16);
    return [Math.floor(n / 256), n % 256];
  });
  const h = bytes(head);
  const t = ip.includes('::') ? bytes(tail) : [];
  return [...h, ...new Array(16 - h.length - t.length).fill(0), ...t];
}

/** What ValidateNonSpecialIP refuses: the unspecified address, loopback, link-local multicast and link-local unicast. */
function specialRange(ip: string): string | undefined {
  const b = ipBytes(ip);
  const v4 = b.slice(0, 10).every(x => x === 0) && b[10] === 0xff && b[11] === 0xff;
  if (v4) {
    const [a, c, d, e] = b.slice(12);
    if (a === 0 && c === 0 && d === 0 && e === 0) return 'unspecified (0.0.0.0)';
    if (a === 127) return 'in the loopback range (127.0.0.0/8)';
    if (a === 224 && c === 0 && d === 0) return 'in the link-local multicast range (224.0.0.0/24)';
    if (a === 169 && c === 254) return 'in the link-local range (169.254.0.0/16)';
    return undefined;
  }
  if (b.every(x => x === 0)) return 'unspecified (::)';
  if (b.slice(0, 15).every(x => x === 0) && b[15] === 1) return 'the loopback address (::1)';
  // Go's net.IP: link-local multicast is ff0X:: with scope 2 (any flags); link-local unicast fe80::/10.
  if (b[0] === 0xff && b[1] % 16 === 2) return 'in the link-local multicast range (ff02::/16)';
  if (b[0] === 0xfe && b[1] >= 0x80 && b[1] < 0xc0) return 'in the link-local range (fe80::/10)';
  return undefined;
}
