// The default report, built once per run by the e2e project's globalSetup
// (test/helpers/default-build.ts), for the tests that only read it; and a private copy of that
// project for tests that go on from it (publish, a broken input): the copy holds out/ and .cache/
// too, so its next `build` is answered "up to date" instead of laying out both PDFs again.

import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { DefaultBuild } from './default-build.js';
import { YEAR } from './cli.js';

/** The shared default build: read it, never write into it (other test files read it at the same time). */
export function defaultBuild(): DefaultBuild {
  const build = inject('defaultBuild');
  if (!build) throw new Error('no default build: this test belongs to the e2e project (vitest.config.ts), whose globalSetup makes it');
  return build;
}

/** A scratch project of its own, with the default build's inputs, out/ and .cache/ copied. */
export function copyOfDefaultBuild(prefix = 'hlsd-copy-'): { dir: string; out: string } {
  const { dir: from } = defaultBuild();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(from, dir, { recursive: true });
  return { dir, out: join(dir, 'out', String(YEAR)) };
}
