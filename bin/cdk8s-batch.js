#!/usr/bin/env node
// `npx cdk8s-batch validate <files or dirs>`: see docs/validation.md.
'use strict';
let main;
try {
  ({ main } = require('../lib/cli/main'));
} catch (e) {
  process.stderr.write(`cdk8s-batch: cannot load the CLI (${e && e.message}); is the package built (lib/)?\n`);
  process.exit(2);
}
try {
  process.exitCode = main(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
} catch (e) {
  // Never a stack trace for users; set CDK8S_BATCH_DEBUG=1 to see one.
  process.stderr.write(`cdk8s-batch: internal error: ${e && e.message}\n`);
  if (process.env.CDK8S_BATCH_DEBUG) process.stderr.write(`${e && e.stack}\n`);
  process.exitCode = 2;
}
