#!/usr/bin/env node
// The `layer-lens` command: the bundled CLI over src/core (built by `npm run build`).
const { run } = require('../dist/cli.js');
process.exitCode = run(process.argv.slice(2), (s) => process.stdout.write(`${s}\n`), (s) => process.stderr.write(`${s}\n`));
