// Test helpers: the real seeds from seeds/manifest.json, and a data directory read through parseCsv,
// with files a bad case leaves out taken from test/fixtures/good-small/.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../../pipeline/ingest/csv.js';
import type { SeedDocument, SeedRole } from '../../pipeline/core/types.js';
import type { DatasetInput } from '../../pipeline/validate/index.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = join(ROOT, 'test/fixtures');
export const GOOD_SMALL = join(FIXTURES, 'good-small');
export const BAD = join(FIXTURES, 'bad');
export const DATA_FILES = ['units.csv', 'metrics.csv', 'observations.csv', 'milestones.csv'] as const;

export function loadSeeds(): SeedDocument[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'seeds/manifest.json'), 'utf8')) as {
    seeds: { role: SeedRole; file: string; title: string; publisher: string; date: string }[];
  };
  return manifest.seeds.map((s) => ({ ...s, text: readFileSync(join(ROOT, 'seeds', s.file), 'utf8') }));
}

/** The bytes of one data file of a case, or of good-small when the case does not override it. */
export function caseBytes(dir: string, file: string): Buffer {
  const own = join(dir, file);
  return readFileSync(existsSync(own) ? own : join(GOOD_SMALL, file));
}

/** Parses a case's four files; diagnostics name files by their bare name ("observations.csv"). */
export function loadInput(dir: string): DatasetInput {
  const [units, metrics, observations, milestones] = DATA_FILES.map((f) => parseCsv(f, caseBytes(dir, f)));
  return { units, metrics, observations, milestones };
}
