/**
 * Jest setup (every test file): every manifest a test synthesizes with `Testing.synth` is
 * validated strictly against the upstream Kubernetes schema of its target version AND against the
 * manifest rules of that version's API server (src/rules, errors only). A test that synthesizes a
 * manifest the API server would refuse fails, whatever it asserts.
 *
 * The target of an object is the one the construct that rendered it resolved (`target` of the
 * final gate's `GatedApiObject`); objects that cdk8s-batch did not render are checked for 1.28.
 */
import { ApiObject, Chart, Testing } from 'cdk8s';
import { expectValidManifests } from './schema';
import { checkManifest } from '../../src/rules';
import { DEFAULT_TARGET, Target } from '../../src/rules/versions';

const originalSynth = Testing.synth.bind(Testing);

/** `<apiVersion>/<kind>/<namespace>/<name>` of a manifest or an ApiObject. */
function key(apiVersion: unknown, kind: unknown, namespace: unknown, name: unknown): string {
  return `${apiVersion}/${kind}/${namespace ?? ''}/${name}`;
}

/** The target of every object of the chart that carries one. */
function targets(chart: Chart): Map<string, Target> {
  const out = new Map<string, Target>();
  for (const c of chart.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    const t = (c as unknown as { target?: Target }).target;
    if (t && typeof t.minor === 'number') out.set(key(c.apiVersion, c.kind, c.metadata.namespace, c.name), t);
  }
  return out;
}

Testing.synth = (chart) => {
  const manifests = originalSynth(chart);
  const byObject = targets(chart);
  const byVersion = new Map<number, any[]>();
  const errors: string[] = [];
  for (const m of manifests) {
    const t = byObject.get(key(m?.apiVersion, m?.kind, m?.metadata?.namespace, m?.metadata?.name)) ?? DEFAULT_TARGET;
    const group = byVersion.get(t.minor);
    if (group) group.push(m);
    else byVersion.set(t.minor, [m]);
    errors.push(...checkManifest(m, { noWarnings: true, target: t }).findings
      .map(f => `${f.object} (Kubernetes 1.${t.minor}): ${f.ruleId} at ${f.path}: ${f.message}`));
  }
  for (const [minor, group] of [...byVersion].sort(([a], [b]) => a - b)) expectValidManifests(group, `1.${minor}`);
  if (errors.length) {
    throw new Error(`manifests break their target API server's rules:\n${errors.join('\n')}`);
  }
  return manifests;
};
