import { Yaml } from 'cdk8s';
import { synthExamples } from './util/synth';

/**
 * The YAML of every examples chart, byte for byte. The charts written for Kubernetes 1.28 (the
 * default target) must not change when the library learns newer versions: a change here is a
 * change of what users' 1.28 apps synthesize, and must be deliberate (`npx projen test:update`
 * rewrites the snapshots; CI never does).
 */
describe('examples output', () => {
  const { byChart } = synthExamples();
  test.each([...byChart.keys()].sort())('%s', id => {
    expect(Yaml.stringify(...byChart.get(id)!)).toMatchSnapshot();
  });
});
