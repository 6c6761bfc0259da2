import { Testing } from 'cdk8s';
import { TrainingJob } from '../src';
test('smoke', () => {
  const chart = Testing.chart();
  new TrainingJob(chart, 'pi', { image: 'perl:5.34' });
  expect(Testing.synth(chart)[0].kind).toBe('Job');
});
