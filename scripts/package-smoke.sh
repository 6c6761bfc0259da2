#!/usr/bin/env bash
# Install-from-tarball smoke run: packs cdk8s-batch the way `npm publish` would, installs the
# tarball into a fresh cdk8s app outside the repository, and uses it the way the README tells a
# platform engineer to:
#   - a TypeScript app with all four constructs, synthesized by `cdk8s synth` with the validation
#     plugin listed exactly as README.md's "Validation" section shows (copied from the README);
#   - the app type-checks against the published .d.ts (skipLibCheck off);
#   - a bad prop fails the synth with the README's message, word for word;
#   - a patched-in error fails the synth through the plugin, naming the rule;
#   - `npx cdk8s-batch validate [--json]` and `npx cdk8s-batch rules`, with their exit codes;
#   - a NightlyCronJob synthesized by `cdk8s synth` is the CronJob the README describes;
#   - plain JavaScript: `require('cdk8s-batch')`, and the packaged examples/plain-javascript.js run
#     with `node` and with `cdk8s synth` (plugin on), a misspelled prop failing with "did you mean".
# Needs the npm registry (it installs cdk8s, cdk8s-plus-28, constructs, cdk8s-cli, typescript and
# ts-node); no cluster, nothing else from the network. Takes about a minute with a warm npm
# cache.
#
#   scripts/package-smoke.sh           # compile, pack, install, check; the temp dir is removed
#   KEEP=1 scripts/package-smoke.sh    # keep the temp dir (its path is printed) to look around
#   NO_COMPILE=1 ...                   # pack lib/ as it is (e.g. right after `npm test`)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-batch-smoke.XXXXXX")
cleanup() { if [ "${KEEP:-}" = 1 ]; then echo "kept: $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'package-smoke: FAILED: %s\n' "$*" >&2; exit 1; }
# Runs a command, capturing its output in $OUT and its exit code in $RC (never exits on failure).
run() { set +e; OUT=$("$@" 2>&1); RC=$?; set -e; }
expect_rc() { [ "$RC" = "$1" ] || { printf '%s\n' "$OUT" >&2; fail "$2: exit code $RC, expected $1"; }; }
expect_out() { grep -qF -- "$1" <<<"$OUT" || { printf '%s\n' "$OUT" >&2; fail "$2: output lacks: $1"; }; }

# ------------------------------------------------------------------------------------------------
step "pack"
if [ "${NO_COMPILE:-}" != 1 ]; then npx projen compile >/dev/null; fi
mkdir -p "$WORK/pkg"
TARBALL="$WORK/pkg/$(npm pack --ignore-scripts --pack-destination "$WORK/pkg" --json 2>/dev/null | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf-8"))[0].filename)')"
[ -f "$TARBALL" ] || fail "npm pack wrote no tarball"
tar tzf "$TARBALL" | sed 's|^package/||' >"$WORK/pkg/files.txt"
for f in package.json README.md API.md CHANGELOG.md LICENSE .jsii bin/cdk8s-batch.js lib/index.js lib/index.d.ts lib/plugin.js lib/cli/main.js node_modules/yaml/package.json examples/main.ts examples/plain-javascript.js docs/gitops.md; do
  grep -qxF "$f" "$WORK/pkg/files.txt" || fail "the tarball lacks $f"
done
if grep -E '^(test|bench|scripts|\.ci|\.cdk8s-batch-tmp|coverage|dist)/|^examples/tsconfig(\.build)?\.json$' "$WORK/pkg/files.txt"; then
  fail "the tarball has files that are not for users (above)"
fi
echo "$(basename "$TARBALL"): $(wc -l <"$WORK/pkg/files.txt") files"

# ------------------------------------------------------------------------------------------------
step "a fresh cdk8s app: npm install the tarball"
APP="$WORK/app"
mkdir -p "$APP"
cd "$APP"
npm init -y >/dev/null
# typescript 5: ts-node 10 does not run on TypeScript 7 (`cdk8s init typescript-app` pins 5.9.x).
npm install --no-audit --no-fund --loglevel=error \
  "$TARBALL" 'cdk8s@^2.70' 'cdk8s-plus-28@^2.5' 'constructs@^10.3' 'cdk8s-cli@^2.207' 'typescript@~5.9' 'ts-node@^10.9' >/dev/null
node -e 'for (const p of ["cdk8s", "cdk8s-plus-28", "constructs", "cdk8s-cli", "typescript"]) console.log(`${p}@${require(`${p}/package.json`).version}`)' | paste -sd' ' -

# What `cdk8s init typescript-app` writes, in short.
cat >tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "target": "ES2020",
    "module": "commonjs",
    "lib": ["es2020"],
    "strict": true,
    "esModuleInterop": true,
    "skipLibCheck": false,
    "noEmit": true
  },
  "include": ["*.ts"]
}
EOF

# The plugin entry, copied from README.md's "Validation" section (the yaml block that lists it).
PLUGIN_YAML=$(node -e '
  const readme = require("fs").readFileSync(process.argv[1], "utf-8");
  const blocks = [...readme.matchAll(/^( *)```yaml\n([\s\S]*?)^\1```/gm)];
  const block = blocks.find(b => b[2].includes("BatchValidationPlugin") && b[2].includes("validations:"));
  if (!block) { console.error("README.md has no yaml block with the plugin"); process.exit(1); }
  process.stdout.write(block[2].split("\n").map(l => l.slice(block[1].length)).join("\n"));
' "$REPO/README.md")
grep -qF 'package: ./node_modules/cdk8s-batch' <<<"$PLUGIN_YAML" || fail "README's plugin entry does not use ./node_modules/cdk8s-batch"
printf 'language: typescript\napp: npx ts-node main.ts\n%s\n' "$PLUGIN_YAML" >cdk8s.yaml
cat cdk8s.yaml

# All four constructs, as the README's use cases show them.
cat >main.ts <<'EOF'
import { App, Chart, Duration } from 'cdk8s';
import { ImagePullPolicy, RestartPolicy } from 'cdk8s-plus-28';
import { Gpu, GpuJob, NightlyCronJob, ParallelShardJob, Schedule, ShardMode, TrainingJob } from 'cdk8s-batch';

const app = new App();

const pi = new Chart(app, 'pi');
new TrainingJob(pi, 'pi', {
  name: 'pi',
  image: 'perl:5.34',
  command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'],
  // BAD_PROP
});

const chart = new Chart(app, 'platform');
new TrainingJob(chart, 'train-model-job', {
  name: 'train-model-job',
  image: 'python:3.10',
  command: ['python', 'train.py'],
  backoffLimit: 4,
  failFastExitCodes: [2],
});
new TrainingJob(chart, 'ds-job', { name: 'ds-job', image: 'ds-job:0.1.0', imagePullPolicy: ImagePullPolicy.NEVER });
new TrainingJob(chart, 'job-4', {
  image: 'alpine:3.19',
  command: ['/bin/sh', '-c'],
  args: ["echo 'Consuming data'; sleep 1; exit 1"],
  backoffLimit: 5,
  activeDeadline: Duration.seconds(20),
  restartPolicy: RestartPolicy.ON_FAILURE,
});
new ParallelShardJob(chart, 'infer', {
  image: 'python:3.12-slim',
  command: ['python', 'infer.py', '--shard', '$(SHARD_INDEX)', '--num-shards', '$(SHARD_COUNT)'],
  shards: 100,
});
new ParallelShardJob(chart, 'job-2', {
  image: 'alpine:3.19',
  command: ['/bin/sh', '-c', "echo 'consuming a message'; sleep 5"],
  mode: ShardMode.COMPLETIONS,
  completions: 5,
  parallelism: 1,
});
new ParallelShardJob(chart, 'job-3', {
  image: 'alpine:3.19',
  command: ['/bin/sh', '-c', "echo 'consuming a message'"],
  mode: ShardMode.WORK_QUEUE,
  parallelism: 5,
});
new NightlyCronJob(chart, 'nightly-training', { name: 'nightly-training', image: 'python:3.10', command: ['python', 'train.py'] });
new NightlyCronJob(chart, 'nightly-etl', {
  schedule: Schedule.nightly(1, 30),
  image: 'ghcr.io/acme/etl:2.3.1',
  command: ['python', 'etl.py', '--shard', '$(SHARD_INDEX)', '--of', '$(SHARD_COUNT)'],
  sharding: { shards: 8, parallelism: 4 },
});
new NightlyCronJob(chart, 'hourly-report', {
  schedule: Schedule.hourly(15),
  timeZone: 'America/New_York',
  image: 'python:3.12-slim',
  command: ['python', '-m', 'reports.hourly'],
});
new GpuJob(chart, 'train', {
  image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime',
  command: ['python', 'train.py'],
  gpu: Gpu.nvidia(1),
});
new GpuJob(chart, 'ddp', {
  image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime',
  command: ['torchrun', '--standalone', '--nproc_per_node=8', 'train.py'],
  gpu: Gpu.nvidia(8, { product: 'NVIDIA-A100-SXM4-80GB' }),
});
// PATCH

app.synth();
EOF

# ------------------------------------------------------------------------------------------------
step "the app type-checks against the published types"
run npx tsc -p tsconfig.json
expect_rc 0 "tsc"

step "cdk8s synth (with the validation plugin)"
run npx cdk8s synth --no-check-upgrade
expect_rc 0 "cdk8s synth"
expect_out "Validation Report" "cdk8s synth"
expect_out "cdk8s-batch" "cdk8s synth"
grep -E 'Status|Jobs and CronJobs checked|errors' <<<"$OUT"
grep -E '║ Status +│ success' <<<"$OUT" >/dev/null || { printf '%s\n' "$OUT" >&2; fail "the plugin report is not a success"; }
grep -E '║ Jobs and CronJobs checked +│ 12 ' <<<"$OUT" >/dev/null || { printf '%s\n' "$OUT" >&2; fail "the plugin did not check the 12 Jobs and CronJobs"; }
[ -f dist/pi.k8s.yaml ] && [ -f dist/platform.k8s.yaml ] || fail "cdk8s synth wrote no dist/pi.k8s.yaml and dist/platform.k8s.yaml"
[ "$(grep -cE '^kind: (Job|CronJob)$' dist/platform.k8s.yaml)" = 11 ] || fail "dist/platform.k8s.yaml does not hold 11 Jobs and CronJobs"
grep -q '^  backoffLimit: 3$' dist/pi.k8s.yaml || fail "dist/pi.k8s.yaml lacks the default backoffLimit: 3"
echo "dist/: $(ls dist | paste -sd' ' -)"

step "the NightlyCronJob as cdk8s synth wrote it"
node -e '
  const assert = require("assert");
  const { Yaml } = require("cdk8s");
  const cron = Yaml.load("dist/platform.k8s.yaml").find(o => o.kind === "CronJob" && o.metadata.name === "nightly-training");
  assert.ok(cron, "dist/platform.k8s.yaml has the CronJob nightly-training");
  assert.strictEqual(cron.apiVersion, "batch/v1");
  assert.strictEqual(cron.spec.schedule, "0 2 * * *");
  assert.strictEqual(cron.spec.timeZone, "UTC");
  assert.strictEqual(cron.spec.concurrencyPolicy, "Forbid");
  const job = cron.spec.jobTemplate.spec;
  assert.ok(job.activeDeadlineSeconds > 0 && job.activeDeadlineSeconds <= 24 * 3600, "the deadline ends a run by the time the next one is due");
  assert.deepStrictEqual(job.template.spec.containers[0].command, ["python", "train.py"]);
  console.log(`CronJob nightly-training: "${cron.spec.schedule}" ${cron.spec.timeZone}, ${cron.spec.concurrencyPolicy}, deadline ${job.activeDeadlineSeconds}s`);
' || fail "the NightlyCronJob's CronJob"

step "a bad prop fails the synth with the README's message"
EXPECTED=$(grep -m1 "^TrainingJob 'pi/pi': 'activeDeadline' (500 milliseconds)" "$REPO/README.md") || fail "README.md has no example message"
sed 's|// BAD_PROP|activeDeadline: Duration.millis(500),|' main.ts >bad-prop.ts
run npx cdk8s synth --no-check-upgrade --app 'npx ts-node bad-prop.ts' --output dist-bad
[ "$RC" != 0 ] || fail "a bad prop did not fail the synth"
expect_out "BatchValidationError: $EXPECTED" "bad prop"
echo "$EXPECTED"

step "the final gate fails the synth on a patched-in error, naming the construct and the field"
sed "s|// PATCH|import { ApiObject, JsonPatch } from 'cdk8s';\nconst fit = new TrainingJob(chart, 'fit', { image: 'python:3.12' });\nApiObject.of(fit).addJsonPatch(JsonPatch.replace('/spec/template/spec/restartPolicy', 'Always'));|" main.ts >bad-patch.ts
run npx cdk8s synth --no-check-upgrade --app 'npx ts-node bad-patch.ts' --output dist-patch
[ "$RC" != 0 ] || fail "the final gate did not fail the synth"
expect_out "BatchValidationError: TrainingJob 'platform/fit': 'spec.template.spec.restartPolicy' (\"Always\") must be accepted by the Kubernetes 1.28 API server" "gate"
expect_out "job.restart-policy" "gate"
echo "exit $RC: BatchValidationError ... job.restart-policy"

step "the plugin fails the synth on a Job that cdk8s-batch did not write"
sed "s|// PATCH|import { ApiObject } from 'cdk8s';\nnew ApiObject(chart, 'plain', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'plain' }, spec: { template: { spec: { restartPolicy: 'Always', containers: [{ name: 'main', image: 'perl:5.34' }] } } } });|" main.ts >bad-plain.ts
run npx cdk8s synth --no-check-upgrade --app 'npx ts-node bad-plain.ts' --output dist-plain
[ "$RC" != 0 ] || fail "the plugin did not fail the synth"
expect_out "job.restart-policy" "plugin"
expect_out 'spec.template.spec.restartPolicy: "Always" must be Never or OnFailure' "plugin"
echo "exit $RC: [error] job.restart-policy"

# ------------------------------------------------------------------------------------------------
step "npx cdk8s-batch validate dist/"
run npx cdk8s-batch validate dist/
expect_rc 0 "validate dist/"
expect_out "2 files, 12 Jobs/CronJobs checked for Kubernetes 1.28: 0 errors, 0 warnings" "validate dist/"
printf '%s\n' "$OUT" | tail -1

step "npx cdk8s-batch validate --json dist/"
npx cdk8s-batch validate --json dist/ >validate.json 2>/dev/null || fail "validate --json dist/ exited $?"
node -e '
  const r = JSON.parse(require("fs").readFileSync("validate.json", "utf-8"));
  if (r.summary.checked !== 12 || r.summary.errors !== 0 || r.summary.problems !== 0) { console.error(r.summary); process.exit(1); }
  console.log(JSON.stringify(r.summary));
' || fail "validate --json dist/: unexpected summary"

step "npx cdk8s-batch validate on a bad manifest, from a file and from stdin"
cat >legacy.yaml <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  name: legacy-job
spec:
  template:
    spec:
      restartPolicy: Always
      containers:
        - name: main
          image: busybox:1.36
EOF
run npx cdk8s-batch validate legacy.yaml
expect_rc 1 "validate legacy.yaml"
expect_out "job.restart-policy" "validate legacy.yaml"
run sh -c 'npx cdk8s-batch validate --no-warnings - <legacy.yaml'
expect_rc 1 "validate -"
printf '%s\n' "$OUT" | tail -1

step "npx cdk8s-batch rules"
run npx cdk8s-batch rules
expect_rc 0 "rules"
expect_out "job.restart-policy" "rules"
echo "$(grep -cE '^(error|warning) ' <<<"$OUT") rules"
npx cdk8s-batch rules --json 2>/dev/null | node -e 'const r = JSON.parse(require("fs").readFileSync(0, "utf-8")); if (!Array.isArray(r) || r.length < 10) process.exit(1)' \
  || fail "rules --json"

# ------------------------------------------------------------------------------------------------
step "plain JavaScript: require('cdk8s-batch')"
cat >main.js <<'EOF'
const assert = require('assert');
const { Chart, Duration, Testing } = require('cdk8s');
const batch = require('cdk8s-batch');
for (const name of ['TrainingJob', 'ParallelShardJob', 'NightlyCronJob', 'GpuJob', 'Gpu', 'Schedule', 'ShardMode', 'WeekDay', 'Defaults', 'BatchValidationPlugin']) {
  assert.ok(batch[name] !== undefined, `cdk8s-batch exports ${name}`);
}
const chart = new Chart(Testing.app(), 'js');
new batch.TrainingJob(chart, 'pi', { name: 'pi', image: 'perl:5.34', command: ['perl', '-v'] });
new batch.ParallelShardJob(chart, 'infer', { image: 'python:3.12-slim', shards: 4 });
new batch.NightlyCronJob(chart, 'nightly', { image: 'python:3.10', schedule: batch.Schedule.nightly(1, 30) });
new batch.GpuJob(chart, 'gpu', { image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime', gpu: batch.Gpu.nvidia(1) });
const kinds = Testing.synth(chart).map(o => o.kind);
assert.deepStrictEqual(kinds.sort(), ['CronJob', 'Job', 'Job', 'Job']);
assert.throws(() => new batch.TrainingJob(chart, 'bad', { image: 'perl:5.34', activeDeadline: Duration.millis(500) }),
  { name: 'BatchValidationError', message: /^TrainingJob 'js\/bad': 'activeDeadline' \(500 milliseconds\) must be/ });
console.log(`require('cdk8s-batch'): ${Object.keys(batch).length} exports; synthesized ${kinds.join(', ')}`);
EOF
run node main.js
expect_rc 0 "plain JavaScript"
printf '%s\n' "$OUT"

step "the packaged examples/plain-javascript.js, as the README shows it"
mkdir -p "$APP/js" && cd "$APP/js"
cp "$APP/node_modules/cdk8s-batch/examples/plain-javascript.js" .
run node plain-javascript.js
expect_rc 0 "node plain-javascript.js"
[ "$(grep -cE '^kind: (Job|CronJob)$' dist/plain-js.k8s.yaml)" = 2 ] || fail "node plain-javascript.js did not write a Job and a CronJob"
grep -q '^  timeZone: Europe/Berlin$' dist/plain-js.k8s.yaml || fail "dist/plain-js.k8s.yaml lacks the CronJob's time zone"
echo "node plain-javascript.js: dist/plain-js.k8s.yaml"
cd "$APP"   # its cdk8s.yaml lists the plugin as the README does
run npx cdk8s synth --no-check-upgrade --app 'node js/plain-javascript.js' --output dist-js
expect_rc 0 "cdk8s synth of plain-javascript.js"
grep -E '║ Jobs and CronJobs checked +│ 2 ' <<<"$OUT" >/dev/null || { printf '%s\n' "$OUT" >&2; fail "the plugin did not check plain-javascript.js's Job and CronJob"; }
cmp -s js/dist/plain-js.k8s.yaml dist-js/plain-js.k8s.yaml || fail "cdk8s synth and node wrote different manifests"
cd "$APP/js"
echo "cdk8s synth (plugin on): the same manifest, 2 Jobs and CronJobs checked"
sed 's/  backoffLimit: 4,/  backOffLimit: 4,/' plain-javascript.js >misspelled.js
run node misspelled.js
[ "$RC" != 0 ] || fail "a misspelled prop did not fail plain JavaScript"
expect_out "TrainingJob 'plain-js/pi': 'backOffLimit' (4) must be a prop of TrainingJobProps (there is no 'backOffLimit'); did you mean 'backoffLimit'?" "misspelled prop"
echo "exit $RC: did you mean 'backoffLimit'?"

printf '\npackage-smoke: OK\n'
