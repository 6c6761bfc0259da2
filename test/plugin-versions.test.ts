import * as fs from 'fs';
import * as path from 'path';
import { BatchValidationPlugin, BatchValidationPluginProps } from '../src';

const REPO = path.join(__dirname, '..');
// cdk8s-cli's own context and report (its package exports do not list the file, so by path).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ValidationContext } = require(path.join(REPO, 'node_modules', 'cdk8s-cli', 'lib', 'plugins', 'validation.js'));
const TMP_ROOT = path.join(REPO, '.cdk8s-batch-tmp');

/** An Indexed Job that succeeds with its leader: `spec.successPolicy` exists from 1.30, on by default from 1.31. */
const LEADER_JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: leader
spec:
  backoffLimit: 3
  activeDeadlineSeconds: 60
  ttlSecondsAfterFinished: 60
  completionMode: Indexed
  completions: 2
  parallelism: 2
  successPolicy:
    rules:
      - succeededIndexes: "0"
  template:
    spec:
      restartPolicy: Never
      automountServiceAccountToken: false
      securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: RuntimeDefault } }
      containers:
        - name: main
          image: perl:5.34
          resources: { requests: { cpu: 100m, memory: 64Mi }, limits: { memory: 64Mi } }
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
`;

let dir: string;
beforeEach(() => {
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  dir = fs.mkdtempSync(path.join(TMP_ROOT, 'plugin-versions-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function validate(files: { [name: string]: string }, props?: BatchValidationPluginProps) {
  const paths = Object.entries(files).map(([name, content]) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  });
  const context = new ValidationContext(paths, 'cdk8s-batch', '0.0.0', {});
  await new BatchValidationPlugin(props).validate(context as any);
  return { json: context.report.toJson(), text: context.report.toString(), success: context.report.success };
}

describe('BatchValidationPlugin: the target Kubernetes version', () => {
  test('by default the manifests are checked for 1.28: a field of the 1.30 API fails the synth', async () => {
    const r = await validate({ 'train.k8s.yaml': LEADER_JOB });
    expect(r.success).toBe(false);
    expect(r.text).toMatch(/spec\.successPolicy/);
  });

  test('kubernetesVersion: the same manifest passes for 1.33, and the summary names the version', async () => {
    const r = await validate({ 'train.k8s.yaml': LEADER_JOB }, { kubernetesVersion: '1.33' });
    expect(r.text).not.toMatch(/successPolicy/);
    expect(r.success).toBe(true);
    expect(JSON.stringify(r.json)).toMatch(/"Kubernetes version":"1\.33"/);
  });

  test('featureGates: an alpha gate the cluster turned on silences the dropped-field warning', async () => {
    const alpha = await validate({ 'train.k8s.yaml': LEADER_JOB }, { kubernetesVersion: '1.30' });
    expect(alpha.text).toMatch(/practice\.alpha-field/);
    const gated = await validate({ 'train.k8s.yaml': LEADER_JOB }, { kubernetesVersion: '1.30', featureGates: ['JobSuccessPolicy'] });
    expect(gated.text).not.toMatch(/practice\.alpha-field/);
    expect(gated.success).toBe(true);
  });

  test('kubernetesVersionByFile: each chart file is checked for its own version', async () => {
    const files = { 'legacy.k8s.yaml': LEADER_JOB.replace('name: leader', 'name: legacy'), 'recent-133.k8s.yaml': LEADER_JOB };
    const r = await validate(files, { kubernetesVersionByFile: { 'recent-*.k8s.yaml': '1.33' } });
    expect(r.success).toBe(false);
    // Only the file left at the default 1.28 is refused.
    expect(r.text).toMatch(/legacy\.k8s\.yaml/);
    expect(r.text).not.toMatch(/recent-133\.k8s\.yaml/);
    const both = await validate(files, { kubernetesVersionByFile: { 'recent-*.k8s.yaml': '1.33', 'legacy.k8s.yaml': '1.31' } });
    expect(both.success).toBe(true);
    expect(JSON.stringify(both.json)).toMatch(/"Kubernetes version":"1\.28, 1\.31, 1\.33"/);
  });

  test.each<[string, BatchValidationPluginProps, RegExp]>([
    ['an unknown version', { kubernetesVersion: '1.27' }, /'kubernetesVersion' must be a Kubernetes version from 1\.28 to 1\.36 as a string \(e\.g\. '1\.33'\), not "1\.27"/],
    ['a number for a version', { kubernetesVersion: 1.3 as unknown as string }, /'kubernetesVersion' must be a Kubernetes version .* not 1\.3/],
    ['an unknown gate', { featureGates: ['JobSucessPolicy'] }, /'featureGates' has an unknown feature gate "JobSucessPolicy" \(known: .*JobSuccessPolicy/],
    ['a gate the version does not have', { kubernetesVersion: '1.29', featureGates: ['JobSuccessPolicy'] }, /'featureGates' has JobSuccessPolicy, which does not exist in Kubernetes 1\.29/],
    ['a list for the map', { kubernetesVersionByFile: ['a'] as unknown as { [f: string]: string } }, /'kubernetesVersionByFile' must be a map of file names to versions/],
    ['a bad version in the map', { kubernetesVersionByFile: { 'a.k8s.yaml': 'v2' } }, /'kubernetesVersionByFile\["a\.k8s\.yaml"\]' must be a Kubernetes version/],
  ])('%s in the properties fails the synth with a message naming it', async (_, props, message) => {
    const r = await validate({ 'train.k8s.yaml': LEADER_JOB }, props);
    expect(r.success).toBe(false);
    expect(r.text).toMatch(message);
  });
});
