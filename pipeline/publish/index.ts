// Publish: write each output atomically (temporary name, then rename), skip files whose bytes are
// unchanged, roll back if any write fails, and write the manifest last so it always describes
// complete files. The manifest also records the build stamp that makes an unchanged rebuild a no-op.

import { join } from 'node:path';
import type { AssessmentResult } from '../assess/types.js';
import type { Effects } from '../effects.js';
import type { ReportModel } from '../core/types.js';
import type { BuildOptions } from '../options.js';
import { FORMATS } from '../core/formats.js';
import { filesMatch, sha256 } from '../core/hash.js';
import {
  MANIFEST,
  outputDir,
  readManifest,
  type CompanionFile,
  type Manifest,
  type ManifestEntry,
  type OutputFile,
  type PublishResult,
} from '../core/outputs.js';

import type { RevisionInfo } from '../revisions/releases.js';
import type { BuildStamp } from '../revisions/stamp.js';

export interface PublishContext {
  model: ReportModel;
  assessment: AssessmentResult;
  options: BuildOptions;
  stamp?: BuildStamp;
  revision?: RevisionInfo;
}

export async function publish(
  files: readonly (OutputFile | CompanionFile)[],
  ctx: PublishContext,
  effects: Effects,
): Promise<PublishResult> {
  const dir = outputDir(ctx.options, ctx.model.year);
  const previous = await readManifest(dir, effects);
  const known = new Map(previous?.files.map((f) => [f.path, f.sha256]) ?? []);
  const entries: ManifestEntry[] = [];
  const pending: { target: string; bytes: Buffer }[] = [];
  const unchanged: string[] = [];
  for (const file of files) {
    const digest = sha256(file.bytes);
    const target = join(dir, file.name);
    entries.push({
      path: file.name,
      lang: 'lang' in file ? file.lang : '',
      format: 'format' in file ? FORMATS[file.format].manifestKind : (file.name.split('.').pop() ?? ''),
      bytes: file.bytes.length,
      sha256: digest,
    });
    if (known.get(file.name) === digest && (await effects.exists(target))) unchanged.push(target);
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
  if (interim)
    await effects.writeFileAtomic(
      manifestPath,
      `${JSON.stringify({ ...previous, files: previous.files.filter((f) => !changing.has(join(dir, f.path))) }, null, 2)}\n`,
    );
  let written: string[];
  try {
    written = await writeAllOrNothing(pending, effects);
  } catch (e) {
    if (interim)
      await effects.writeFileAtomic(manifestPath, `${JSON.stringify(previous, null, 2)}\n`).catch(() => undefined);
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
async function writeAllOrNothing(
  pending: readonly { target: string; bytes: Buffer }[],
  effects: Effects,
): Promise<string[]> {
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
