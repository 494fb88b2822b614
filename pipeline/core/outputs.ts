// What a build writes, as every stage sees it: the output files, the folder they go to and the
// manifest that lists them (written last by publish, read by the revision planner and packets).

import { join } from 'node:path';
import type { Lang } from './types.js';
import type { Effects } from '../effects.js';
import type { Format } from './formats.js';

/** A rendered report file (PDF or HTML) of one language. */
export interface OutputFile {
  lang: Lang;
  format: Format;
  name: string;
  bytes: Buffer;
}

/** Any other file of out/<year>/: the data companion, changes.json. */
export interface CompanionFile {
  /** Path relative to out/<year>/, e.g. data/observations.csv */
  name: string;
  bytes: Buffer;
}

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
  /** Build stamp (see revisions/stamp.ts): equal stamps mean an unchanged rebuild. */
  inputHash?: string;
  contentHash?: string;
  files: ManifestEntry[];
}

/** out/<year>/ (options: the build's, or anything with its paths.out). */
export function outputDir(options: { paths: { out: string } }, year: number): string {
  return join(options.paths.out, String(year));
}

/** The most manifest.json may weigh: a few hundred entries of a hundred bytes. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** A path a manifest may list: relative, inside its folder (no `..`, `.`, empty part or backslash). */
const INSIDE = /^(?!.*(?:^|\/)\.{1,2}(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

/**
 * manifest.json of a folder the tool wrote, read back like data: within a size limit, every entry
 * a path inside the folder with its size and SHA-256. Anything else counts as no manifest (the
 * caller then rebuilds and rewrites every file, and writes a fresh one), never as a list of paths
 * to trust.
 */
export async function readManifest(dir: string, effects: Effects): Promise<Manifest | undefined> {
  let m: Partial<Manifest>;
  try {
    m = JSON.parse(
      (await effects.readFile(join(dir, MANIFEST), MAX_MANIFEST_BYTES)).toString('utf8'),
    ) as Partial<Manifest>;
  } catch {
    return undefined;
  }
  const entryOk = (f: Partial<ManifestEntry>) =>
    typeof f === 'object' &&
    f !== null &&
    typeof f.path === 'string' &&
    INSIDE.test(f.path) &&
    typeof f.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(f.sha256) &&
    Number.isSafeInteger(f.bytes) &&
    typeof f.lang === 'string' &&
    typeof f.format === 'string';
  const ok =
    typeof m === 'object' &&
    m !== null &&
    typeof m.year === 'number' &&
    Array.isArray(m.files) &&
    m.files.every(entryOk);
  return ok ? (m as Manifest) : undefined;
}

export interface PublishResult {
  dir: string;
  manifest: Manifest;
  written: string[];
  unchanged: string[];
}
