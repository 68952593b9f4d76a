#!/usr/bin/env node
// The `layer-lens` command: the bundled CLI over src/core (built by `npm run build`).
const { main } = require('../dist/cli.js');
process.exitCode = main(process.argv.slice(2));
