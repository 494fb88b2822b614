// vitest globalSetup of the e2e project: the default report (data/, seeds/ and templates/ as they
// are, `hlsd-report build`: both languages, PDF and HTML) is built ONCE per run, by the real CLI,
// in a scratch copy of the project, and handed to every test file that only reads it
// (`inject('defaultBuild')`, or `defaultBuild()` in ./report.ts). A test that changes inputs, or
// needs its own build (another TZ, the TypeScript sources instead of dist/), still builds its own.

import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
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

declare module 'vitest' {
  export interface ProvidedContext {
    defaultBuild: DefaultBuild;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = scratchProject('hlsd-default-');
  // The environment of a plain `runCli` (no pinned clock: the date comes from the data), as the
  // tests that built this report themselves used.
  const started = performance.now();
  const { status, stderr } = await new Promise<{ status: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'build'], { cwd: dir, env: process.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code, stderr: err }));
  });
  // A failed build is not thrown here: each file that reads it fails on its status, with stderr.
  project.provide('defaultBuild', { dir, out: join(dir, 'out', String(YEAR)), status, stderr });
  if (process.env.HLSD_TEST_TIMINGS) console.log(`default build for the e2e project: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return () => rmSync(dir, { recursive: true, force: true });
}
