/**
 * `kubectl kustomize` as a real consumer of the synthesized examples: Flux's kustomize-controller
 * and Argo CD build a folder of manifests with kustomize, so every file `npm run synth:examples`
 * writes to dist/manifests must load there, and come out object for object as it went in (same
 * kinds, names, specs; no object lost, merged or duplicated).
 *
 * The examples app is synthesized here into a temporary folder, as `cdk8s synth` writes
 * dist/manifests (the same app and file names; the construct metadata is not written, see
 * docs/gitops.md), next to a kustomization.yaml that lists every file.
 *
 * Needs `kubectl` (its built-in kustomize) or a standalone `kustomize` on the PATH, or the
 * KUBECTL / KUSTOMIZE environment variable naming one. `.ci/run` installs Debian's
 * kubernetes-client when there is no kubectl; without either tool the test is skipped, with the
 * reason printed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { buildExamples } from '../examples/main';

const REPO = path.join(__dirname, '..');
const TMP_ROOT = path.join(REPO, '.cdk8s-batch-tmp');

interface Kustomize {
  /** How the tool is named in messages. */
  readonly label: string;
  /** The command and its arguments before the kustomization folder. */
  readonly command: string;
  readonly args: string[];
}

/** The first kustomize that runs here, or why there is none. */
function findKustomize(): Kustomize | string {
  const candidates: Kustomize[] = [];
  if (process.env.KUSTOMIZE) candidates.push({ label: process.env.KUSTOMIZE, command: process.env.KUSTOMIZE, args: ['build'] });
  candidates.push({ label: `${process.env.KUBECTL ?? 'kubectl'} kustomize`, command: process.env.KUBECTL ?? 'kubectl', args: ['kustomize'] });
  if (!process.env.KUBECTL) candidates.push({ label: 'kustomize', command: 'kustomize', args: ['build'] });
  const tried: string[] = [];
  for (const candidate of candidates) {
    const probe = spawnSync(candidate.command, [...candidate.args, '--help'], { encoding: 'utf-8', timeout: 30_000 });
    if (probe.status === 0) return candidate;
    tried.push(`${candidate.label}: ${probe.error ? (probe.error as NodeJS.ErrnoException).code : `exit ${probe.status}`}`);
  }
  return `no kubectl or kustomize found (${tried.join('; ')}); install kubectl (Debian: apt-get install kubernetes-client) to run it`;
}

const KUSTOMIZE = findKustomize();
const withKustomize = typeof KUSTOMIZE === 'string' ? test.skip : test;
if (typeof KUSTOMIZE === 'string') {
  // eslint-disable-next-line no-console
  console.warn(`test/kustomize.test.ts skipped: ${KUSTOMIZE}`);
}

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; [key: string]: unknown };

/** Every document of a YAML stream, as JavaScript values (documents that are empty are left out). */
function documents(text: string, source: string): K8sObject[] {
  return parseAllDocuments(text).flatMap(doc => {
    if (doc.errors.length) throw new Error(`${source}: ${doc.errors[0].message}`);
    const value = doc.toJS();
    return value == null ? [] : [value];
  });
}

const keyOf = (o: K8sObject) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? '(no namespace)'}/${o.metadata.name}`;

let dir: string;
beforeEach(() => {
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  dir = fs.mkdtempSync(path.join(TMP_ROOT, 'kustomize-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('kubectl kustomize over the synthesized examples', () => {
  withKustomize('builds every manifest file, object for object as synthesized', () => {
    const tool = KUSTOMIZE as Kustomize;
    // GIVEN the examples app synthesized to manifests/ (one file per chart, as in dist/manifests)
    const manifests = path.join(dir, 'manifests');
    const app = new App({ outdir: manifests });
    buildExamples(app);
    app.synth();
    const files = fs.readdirSync(manifests).sort();
    expect(files.length).toBeGreaterThan(3);
    expect(files.filter(f => !f.endsWith('.k8s.yaml'))).toEqual([]);
    const input = files.flatMap(f => documents(fs.readFileSync(path.join(manifests, f), 'utf-8'), f));
    // AND a kustomization.yaml that lists every file, as one would commit next to them
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources:',
      ...files.map(f => `  - manifests/${f}`),
      '',
    ].join('\n'));

    // WHEN kustomize builds the folder
    const result = spawnSync(tool.command, [...tool.args, dir], { encoding: 'utf-8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });

    // THEN it succeeds
    if (result.status !== 0) throw new Error(`${tool.label} ${dir} failed (${result.status ?? result.error}): ${result.stderr}`);
    const output = documents(result.stdout, `${tool.label} output`);
    // AND every object comes out once, with the same apiVersion, kind, namespace and name
    const inputKeys = input.map(keyOf).sort();
    expect(new Set(inputKeys).size).toBe(inputKeys.length);
    expect(output.map(keyOf).sort()).toEqual(inputKeys);
    expect(input.map(o => o.kind)).toEqual(expect.arrayContaining(['Job', 'CronJob']));
    // AND the same object: metadata (labels, annotations), spec and everything else
    const built = new Map(output.map(o => [keyOf(o), o]));
    for (const object of input) {
      expect({ object: keyOf(object), built: built.get(keyOf(object)) }).toEqual({ object: keyOf(object), built: object });
    }
  }, 180_000);
});
