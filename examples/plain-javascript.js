// cdk8s-batch from plain JavaScript (CommonJS), as an npm user writes it: no TypeScript, no build.
//
//   npm install cdk8s-batch cdk8s cdk8s-plus-28 constructs
//   node plain-javascript.js      # writes dist/plain-js.k8s.yaml (or `app: node plain-javascript.js`
//                                 # in cdk8s.yaml, then `cdk8s synth`)
//
// Props are checked at run time as in TypeScript: a misspelled prop (`backOffLimit`) fails with
// "did you mean 'backoffLimit'?". test/plain-javascript.test.ts runs this file.
const { App, Chart, Duration } = require('cdk8s');
const { NightlyCronJob, Schedule, TrainingJob } = require('cdk8s-batch');

const app = new App();
const chart = new Chart(app, 'plain-js');

new TrainingJob(chart, 'pi', {
  name: 'pi',
  image: 'perl:5.34',
  command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'],
  backoffLimit: 4,
});

new NightlyCronJob(chart, 'nightly-training', {
  name: 'nightly-training',
  schedule: Schedule.nightly(1, 30),
  timeZone: 'Europe/Berlin',
  image: 'python:3.12-slim',
  command: ['python', 'train.py'],
  activeDeadline: Duration.hours(6),
});

app.synth();
