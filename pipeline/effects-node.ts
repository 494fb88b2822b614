// The real effects: node:fs with atomic writes (write a temporary file in the same folder, fsync,
// rename), log lines on stderr, and a clock pinned by SOURCE_DATE_EPOCH when it is set.

import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Effects } from './effects.js';

export function nodeEffects(opts: { verbose?: boolean; quiet?: boolean } = {}): Effects {
  return {
    readFile: (path) => readFile(path),
    listDir: async (path) => (await readdir(path)).sort(),
    exists: async (path) => {
      try {
        await stat(path);
        return true;
      } catch {
        return false;
      }
    },
    writeFileAtomic,
    log: (line) => {
      if (!opts.quiet) process.stderr.write(`${line}\n`);
    },
    clock: () => {
      const epoch = process.env.SOURCE_DATE_EPOCH;
      return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
    },
    progress: opts.verbose ? (stage, ms) => process.stderr.write(`${stage.padEnd(9)} ${(ms / 1000).toFixed(3)} s\n`) : undefined,
  };
}

export async function writeFileAtomic(path: string, data: Buffer | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
