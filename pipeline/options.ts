// Build options, as the CLI parses them and tests construct them.

import type { Lang } from './model/types.js';
import type { Paper } from './render/pdf/definition.js';

export type Format = 'pdf' | 'html';

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
  langs: ['en', 'es'],
  formats: ['pdf', 'html'],
  paths: { data: 'data', seeds: 'seeds', templates: 'templates', out: 'out', cache: '.cache' },
  paper: 'letter',
  draft: false,
};
