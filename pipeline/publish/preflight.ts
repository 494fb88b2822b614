// Every check of the folders a command will write, made before it writes anything: a file standing
// where the output, cache or published folder must be is reported up front, naming the option (or
// the cache) that moves it, instead of failing half-way with out/ already rewritten.

import { join } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Effects } from '../effects.js';
import type { BuildOptions } from '../options.js';

interface Target {
  path: string;
  /** How the user moves it, for the hint. */
  hint: string;
}

/** Diagnostics for each folder `options` will write into that cannot be a writable folder. */
export async function checkOutputFolders(
  options: BuildOptions,
  effects: Effects,
  opts: { published?: boolean } = {},
): Promise<Diagnostic[]> {
  const targets: Target[] = [
    { path: options.paths.out, hint: 'move it, or choose another output folder with --out DIR' },
  ];
  const cache = options.paths.cache;
  if (cache) {
    const hint = `remove ${cache} (it only holds caches, which the next build makes again)`;
    targets.push({ path: cache, hint }, { path: join(cache, 'charts'), hint }, { path: join(cache, 'builds'), hint });
  }
  if (opts.published)
    targets.push({
      path: options.paths.published ?? 'published',
      hint: 'move it, or choose another folder for the revisions with --published DIR',
    });
  const diagnostics: Diagnostic[] = [];
  for (const t of targets) {
    const problem = await effects.folderProblem(t.path);
    if (problem)
      diagnostics.push(
        error({ file: problem.path }, 'output/unwritable', `the output cannot be written: ${problem.message}`, t.hint),
      );
  }
  // One diagnostic per blocked place: a file in the way of .cache also blocks .cache/charts.
  return diagnostics.filter((d, i) => diagnostics.findIndex((e) => e.file === d.file) === i);
}
