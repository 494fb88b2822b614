// The default report, built once per run by the e2e project's globalSetup
// (test/helpers/default-build.ts), for the tests that only read it; and a private copy of that
// project for tests that go on from it (publish, a broken input): the copy holds out/ and .cache/
// too, so its next `build` is answered "up to date" instead of laying out both PDFs again.

import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import type { DefaultBuild } from './default-build.js';
import { YEAR } from './cli.js';

/** The shared default build, once it has ended: read it, never write into it (other files read it at the same time). */
export async function defaultBuild(): Promise<DefaultBuild> {
  const place = inject('defaultBuild');
  if (!place)
    throw new Error(
      'no default build: this test belongs to the e2e project (vitest.config.ts), whose globalSetup makes it',
    );
  for (const deadline = Date.now() + 600_000; !existsSync(place.result); await sleep(250)) {
    if (Date.now() > deadline) throw new Error(`the default build did not end within 10 minutes (${place.dir})`);
  }
  const { status, stderr } = JSON.parse(readFileSync(place.result, 'utf8')) as {
    status: number | null;
    stderr: string;
  };
  return { dir: place.dir, out: place.out, status, stderr };
}

/** A scratch project of its own, with the default build's inputs, out/ and .cache/ copied. */
export async function copyOfDefaultBuild(prefix = 'hlsd-copy-'): Promise<{ dir: string; out: string }> {
  const { dir: from } = await defaultBuild();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(from, dir, { recursive: true });
  return { dir, out: join(dir, 'out', String(YEAR)) };
}
