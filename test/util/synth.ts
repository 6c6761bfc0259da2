/**
 * Test helpers shared by the construct tests: build into a fresh chart, synthesize (which
 * validates against the schema and the API server rules, see test/util/setup.ts), and reach into
 * Job and CronJob manifests.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { buildExamples } from '../../examples/main';
import { Target, target } from '../../src/rules/versions';

/** Synthesizes what `build` adds to a fresh chart and returns its only manifest. */
export function synthOne(build: (chart: Chart) => void): any {
  const chart = Testing.chart();
  build(chart);
  const manifests = Testing.synth(chart);
  expect(manifests).toHaveLength(1);
  return manifests[0];
}

/** A thunk that builds into a fresh chart, for `expect(...).toThrow(...)`. */
export function building(build: (chart: Chart) => void): () => void {
  return () => build(Testing.chart());
}

/** The JobSpec of a Job, or of a CronJob's job template. */
export function jobSpec(manifest: any): any {
  return manifest.kind === 'CronJob' ? manifest.spec.jobTemplate.spec : manifest.spec;
}

/** The pod spec of a Job or CronJob manifest. */
export function podSpec(manifest: any): any {
  return jobSpec(manifest).template.spec;
}

/** The main (first) container of a Job or CronJob manifest. */
export function mainContainer(manifest: any): any {
  return podSpec(manifest).containers[0];
}

/** The examples app's manifests by chart id, synthesized (and validated) once per test file. */
let examples: ReadonlyMap<string, readonly any[]> | undefined;

/**
 * Synthesizes the examples app the way `npm run synth:examples` does: manifests by chart id.
 *
 * The app is built and its charts synthesized with `Testing.synth` (so validated, see
 * test/util/setup.ts) once per test file; every call gets its own deep copy of those manifests, so
 * a test may change them freely. `app` is a new app, built from the examples on each access (a
 * test that synthesizes it twice compares two independent builds).
 */
export function synthExamples(): { app: App; byChart: Map<string, any[]> } {
  if (!examples) {
    const built = Testing.app();
    buildExamples(built);
    examples = new Map(built.charts.map(chart => [chart.node.id, Testing.synth(chart)]));
  }
  const byChart = new Map([...examples].map(([id, manifests]) => [id, structuredClone(manifests) as any[]]));
  return {
    get app(): App {
      const app = Testing.app();
      buildExamples(app);
      return app;
    },
    byChart,
  };
}

/**
 * The target the validation plugin checks an examples chart's manifests for, read from the
 * plugin's properties in cdk8s.yaml (`kubernetesVersion`, `kubernetesVersionByFile` of
 * `<chart>.k8s.yaml`, `featureGates`): the tests check the examples as `cdk8s synth` does.
 */
export function exampleTarget(chartId: string): Target {
  const config = parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk8s.yaml'), 'utf-8'));
  const props = config.validations.find((v: any) => v.class === 'BatchValidationPlugin').properties ?? {};
  const byFile: { [file: string]: string } = props.kubernetesVersionByFile ?? {};
  const version = byFile[`${chartId}.k8s.yaml`] ?? props.kubernetesVersion ?? '1.28';
  return target(version, props.featureGates ?? []);
}
