// The real effects: node:fs with atomic writes (write a temporary file in the same folder, fsync,
// rename, fsync the folder), log lines on stderr, and a clock pinned by SOURCE_DATE_EPOCH when set.
//
// Crash safety: a write that is killed part-way leaves at most a temporary `.<name>.<pid>-<n>.tmp`
// next to the target, never a torn target. The first write into a folder removes such leftovers
// of processes that are no longer running, so a later build cleans up after a crashed one.

import { constants } from 'node:fs';
import { access, mkdir, open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileError, MAX_READ_BYTES, type Effects } from './effects.js';
import { sourceDateEpoch } from './options.js';

export function nodeEffects(opts: { verbose?: boolean; quiet?: boolean } = {}): Effects {
  return {
    readFile: readRegularFile,
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
    writeFolderAtomic,
    folderProblem,
    remove: (path) => rm(path, { force: true }),
    appendFile: appendDurably,
    lock: lockFile,
    stdout: (text) => {
      process.stdout.write(text);
    },
    log: (line) => {
      if (!opts.quiet) process.stderr.write(`${line}\n`);
    },
    clock: () => sourceDateEpoch() ?? new Date(),
    progress: opts.verbose
      ? (stage, ms) => process.stderr.write(`${stage.padEnd(9)} ${(ms / 1000).toFixed(3)} s\n`)
      : undefined,
  };
}

/**
 * Reads a regular file of at most `maxBytes`. Opened without blocking (a named pipe with no writer
 * would otherwise wait for ever) and checked before reading: anything but a regular file (pipe,
 * device such as /dev/zero, socket) fails with ENOTREG, a larger file with EFBIG. The read stops
 * past the limit too, so a file that grows while it is read cannot exhaust the memory.
 */
export async function readRegularFile(path: string, maxBytes: number = MAX_READ_BYTES): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw fileError('EISDIR', path, 'illegal operation on a directory');
    if (!info.isFile()) throw fileError('ENOTREG', path, 'not a regular file');
    if (info.size > maxBytes) throw fileError('EFBIG', path, 'file too large', { size: info.size, limit: maxBytes });
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(
        Math.min(Math.max(info.size - total + 1, 1 << 16), maxBytes + 1 - total, 1 << 20),
      );
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw fileError('EFBIG', path, 'file too large', { size: total, limit: maxBytes });
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
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
    // A failed write (ENOSPC, EDQUOT, EIO) carries no path of its own: name the output it was for.
    if (e && typeof e === 'object' && !(e as NodeJS.ErrnoException).path) (e as NodeJS.ErrnoException).path = path;
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
export function isRunning(pid: number): boolean {
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

/** Staging folders (`.<name>.<pid>.partial`) of publishes that were killed, which never became a revision. */
const STAGING = /^\..+\.(\d+)\.partial$/;

/** Removes the staging folders in `yearDir` left by folder writes whose process is gone (kill -9, power loss). */
export async function removeStaleStaging(yearDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(yearDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = STAGING.exec(name)?.[1];
    if (pid === undefined || Number(pid) === process.pid || isRunning(Number(pid))) continue;
    await rm(join(yearDir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * A folder written all or nothing: into `.<name>.<pid>.partial` next to it, then renamed into
 * place, so `dir` either does not exist or is complete. An existing `dir` is never touched.
 */
export async function writeFolderAtomic(
  dir: string,
  files: ReadonlyMap<string, Buffer>,
): Promise<{ cleaned: string[] }> {
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  const cleaned = await removeStaleStaging(parent);
  const staging = join(parent, `.${basename(dir)}.${process.pid}.partial`);
  await rm(staging, { recursive: true, force: true });
  try {
    for (const [name, bytes] of files) {
      await mkdir(dirname(join(staging, name)), { recursive: true });
      const handle = await open(join(staging, name), 'wx');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    await stat(dir).then(
      () => {
        throw fileError('EEXIST', dir, 'file already exists');
      },
      () => undefined,
    );
    await rename(staging, dir);
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
  await syncFolder(parent);
  return { cleaned };
}

/** Why `path` cannot be (or become) a writable folder: the first existing part that is not one. */
export async function folderProblem(path: string): Promise<{ path: string; message: string } | undefined> {
  // The nearest existing ancestor decides: a file there blocks, a folder must be writable.
  const chain: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    chain.unshift(p);
    if (dirname(p) === p || p === '.' || p === '') break;
  }
  for (const p of chain) {
    let info;
    try {
      info = await stat(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        // Missing from here on: it will be created, if its parent is writable.
        const parent = dirname(p);
        return (await writable(parent)) ? undefined : { path: parent, message: 'permission denied' };
      }
      return { path: p, message: `it cannot be inspected (${(e as NodeJS.ErrnoException).code})` };
    }
    if (!info.isDirectory())
      return {
        path: p,
        message:
          p === path ? 'a file is in the way where a folder is needed' : 'part of the path is a file, not a folder',
      };
  }
  return (await writable(path)) ? undefined : { path, message: 'permission denied' };
}

async function writable(dir: string): Promise<boolean> {
  try {
    await access(resolve(dir), constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Appends `data` (O_APPEND: one write, after whatever another writer appended) and fsyncs it. */
export async function appendDurably(path: string, data: string): Promise<void> {
  const handle = await open(path, 'a');
  try {
    if (data.length > 0) await handle.write(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * An exclusive lock: `path` created with O_EXCL holding this process's id. When it exists, the
 * process it names decides: alive, the lock is held; gone (kill -9, power loss), the lock is moved
 * aside (a rename, which only one of several takers can win) and taken again. A lock file still
 * empty is being written by its taker, unless it is older than a few seconds. Known limit: two runs
 * that take over the same dead process's lock in the same instant could both find it stale; the
 * second rename then fails and that run tries again from the start.
 */
export async function lockFile(path: string): Promise<{ release(): Promise<void> } | { heldBy: number }> {
  await mkdir(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(`${process.pid}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return {
        release: async () => {
          const text = await readFile(path, 'utf8').catch(() => '');
          if (Number(text.trim()) === process.pid) await rm(path, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) continue; // released meanwhile: try again
    const pid = Number(text.trim());
    if (text.trim() === '') {
      const age = await stat(path).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age < 5_000) return { heldBy: 0 };
    } else if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || isRunning(pid))) return { heldBy: pid };
    const aside = `${path}.${process.pid}.stale`;
    await rename(path, aside).then(
      () => rm(aside, { force: true }),
      () => undefined,
    );
  }
  return { heldBy: 0 };
}
