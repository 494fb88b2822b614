// One metric's block: its status per country, a generated sentence, a chart or figure tile, the
// data table and the source notes. Wording comes from the catalogue; numbers from the formatter.
// Every figure carries a reference ("[5]") to its entry in the annex "Sources of the figures".

import type { Assessment } from '../assess/types.js';
import { COUNTRIES, type Metric, type Observation } from '../core/types.js';
import { isHeadline, phenomenonOf } from '../validate/indicators.js';
import type { ChartPoint, ChartRequest } from './charts.js';
import type { ComposeContext } from './context.js';
import type { Block, Figure, Inline, Table } from './document.js';
import { editionCaveat } from './vintages.js';
import { valueStyle } from './format.js';
import { provenance, sortObservations } from './provenance.js';

export { sortObservations } from './provenance.js';

export function metricSection(ctx: ComposeContext, metric: Metric, level: 2 | 3 | 4): Block {
  const observations = sortObservations(ctx.observationsOf(metric.id));
  const children: Block[] = [];
  for (const a of ctx.assessmentsOf(metric.id)) {
    // Only a headline series carries a status; a companion or a statement's figure says what it is instead.
    if (a.role === 'headline')
      children.push({
        kind: 'status',
        code: a.status,
        label: statusText(ctx, a.status, a.provisional),
        text: ctx.countryName(a.country),
      });
    else
      children.push({
        kind: 'status',
        code: 'not_rated',
        label: ctx.t.t(`role.${a.role}.label`),
        text: ctx.countryName(a.country),
      });
    children.push({ kind: 'paragraph', inlines: metricSentenceInlines(ctx, metric, a) });
  }
  // A pledge is a commitment, not a measurement: said so, and never assessed.
  for (const o of observations.filter((x) => x.statedPeriod === 'pledge')) {
    const text = ctx.t.t('sentence.pledge', {
      where: ctx.t.t(`country.${o.country}.in`),
      name: ctx.metricName(metric),
      value: ctx.observed(o, metric.unit),
      when: ctx.when(o),
    });
    children.push({ kind: 'paragraph', inlines: [{ text }, ...refInlines(ctx, o)] });
  }
  const figure = metricFigure(ctx, metric, observations);
  if (figure) children.push({ kind: 'figure', figure });
  else if (observations.length > 0) children.push(metricTiles(ctx, metric, observations));
  // The source's caveat, where the figure is.
  // (As this edition may print it: no later year outside the sources' dates, no drafting note; vintages.ts.)
  const caveat = editionCaveat(ctx, metric);
  if (caveat)
    children.push({
      kind: 'paragraph',
      style: 'note',
      inlines: [{ text: `${ctx.t.t('metric.caveat')} `, strong: true }, { text: caveat }],
    });
  children.push(...sourceNotes(ctx, observations));
  return { kind: 'section', id: `metric-${metric.id}`, level, title: ctx.metricName(metric), children };
}

/** A status label with its provisional mark: "Substantial progress (provisional)". */
export function statusText(ctx: ComposeContext, status: Assessment['status'], provisional: boolean): string {
  const label = ctx.statusLabel(status);
  return provisional && status !== 'not_rated' && status !== 'insufficient_data'
    ? ctx.t.t('status.provisional', { status: label })
    : label;
}

/** The plain-language sentence for one metric × country, generated from the assessment. */
export function metricSentence(ctx: ComposeContext, metric: Metric, a: Assessment): string {
  return metricSentenceInlines(ctx, metric, a)
    .map((i) => i.text)
    .join('');
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
  const short = ctx.shortName(metric);
  const cited = [
    observationAt(ctx, metric, a, a.baselinePeriod?.label),
    observationAt(ctx, metric, a, a.latestPeriod?.label),
  ];
  const shown = (value: number, o: Observation | undefined) =>
    o ? ctx.observed(o, metric.unit) : ctx.value(value, metric.unit);
  const latest = a.latestValue !== undefined ? shown(a.latestValue, cited[1]) + refMark(1) : '';
  const latestPeriod = a.latestPeriod ? fmt.period(a.latestPeriod) : '';
  const hasTrend =
    a.baselineValue !== undefined &&
    a.baselinePeriod &&
    a.latestPeriod &&
    a.baselinePeriod.label !== a.latestPeriod.label;
  let sentence: string;
  if (a.tier === 'statement' && a.latestValue !== undefined && cited[1]) {
    // What a government states about its own work: who said it, when, and for which period, as stated.
    const o = cited[1];
    const source = sourceName(ctx, o.source, 'short');
    const when =
      o.statedPeriod || !a.comparedWith
        ? ctx.when(o)
        : t.t('when.comparedWith', { period: fmt.period(o.period), comparedWith: fmt.period(a.comparedWith) });
    if (a.comparedWith) {
      const size = ctx.observed({ ...o, value: Math.abs(a.latestValue) }, metric.unit) + refMark(1);
      sentence = t.t(`sentence.reported.${a.latestValue < 0 ? 'fell' : 'rose'}`, {
        where,
        source,
        name,
        value: size,
        when,
      });
    } else sentence = t.t('sentence.reported', { where, source, name, value: latest, when });
    const check = crossCheckSentence(ctx, metric, a, o);
    if (check) sentence += ` ${check}`;
  } else if (hasTrend) {
    const direction = a.latestValue! > a.baselineValue! ? 'rose' : a.latestValue! < a.baselineValue! ? 'fell' : 'flat';
    sentence = t.t(`sentence.trend.${direction}`, {
      where,
      name,
      from: shown(a.baselineValue!, cited[0]) + refMark(0),
      fromPeriod: fmt.period(a.baselinePeriod!),
      to: latest,
      toPeriod: latestPeriod,
      change: a.change !== null ? fmt.signedPercent(a.change) : '',
    });
  } else if (a.latestValue !== undefined) {
    sentence = t.t('sentence.single', {
      where,
      name,
      value: latest,
      period: latestPeriod,
      when: cited[1] ? ctx.when(cited[1]) : t.t('when.year', { period: latestPeriod }),
    });
  } else {
    sentence = t.t('sentence.none', { where, name });
  }
  const out: Inline[] = [];
  const explanation =
    a.tier === 'statement'
      ? ''
      : a.role === 'companion'
        ? companionSentence(ctx, metric, a)
        : statusExplanation(ctx, a, short);
  const flag = a.tier === 'official' ? flagSentence(ctx, metric, a, cited[0], cited[1]) : '';
  const pieces = `${sentence} ${explanation} ${flag}`.replace(/\s+/g, ' ').trim().split(REF_MARK);
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

export const capitalised = (text: string): string => text.charAt(0).toLocaleUpperCase() + text.slice(1);

/** The publisher's acronym ("CDC") or name, for short sentences; '' for a seed. */
export function publisherShort(ctx: ComposeContext, metric: Metric): string {
  const publisher = ctx.source(metric.source)?.publisher[ctx.lang];
  return publisher ? (/\(([A-Z]{2,})\)/.exec(publisher)?.[1] ?? publisher) : '';
}

/** The headline series of a companion's phenomenon for the same country, if any. */
function headlineOf(ctx: ComposeContext, metric: Metric, a: Assessment): Metric | undefined {
  return ctx.model.data.metrics.find(
    (m) => m.id !== metric.id && phenomenonOf(m) === a.phenomenon && isHeadline(m, a.country),
  );
}

function companionSentence(ctx: ComposeContext, metric: Metric, a: Assessment): string {
  const headline = headlineOf(ctx, metric, a);
  const name = capitalised(ctx.shortName(metric));
  return headline
    ? ctx.t.t('role.companion.sentence', { name, headline: ctx.shortName(headline) })
    : ctx.t.t('role.companion.sentenceAlone', { name });
}

/**
 * A statement's figure beside the official series it repeats: the series' value for the same
 * period (or its nearest), so a reader sees whether the two agree. Never a status.
 */
function crossCheckSentence(ctx: ComposeContext, metric: Metric, a: Assessment, o: Observation): string {
  if (!metric.crossCheck) return '';
  const target = ctx.model.data.metrics.find((m) => m.id === metric.crossCheck);
  if (!target) return '';
  const own = ctx.observationsOf(target.id).filter((x) => x.country === o.country);
  if (own.length === 0) return '';
  // The same period if there is one; else the period nearest to it (a fiscal year beside a calendar one).
  const same = own.find((x) => x.period.label === o.period.label);
  const nearest =
    same ??
    [...own].sort(
      (x, y) =>
        Math.abs(x.period.year - o.period.year) - Math.abs(y.period.year - o.period.year) ||
        x.period.year - y.period.year,
    )[0]!;
  const key = target.tier === 'statement' ? 'crossCheck.statement' : 'crossCheck.official';
  return ctx.t.t(key, {
    stated: ctx.observed(o, metric.unit),
    series: ctx.shortName(target),
    source: publisherShort(ctx, target) || sourceName(ctx, target.source, 'short'),
    value: ctx.observed(nearest, target.unit),
    period: ctx.fmt.period(nearest.period),
  });
}

/**
 * What the publisher's flag on the latest value means, how large its own adjustment is, and how
 * far the value would have to move for the direction to reverse (docs/method.md §3).
 */
function flagSentence(
  ctx: ComposeContext,
  metric: Metric,
  a: Assessment,
  base: Observation | undefined,
  latest: Observation | undefined,
): string {
  if (!latest || latest.status === 'final' || !a.provisional) return '';
  const { t, fmt } = ctx;
  const name = ctx.shortName(metric);
  const parts = [
    t.t(`flag.${latest.status}`, {
      name,
      period: fmt.period(latest.period),
      publisher: publisherShort(ctx, metric) || sourceName(ctx, metric.source, 'short'),
    }),
  ];
  if (metric.adjustmentOf) {
    const raw = ctx
      .observationsOf(metric.adjustmentOf)
      .find((x) => x.country === latest.country && x.period.label === latest.period.label);
    const adjustment = raw && raw.value > 0 ? latest.value / raw.value - 1 : 0;
    if (raw && adjustment !== 0)
      parts.push(
        t.t(`flag.adjustment.${adjustment > 0 ? 'up' : 'down'}`, {
          name,
          publisher: publisherShort(ctx, metric),
          period: fmt.period(latest.period),
          size: fmt.percent(Math.abs(adjustment), 1),
        }),
      );
  }
  if (latest.status === 'underreported' && base && latest.value > 0 && base.value !== latest.value) {
    // A later release can only add records: the value that would bring the series back to its baseline.
    const needed = base.value / latest.value - 1;
    if (needed > 0)
      parts.push(t.t('flag.reversal', { name, period: fmt.period(latest.period), size: fmt.percent(needed, 1) }));
  }
  if (a.role === 'headline' && a.rated) parts.push(t.t('flag.provisionalStatus', { name }));
  return parts.join(' ');
}

/** The observation behind one end of an assessment (its baseline or latest period). */
export function observationAt(
  ctx: ComposeContext,
  metric: Metric,
  a: Assessment,
  period: string | undefined,
): Observation | undefined {
  if (!period) return undefined;
  return ctx.observationsOf(metric.id).find((o) => o.country === a.country && o.period.label === period);
}

/** "\u00a0[5]" linked to the figure's annex entry (the no-break space keeps it with the value). */
export function refInlines(ctx: ComposeContext, o: Observation): Inline[] {
  const f = provenance(ctx.model).of(o);
  if (!f) return [];
  return [{ text: '\u00a0' }, { text: ctx.t.t('provenance.ref', { number: f.number }), link: `#${f.id}` }];
}

function statusExplanation(ctx: ComposeContext, a: Assessment, name: string): string {
  const { t, fmt } = ctx;
  const status = statusText(ctx, a.status, a.provisional);
  switch (a.method) {
    case 'target_ratio':
      return t.t('explain.target', {
        name,
        status,
        ratio: a.ratio === null ? '—' : fmt.number(a.ratio, 2),
        target: a.targetValue !== undefined ? fmt.number(a.targetValue) : '',
        targetPeriod: a.targetPeriod ? fmt.period(a.targetPeriod) : '',
      });
    case 'cagr':
    case 'stated_change':
      return a.cagr === undefined
        ? t.t('explain.rated', { name, status })
        : t.t(`explain.cagr.${a.cagr < 0 ? 'fell' : 'rose'}`, { name, status, rate: fmt.percent(Math.abs(a.cagr), 1) });
    case 'descriptive':
      return t.t('explain.descriptive', { name });
    default:
      return t.t(`explain.insufficient.${a.reason ?? 'no_observation'}`, { name });
  }
}

function metricFigure(ctx: ComposeContext, metric: Metric, observations: Observation[]): Figure | undefined {
  const byCountry = new Map<string, Set<string>>();
  for (const o of observations) byCountry.set(o.country, (byCountry.get(o.country) ?? new Set()).add(o.period.label));
  const isSeries = [...byCountry.values()].some((periods) => periods.size >= 2);
  if (!isSeries && observations.length < 2) return undefined; // one point: a tile, not a chart
  const points = observations.map((o) => chartPoint(ctx, metric, o));
  const title = ctx.metricName(metric);
  const description = chartDescription(ctx, metric, observations, isSeries);
  const base = {
    id: `chart-${metric.id}-${ctx.lang}`,
    locale: ctx.fmt.locale,
    title,
    description,
    // The metric's unit decides how its numbers are written, by the one formatter of its table and
    // sentences (format.ts): the axis ticks with it, the value labels are its table cells' strings.
    valueFormat: { lang: ctx.lang, style: valueStyle(metric.unit) },
    valueTitle: ctx.unitLabel(metric.unit),
  };
  // The baseline as a reference line, when the metric has one and a single country carries it.
  const countries = new Set(observations.map((o) => o.country));
  const baseObs =
    metric.baselinePeriod && countries.size === 1
      ? observations.find((o) => o.period.label === metric.baselinePeriod!.label)
      : undefined;
  const baseline = baseObs
    ? { value: baseObs.value, label: ctx.t.t('chart.baseline', { period: ctx.fmt.period(baseObs.period) }) }
    : undefined;
  const chart: ChartRequest = isSeries
    ? {
        ...base,
        kind: 'timeseries',
        points,
        periodTitle: ctx.t.t('chart.period'),
        ...(baseline ? { baseline } : {}),
        ...(points.some((p) => p.flag) ? { flaggedLabel: ctx.t.t('chart.flagged') } : {}),
      }
    : { ...base, kind: 'bars', points };
  return {
    id: `figure-${metric.id}`,
    chart,
    alt: description,
    title,
    table: observationTable(ctx, metric, observations),
  };
}

function chartPoint(ctx: ComposeContext, metric: Metric, o: Observation): ChartPoint {
  const flag = o.status === 'provisional' || o.status === 'underreported' ? o.status : undefined;
  return {
    country: o.country,
    countryLabel: ctx.countryName(o.country),
    period: o.period.label,
    periodLabel: ctx.fmt.period(o.period),
    value: o.value,
    label: ctx.observed(o, metric.unit),
    ...(flag ? { flag } : {}),
  };
}

/** Alt text: what the chart shows, first and latest values, the trend. */
function chartDescription(ctx: ComposeContext, metric: Metric, observations: Observation[], isSeries: boolean): string {
  const parts = [
    ctx.t.t(isSeries ? 'chart.describe.series' : 'chart.describe.bars', {
      name: ctx.metricName(metric),
      unit: ctx.unitLabel(metric.unit),
    }),
  ];
  for (const country of COUNTRIES) {
    const own = observations.filter((o) => o.country === country);
    if (own.length === 0) continue;
    const first = own[0]!;
    const last = own[own.length - 1]!;
    parts.push(
      own.length === 1
        ? ctx.t.t('chart.describe.point', {
            country: ctx.countryName(country),
            value: ctx.observed(first, metric.unit),
            period: ctx.fmt.period(first.period),
          })
        : ctx.t.t('chart.describe.range', {
            country: ctx.countryName(country),
            from: ctx.observed(first, metric.unit),
            fromPeriod: ctx.fmt.period(first.period),
            to: ctx.observed(last, metric.unit),
            toPeriod: ctx.fmt.period(last.period),
          }),
    );
  }
  return parts.join(' ');
}

function metricTiles(ctx: ComposeContext, metric: Metric, observations: Observation[]): Block {
  return {
    kind: 'tiles',
    items: observations.map((o) => ({
      label: `${ctx.countryName(o.country)} · ${ctx.periodShort(o)}`,
      value: ctx.observed(o, metric.unit),
      ...tileNote(
        ctx,
        o,
        [ctx.unitLabel(metric.unit), o.status !== 'final' ? ctx.t.t(`observation.${o.status}`) : '']
          .filter(Boolean)
          .join(' · '),
      ),
    })),
  };
}

/** A tile's note ending with "source 5", linked to the annex entry (plain text for renderers without links). */
export function tileNote(
  ctx: ComposeContext,
  o: Observation,
  note: string,
): { note: string; noteInlines?: Inline[]; ref?: string } {
  const f = provenance(ctx.model).of(o);
  if (!f) return { note };
  const ref = ctx.t.t('provenance.tileRef', { number: f.number });
  const lead = note === '' ? '' : `${note} · `;
  return {
    note: lead + ref,
    noteInlines: [...(lead ? [{ text: lead }] : []), { text: ref, link: `#${f.id}` }],
    ref: f.id,
  };
}

export function observationTable(ctx: ComposeContext, metric: Metric, observations: Observation[]): Table {
  const { t } = ctx;
  const sources = provenance(ctx.model);
  const refs = observations.map((o) => sources.of(o));
  return {
    caption: t.t('table.metric.caption', { name: ctx.metricName(metric) }),
    head: [
      t.t('table.country'),
      t.t('table.period'),
      `${t.t('table.value')} (${ctx.unitLabel(metric.unit)})`,
      t.t('table.status'),
      t.t('table.source'),
    ],
    rows: observations.map((o, i) => [
      ctx.countryName(o.country),
      ctx.periodShort(o),
      ctx.observed(o, metric.unit),
      t.t(`observation.${o.status}`),
      refs[i] ? t.t('provenance.ref', { number: refs[i]!.number }) : '',
    ]),
    numeric: [false, false, true, false, false],
    richRows: refs.map((f) => [
      undefined,
      undefined,
      undefined,
      undefined,
      f ? [{ text: t.t('provenance.ref', { number: f.number }), link: `#${f.id}` }] : undefined,
    ]),
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
  // Each source sentence is printed once, in the annex "Sources of the figures"; the body names
  // the source and the annex entries that quote it, so no sentence is repeated in the body.
  return [...groups.values()].map((group): Block => {
    const o = group[0]!;
    const numbers = group.map((x) => sources.of(x)?.number).filter((n): n is number => n !== undefined);
    const refs = ctx.fmt.list(numbers.map((n) => ctx.t.t('provenance.ref', { number: n })));
    if (!o.quote)
      return {
        kind: 'citation',
        source: ctx.t.plural('citation.dataset', numbers.length, { source: sourceName(ctx, o.source), refs }),
      };
    return {
      kind: 'citation',
      source: ctx.t.plural('citation.quotedInAnnex', numbers.length, { source: sourceName(ctx, o.source), refs }),
    };
  });
}

/** A seed cited by its title and publisher in the document's language; other sources as written. */
/** `short` for table cells (e.g. "Joint statement, Oct. 14, 2022"); `full` adds the original title. */
export function sourceName(ctx: ComposeContext, source: string, full: boolean | 'short' = false): string {
  const seed = ctx.seed(source);
  if (!seed) {
    const registered = ctx.source(source);
    if (!registered) return source;
    const date = ctx.fmt.date(registered.date);
    const values = { publisher: registered.publisher[ctx.lang], title: registered.title[ctx.lang], date };
    if (full === 'short') return ctx.t.t('source.short', values);
    if (registered.kind === 'statement') return ctx.t.t('source.statement', values);
    return ctx.t.t(`source.dataset.${registered.dateRole ?? 'published'}`, values);
  }
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
