/**
 * Jest setup (every test file): every manifest a test synthesizes with `Testing.synth` is
 * validated strictly against the upstream Kubernetes 1.28 schema AND against the manifest rules
 * of the 1.28 API server (src/rules, errors only). A test that synthesizes a manifest the API
 * server would refuse fails, whatever it asserts.
 */
import { Testing } from 'cdk8s';
import { expectValidManifests } from './schema';
import { checkManifest } from '../../src/rules';

const originalSynth = Testing.synth.bind(Testing);

Testing.synth = (chart) => {
  const manifests = originalSynth(chart);
  expectValidManifests(manifests);
  const errors = manifests.flatMap(m => checkManifest(m, { noWarnings: true }).findings)
    .map(f => `${f.object}: ${f.ruleId} at ${f.path}: ${f.message}`);
  if (errors.length) {
    throw new Error(`manifests break the Kubernetes 1.28 API server's rules:\n${errors.join('\n')}`);
  }
  return manifests;
};
