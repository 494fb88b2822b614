// One metric's block: its status per country, a generated sentence, a chart or figure tile, the
// data table and the source notes. Wording comes from the catalogue; numbers from the formatter.
// Every figure carries a reference ("[5]") to its entry in the annex "Sources of the figures".

import type { Assessment } from '../assess/types.js';
import type { Metric, Observation } from '../model/types.js';
import type { ChartPoint, ChartRequest } from '../render/charts/types.js';
import type { ComposeContext } from './context.js';
import type { Block, Figure, Inline, Table } from './document.js';
import { provenance, sortObservations, type Span } from './provenance.js';
import { quotedCitation } from './quotes.js';

export { sortObservations } from './provenance.js';

export function metricSection(ctx: ComposeContext, metric: Metric, level: 2 | 3 | 4): Block {
  const observations = sortObservations(ctx.observationsOf(metric.id));
  const children: Block[] = [];
  for (const a of ctx.assessmentsOf(metric.id)) {
    children.push({ kind: 'status', code: a.status, label: ctx.statusLabel(a.status), text: ctx.countryName(a.country) });
    children.push({ kind: 'paragraph', inlines: metricSentenceInlines(ctx, metric, a) });
  }
  const figure = metricFigure(ctx, metric, observations);
  if (figure) children.push({ kind: 'figure', figure });
  else if (observations.length > 0) children.push(metricTiles(ctx, metric, observations));
  children.push(...sourceNotes(ctx, observations));
  return { kind: 'section', id: `metric-${metric.id}`, level, title: ctx.metricName(metric), children };
}

/** The plain-language sentence for one metric × country, generated from the assessment. */
export function metricSentence(ctx: ComposeContext, metric: Metric, a: Assessment): string {
  return metricSentenceInlines(ctx, metric, a).map((i) => i.text).join('');
}

// Private-use characters mark where a value ends inside a filled message, so the reference to the
// value's source can follow the value itself, wherever the language puts it in the sentence.
const REF_MARK = /\uE000(\d+)\uE001/;
const refMark = (i: number) => `\uE000${i}\uE001`;

/** The sentence as inlines, each value followed by a link to its entry in the annex. */
export function metricSentenceInlines(ctx: ComposeContext, metric: Metric, a: Assessment): Inline[] {
  const { t, fmt } = ctx;
  const where = t.t(`country.${a.country}.in`);
  const name = ctx.metricName(metric);
  const cited = [observationAt(ctx, metric, a, a.baselinePeriod?.label), observationAt(ctx, metric, a, a.latestPeriod?.label)];
  const latest = a.latestValue !== undefined ? ctx.value(a.latestValue, metric.unit) + refMark(1) : '';
  const latestPeriod = a.latestPeriod ? fmt.period(a.latestPeriod) : '';
  const hasTrend = a.baselineValue !== undefined && a.baselinePeriod && a.latestPeriod && a.baselinePeriod.label !== a.latestPeriod.label;
  let sentence: string;
  if (hasTrend) {
    const direction = a.latestValue! > a.baselineValue! ? 'rose' : a.latestValue! < a.baselineValue! ? 'fell' : 'flat';
    sentence = t.t(`sentence.trend.${direction}`, {
      where,
      name,
      from: ctx.value(a.baselineValue!, metric.unit) + refMark(0),
      fromPeriod: fmt.period(a.baselinePeriod!),
      to: latest,
      toPeriod: latestPeriod,
      change: a.change !== null ? fmt.signedPercent(a.change) : '',
    });
  } else if (a.latestValue !== undefined) {
    sentence = t.t('sentence.single', { where, name, value: latest, period: latestPeriod });
  } else {
    sentence = t.t('sentence.none', { where, name });
  }
  const out: Inline[] = [];
  const pieces = `${sentence} ${statusExplanation(ctx, a)}`.trim().split(REF_MARK);
  pieces.forEach((piece, i) => {
    if (i % 2 === 0) {
      if (piece !== '') out.push({ text: piece });
      return;
    }
    const o = cited[Number(piece)];
    if (o) out.push(...refInlines(ctx, o));
  });
  return out;
}

function observationAt(ctx: ComposeContext, metric: Metric, a: Assessment, period: string | undefined): Observation | undefined {
  if (!period) return undefined;
  return ctx.observationsOf(metric.id).find((o) => o.country === a.country && o.period.label === period);
}

/** "\u00a0[5]" linked to the figure's annex entry (the no-break space keeps it with the value). */
export function refInlines(ctx: ComposeContext, o: Observation): Inline[] {
  const f = provenance(ctx.model).of(o);
  if (!f) return [];
  return [{ text: '\u00a0' }, { text: ctx.t.t('provenance.ref', { number: f.number }), link: `#${f.id}` }];
}

function statusExplanation(ctx: ComposeContext, a: Assessment): string {
  const { t, fmt } = ctx;
  const status = ctx.statusLabel(a.status);
  switch (a.method) {
    case 'target_ratio':
      return t.t('explain.target', { status, ratio: a.ratio === null ? '—' : fmt.number(a.ratio, 2), target: a.targetValue !== undefined ? fmt.number(a.targetValue) : '', targetPeriod: a.targetPeriod ? fmt.period(a.targetPeriod) : '' });
    case 'cagr':
      return t.t('explain.cagr', { status, rate: a.ratio === null ? '—' : fmt.signedPercent(a.ratio) });
    case 'descriptive':
      return t.t('explain.descriptive');
    default:
      return t.t(`explain.insufficient.${a.reason ?? 'no_observation'}`);
  }
}

function metricFigure(ctx: ComposeContext, metric: Metric, observations: Observation[]): Figure | undefined {
  const byCountry = new Map<string, Set<string>>();
  for (const o of observations) byCountry.set(o.country, (byCountry.get(o.country) ?? new Set()).add(o.period.label));
  const isSeries = [...byCountry.values()].some((periods) => periods.size >= 2);
  if (!isSeries && observations.length < 2) return undefined; // one point: a tile, not a chart
  const points = observations.map((o) => chartPoint(ctx, o));
  const title = ctx.metricName(metric);
  const description = chartDescription(ctx, metric, observations, isSeries);
  const base = {
    id: `chart-${metric.id}-${ctx.lang}`,
    locale: ctx.fmt.locale,
    title,
    description,
    valueFormat: metric.unit === 'percent' || ctx.model.data.observations.every((o) => Number.isInteger(o.value)) ? ',.0f' : ',.1f',
    valueTitle: ctx.unitLabel(metric.unit),
  };
  const chart: ChartRequest = isSeries
    ? { ...base, kind: 'timeseries', points, periodTitle: ctx.t.t('chart.period') }
    : { ...base, kind: 'bars', points };
  return { id: `figure-${metric.id}`, chart, alt: description, title, table: observationTable(ctx, metric, observations) };
}

function chartPoint(ctx: ComposeContext, o: Observation): ChartPoint {
  return { country: o.country, countryLabel: ctx.countryName(o.country), period: o.period.label, periodLabel: ctx.fmt.period(o.period), value: o.value };
}

/** Alt text: what the chart shows, first and latest values, the trend. */
function chartDescription(ctx: ComposeContext, metric: Metric, observations: Observation[], isSeries: boolean): string {
  const parts = [ctx.t.t(isSeries ? 'chart.describe.series' : 'chart.describe.bars', { name: ctx.metricName(metric), unit: ctx.unitLabel(metric.unit) })];
  for (const country of ['US', 'MX', 'BI'] as const) {
    const own = observations.filter((o) => o.country === country);
    if (own.length === 0) continue;
    const first = own[0]!;
    const last = own[own.length - 1]!;
    parts.push(
      own.length === 1
        ? ctx.t.t('chart.describe.point', { country: ctx.countryName(country), value: ctx.value(first.value, metric.unit), period: ctx.fmt.period(first.period) })
        : ctx.t.t('chart.describe.range', { country: ctx.countryName(country), from: ctx.value(first.value, metric.unit), fromPeriod: ctx.fmt.period(first.period), to: ctx.value(last.value, metric.unit), toPeriod: ctx.fmt.period(last.period) }),
    );
  }
  return parts.join(' ');
}

function metricTiles(ctx: ComposeContext, metric: Metric, observations: Observation[]): Block {
  return {
    kind: 'tiles',
    items: observations.map((o) => ({
      label: `${ctx.countryName(o.country)} · ${ctx.fmt.period(o.period)}`,
      value: ctx.value(o.value, metric.unit),
      ...tileNote(ctx, o, [ctx.unitLabel(metric.unit), o.status !== 'final' ? ctx.t.t(`observation.${o.status}`) : ''].filter(Boolean).join(' · ')),
    })),
  };
}

/** A tile's note ending with "source 5", linked to the annex entry (plain text for renderers without links). */
export function tileNote(ctx: ComposeContext, o: Observation, note: string): { note: string; noteInlines?: Inline[]; ref?: string } {
  const f = provenance(ctx.model).of(o);
  if (!f) return { note };
  const ref = ctx.t.t('provenance.tileRef', { number: f.number });
  const lead = note === '' ? '' : `${note} · `;
  return { note: lead + ref, noteInlines: [...(lead ? [{ text: lead }] : []), { text: ref, link: `#${f.id}` }], ref: f.id };
}

export function observationTable(ctx: ComposeContext, metric: Metric, observations: Observation[]): Table {
  const { t } = ctx;
  const sources = provenance(ctx.model);
  const refs = observations.map((o) => sources.of(o));
  return {
    caption: t.t('table.metric.caption', { name: ctx.metricName(metric) }),
    head: [t.t('table.country'), t.t('table.period'), `${t.t('table.value')} (${ctx.unitLabel(metric.unit)})`, t.t('table.status'), t.t('table.source')],
    rows: observations.map((o, i) => [ctx.countryName(o.country), ctx.fmt.period(o.period), ctx.value(o.value, metric.unit), t.t(`observation.${o.status}`), refs[i] ? t.t('provenance.ref', { number: refs[i]!.number }) : '']),
    numeric: [false, false, true, false, false],
    richRows: refs.map((f) => [undefined, undefined, undefined, undefined, f ? [{ text: t.t('provenance.ref', { number: f.number }), link: `#${f.id}` }] : undefined]),
  };
}

/**
 * Source notes: the seed document and the quoted sentence, with the values it states for this
 * metric marked, or the publication named.
 */
export function sourceNotes(ctx: ComposeContext, observations: Observation[]): Block[] {
  const groups = new Map<string, Observation[]>();
  for (const o of observations) {
    const key = `${o.source}\u0000${o.quote ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  const sources = provenance(ctx.model);
  return [...groups.values()].map(([first, ...rest]): Block => {
    const o = first!;
    if (!o.quote) return { kind: 'citation', source: sourceName(ctx, o.source) };
    const spans = [o, ...rest].map((x) => sources.of(x)?.quote?.span).filter((s): s is Span => s !== undefined);
    return quotedCitation(ctx, sourceName(ctx, o.source), o.quote, { spans, values: [o, ...rest].map((x) => x.value) });
  });
}

/** A seed cited by its title and publisher in the document's language; other sources as written. */
/** `short` for table cells (e.g. "Joint statement, Oct. 14, 2022"); `full` adds the original title. */
export function sourceName(ctx: ComposeContext, source: string, full: boolean | 'short' = false): string {
  const seed = ctx.seed(source);
  if (!seed) return source;
  if (full === 'short') return ctx.t.t(`seed.${seed.role}.short`);
  return ctx.t.t(full ? 'source.seedFull' : 'source.seed', {
    title: ctx.t.t(`seed.${seed.role}.title`),
    publisher: ctx.t.t(`seed.${seed.role}.publisher`),
    date: seed.date.length > 4 ? ctx.fmt.date(seed.date) : seed.date,
    original: seed.title,
  });
}

export function inlineText(text: string): Inline[] {
  return [{ text }];
}
