// The fast "up to date" answer. A build is a pure function of what it reads (data, seeds,
// templates, published revisions), its options, the date when it asks for one, and the code. A
// successful build records all of that — every file read with its SHA-256, every folder listed,
// every existence check, the date — plus the manifest it wrote, in `.cache/builds/<key>.json`.
// The next `build` with the same options and code replays the record before loading any of the
// pipeline: when every read gives the same bytes and every output still matches the manifest,
// the outputs are exactly what a full build would write, so nothing is rebuilt. Anything
// different (one byte, a new file in a listed folder, an output edited or removed, another day
// when the date matters) falls through to the full build, which has its own input-hash check.
//
// Only node built-ins and the light stamp module are imported here, so the check costs a few
// file reads rather than loading the renderers.

import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Effects } from '../effects.js';
import type { BuildOptions } from '../options.js';
import { digestOfRead, filesMatch, sha256 as sha } from '../core/hash.js';
import { codeVersion } from './stamp.js';

const FORMAT = 2;

interface ReplayRecord {
  format: number;
  key: string;
  /** Path as the build gave it → sha256 of the bytes, or "!CODE" when the read failed. */
  reads: Record<string, string>;
  /** Folder → sha256 of its sorted entry names, or "!CODE". */
  lists: Record<string, string>;
  exists: Record<string, boolean>;
  /** The date the build asked the clock for (YYYY-MM-DD), if it asked. */
  date?: string;
  /** The output folder and the sha256 of the manifest.json the build left there. */
  outDir: string;
  manifest: string;
  /** Warnings of the recorded build, printed again when it is replayed. */
  warnings: Diagnostic[];
}

export interface Recorder {
  effects: Effects;
  /** Save what the build read, once it has succeeded and written `outDir`. */
  save(outDir: string, warnings: readonly Diagnostic[]): Promise<void>;
}

const failure = (e: unknown) => `!${(e as NodeJS.ErrnoException)?.code ?? 'ERROR'}`;

/** The record's file for these options, in this folder, with this code (none without a cache folder). */
function recordPath(options: BuildOptions): { file: string; key: string } | undefined {
  if (!options.paths.cache) return undefined;
  const { jobs: _jobs, rerender: _rerender, ...rest } = options; // neither changes the output
  const key = sha(JSON.stringify({ format: FORMAT, cwd: process.cwd(), options: rest, code: codeVersion() }));
  return { file: join(options.paths.cache, 'builds', `${key.slice(0, 32)}.json`), key };
}

/** Is `path` inside `dir`? (Reads of the chart cache are not inputs.) */
function inside(path: string, dir: string | undefined): boolean {
  if (!dir) return false;
  const rel = relative(resolve(dir), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Effects that remember every input the build reads, lists, checks for, and the date it asks for.
 * Everything is recorded, under --out too (data, seeds or templates may live there: `--out .`):
 * only the outputs the build wrote are left out when the record is saved, since the replay checks
 * them against the manifest instead. An up-to-date answer must never be stale, so when in doubt a
 * read is kept, and the worst it costs is a rebuild.
 */
export function recordInputs(options: BuildOptions, effects: Effects): Recorder {
  const reads: Record<string, string> = {};
  const lists: Record<string, string> = {};
  const exists: Record<string, boolean> = {};
  let date: string | undefined;
  const input = (path: string) => !inside(path, options.paths.cache);
  const recorded: Effects = {
    ...effects,
    async readFile(path, maxBytes) {
      try {
        const bytes = await effects.readFile(path, maxBytes);
        if (input(path)) reads[path] = digestOfRead(bytes);
        return bytes;
      } catch (e) {
        if (input(path)) reads[path] = failure(e);
        throw e;
      }
    },
    async listDir(path) {
      try {
        const names = await effects.listDir(path);
        if (input(path)) lists[path] = sha(names.join('\n'));
        return names;
      } catch (e) {
        if (input(path)) lists[path] = failure(e);
        throw e;
      }
    },
    async exists(path) {
      const yes = await effects.exists(path);
      if (input(path)) exists[path] = yes;
      return yes;
    },
    clock() {
      const now = effects.clock();
      date = now.toISOString().slice(0, 10);
      return now;
    },
  };
  return {
    effects: recorded,
    async save(outDir, warnings) {
      const where = recordPath(options);
      if (!where) return;
      const manifestBytes = await effects.readFile(join(outDir, 'manifest.json'));
      const manifest = sha(manifestBytes);
      // The build's own outputs: read before they were rewritten, checked by outputsIntact instead.
      const listed = (JSON.parse(manifestBytes.toString('utf8')) as { files: { path: string }[] }).files.map(
        (f) => f.path,
      );
      const outputs = new Set(
        [join(outDir, 'manifest.json'), ...listed.map((p) => join(outDir, p))].map((p) => resolve(p)),
      );
      const notOutput = <T>(entries: Record<string, T>) =>
        Object.fromEntries(Object.entries(entries).filter(([path]) => !outputs.has(resolve(path))));
      const record: ReplayRecord = {
        format: FORMAT,
        key: where.key,
        reads: notOutput(reads),
        lists: notOutput(lists),
        exists: notOutput(exists),
        ...(date ? { date } : {}),
        outDir,
        manifest,
        warnings: [...warnings],
      };
      await effects.writeFileAtomic(where.file, `${JSON.stringify(record)}\n`);
    },
  };
}

/**
 * The output folder and the recorded warnings when the last successful build with these options
 * and this code read exactly what is there now and its outputs are untouched; otherwise undefined.
 */
export async function replayUpToDate(
  options: BuildOptions,
  effects: Effects,
): Promise<{ dir: string; warnings: Diagnostic[] } | undefined> {
  const where = recordPath(options);
  if (!where) return undefined;
  let record: ReplayRecord;
  try {
    record = JSON.parse((await effects.readFile(where.file)).toString('utf8')) as ReplayRecord;
  } catch {
    return undefined;
  }
  if (record.format !== FORMAT || record.key !== where.key) return undefined;
  if (record.date && record.date !== effects.clock().toISOString().slice(0, 10)) return undefined;
  const same = async <T>(recorded: T, now: () => Promise<T>) => {
    try {
      return (await now()) === recorded;
    } catch (e) {
      return failure(e) === recorded;
    }
  };
  for (const [path, digest] of Object.entries(record.reads))
    if (!(await same(digest, async () => sha(await effects.readFile(path))))) return undefined;
  for (const [path, digest] of Object.entries(record.lists))
    if (!(await same(digest, async () => sha((await effects.listDir(path)).join('\n'))))) return undefined;
  for (const [path, yes] of Object.entries(record.exists)) if ((await effects.exists(path)) !== yes) return undefined;
  return (await outputsIntact(record, effects)) ? { dir: record.outDir, warnings: record.warnings } : undefined;
}

/** The manifest is the one the recorded build wrote, and every file it lists has its checksum. */
async function outputsIntact(record: ReplayRecord, effects: Effects): Promise<boolean> {
  try {
    const bytes = await effects.readFile(join(record.outDir, 'manifest.json'));
    if (sha(bytes) !== record.manifest) return false;
    const manifest = JSON.parse(bytes.toString('utf8')) as { files: { path: string; sha256: string }[] };
    return await filesMatch(record.outDir, manifest.files, effects);
  } catch {
    return false;
  }
}
