// Publish: write each output atomically (temporary name, then rename), skip files whose bytes are
// unchanged, roll back if any write fails, and write the manifest last so it always describes
// complete files. The manifest also records the build stamp that makes an unchanged rebuild a no-op.

import { join } from 'node:path';
import type { AssessmentResult } from '../assess/types.js';
import type { Effects } from '../effects.js';
import type { ReportModel } from '../model/types.js';
import type { BuildOptions } from '../options.js';
import type { OutputFile } from '../render/index.js';
import type { CompanionFile } from './companion.js';
import type { RevisionInfo } from './releases.js';
import { filesMatch, sha256, type BuildStamp } from './stamp.js';

export { changesJson, currentRevision, readReleases, releaseYearDir, revisionHistory } from './releases.js';
export type { Release, RevisionEntry, RevisionHistory, RevisionInfo } from './releases.js';
export type { DataChanges } from './errata.js';
export { buildStamp, recordReads, type BuildStamp } from './stamp.js';

export const MANIFEST = 'manifest.json';
export const CHANGES = 'changes.json';

export interface ManifestEntry {
  path: string;
  lang: string;
  format: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  generator: string;
  year: number;
  /** The revision the outputs show. */
  revision?: { number: number; date: string };
  /** Build stamp (see publish/stamp.ts): equal stamps mean an unchanged rebuild. */
  inputHash?: string;
  contentHash?: string;
  files: ManifestEntry[];
}

export interface PublishResult {
  dir: string;
  manifest: Manifest;
  written: string[];
  unchanged: string[];
}

export interface PublishContext {
  model: ReportModel;
  assessment: AssessmentResult;
  options: BuildOptions;
  stamp?: BuildStamp;
  revision?: RevisionInfo;
}

export function outputDir(options: BuildOptions, year: number): string {
  return join(options.paths.out, String(year));
}

export async function publish(files: readonly (OutputFile | CompanionFile)[], ctx: PublishContext, effects: Effects): Promise<PublishResult> {
  const dir = outputDir(ctx.options, ctx.model.year);
  const previous = await readManifest(dir, effects);
  const known = new Map(previous?.files.map((f) => [f.path, f.sha256]) ?? []);
  const entries: ManifestEntry[] = [];
  const pending: { target: string; bytes: Buffer }[] = [];
  const unchanged: string[] = [];
  for (const file of files) {
    const sha256 = sha256Hex(file.bytes);
    const target = join(dir, file.name);
    entries.push({ path: file.name, lang: 'lang' in file ? file.lang : '', format: 'format' in file ? file.format : file.name.split('.').pop() ?? '', bytes: file.bytes.length, sha256 });
    if (known.get(file.name) === sha256 && (await effects.exists(target))) unchanged.push(target);
    else pending.push({ target, bytes: file.bytes });
  }
  // Keep entries of formats/languages not rebuilt this time, so a partial build does not forget files.
  for (const old of previous?.files ?? []) if (!entries.some((e) => e.path === old.path)) entries.push(old);
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest: Manifest = {
    generator: 'hlsd-report',
    year: ctx.model.year,
    ...(ctx.revision ? { revision: { number: ctx.revision.number, date: ctx.revision.date } } : {}),
    ...(ctx.stamp ? { inputHash: ctx.stamp.inputHash, contentHash: ctx.stamp.contentHash } : {}),
    files: entries,
  };
  const manifestPath = join(dir, MANIFEST);
  // Crash safety (kill -9, power loss): before the first file is replaced, the manifest stops listing
  // the files about to change, so at every instant each file it lists has the listed bytes. When a
  // write fails, the files are rolled back and so is the manifest (same bytes as before).
  const changing = new Set(pending.map((p) => p.target));
  const interim = previous && previous.files.some((f) => changing.has(join(dir, f.path)));
  if (interim) await effects.writeFileAtomic(manifestPath, `${JSON.stringify({ ...previous, files: previous.files.filter((f) => !changing.has(join(dir, f.path))) }, null, 2)}\n`);
  let written: string[];
  try {
    written = await writeAllOrNothing(pending, effects);
  } catch (e) {
    if (interim) await effects.writeFileAtomic(manifestPath, `${JSON.stringify(previous, null, 2)}\n`).catch(() => undefined);
    throw e;
  }
  if (written.length > 0 || !previous || JSON.stringify(previous) !== JSON.stringify(manifest)) {
    await effects.writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    written.push(manifestPath);
  } else unchanged.push(manifestPath);
  return { dir, manifest, written, unchanged };
}

/**
 * Each write is atomic on its own; this makes the set atomic enough: when one write fails, the
 * files already replaced get their previous bytes back before the error goes on, so the old
 * manifest still describes what is on disk. A file that did not exist before may remain, unlisted.
 */
async function writeAllOrNothing(pending: readonly { target: string; bytes: Buffer }[], effects: Effects): Promise<string[]> {
  const done: { target: string; before?: Buffer }[] = [];
  try {
    for (const { target, bytes } of pending) {
      const before = (await effects.exists(target)) ? await effects.readFile(target) : undefined;
      await effects.writeFileAtomic(target, bytes);
      done.push({ target, before });
    }
  } catch (e) {
    for (const { target, before } of done.reverse()) {
      if (before) await effects.writeFileAtomic(target, before).catch(() => undefined);
    }
    throw e;
  }
  return done.map((d) => d.target);
}

/**
 * The existing manifest when it carries this stamp and every file it lists is on disk with its
 * recorded checksum: then the build has nothing to do.
 */
export async function upToDate(dir: string, stamp: BuildStamp, effects: Effects): Promise<Manifest | undefined> {
  const manifest = await readManifest(dir, effects);
  if (!manifest || manifest.inputHash !== stamp.inputHash) return undefined;
  return (await filesMatch(dir, manifest.files, effects)) ? manifest : undefined;
}

/** SHA-256 in hex (stamp.ts's, under the name the publish modules use). */
export const sha256Hex = sha256;

export async function readManifest(dir: string, effects: Effects): Promise<Manifest | undefined> {
  try {
    return JSON.parse((await effects.readFile(join(dir, MANIFEST))).toString('utf8')) as Manifest;
  } catch {
    return undefined;
  }
}
