// Validates observations.csv: one value per metric, country and period, a plain number fitting
// its unit, and (when the source is a seed) a quote that states it.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CsvRow, ParsedCsv } from '../ingest/csv.js';
import {
  COUNTRIES,
  type Country,
  type Observation,
  type ObservationStatus,
  type Period,
  type Qualifier,
  type SeedDocument,
  type StatedPeriod,
} from '../core/types.js';
import { nearest, parseEnum, parsePeriod, parsePlainNumber, show, type Parsed } from './cells.js';
import { checkCitation, type SourceRegistry } from './citation.js';
import type { MetricRef, MetricsResult } from './metrics.js';
import type { RuleId } from '../diagnostics/data-rules.js';
import { Sheet } from './sheet.js';

export const OBSERVATION_COLUMNS = [
  'metric',
  'country',
  'period',
  'stated_period',
  'compared_with',
  'value',
  'qualifier',
  'status',
  'source',
  'quote',
  'note',
] as const;
const REQUIRED = ['metric', 'country', 'period', 'value', 'status', 'source'] as const;
/** Columns added with the official series (2026-12): older files without them still read. */
const OPTIONAL = ['stated_period', 'compared_with', 'qualifier'] as const;
export const STATED_PERIODS = [
  'first-framework-year',
  'past-twelve-months',
  'cumulative',
  'partial-year',
  'as-of',
  'pledge',
] as const satisfies readonly StatedPeriod[];
export const OBSERVATION_STATUSES = [
  'final',
  'provisional',
  'underreported',
  'estimate',
] as const satisfies readonly ObservationStatus[];
export const QUALIFIERS = [
  'exact',
  'approximate',
  'lower_bound',
  'upper_bound',
] as const satisfies readonly Qualifier[];
const COUNTRY_CODES = COUNTRIES as unknown as readonly [Country, ...Country[]];

type Column = (typeof OBSERVATION_COLUMNS)[number];

export function validateObservations(
  parsed: ParsedCsv,
  metricsResult: MetricsResult,
  seeds: readonly SeedDocument[],
  registry: SourceRegistry,
  diagnostics: Diagnostic[],
): Observation[] {
  const sheet = new Sheet(
    parsed,
    { columns: OBSERVATION_COLUMNS, required: REQUIRED, optional: OPTIONAL, noRows: 'error' },
    diagnostics,
  );
  const metrics = metricsResult.refs;
  const observations: Observation[] = [];
  const firstLine = new Map<string, number>();
  const firstKind = new Map<string, { kind: Period['kind']; line: number }>();
  for (const row of sheet.rows) {
    const mark = sheet.mark();
    const metricId = sheet.cell(row, 'metric');
    const metric = metricId === undefined ? undefined : metrics.get(metricId);
    if (metricId !== undefined && !metric && metricsResult.complete) {
      const near = nearest(metricId, metrics.keys());
      sheet.report(
        sheet.at(row, 'metric'),
        'observation/unknown-metric',
        `metric ${show(metricId)} is not defined in metrics.csv`,
        near ? `did you mean ${near}?` : 'add the metric to metrics.csv or fix the spelling',
      );
    }
    const country = sheet.parse(
      row,
      'country',
      (c) => parseEnum(COUNTRY_CODES, c),
      () => 'observation/country',
    );
    const period = sheet.parse(row, 'period', parsePeriod, (kind) =>
      kind === 'period-year' ? 'observation/period-year' : 'observation/period',
    );
    const value = checkValue(sheet, row, metric);
    const status = sheet.parse(
      row,
      'status',
      (c) => parseEnum(OBSERVATION_STATUSES, c),
      () => 'observation/status',
    );
    const qualifier = sheet.parse(row, 'qualifier', parseQualifier, () => 'observation/qualifier') ?? 'exact';
    const comparedWith = checkComparedWith(sheet, row, period, metric);
    const statedPeriod = sheet.parse(
      row,
      'stated_period',
      (c) => parseEnum(STATED_PERIODS, c),
      () => 'observation/stated-period',
    );

    if (metric && period) {
      const first = firstKind.get(metric.id);
      if (!first) firstKind.set(metric.id, { kind: period.kind, line: row.line });
      else if (first.kind !== period.kind) {
        sheet.report(
          sheet.at(row, 'period'),
          'observation/period-kind-mixed',
          `metric ${metric.id} uses ${kindWords(first.kind)} (first on line ${first.line}) but this row has ${show(period.label)}`,
          `use one kind of period per metric: ${first.kind === 'fiscal' ? `FY${period.year}` : `${period.year}`} if that is what the source counts, or a separate metric`,
        );
      }
    }
    if (metricId !== undefined && country !== undefined && period !== undefined) {
      const key = `${metricId}\u0000${country}\u0000${period.label}`;
      const first = firstLine.get(key);
      if (first !== undefined)
        sheet.report(
          sheet.at(row, 'metric'),
          'observation/duplicate',
          `${metricId} ${country} ${period.label} is already given on line ${first}`,
          `keep one of lines ${first} and ${row.line}; put the revision history in the note`,
        );
      else firstLine.set(key, row.line);
    }
    const citation = checkCitation(
      sheet,
      row,
      'observation',
      seeds,
      registry,
      value === undefined ? undefined : { value, at: sheet.at(row, 'value') },
    );
    const note = sheet.cell(row, 'note');
    if (sheet.errorsSince(mark) || !metric || !country || !period || value === undefined || !status || !citation)
      continue;
    observations.push({
      metric: metric.id,
      country,
      period,
      value,
      status,
      ...(qualifier !== 'exact' ? { qualifier } : {}),
      ...(comparedWith ? { comparedWith } : {}),
      ...(statedPeriod ? { statedPeriod } : {}),
      source: citation.source,
      ...(citation.quote ? { quote: citation.quote } : {}),
      ...(citation.quoteLines ? { quoteLines: citation.quoteLines } : {}),
      ...(citation.valueSpan ? { valueSpan: citation.valueSpan } : {}),
      ...(note ? { note } : {}),
      at: sheet.rowAt(row),
    });
  }
  checkMetricPeriods(sheet, metrics, firstKind);
  return observations;
}

function checkValue(sheet: Sheet<Column>, row: CsvRow, metric: MetricRef | undefined): number | undefined {
  const value = sheet.parse(row, 'value', parsePlainNumber, (kind) => `observation/value-${kind}` as RuleId);
  const unit = metric?.unit;
  if (value === undefined || !unit) return value;
  if (unit.nonNegative && value < 0) {
    sheet.report(
      sheet.at(row, 'value'),
      'observation/value-negative',
      `value ${value} is negative but unit ${unit.id} (${unit.label.en}) cannot be`,
      'check the sign; a decrease is shown by comparing periods, not by a negative count',
    );
    return undefined;
  }
  if (unit.integer && !Number.isInteger(value)) {
    sheet.report(
      sheet.at(row, 'value'),
      'observation/value-integer',
      `value ${value} is not a whole number but unit ${unit.id} (${unit.label.en}) counts whole things`,
      'round to a whole number, or use a unit with integer=no',
    );
    return undefined;
  }
  return value;
}

/**
 * The period a stated change compares with ("a 23 percent increase over 2020"): a period of the
 * same kind, before the observation's own, on a metric counted in percent.
 */
function checkComparedWith(
  sheet: Sheet<Column>,
  row: CsvRow,
  period: Period | undefined,
  metric: MetricRef | undefined,
): Period | undefined {
  const compared = sheet.parse(row, 'compared_with', parsePeriod, () => 'observation/compared-with');
  if (!compared) return undefined;
  if (period && (compared.kind !== period.kind || compared.year >= period.year)) {
    sheet.report(
      sheet.at(row, 'compared_with'),
      'observation/compared-with',
      `compared_with ${show(compared.label)} must be ${kindWords(period.kind)} before ${period.label}`,
    );
    return undefined;
  }
  if (metric?.unit && metric.unit.id !== 'percent') {
    sheet.report(
      sheet.at(row, 'compared_with'),
      'observation/compared-with-unit',
      `compared_with ${show(compared.label)} is given but metric ${metric.id} is counted in ${metric.unit.id}, not percent`,
    );
    return undefined;
  }
  return compared;
}

/** A metric's baseline and target must be the same kind of period as its observations. */
function checkMetricPeriods(
  sheet: Sheet<Column>,
  metrics: Map<string, MetricRef>,
  kinds: Map<string, { kind: Period['kind']; line: number }>,
): void {
  for (const [id, first] of kinds) {
    for (const p of metrics.get(id)?.periods ?? []) {
      if (p.period.kind === first.kind) continue;
      sheet.report(
        p.at,
        'metric/period-kind-mismatch',
        `metric ${id} has period ${show(p.period.label)} but its observations use ${kindWords(first.kind)} (${sheet.file} line ${first.line})`,
        `write it as ${first.kind === 'fiscal' ? `FY${p.period.year}` : `${p.period.year}`}`,
      );
    }
  }
}

const kindWords = (kind: Period['kind']) =>
  kind === 'fiscal' ? 'fiscal years like FY2022' : 'calendar years like 2021';

/** The words sources qualify a figure with, and the qualifier each means (for the hint). */
const QUALIFIER_WORDS: Readonly<Record<string, Qualifier>> = {
  nearly: 'upper_bound',
  almost: 'upper_bound',
  'just under': 'upper_bound',
  'up to': 'upper_bound',
  'less than': 'upper_bound',
  under: 'upper_bound',
  casi: 'upper_bound',
  'menos de': 'upper_bound',
  over: 'lower_bound',
  'more than': 'lower_bound',
  'at least': 'lower_bound',
  above: 'lower_bound',
  'más de': 'lower_bound',
  'al menos': 'lower_bound',
  about: 'approximate',
  around: 'approximate',
  approximately: 'approximate',
  roughly: 'approximate',
  some: 'approximate',
  alrededor: 'approximate',
  aproximadamente: 'approximate',
  cerca: 'approximate',
};

/** A qualifier; a source's own word ("nearly", "more than") gets the qualifier it means as the hint. */
function parseQualifier(cell: string): Parsed<Qualifier> {
  const parsed = parseEnum(QUALIFIERS, cell);
  if (parsed.ok) return parsed;
  const meant = QUALIFIER_WORDS[cell.trim().toLowerCase().replace(/[_-]+/g, ' ')];
  return meant ? { ...parsed, hint: `"${cell.trim()}" in the source means ${meant}: write ${meant}` } : parsed;
}
