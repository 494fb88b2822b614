// `explain <metric>`: where a published figure came from — its row in the data, its source and
// quoted sentence with the lines of the seed where that sentence stands, its assessment, and what
// the published revisions said about it.

import { join } from 'node:path';
import { distance } from 'fastest-levenshtein';
import type { Assessment } from '../assess/types.js';
import { formatValue } from '../compose/context.js';
import { formatter } from '../compose/format.js';
import { provenance, sortObservations, type FigureSource } from '../compose/provenance.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Effects } from '../effects.js';
import { COUNTRIES, type Country, type Metric, type Observation, type ReportModel, type Unit } from '../core/types.js';
import { observationChanges } from '../revisions/errata.js';
import type { Release } from '../revisions/releases.js';
import type { BuildOptions } from '../options.js';
import { optionsHelp } from './help.js';
import { UsageError, type Command } from './types.js';

export interface ExplainRequest {
  metric: string;
  country?: Country;
  period?: string;
  /** Folder of the published revisions (published/<year>/r<N>/). */
  published: string;
}

export const explainCommand: Command = {
  name: 'explain',
  summary: 'show where a published figure came from: data row, source, quote and seed lines, assessment, revisions',
  help: `Usage: hlsd-report explain <metric> [--country US|MX|BI] [--period P] [options]

Prints, for each figure of the metric (or the one chosen with --country and --period): the line of
data/observations.csv it comes from, its source, the quoted sentence with the value marked »like
this«, the seed file and lines where that sentence stands, the figure's number and anchor in the
report's annex, its assessment (status, method, ratio), and how the published revisions
(published/<year>/r<N>/) gave it.

Options:
${optionsHelp([['--country C', 'US, MX or BI'], ['--period P', 'a period as in the data: 2021, FY2022'], ['--published DIR', 'folder of the published revisions (default: published)'], 'year', 'data', 'seeds', 'help'])}`,
  options: { country: { type: 'string' }, period: { type: 'string' }, published: { type: 'string' } },
  allowPositionals: true,
  async run(ctx) {
    if (ctx.positionals.length !== 1)
      throw new UsageError(
        ctx.positionals.length === 0
          ? 'explain needs a metric id, e.g. "hlsd-report explain human-smuggling-defendants"'
          : `explain takes one metric id; got ${ctx.positionals.length}`,
      );
    const country = ctx.values.country === undefined ? undefined : String(ctx.values.country).toUpperCase();
    if (country !== undefined && !COUNTRIES.includes(country as Country))
      throw new UsageError(`--country takes ${COUNTRIES.join(', ')}; got "${ctx.values.country}"`);
    const period = ctx.values.period === undefined ? undefined : String(ctx.values.period).toUpperCase();
    if (period !== undefined && !/^(FY)?\d{4}$/.test(period))
      throw new UsageError(`--period takes a period as written in the data (2021, FY2022); got "${ctx.values.period}"`);
    const published = ctx.options.paths.published ?? 'published';
    const request: ExplainRequest = {
      metric: ctx.positionals[0]!,
      ...(country ? { country: country as Country } : {}),
      ...(period ? { period } : {}),
      published,
    };
    const result = await explain(request, ctx.options, ctx.effects);
    if ('diagnostics' in result) {
      ctx.report(result.diagnostics);
      return 1;
    }
    ctx.stdout(result.text);
    return 0;
  },
};

/** The explanation as text, or the problems that prevent it (invalid data, unknown metric or figure). */
export async function explain(
  request: ExplainRequest,
  options: BuildOptions,
  effects: Effects,
): Promise<{ text: string } | { diagnostics: Diagnostic[] }> {
  const [{ loadModel }, { assess }] = await Promise.all([import('../build.js'), import('../assess/index.js')]);
  const loaded = await loadModel({ paths: options.paths, year: options.year }, effects);
  if (!loaded.ok) return { diagnostics: loaded.diagnostics };
  const { model, validated } = loaded;
  const metric = model.data.metrics.find((m) => m.id === request.metric);
  const metricsFile = join(options.paths.data, 'metrics.csv');
  if (!metric) {
    const close = closeIds(
      request.metric,
      model.data.metrics.map((m) => m.id),
    );
    const hint =
      close.length > 0
        ? `did you mean ${close.map((id) => `"${id}"`).join(', ')}? (metric ids are the first column of ${metricsFile})`
        : `metric ids are the first column of ${metricsFile}: ${model.data.metrics.map((m) => m.id).join(', ')}`;
    return {
      diagnostics: [
        error({ file: metricsFile }, 'explain/unknown-metric', `there is no metric "${request.metric}"`, hint),
      ],
    };
  }
  const all = provenance(model).figures.filter((f) => f.metric.id === metric.id);
  const figures = all.filter(
    (f) =>
      (!request.country || f.observation.country === request.country) &&
      (!request.period || f.observation.period.label === request.period),
  );
  if (figures.length === 0) {
    const known = all.map((f) => `--country ${f.observation.country} --period ${f.observation.period.label}`);
    const asked = [request.country, request.period].filter(Boolean).join(' ');
    const hint =
      known.length > 0
        ? `the figures of ${metric.id} are: ${known.join('; ')}`
        : `add an observation of ${metric.id} to ${join(options.paths.data, 'observations.csv')}`;
    return {
      diagnostics: [
        error(
          { file: join(options.paths.data, 'observations.csv') },
          'explain/no-figure',
          `metric "${metric.id}" has no figure${asked ? ` for ${asked}` : ''}`,
          hint,
        ),
      ],
    };
  }
  const { readReleases } = await import('../revisions/releases.js');
  const { releases: revisions } = await readReleases(
    model.year,
    model.framework,
    { ...options, paths: { ...options.paths, published: request.published } },
    effects,
  );
  const assessments = assess(model).assessments.filter((a) => a.metric === metric.id);
  const units = new Map(validated.units.map((u) => [u.id, u]));
  const out: string[] = [metricHeader(metric, units.get(metric.unit), options)];
  for (const country of COUNTRIES) {
    const own = figures.filter((f) => f.observation.country === country);
    if (own.length === 0) continue;
    const a = assessments.find((x) => x.country === country);
    for (const f of sortFigures(own)) out.push(figureBlock(f, a, options, model, revisions, request.published));
    out.push(assessmentBlock(country, a));
  }
  return { text: `${out.join('\n\n')}\n` };
}

// ─── Text ───────────────────────────────────────────────────────────────────────────────────────

const row = (label: string, value: string) => `  ${label.padEnd(14)} ${value.replace(/\n/g, `\n  ${' '.repeat(15)}`)}`;

function metricHeader(metric: Metric, unit: Unit | undefined, options: BuildOptions): string {
  const place = [
    `goal ${metric.goal}`,
    metric.area ? `area ${metric.area}` : '',
    metric.objective ? `objective ${metric.objective}` : '',
    metric.actions.length > 0 ? `actions ${metric.actions.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return [
    `${metric.id} — ${metric.name.en} / ${metric.name.es}`,
    row('unit', unit ? `${unit.id} (${unit.label.en} / ${unit.label.es})` : metric.unit),
    row('direction', metric.direction),
    row('framework', place),
    row('defined at', `${metric.at.file}:${metric.at.line ?? 1}`),
  ].join('\n');
}

function figureBlock(
  f: FigureSource,
  a: Assessment | undefined,
  options: BuildOptions,
  model: ReportModel,
  revisions: readonly Release[],
  publishedDir: string,
): string {
  const o = f.observation;
  const unit = f.metric.unit;
  const used = a
    ? [
        a.baselinePeriod?.label === o.period.label ? 'baseline' : '',
        a.latestPeriod?.label === o.period.label ? 'latest value' : '',
      ]
        .filter(Boolean)
        .join(' and ')
    : '';
  const lines = [
    `${o.country} ${o.period.label} = ${o.value} ${unit} (${o.status})`,
    row(
      'printed as',
      `${formatValue(formatter('en'), o.value, unit)} (English) · ${formatValue(formatter('es'), o.value, unit)} (Spanish)`,
    ),
    row(
      'in the report',
      `entry [${f.number}] of the annex "Sources of the figures", anchor #${f.id}${used ? `; the ${used} of the assessment` : ''}`,
    ),
    row('data row', `${o.at.file}:${o.at.line ?? 1}`),
  ];
  if (f.seed) {
    lines.push(row('source', `${o.source} — “${f.seed.title}”, ${f.seed.publisher}, ${f.seed.date}`));
    if (f.quote) {
      const q = f.quote;
      lines.push(
        row(
          'quote',
          q.span
            ? `“${q.text.slice(0, q.span.start)}»${q.text.slice(q.span.start, q.span.end)}«${q.text.slice(q.span.end)}”`
            : `“${q.text}”`,
        ),
      );
      const seedPath = join(options.paths.seeds, o.source);
      lines.push(
        row(
          'in the seed',
          q.lines
            ? `${seedPath}:${q.lines[0]}${q.lines[1] !== q.lines[0] ? `-${q.lines[1]}` : ''}`
            : `${seedPath} (the sentence was not found; run "hlsd-report check")`,
        ),
      );
    } else lines.push(row('quote', 'none (the row quotes no sentence)'));
  } else {
    lines.push(row('source', `${o.source} (a publication outside the seed texts)`));
    lines.push(
      row(
        'quote',
        'none: the figure is not quoted from a seed text, so no sentence is checked; the note says where it is in the publication',
      ),
    );
  }
  if (o.note) lines.push(row('note', o.note));
  lines.push(row('revisions', revisionText(f, revisions, publishedDir, model.year)));
  return lines.join('\n');
}

function assessmentBlock(country: Country, a: Assessment | undefined): string {
  if (!a) return `assessment ${country}: none (no observation for this country)`;
  const num = (v: number | null | undefined) =>
    v === null || v === undefined ? '—' : String(Number(v.toPrecision(6)));
  const span =
    a.baselinePeriod && a.latestPeriod
      ? `baseline ${a.baselinePeriod.label} = ${num(a.baselineValue)}, latest ${a.latestPeriod.label} = ${num(a.latestValue)}`
      : a.latestPeriod
        ? `latest ${a.latestPeriod.label} = ${num(a.latestValue)}`
        : 'no observation up to the report year';
  return [
    `assessment ${country}: ${a.status}${a.provisional ? ' (provisional)' : ''}`,
    row('evidence', `${a.tier}, ${a.role}${a.rated ? ', rated' : ', not rated'} (phenomenon ${a.phenomenon})`),
    row('method', a.method),
    row('ratio', num(a.ratio)),
    row('change', num(a.change)),
    row('from', span),
    ...(a.reason ? [row('reason', a.reason)] : []),
    ...(a.note ? [row('caveat', a.note)] : []),
  ].join('\n');
}

function sortFigures(figures: FigureSource[]): FigureSource[] {
  const order = sortObservations(figures.map((f) => f.observation));
  return order.map((o) => figures.find((f) => f.observation === o)!);
}

/** Ids within a small edit distance, or sharing a word, nearest first (at most five). */
export function closeIds(wanted: string, ids: readonly string[]): string[] {
  const w = wanted.toLowerCase();
  const words = new Set(w.split(/[^a-z0-9]+/).filter((x) => x.length >= 3));
  const scored = ids.map((id) => {
    const d = distance(w, id);
    const shared = id.split('-').filter((x) => words.has(x)).length;
    return { id, d, shared };
  });
  return scored
    .filter((s) => s.d <= Math.max(3, Math.floor(w.length / 3)) || s.shared > 0 || s.id.includes(w) || w.includes(s.id))
    .sort((a, b) => b.shared - a.shared || a.d - b.d || a.id.localeCompare(b.id))
    .slice(0, 5)
    .map((s) => s.id);
}

// ─── Published revisions ────────────────────────────────────────────────────────────────────────
// Read by the revisions stage (readReleases): each revision's copy of the data, validated and
// modelled by the current rules; a figure's changes are the errata's (observationChanges).

/** How each published revision gave this figure, and what changed between them and the current data. */
function revisionText(f: FigureSource, releases: readonly Release[], publishedDir: string, year: number): string {
  if (releases.length === 0) return `no published revision (nothing under ${join(publishedDir, String(year))}/r<N>/)`;
  const o = f.observation;
  const lines: string[] = [];
  let previous: Observation | undefined;
  let previousName = '';
  for (const r of releases) {
    const name = `r${r.revision} (${r.date})`;
    if (!r.snapshot) {
      lines.push(
        `${name}: its data copy does not validate under the current rules (${r.problems ?? 1} problem(s)), so its figures cannot be compared`,
      );
      continue;
    }
    const found = r.snapshot.model.data.observations.find(
      (x) => x.metric === o.metric && x.country === o.country && x.period.label === o.period.label,
    );
    if (!found) lines.push(`${name}: not published`);
    else if (!previous) lines.push(`${name}: ${found.value} (${found.status})`);
    else lines.push(`${name}: ${changes(previous, found) || `unchanged since r${previousName}`}`);
    if (found) {
      previous = found;
      previousName = String(r.revision);
    }
  }
  lines.push(
    `current data: ${previous ? changes(previous, o) || `unchanged since r${previousName}` : 'new since the last published revision'}`,
  );
  return lines.join('\n');
}

function changes(before: Observation, after: Observation): string {
  return observationChanges(before, after)
    .map((c) =>
      c.field === 'value'
        ? `value ${c.old} → ${c.new}`
        : c.field === 'quote'
          ? 'quote changed'
          : `${c.field} ${c.old || '(empty)'} → ${c.new || '(empty)'}`,
    )
    .join('; ');
}
