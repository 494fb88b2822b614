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

export async function readManifest(dir: string, effects: Effects): Promise<Manifest | undefined> {
  try {
    return JSON.parse((await effects.readFile(join(dir, MANIFEST))).toString('utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

export interface PublishResult {
  dir: string;
  manifest: Manifest;
  written: string[];
  unchanged: string[];
}
