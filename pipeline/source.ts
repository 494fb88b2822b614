// Where the project's TypeScript sources are, whether this code runs as TypeScript from pipeline/
// (through tsx) or bundled in dist/. Code versions (build stamps, chart cache keys) hash
// these sources, so both ways of running give the same stamps and share the chart cache.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url)); // …/pipeline, or …/dist when bundled

/** The project's root folder (the one with package.json). */
export const PROJECT_ROOT = join(here, '..');

/** The project's pipeline/ folder of TypeScript sources. */
export const PIPELINE_SOURCES = join(PROJECT_ROOT, 'pipeline');
