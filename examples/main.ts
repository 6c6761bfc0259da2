/**
 * The examples app: one chart per scenario. `npm run synth:examples` writes one YAML file per
 * chart under dist/manifests/.
 */
import { App } from 'cdk8s';
import { cronCharts } from './cron';
import { distributedCharts } from './distributed';
import { gitopsCharts } from './gitops';
import { gpuCharts } from './gpu';
import { kubernetesVersionCharts } from './kubernetes-versions';
import { parallelCharts } from './parallel';
import { trainingCharts } from './training';

/** Builds every example chart into `app`. */
export function buildExamples(app: App): void {
  trainingCharts(app);
  parallelCharts(app);
  gpuCharts(app);
  cronCharts(app);
  distributedCharts(app);
  gitopsCharts(app);
  kubernetesVersionCharts(app);
}

if (require.main === module) {
  const app = new App();
  buildExamples(app);
  app.synth();
}
