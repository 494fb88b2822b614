// The build stamp: content hashes of everything a build read, its options and the code, so an
// unchanged rebuild can be recognised (manifest.inputHash) and a revision identified (contentHash).

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Effects } from '../effects.js';
import type { BuildOptions } from '../options.js';
import { canonicalJson, digestOfRead, sha256 } from '../core/hash.js';
import { PIPELINE_SOURCES, PROJECT_ROOT } from '../source.js';

export interface BuildStamp {
  /** Identifies the build's outputs: every input read, the options, the revisions shown, the code. */
  inputHash: string;
  /**
   * Identifies the report's content: data, seeds and catalogues only. Two builds with the same
   * content hash are the same revision, whatever the code, paper or formats.
   */
  contentHash: string;
  /** Role-relative path (data/…, seeds/…, templates/…) → sha256 of the bytes read. */
  files: Record<string, string>;
}

/** Effects that remember the SHA-256 of every file read through them, by the path given. */
export function recordReads(effects: Effects): { effects: Effects; reads: Map<string, string> } {
  const reads = new Map<string, string>();
  return {
    reads,
    effects: {
      ...effects,
      readFile: async (path, maxBytes) => {
        const bytes = await effects.readFile(path, maxBytes);
        reads.set(path, digestOfRead(bytes));
        return bytes;
      },
    },
  };
}

/**
 * Paths are hashed relative to their root (data/, seeds/, templates/), so the same
 * inputs in another folder, or given as absolute paths, give the same stamp.
 */
export function roleRelative(path: string, paths: BuildOptions['paths']): string {
  const roots: [string, string][] = [
    ['data', paths.data],
    ['seeds', paths.seeds],
    ['templates', paths.templates],
  ];
  for (const [role, root] of roots) {
    const rel = relative(root, path);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return `${role}/${rel.split(sep).join('/')}`;
  }
  return path.split(sep).join('/');
}

/** Role-relative path → sha256 of every file read, in path order. */
export function inputFiles(reads: ReadonlyMap<string, string>, options: BuildOptions): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [path, digest] of reads) files[roleRelative(path, options.paths)] = digest;
  return Object.fromEntries(
    Object.keys(files)
      .sort()
      .map((p) => [p, files[p]!]),
  );
}

/** Data, seeds and catalogues: layout templates (HTML) change how the report looks, not what it says. */
export function contentHashOf(files: Record<string, string>): string {
  const content = Object.keys(files).filter(
    (p) => p.startsWith('data/') || p.startsWith('seeds/') || p.startsWith('templates/i18n/'),
  );
  return sha256(fileList(files, content));
}

/** A revision as the outputs show it: the published ones and, when pending, the current one. */
export interface RevisionStep {
  revision: number;
  date: string;
  contentHash: string;
  published: boolean;
}

/**
 * The input hash covers what the outputs depend on: the bytes read, the options that change them,
 * the code, and the revisions the report lists. Revisions enter by number, date and content hash
 * rather than by the bytes of published/, so freezing a build as revision N (`publish`) leaves the
 * same build up to date afterwards.
 */
export function buildStamp(
  files: Record<string, string>,
  options: BuildOptions,
  steps: readonly RevisionStep[],
): BuildStamp {
  const what = Object.fromEntries(Object.entries(options).filter(([key]) => !NOT_OUTPUT.has(key)));
  const text = `files\n${fileList(files, Object.keys(files))}options\n${canonicalJson(what)}\nrevisions\n${canonicalJson(steps)}\ncode\n${codeVersion()}\n`;
  return { inputHash: sha256(text), contentHash: contentHashOf(files), files };
}

function fileList(files: Record<string, string>, paths: string[]): string {
  return paths.map((p) => `${files[p]}  ${p}\n`).join('');
}

/**
 * Options left out of the input hash: paths say where, not what (their bytes are in `files`), the
 * command only says how far to go, render threads do not change the result, and the revision date
 * and release flag matter only through the revision they make (hashed as a step). Any other
 * option, present or future, is hashed.
 */
const NOT_OUTPUT = new Set(['paths', 'command', 'jobs', 'revisionDate', 'release', 'rerender']);

let cachedCodeVersion: string | undefined;

/**
 * sha256 of the pipeline's sources and the dependency lockfile: any code or dependency change
 * makes every earlier build out of date. Read once per process, from the files next to this one.
 */
export function codeVersion(): string {
  if (cachedCodeVersion) return cachedCodeVersion;
  const pipelineDir = PIPELINE_SOURCES;
  const root = PROJECT_ROOT;
  const hash = createHash('sha256');
  const sources = (readdirSync(pipelineDir, { recursive: true }) as string[])
    .filter((name) => /\.[cm]?[jt]s$/.test(name))
    .map((name) => name.split(sep).join('/'))
    .sort();
  for (const name of sources)
    hash
      .update(`${name}\n`)
      .update(readFileSync(join(pipelineDir, name)))
      .update('\n');
  for (const name of ['package.json', 'package-lock.json']) {
    try {
      hash.update(`${name}\n`).update(readFileSync(join(root, name)));
    } catch {
      hash.update(`${name}:missing\n`);
    }
  }
  cachedCodeVersion = hash.digest('hex');
  return cachedCodeVersion;
}
