// Where every published figure comes from: its stable id and annex number, its source and, for a
// figure quoted from a seed, where the sentence sits in the seed and where the value sits in it.
//
// Shared by compose (references and the annex), publish (the data companion) and the `explain`
// command, so the report, the open data and the command line name a figure the same way.

import type { Metric, Observation, ReportModel, SeedDocument } from '../core/types.js';
import { valueSpan } from '../validate/quote.js';
import type { Inline } from './document.js';

// One search for a value in its quote, shared with the quote check (validate/quote.ts).

import type { Span } from '../core/types.js';

export interface QuoteProvenance {
  /** The quoted sentence as written in the data. */
  text: string;
  /** Where the observation's value is written in the quote ("5,046", "$25.1 billion", "23 percent"). */
  span?: Span;
  /** 1-based inclusive line range of the sentence in the seed file, when found. */
  lines?: [number, number];
}

export interface FigureSource {
  /** Stable anchor, the same in both languages and every revision: `source-<metric>-<country>-<period>`. */
  id: string;
  /** 1-based position in the annex "Sources of the figures". */
  number: number;
  metric: Metric;
  observation: Observation;
  /** The seed document when the source is one of the seed files. */
  seed?: SeedDocument;
  /** The quoted sentence, for seed-cited figures. */
  quote?: QuoteProvenance;
}

export interface Provenance {
  /** Every figure in annex order: metrics in data order, then country (US, MX, BI) and period. */
  figures: FigureSource[];
  of(observation: Observation): FigureSource | undefined;
  find(metric: string, country: string, period: string): FigureSource | undefined;
}

const COUNTRY_ORDER = { US: 0, MX: 1, BI: 2 } as const;

/** Observations in reading order: United States, Mexico, binational; then by period. */
export function sortObservations(observations: readonly Observation[]): Observation[] {
  return [...observations].sort(
    (a, b) =>
      COUNTRY_ORDER[a.country] - COUNTRY_ORDER[b.country] ||
      a.period.year - b.period.year ||
      a.period.label.localeCompare(b.period.label),
  );
}

/** `source-human-smuggling-defendants-us-2021`: lowercase, so it reads like the other anchors. */
export function sourceId(o: Pick<Observation, 'metric' | 'country'> & { period: { label: string } }): string {
  return `source-${o.metric}-${o.country}-${o.period.label}`.toLowerCase();
}

const cache = new WeakMap<ReportModel, Provenance>();

/** The provenance of every observation of the model; computed once per model. */
export function provenance(model: ReportModel): Provenance {
  let p = cache.get(model);
  if (p) return p;
  const seeds = new Map(model.framework.seeds.map((s) => [s.file, s]));
  const figures: FigureSource[] = [];
  for (const metric of model.data.metrics) {
    for (const observation of sortObservations(model.data.observations.filter((o) => o.metric === metric.id))) {
      const seed = seeds.get(observation.source);
      const quote =
        seed && observation.quote ? quoteProvenance({ ...observation, quote: observation.quote }) : undefined;
      figures.push({
        id: sourceId(observation),
        number: figures.length + 1,
        metric,
        observation,
        ...(seed ? { seed } : {}),
        ...(quote ? { quote } : {}),
      });
    }
  }
  const byObservation = new Map(figures.map((f) => [f.observation, f]));
  const byKey = new Map(
    figures.map((f) => [key(f.observation.metric, f.observation.country, f.observation.period.label), f]),
  );
  p = {
    figures,
    of: (o) => byObservation.get(o),
    find: (metric, country, period) => byKey.get(key(metric, country.toUpperCase(), period.toUpperCase())),
  };
  cache.set(model, p);
  return p;
}

const key = (metric: string, country: string, period: string) => `${metric}\u0000${country}\u0000${period}`;

/** The quote with what validate found once: the value's span in it and its lines in the seed. */
function quoteProvenance(o: Observation & { quote: string }): QuoteProvenance {
  return {
    text: o.quote,
    ...(o.valueSpan ? { span: o.valueSpan } : {}),
    ...(o.quoteLines ? { lines: o.quoteLines } : {}),
  };
}

/** The quote as inline pieces, the spans marked; the pieces' texts join to the quote. */
export function markedQuote(quote: string, spans: readonly Span[]): Inline[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Inline[] = [];
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) continue; // overlapping spans: the first wins
    if (s.start > at) out.push({ text: quote.slice(at, s.start) });
    out.push({ text: quote.slice(s.start, s.end), mark: true });
    at = s.end;
  }
  if (at < quote.length) out.push({ text: quote.slice(at) });
  return out;
}
