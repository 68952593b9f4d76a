#!/usr/bin/env node
// The `layer-lens` command: the bundled CLI over src/core (built by `npm run build`). Its start looks in the run
// cache and loads the rest of the CLI only when it has to run the command (in a bounded worker when it evaluates).
const { start } = require('../dist/cli-start.js');
Promise.resolve(start(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
});
