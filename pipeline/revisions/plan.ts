// Before anything is rendered: read the published revisions, stamp the inputs, decide which
// revision this build is, and whether out/<year>/ already holds exactly this build.

import { join } from 'node:path';
import type { AssessmentResult } from '../assess/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Effects } from '../effects.js';
import type { ReportModel } from '../core/types.js';
import type { BuildOptions } from '../options.js';
import { filesMatch } from '../core/hash.js';
import {
  CHANGES,
  MANIFEST,
  outputDir,
  readManifest,
  type CompanionFile,
  type Manifest,
  type PublishResult,
} from '../core/outputs.js';
import {
  changesJson,
  currentRevision,
  readReleases,
  revisionHistory,
  type Release,
  type RevisionHistory,
  type RevisionInfo,
} from './releases.js';
import { buildStamp, contentHashOf, inputFiles, type BuildStamp, type RevisionStep } from './stamp.js';

export interface RevisionPlan {
  stamp: BuildStamp;
  revision: RevisionInfo;
  releases: Release[];
  /** Warnings about published revisions that could not be read. */
  diagnostics: Diagnostic[];
  /** Set when out/<year>/ already holds this very build: nothing to render or write. */
  upToDate?: PublishResult;
  /** The revision history (needs the current assessment, so it is computed after assess). */
  history(assessment: AssessmentResult): RevisionHistory;
  changesFile(history: RevisionHistory): CompanionFile;
}

/** `recorder` holds what ingest read; published revisions are read directly (see buildStamp). */
export async function planRevision(
  model: ReportModel,
  recorder: { reads: ReadonlyMap<string, string> },
  options: BuildOptions,
  effects: Effects,
): Promise<RevisionPlan> {
  const { releases, diagnostics } = await readReleases(model.year, model.framework, options, effects);
  const files = inputFiles(recorder.reads, options);
  const contentHash = contentHashOf(files);
  const revision = currentRevision(releases, contentHash, model, options);
  const steps: RevisionStep[] = releases.map((r) => ({
    revision: r.revision,
    date: r.date,
    contentHash: r.contentHash,
    published: true,
  }));
  if (revision.pending)
    steps.push({ revision: revision.number, date: revision.date, contentHash, published: revision.published });
  const stamp = buildStamp(files, options, steps);
  const dir = outputDir(options, model.year);
  // `check` writes nothing, so whether out/ is current does not matter to it.
  const manifest = options.command === 'build' ? await upToDate(dir, stamp, effects) : undefined;
  return {
    stamp,
    revision,
    releases,
    diagnostics,
    ...(manifest
      ? {
          upToDate: {
            dir,
            manifest,
            written: [],
            unchanged: [...manifest.files.map((f) => join(dir, f.path)), join(dir, MANIFEST)],
          },
        }
      : {}),
    history: (assessment) => revisionHistory({ model, assessment, releases, current: revision }),
    changesFile: (history) => ({ name: CHANGES, bytes: Buffer.from(changesJson(history), 'utf8') }),
  };
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
