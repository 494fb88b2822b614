// Model: join the parsed framework and the validated data into the report model for one year.

import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Dataset, Framework, ReportModel, SeedDocument, Source } from '../core/types.js';

export function buildModel(
  framework: Framework,
  data: Dataset,
  year: number | undefined,
  dataDir: string,
): { model?: ReportModel; diagnostics: Diagnostic[] } {
  const years = data.observations.map((o) => o.period.year);
  const latest = years.length > 0 ? Math.max(...years) : undefined;
  const chosen = year ?? latest;
  if (chosen === undefined) {
    return {
      diagnostics: [
        error(
          { file: `${dataDir}/observations.csv` },
          'model/no-year',
          'there are no observations, so there is no reporting year',
          'add observations, or pass --year',
        ),
      ],
    };
  }
  if (year !== undefined && !years.includes(year)) {
    const known = [...new Set(years)].sort().join(', ');
    return {
      diagnostics: [
        error(
          { file: `${dataDir}/observations.csv` },
          'model/year-without-data',
          `no observation is reported for ${year}`,
          `choose one of the years in the data: ${known}`,
        ),
      ],
    };
  }
  return { model: { year: chosen, framework, data: asOfYear(data, framework, chosen) }, diagnostics: [] };
}

/** The date of the seed or registered source a row cites (a seed's date may be a bare year). */
export function sourceDate(
  source: string,
  seeds: readonly SeedDocument[],
  sources: readonly Source[],
): string | undefined {
  return seeds.find((s) => s.file === source)?.date ?? sources.find((s) => s.id === source)?.date;
}

/**
 * The data a report for `year` may use: observations of periods up to that year (a fiscal year by
 * its number), and milestones whose source was published by the end of that year. So the 2022
 * report reads the same when 2023 and 2024 rows are added (docs/method.md, "Reports for past years").
 */
export function asOfYear(data: Dataset, framework: Framework, year: number): Dataset {
  const dateOf = (source: string) => sourceDate(source, framework.seeds, data.sources);
  const observations = data.observations.filter((o) => o.period.year <= year);
  const milestones = data.milestones.filter((m) => {
    const published = dateOf(m.source);
    return published === undefined || Number(published.slice(0, 4)) <= year;
  });
  if (observations.length === data.observations.length && milestones.length === data.milestones.length) return data;
  return { ...data, observations, milestones };
}

/**
 * The date of a build that has no published revision yet: the report's own edition date for its
 * year (data/editions.csv), else the newest dated seed, so builds are reproducible.
 */
export function defaultRevisionDate(framework: Framework, data?: Pick<Dataset, 'editions'>, year?: number): string {
  const edition = data?.editions?.find((e) => e.year === year);
  if (edition) return edition.date;
  const dates = framework.seeds
    .map((s) => s.date)
    .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
    .sort();
  return dates[dates.length - 1] ?? '2022-10-14';
}
