// The real effects: node:fs with atomic writes (write a temporary file in the same folder, fsync,
// rename, fsync the folder), log lines on stderr, and a clock pinned by SOURCE_DATE_EPOCH when set.
//
// Crash safety: a write that is killed part-way leaves at most a temporary `.<name>.<pid>-<n>.tmp`
// next to the target, never a torn target. The first write into a folder removes such leftovers
// of processes that are no longer running, so a later build cleans up after a crashed one.

import { mkdir, open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Effects } from './effects.js';

export function nodeEffects(opts: { verbose?: boolean; quiet?: boolean } = {}): Effects {
  return {
    readFile: (path) => readFile(path),
    listDir: async (path) => (await readdir(path)).sort(),
    // Publish asks this before skipping an unchanged output: only a regular file counts, so a folder
    // (or anything else) standing where an output belongs is replaced, and fails loudly if it cannot be.
    exists: async (path) => {
      try {
        return (await stat(path)).isFile();
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

/** Temporary names this module creates: `.<target name>.<pid>-<sequence>.tmp` (older builds: `.<name>.<pid>.tmp`). */
const TEMP_NAME = /^\..+\.(\d+)(?:-\d+)?\.tmp$/;

let sequence = 0;
const swept = new Map<string, Promise<void>>();

export async function writeFileAtomic(path: string, data: Buffer | string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  let sweep = swept.get(dir);
  if (!sweep) swept.set(dir, (sweep = removeStaleTempFiles(dir)));
  await sweep;
  // A name no other write uses (two writes of one path in one process must not share a temporary),
  // created exclusively so a file or link planted at that name is never written through.
  const tmp = join(dir, `.${basename(path)}.${process.pid}-${++sequence}.tmp`);
  const handle = await open(tmp, 'wx');
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await syncFolder(dir);
}

/** Removes temporary files left in `dir` by writes of processes that have since died (crash, kill -9). */
export async function removeStaleTempFiles(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = TEMP_NAME.exec(name)?.[1];
    if (pid === undefined || Number(pid) === process.pid || isRunning(Number(pid))) continue;
    await rm(join(dir, name), { force: true });
  }
}

/** True when a process with this id exists (signal 0 checks without sending anything). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else; only ESRCH means it is gone.
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Makes the rename itself durable; some file systems refuse to open or sync a folder, which is harmless. */
async function syncFolder(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Durability across power loss is best effort; the rename is already atomic.
  } finally {
    await handle?.close();
  }
}
