// Every check of the folders a command will write, made before it writes anything: a file standing
// where the output, cache or published folder must be is reported up front, naming the option (or
// the cache) that moves it, instead of failing half-way with out/ already rewritten.

import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { BuildOptions } from '../options.js';

interface Target {
  path: string;
  /** How the user moves it, for the hint. */
  hint: string;
}

/** Diagnostics for each folder `options` will write into that cannot be a writable folder. */
export async function checkOutputFolders(options: BuildOptions, opts: { published?: boolean } = {}): Promise<Diagnostic[]> {
  const targets: Target[] = [{ path: options.paths.out, hint: 'move it, or choose another output folder with --out DIR' }];
  const cache = options.paths.cache;
  if (cache) {
    const hint = `remove ${cache} (it only holds caches, which the next build makes again)`;
    targets.push({ path: cache, hint }, { path: join(cache, 'charts'), hint }, { path: join(cache, 'builds'), hint });
  }
  if (opts.published) targets.push({ path: options.paths.published ?? 'published', hint: 'move it, or choose another folder for the revisions with --published DIR' });
  const diagnostics: Diagnostic[] = [];
  for (const t of targets) {
    const problem = await folderProblem(t.path);
    if (problem) diagnostics.push(error({ file: problem.path }, 'output/unwritable', `the output cannot be written: ${problem.message}`, t.hint));
  }
  // One diagnostic per blocked place: a file in the way of .cache also blocks .cache/charts.
  return diagnostics.filter((d, i) => diagnostics.findIndex((e) => e.file === d.file) === i);
}

/** Why `path` cannot be (or become) a writable folder: the first existing part that is not one. */
async function folderProblem(path: string): Promise<{ path: string; message: string } | undefined> {
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
    if (!info.isDirectory()) return { path: p, message: p === path ? 'a file is in the way where a folder is needed' : 'part of the path is a file, not a folder' };
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
