#!/usr/bin/env node
// Runs the CLI. `make` bundles pipeline/*.ts into plain JavaScript in dist/ (esbuild, about a
// second); when dist/ is missing or older than any source, the TypeScript runs through tsx's loader
// instead — same code, same output, only slower to start. Anything that escapes the CLI's own error
// handling still ends as "internal error" with exit 70, never a bare stack.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const internal = (e) => {
  process.stderr.write(
    `hlsd-report: internal error: ${e?.message ?? String(e)}\nThis is a bug in hlsd-report, not in your data. Please report it with the command you ran; set HLSD_DEBUG=1 to print the stack.\n`,
  );
  if (process.env.HLSD_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
  process.exit(70);
};
process.on('uncaughtException', internal);
process.on('unhandledRejection', internal);

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** dist/ is usable when its stamp is newer than every pipeline source (HLSD_TSX=1 forces tsx). */
function compiledIsFresh() {
  if (process.env.HLSD_TSX) return false;
  let built;
  try {
    built = statSync(join(root, 'dist', '.built')).mtimeMs;
    statSync(join(root, 'dist', 'cli.js')); // a dist/ of another layout is not usable either
  } catch {
    return false;
  }
  const sources = join(root, 'pipeline');
  for (const name of readdirSync(sources, { recursive: true })) {
    if (name.endsWith('.ts') && statSync(join(sources, name)).mtimeMs > built) return false;
  }
  return true;
}

let entry;
if (compiledIsFresh()) {
  entry = join(root, 'dist', 'cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = join(root, 'pipeline', 'cli.ts');
}
const { run } = await import(pathToFileURL(entry).href);
await run(process.argv.slice(2));
