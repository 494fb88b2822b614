// What every compose helper needs: the model, the assessment, the translator and the formatter,
// plus lookups that turn codes into words in the document's language.

import type { Assessment, AssessmentResult, Rollup, StatusCode } from '../assess/types.js';
import type { Country, Lang, Metric, Observation, ReportModel, SeedDocument, Source, Unit } from '../core/types.js';
import { statusLabelKey } from '../core/status.js';
import { sourceDate as modelSourceDate } from '../model/index.js';
import { formatStyled, formatter, pairDigits, valueStyle, type Formatter } from './format.js';
import { qualifiedText } from './qualifiers.js';
import type { Translator } from './i18n.js';

export interface Revision {
  number: number;
  /** ISO date of this revision (data revision date). */
  date: string;
}

export interface ComposeInput {
  model: ReportModel;
  units: Unit[];
  assessment: AssessmentResult;
  revision: Revision;
  /** Output file names per language, for the language switch. */
  files: Record<Lang, string>;
  draft?: boolean;
}

export interface ComposeContext extends ComposeInput {
  lang: Lang;
  t: Translator;
  fmt: Formatter;
  /** Framework text in the document's language: English from the seeds, Spanish from the catalogue. */
  fw(key: string, english: string): string;
  metricName(metric: Metric): string;
  /** The metric's short name for second mentions in a paragraph (its full name when it has none). */
  shortName(metric: Metric): string;
  unitLabel(unitId: string): string;
  countryName(country: Country): string;
  statusLabel(code: StatusCode | Rollup['headline']): string;
  value(value: number, unitId: string): string;
  /**
   * An observation's value as the source bounds it, in the source's own word: "over 25 million",
   * "nearly $1.5 billion", "casi 108,000" (qualifiers.ts). Every printed figure of an observation goes
   * through here, so no qualifier is lost; given its metric and country, a value of a series whose
   * change is printed carries the decimals that let a reader recompute that change (seriesDigits).
   */
  observed(o: ObservedValue, unitId: string): string;
  /** Any printed text (a value, a rate worked out from it) with the source's word for the observation's bound. */
  qualify(o: ObservedValue, text: string): string;
  /** The decimals a metric × country series is printed with when its change needs more than the default. */
  seriesDigits(metric: string, country: Country): number | undefined;
  /** The period as the source states it, as a phrase for a sentence: "in 2021", "in the twelve months to October 14, 2022". */
  when(o: Pick<Observation, 'period' | 'statedPeriod' | 'source'>): string;
  /** The same, short, for a table cell or a tile: "2021", "12 months to October 2022". */
  periodShort(o: Pick<Observation, 'period' | 'statedPeriod' | 'source'>): string;
  seed(file: string): SeedDocument | undefined;
  /** A registered source of data/sources.csv (an official dataset or a later statement). */
  source(id: string): Source | undefined;
  observationsOf(metricId: string): Observation[];
  assessmentsOf(metricId: string): Assessment[];
  rollup(id: string): Rollup | undefined;
}

/** What `observed` reads of an observation: its value and bound, and when known its quote, metric and country. */
export type ObservedValue = Pick<Observation, 'value' | 'qualifier'> &
  Partial<Pick<Observation, 'quote' | 'valueSpan' | 'metric' | 'country'>>;

export function composeContext(input: ComposeInput, lang: Lang, t: Translator): ComposeContext {
  const fmt = formatter(lang);
  const digits = seriesDigits(input);
  const digitsOf = (o: ObservedValue) =>
    o.metric !== undefined && o.country !== undefined ? digits.get(`${o.metric}\u0000${o.country}`) : undefined;
  const units = new Map(input.units.map((u) => [u.id, u]));
  const obsByMetric = groupBy(input.model.data.observations, (o) => o.metric);
  const assessByMetric = groupBy(input.assessment.assessments, (a) => a.metric);
  const rollups = new Map(input.assessment.rollups.map((r) => [r.id, r]));
  const seeds = new Map(input.model.framework.seeds.map((s) => [s.file, s]));
  const sources = new Map(input.model.data.sources.map((s) => [s.id, s]));
  /** The date of the statement or dataset an observation comes from (YYYY-MM-DD or YYYY-MM). */
  const sourceDate = (source: string): string | undefined => {
    const date = modelSourceDate(source, input.model.framework.seeds, input.model.data.sources);
    return date && /^\d{4}-\d{2}/.test(date) ? date : undefined;
  };
  return {
    ...input,
    lang,
    t,
    fmt,
    fw: (key, english) => (lang === 'en' ? english : t.t(key)),
    metricName: (m) => m.name[lang],
    shortName: (m) => m.shortName?.[lang] ?? m.name[lang],
    unitLabel: (id) => units.get(id)?.label[lang] ?? t.t('unit.unknown'),
    countryName: (c) => t.t(`country.${c}`),
    statusLabel: (code) => t.t(statusLabelKey(code)),
    value: (v, unitId) => formatValue(fmt, v, unitId),
    observed: (o, unitId) => qualifiedText(t, o, formatStyled(fmt, valueStyle(unitId), o.value, digitsOf(o))),
    qualify: (o, text) => qualifiedText(t, o, text),
    seriesDigits: (metric, country) => digits.get(`${metric}\u0000${country}`),
    when: (o) => {
      if (!o.statedPeriod) return t.t('when.year', { period: fmt.period(o.period) });
      const date = sourceDate(o.source);
      return t.t(`when.${o.statedPeriod}`, {
        period: fmt.period(o.period),
        date: date ? fmt.date(date) : fmt.period(o.period),
      });
    },
    periodShort: (o) => {
      if (!o.statedPeriod) return fmt.period(o.period);
      const date = sourceDate(o.source);
      return t.t(`period.short.${o.statedPeriod}`, {
        period: fmt.period(o.period),
        month: date ? fmt.date(date.slice(0, 7)) : fmt.period(o.period),
      });
    },
    seed: (file) => seeds.get(file),
    source: (id) => sources.get(id),
    observationsOf: (id) => obsByMetric.get(id) ?? [],
    assessmentsOf: (id) => assessByMetric.get(id) ?? [],
    rollup: (id) => rollups.get(id),
  };
}

/** One way to write a value of a unit, shared by sentences, tiles, tables and charts (format.ts). */
export function formatValue(fmt: Formatter, value: number, unitId: string): string {
  return formatStyled(fmt, valueStyle(unitId), value);
}

/**
 * For each metric × country whose change is printed between two values ("1.53 → 1.25 (−18.6%)"),
 * the decimals its values need so the printed change can be recomputed from them (format.ts
 * pairDigits), applied to the whole series so its sentence, table, chart labels, key figure and
 * annex print one string per value. Series the defaults already serve are absent.
 */
function seriesDigits(input: ComposeInput): Map<string, number> {
  const units = new Map(input.model.data.metrics.map((m) => [m.id, m.unit]));
  const out = new Map<string, number>();
  for (const a of input.assessment.assessments) {
    if (
      a.change === null ||
      a.change === undefined ||
      a.comparedWith ||
      a.baselineValue === undefined ||
      a.latestValue === undefined
    )
      continue;
    if (!a.baselinePeriod || !a.latestPeriod || a.baselinePeriod.label === a.latestPeriod.label) continue;
    const unit = units.get(a.metric);
    if (unit === undefined) continue;
    const d = pairDigits(valueStyle(unit), a.baselineValue, a.latestValue);
    if (d === undefined) continue;
    const key = `${a.metric}\u0000${a.country}`;
    out.set(key, Math.max(d, out.get(key) ?? 0));
  }
  return out;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
