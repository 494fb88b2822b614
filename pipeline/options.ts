// Build options, as the CLI parses them and tests construct them.

import { availableParallelism } from 'node:os';
import { error, type Diagnostic } from './diagnostics/diagnostic.js';
import { FORMAT_CODES, type Format } from './core/formats.js';
import { LANGS, type Lang } from './core/types.js';

/** PDF paper size. */
export type Paper = 'letter' | 'a4';

/** Defined with the other formats in core/formats.ts; named here too for the modules that import it from options. */
export type { Format };

export interface BuildOptions {
  command: 'build' | 'check';
  year?: number;
  langs: Lang[];
  formats: Format[];
  /** `published` holds the frozen revisions (published/<year>/r<N>/); default `published`. */
  paths: { data: string; seeds: string; templates: string; out: string; cache?: string; published?: string };
  paper: Paper;
  draft: boolean;
  /** Revision date override (ISO), normally from SOURCE_DATE_EPOCH. */
  revisionDate?: string;
  /** Render threads (`--jobs`); default one per core. The output bytes do not depend on it. */
  jobs?: number;
  /** Set by `publish`: the build being frozen describes its pending revision as published. */
  release?: boolean;
  /**
   * Render even when out/<year>/ is already up to date (files whose bytes are the same are still
   * not rewritten). `watch` sets it for its first build, so the render threads are warm before
   * the first correction.
   */
  rerender?: boolean;
}

export const DEFAULT_OPTIONS: BuildOptions = {
  command: 'build',
  langs: [...LANGS],
  formats: [...FORMAT_CODES],
  paths: { data: 'data', seeds: 'seeds', templates: 'templates', out: 'out', cache: '.cache' },
  paper: 'letter',
  draft: false,
};

/** The last second of 9999-12-31 UTC: later dates no longer have four-digit years. */
export const MAX_SOURCE_DATE_EPOCH = 253_402_300_799;

/** A problem with the environment the command runs in (exit 2, printed as a diagnostic). */
export class EnvironmentError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = 'EnvironmentError';
  }
}

/**
 * SOURCE_DATE_EPOCH as a date, or undefined when unset or empty. Anything other than a whole
 * number of seconds from 1970-01-01 to 9999-12-31 is refused rather than ignored or wrapped.
 */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): Date | undefined {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,12}$/.test(raw) || Number(raw) > MAX_SOURCE_DATE_EPOCH) {
    const shown = JSON.stringify(raw.length > 40 ? `${raw.slice(0, 39)}…` : raw);
    throw new EnvironmentError(
      error(
        { file: 'SOURCE_DATE_EPOCH' },
        'env/source-date-epoch',
        `${shown} is not a time from 1970 to 9999: it must be a whole number of seconds from 0 to ${MAX_SOURCE_DATE_EPOCH}`,
        'set it to the seconds since 1970-01-01 UTC (date +%s), or unset it to use the current time',
      ),
    );
  }
  return new Date(Number(raw) * 1000);
}

/** More render threads than cores only cost memory (each loads the renderers): --jobs is clamped to this. */
export function maxJobs(): number {
  return Math.max(2, availableParallelism());
}
