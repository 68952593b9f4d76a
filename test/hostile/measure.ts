/** Preloaded into each hostile case's process (`node --require`): its peak memory, printed as it exits. */
process.on('exit', () => {
  process.stderr.write(`\nLAYER_LENS_RSS ${process.resourceUsage().maxRSS}\n`);
});
