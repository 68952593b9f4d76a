#!/usr/bin/env node
// The `layer-lens` command: the bundled CLI over src/core (built by `npm run build`). Its start looks in the run
// cache and loads the rest of the CLI only when it has to run the command.
const { start } = require('../dist/cli-start.js');
process.exitCode = start(process.argv.slice(2));
