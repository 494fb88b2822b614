// Where the project's TypeScript sources are, whether this code runs as TypeScript from pipeline/
// (through tsx) or compiled from dist/pipeline/. Code versions (build stamps, chart cache keys) hash
// these sources, so both ways of running give the same stamps and share the chart cache.

import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url)); // …/pipeline or …/dist/pipeline
const compiled = basename(dirname(here)) === 'dist';

/** The project's root folder (the one with package.json). */
export const PROJECT_ROOT = compiled ? join(here, '..', '..') : join(here, '..');

/** The project's pipeline/ folder of TypeScript sources. */
export const PIPELINE_SOURCES = join(PROJECT_ROOT, 'pipeline');
