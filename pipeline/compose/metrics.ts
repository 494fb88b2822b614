// One metric's block: its status per country, a generated sentence, a chart or figure tile, the
// data table and the source notes. Wording comes from the catalogue; numbers from the formatter.

import type { Assessment } from '../assess/types.js';
import type { Metric, Observation } from '../model/types.js';
import type { ChartPoint, ChartRequest } from '../render/charts/types.js';
import type { ComposeContext } from './context.js';
import type { Block, Figure, Inline, Table } from './document.js';

const COUNTRY_ORDER = { US: 0, MX: 1, BI: 2 } as const;

export function metricSection(ctx: ComposeContext, metric: Metric, level: 2 | 3 | 4): Block {
  const observations = sortObservations(ctx.observationsOf(metric.id));
  const children: Block[] = [];
  for (const a of ctx.assessmentsOf(metric.id)) {
    children.push({ kind: 'status', code: a.status, label: ctx.statusLabel(a.status), text: ctx.countryName(a.country) });
    children.push({ kind: 'paragraph', inlines: [{ text: metricSentence(ctx, metric, a) }] });
  }
  const figure = metricFigure(ctx, metric, observations);
  if (figure) children.push({ kind: 'figure', figure });
  else if (observations.length > 0) children.push(metricTiles(ctx, metric, observations));
  children.push(...sourceNotes(ctx, observations));
  return { kind: 'section', id: `metric-${metric.id}`, level, title: ctx.metricName(metric), children };
}

/** The plain-language sentence for one metric × country, generated from the assessment. */
export function metricSentence(ctx: ComposeContext, metric: Metric, a: Assessment): string {
  const { t, fmt } = ctx;
  const where = t.t(`country.${a.country}.in`);
  const name = ctx.metricName(metric);
  const latest = a.latestValue !== undefined ? ctx.value(a.latestValue, metric.unit) : '';
  const latestPeriod = a.latestPeriod ? fmt.period(a.latestPeriod) : '';
  const hasTrend = a.baselineValue !== undefined && a.baselinePeriod && a.latestPeriod && a.baselinePeriod.label !== a.latestPeriod.label;
  let sentence: string;
  if (hasTrend) {
    const direction = a.latestValue! > a.baselineValue! ? 'rose' : a.latestValue! < a.baselineValue! ? 'fell' : 'flat';
    sentence = t.t(`sentence.trend.${direction}`, {
      where,
      name,
      from: ctx.value(a.baselineValue!, metric.unit),
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
  return `${sentence} ${statusExplanation(ctx, a)}`.trim();
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
      note: [ctx.unitLabel(metric.unit), o.status !== 'final' ? ctx.t.t(`observation.${o.status}`) : ''].filter(Boolean).join(' · '),
    })),
  };
}

export function observationTable(ctx: ComposeContext, metric: Metric, observations: Observation[]): Table {
  const { t } = ctx;
  return {
    caption: t.t('table.metric.caption', { name: ctx.metricName(metric) }),
    head: [t.t('table.country'), t.t('table.period'), `${t.t('table.value')} (${ctx.unitLabel(metric.unit)})`, t.t('table.status')],
    rows: observations.map((o) => [ctx.countryName(o.country), ctx.fmt.period(o.period), ctx.value(o.value, metric.unit), t.t(`observation.${o.status}`)]),
    numeric: [false, false, true, false],
  };
}

/** Source notes: the seed document and the quoted sentence, or the publication named. */
export function sourceNotes(ctx: ComposeContext, observations: Observation[]): Block[] {
  const seen = new Set<string>();
  const blocks: Block[] = [];
  for (const o of observations) {
    const key = `${o.source}\u0000${o.quote ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    blocks.push({ kind: 'citation', source: sourceName(ctx, o.source), ...(o.quote ? { quote: o.quote, label: ctx.t.t('citation.original') } : {}) });
  }
  return blocks;
}

/** A seed cited by its title and publisher in the document's language; other sources as written. */
export function sourceName(ctx: ComposeContext, source: string, full = false): string {
  const seed = ctx.seed(source);
  if (!seed) return source;
  return ctx.t.t(full ? 'source.seedFull' : 'source.seed', {
    title: ctx.t.t(`seed.${seed.role}.title`),
    publisher: ctx.t.t(`seed.${seed.role}.publisher`),
    date: seed.date.length > 4 ? ctx.fmt.date(seed.date) : seed.date,
    original: seed.title,
  });
}

export function sortObservations(observations: readonly Observation[]): Observation[] {
  return [...observations].sort(
    (a, b) => COUNTRY_ORDER[a.country] - COUNTRY_ORDER[b.country] || a.period.year - b.period.year || a.period.label.localeCompare(b.period.label),
  );
}

export function inlineText(text: string): Inline[] {
  return [{ text }];
}
