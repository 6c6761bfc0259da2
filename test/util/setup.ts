/**
 * Jest setup (every test file): every manifest a test synthesizes with `Testing.synth` is
 * validated strictly against the upstream Kubernetes 1.28 schema. A test that synthesizes an
 * invalid manifest fails, whatever it asserts.
 */
import { Testing } from 'cdk8s';
import { expectValidManifests } from './schema';

const originalSynth = Testing.synth.bind(Testing);

Testing.synth = (chart) => {
  const manifests = originalSynth(chart);
  expectValidManifests(manifests);
  return manifests;
};
