// Preloaded (node --import) into every process the benchmark measures: on exit, write the
// process's peak resident set size and CPU time (all threads) to the file named by HLSD_BENCH_PROBE. Plain JavaScript so
// that it costs the measured process nothing but this file; worker threads share the process's
// memory, so only the main thread reports.

import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.HLSD_BENCH_PROBE;
if (isMainThread && file) {
  process.on('exit', () => {
    // resourceUsage().maxRSS is getrusage's ru_maxrss: kilobytes on Linux.
    const usage = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({ maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }),
    );
  });
}
