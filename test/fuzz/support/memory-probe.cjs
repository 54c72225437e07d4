// Preloaded into a server under test (`NODE_OPTIONS="--expose-gc --require memory-probe.cjs"`): on SIGUSR2 it runs
// the garbage collector and writes `process.memoryUsage()` to PALISADE_MEMORY_FILE, so a test can compare the heap
// the server keeps before and after a workload. Test-only; nothing ships with it.
'use strict';
const fs = require('node:fs');

process.on('SIGUSR2', () => {
  for (let i = 0; i < 3; i++) global.gc?.();
  const file = process.env.PALISADE_MEMORY_FILE;
  if (file) fs.writeFileSync(file, JSON.stringify({ at: Date.now(), ...process.memoryUsage() }));
});
