// Turns the four parsed data files into a Dataset, checking them against each other, the
// framework and the seeds, and returning every problem at once (parse problems included).

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ParsedCsv } from '../ingest/csv.js';
import type { Dataset, Framework, SeedDocument } from '../core/types.js';
import { validateMetrics } from './metrics.js';
import { validateMilestones } from './milestones.js';
import { validateObservations } from './observations.js';
import { validateSources } from './sources.js';
import { validateEditions } from './editions.js';
import { checkIndicators } from './indicators.js';
import { validateUnits, type Unit } from './units.js';

export interface DatasetInput {
  units: ParsedCsv;
  metrics: ParsedCsv;
  observations: ParsedCsv;
  milestones: ParsedCsv;
  /** Optional: a data folder without sources.csv cites seeds and publications only. */
  sources?: ParsedCsv;
  /** Optional: the report's own date per year (else the newest seed dates an unpublished build). */
  editions?: ParsedCsv;
}

export interface ValidatedDataset {
  /** Only rows without errors; check `diagnostics` with hasErrors() before using it. */
  dataset: Dataset;
  units: Unit[];
  /** The parse diagnostics of the four files followed by validation's, in check order (sort to print). */
  diagnostics: Diagnostic[];
}

export function validateDataset(input: DatasetInput, framework: Framework, seeds: SeedDocument[]): ValidatedDataset {
  const diagnostics: Diagnostic[] = [
    ...input.units.diagnostics,
    ...input.metrics.diagnostics,
    ...input.observations.diagnostics,
    ...input.milestones.diagnostics,
    ...(input.sources?.diagnostics ?? []),
    ...(input.editions?.diagnostics ?? []),
  ];
  const units = validateUnits(input.units, diagnostics);
  const metrics = validateMetrics(input.metrics, framework, units, diagnostics);
  const sources = validateSources(input.sources, diagnostics);
  const observations = validateObservations(input.observations, metrics, seeds, sources, diagnostics);
  const milestones = validateMilestones(input.milestones, framework, seeds, sources, diagnostics);
  const editions = validateEditions(input.editions, diagnostics);
  const rated = checkIndicators(
    metrics.metrics,
    observations,
    sources.sources,
    new Set(seeds.map((s) => s.file)),
    metrics.columnOf,
    diagnostics,
  );
  return {
    dataset: { metrics: rated, observations, milestones, sources: sources.sources, editions },
    units: units.units,
    diagnostics,
  };
}
