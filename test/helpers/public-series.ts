// Where the official reference series live: `../shared/public-series/` beside the project's
// checkout (the layout of this workplace), or HLSD_PUBLIC_SERIES. The project never copies these
// files; the tests read them to check the figures and sentences the project took from them.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT } from './cli.js';

const CANDIDATES = [
  process.env.HLSD_PUBLIC_SERIES,
  resolve(ROOT, '../shared/public-series'),
  '/work/shared/public-series',
].filter((p): p is string => typeof p === 'string' && p !== '');

/** The reference folder; throws (failing the test) when it cannot be found, rather than skipping. */
export function publicSeriesDir(): string {
  const found = CANDIDATES.find((p) => existsSync(join(p, 'series.csv')));
  if (!found)
    throw new Error(
      `the official reference series are not found (looked in ${CANDIDATES.join(', ')}); set HLSD_PUBLIC_SERIES to the public-series folder`,
    );
  return found;
}
