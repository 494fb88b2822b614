// Published revisions (published/<year>/r<N>/): reading them back, deciding which revision the
// current build is, and the revision history (errata) between consecutive revisions.

import { join } from 'node:path';
import { assess } from '../assess/index.js';
import type { AssessmentResult } from '../assess/types.js';
import { hasErrors, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Effects } from '../effects.js';
import { parseCsv } from '../ingest/csv.js';
import { DATA_FILES, OPTIONAL_DATA_FILES, type DataFile } from '../ingest/index.js';
import { defaultRevisionDate } from '../model/index.js';
import { modelOfData } from '../model/load.js';
import type { Framework, ReportModel } from '../core/types.js';
import type { BuildOptions } from '../options.js';
import { diffData, type DataChanges, type DataSnapshot } from './errata.js';

/** Inside a revision folder: where the copy of the data the revision was built from lives. */
export const RELEASE_DATA_DIR = 'inputs/data';
export const RELEASE_INFO = 'revision.json';

/** revision.json of a published revision. */
export interface ReleaseInfo {
  generator: 'hlsd-report';
  year: number;
  revision: number;
  /** YYYY-MM-DD */
  date: string;
  contentHash: string;
  inputHash: string;
}

export interface Release extends ReleaseInfo {
  /** The revision folder, e.g. published/2022/r2. */
  dir: string;
  /** The revision's data, validated against the current framework; undefined when it no longer validates. */
  snapshot?: DataSnapshot;
  /** Without a snapshot: how many problems the current rules find in the revision's data copy. */
  problems?: number;
}

export interface RevisionInfo {
  number: number;
  date: string;
  /** Whether the revision is (or, while `publish` freezes it, is being) published. */
  published: boolean;
  /** True when the content differs from the last published revision (or none is published). */
  pending: boolean;
}

export interface RevisionEntry {
  revision: number;
  date: string;
  published: boolean;
  previous: { revision: number; date: string };
  /** undefined when one side's data no longer validates, so the changes cannot be listed. */
  changes?: DataChanges;
}

export interface RevisionHistory {
  year: number;
  current: RevisionInfo;
  /** Published revisions, oldest first. */
  releases: { revision: number; date: string }[];
  /** One entry per revision after the first, newest first. */
  entries: RevisionEntry[];
}

export function releaseYearDir(options: BuildOptions, year: number): string {
  return join(options.paths.published ?? 'published', String(year));
}

/** Every published revision of a year, oldest first; broken folders become warnings and are skipped. */
export async function readReleases(
  year: number,
  framework: Framework,
  options: BuildOptions,
  effects: Effects,
): Promise<{ releases: Release[]; diagnostics: Diagnostic[] }> {
  const yearDir = releaseYearDir(options, year);
  let names: string[];
  try {
    names = await effects.listDir(yearDir);
  } catch {
    return { releases: [], diagnostics: [] };
  }
  const numbers = revisionNumbers(names);
  const releases: Release[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const n of numbers) {
    const dir = join(yearDir, `r${n}`);
    const info = await readReleaseInfo(dir, effects);
    if (!info || info.revision !== n || info.year !== year) {
      diagnostics.push(
        warning(
          { file: join(dir, RELEASE_INFO) },
          'revisions/unreadable',
          `published revision r${n} has no valid ${RELEASE_INFO}; it is ignored`,
          `restore ${dir} from a copy, or remove it if it was never distributed`,
        ),
      );
      continue;
    }
    const data = await readReleaseData(dir, year, framework, effects);
    if (!data.snapshot) {
      diagnostics.push(
        warning(
          { file: join(dir, RELEASE_DATA_DIR) },
          'revisions/data-invalid',
          `the data copy of published revision r${n} does not validate under the current rules (${data.problems} problem(s)), so its corrections cannot be listed`,
          'the revision history omits the changes to and from this revision; the published files are unaffected',
        ),
      );
    }
    releases.push({ ...info, dir, ...(data.snapshot ? { snapshot: data.snapshot } : { problems: data.problems }) });
  }
  return { releases, diagnostics };
}

/** The revision numbers among the names of a year's folder (r1, r2…), ascending. */
export function revisionNumbers(names: readonly string[]): number[] {
  return names
    .map((n) => /^r([1-9]\d*)$/.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The years among the names of the published folder, ascending. */
export function publishedYears(names: readonly string[]): number[] {
  return names
    .filter((n) => /^\d{4}$/.test(n))
    .map(Number)
    .sort((a, b) => a - b);
}

/** The most revision.json may weigh: a few hundred bytes are written. */
export const RELEASE_INFO_MAX_BYTES = 64 * 1024;

/** revision.json of a revision folder, checked field by field; undefined when missing or invalid. */
export async function readReleaseInfo(dir: string, effects: Effects): Promise<ReleaseInfo | undefined> {
  try {
    const info = JSON.parse(
      (await effects.readFile(join(dir, RELEASE_INFO), RELEASE_INFO_MAX_BYTES)).toString('utf8'),
    ) as Partial<ReleaseInfo>;
    const ok =
      typeof info.revision === 'number' &&
      typeof info.year === 'number' &&
      typeof info.date === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(info.date) &&
      typeof info.contentHash === 'string' &&
      typeof info.inputHash === 'string';
    return ok ? (info as ReleaseInfo) : undefined;
  } catch {
    return undefined;
  }
}

async function readReleaseData(
  dir: string,
  year: number,
  framework: Framework,
  effects: Effects,
): Promise<{ snapshot?: DataSnapshot; problems: number }> {
  const parsed: Partial<Record<DataFile, ReturnType<typeof parseCsv>>> = {};
  for (const name of [...DATA_FILES, ...OPTIONAL_DATA_FILES]) {
    const file = join(dir, RELEASE_DATA_DIR, `${name}.csv`);
    try {
      parsed[name] = parseCsv(file, await effects.readFile(file));
    } catch {
      // A revision published before sources.csv existed has none.
      if ((DATA_FILES as readonly string[]).includes(name)) return { problems: 1 };
    }
  }
  const { units, metrics, observations, milestones, sources, editions } = parsed;
  const { model, problems } = modelOfData(
    {
      units: units!,
      metrics: metrics!,
      observations: observations!,
      milestones: milestones!,
      ...(sources ? { sources } : {}),
      ...(editions ? { editions } : {}),
    },
    framework,
    year,
    dir,
  );
  return model ? { snapshot: { model, assessment: assess(model) }, problems: 0 } : { problems };
}

/**
 * The revision this build is: the last published one when the content is the same, else the next
 * number. Builds never read the clock: a pending revision is dated by options.revisionDate (set by
 * `publish` and SOURCE_DATE_EPOCH), else provisionally by the newer of the seeds' date and the last
 * published date; `publish` stamps the real date.
 */
export function currentRevision(
  releases: readonly Release[],
  contentHash: string,
  model: Pick<ReportModel, 'framework' | 'data' | 'year'>,
  options: BuildOptions,
): RevisionInfo {
  const last = releases[releases.length - 1];
  if (last && last.contentHash === contentHash)
    return { number: last.revision, date: last.date, published: true, pending: false };
  const fallback = [defaultRevisionDate(model.framework, model.data, model.year), last?.date ?? ''].sort().pop()!;
  return {
    number: (last?.revision ?? 0) + 1,
    date: options.revisionDate ?? fallback,
    published: Boolean(options.release),
    pending: true,
  };
}

/** Errata between consecutive revisions, the pending one included, newest first. */
export function revisionHistory(input: {
  model: ReportModel;
  assessment: AssessmentResult;
  releases: readonly Release[];
  current: RevisionInfo;
}): RevisionHistory {
  const { releases, current } = input;
  type Step = { revision: number; date: string; published: boolean; snapshot?: DataSnapshot };
  const steps: Step[] = releases.map((r) => ({
    revision: r.revision,
    date: r.date,
    published: true,
    snapshot: r.snapshot,
  }));
  if (current.pending)
    steps.push({
      revision: current.number,
      date: current.date,
      published: current.published,
      snapshot: { model: input.model, assessment: input.assessment },
    });
  const entries: RevisionEntry[] = [];
  for (let i = steps.length - 1; i >= 1; i--) {
    const now = steps[i]!;
    const before = steps[i - 1]!;
    entries.push({
      revision: now.revision,
      date: now.date,
      published: now.published,
      previous: { revision: before.revision, date: before.date },
      ...(now.snapshot && before.snapshot ? { changes: diffData(before.snapshot, now.snapshot) } : {}),
    });
  }
  return {
    year: input.model.year,
    current,
    releases: releases.map((r) => ({ revision: r.revision, date: r.date })),
    entries,
  };
}

/** changes.json: the current revision's corrections first, then the whole history. */
export function changesJson(history: RevisionHistory): string {
  const latest = history.entries[0]?.revision === history.current.number ? history.entries[0] : undefined;
  const body = {
    generator: 'hlsd-report',
    year: history.year,
    revision: history.current.number,
    date: history.current.date,
    published: history.current.published,
    previous: latest?.previous ?? null,
    changes: latest ? (latest.changes ?? null) : null,
    history: history.entries,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
