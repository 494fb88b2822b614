#!/usr/bin/env node
// CI, once .ci/run has installed everything: the README's test command (make test) with vitest's
// JSON reporter, its output shown as it comes and kept in .ci/out/test.log, then the plain line
// "N passed, N failed, N skipped" and make's exit status.
// `node .ci/run.mjs --summary FILE` prints only that line, for a saved vitest JSON report.

import { $, fs, path } from 'zx';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, '.ci/out');
const REPORT = path.join(OUT, 'vitest.json');
const LOG = path.join(OUT, 'test.log');

/**
 * The line CI reads, from vitest's JSON report (undefined: none was written). A suite that failed
 * to load counts as a failure; a run that failed outside any test (type errors, an unhandled
 * error) counts as one failure, so "0 failed" never goes with a failed run.
 */
function summary(report, status) {
  if (report === undefined) return '0 passed, 1 failed';
  const passed = report.numPassedTests ?? 0;
  let failed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  if (status !== 0 && failed === 0) failed = 1;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}

function readReport(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

async function main(argv) {
  if (argv[0] === '--summary') {
    if (argv.length !== 2) throw new Error('usage: node .ci/run.mjs [--summary VITEST_JSON]');
    console.log(summary(readReport(argv[1]), 0));
    return 0;
  }
  fs.mkdirSync(OUT, { recursive: true });
  fs.rmSync(REPORT, { force: true }); // a report left by an earlier run must not be counted
  const log = fs.createWriteStream(LOG);
  // make test = typecheck, import rules, vitest (unit and e2e projects), format check; the JSON
  // reporter gives the counts of both projects together.
  const args = `--reporter=default --reporter=json --outputFile.json=${path.relative(ROOT, REPORT)}`;
  const run = $({ cwd: ROOT, nothrow: true, quiet: true })`make test VITEST_ARGS=${args} 2>&1`;
  run.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    log.write(chunk);
  });
  const { exitCode } = await run;
  await new Promise((resolve) => log.end(resolve));
  const status = exitCode ?? 1;
  const report = readReport(REPORT);
  if (report === undefined)
    console.log(
      `no test report (${path.relative(ROOT, REPORT)}): make test stopped before vitest finished; see ${path.relative(ROOT, LOG)}`,
    );
  else if (status !== 0 && (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0) === 0)
    console.log(
      `make test exited with ${status} although no test failed (an error outside the tests, such as an unhandled rejection); see ${path.relative(ROOT, LOG)}`,
    );
  console.log(summary(report, status));
  return status;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  console.log(`.ci/run.mjs: ${e?.message ?? e}`);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
}
