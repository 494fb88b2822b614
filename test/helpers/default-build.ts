// vitest globalSetup of the e2e project: the default report (data/, seeds/ and templates/ as they
// are, `hlsd-report build`: both languages, PDF and HTML) is built ONCE per run, by the real CLI,
// in a scratch copy of the project, for every test file that only reads it (`defaultBuild()` in
// ./report.ts). The build starts here and is not awaited: the unit project runs meanwhile (it runs
// first, vitest.config.ts), and the first e2e file that needs the report waits for the file this
// writes when the build ends. A test that changes inputs, or needs its own build (another TZ, the
// TypeScript sources instead of dist/), still builds its own.

import { spawn } from 'node:child_process';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { BIN, scratchProject, YEAR } from './cli.js';

export interface DefaultBuild {
  /** The scratch project: data/, seeds/, templates/ copied from the repository, out/ built. */
  dir: string;
  /** `<dir>/out/<YEAR>`: both PDFs, both HTML files, data/, manifest.json, changes.json. */
  out: string;
  /** The build's exit status (each test file that reads the build asserts 0) and standard error. */
  status: number | null;
  stderr: string;
}

/** Where the build is and the file its result is written to when it ends. */
export interface DefaultBuildPlace {
  dir: string;
  out: string;
  /** JSON { status, stderr }, written (atomically) when the build has ended. */
  result: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    defaultBuild: DefaultBuildPlace;
  }
}

export default function setup(project: TestProject): () => Promise<void> {
  const dir = scratchProject('hlsd-default-');
  const result = join(dir, '.default-build.json');
  const started = performance.now();
  // The environment of a plain `runCli` (no pinned clock: the date comes from the data), as the
  // tests that built this report themselves used.
  const child = spawn(process.execPath, [BIN, 'build'], {
    cwd: dir,
    env: process.env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const ended = new Promise<void>((resolve) => {
    const finish = (status: number | null, error?: Error) => {
      // A failed build is not thrown: each file that reads it fails on its status, with stderr.
      writeFileSync(
        `${result}.tmp`,
        JSON.stringify({ status, stderr: error ? `${stderr}\n${error.message}` : stderr }),
      );
      renameSync(`${result}.tmp`, result);
      if (process.env.HLSD_TEST_TIMINGS)
        console.log(`default build for the e2e project: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      resolve();
    };
    child.on('error', (e) => finish(null, e));
    child.on('close', (code) => finish(code));
  });
  project.provide('defaultBuild', { dir, out: join(dir, 'out', String(YEAR)), result });
  return async () => {
    await ended;
    rmSync(dir, { recursive: true, force: true });
  };
}
