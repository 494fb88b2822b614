// What moved: the scorecard table (one row per goal and per action, status by colour and label,
// the counts behind it and one line of evidence), the short narrative of each goal and action,
// and the key figures chosen by rule. Every sentence comes from catalogue templates with plural
// rules; the choices (which fact is "most telling", which metric is a goal's headline) are rules
// written here and in docs/method.md §10.

import { JUDGED_STATUS_ORDER } from '../assess/method.js';
import type { Assessment, Rollup, StatusCode } from '../assess/types.js';
import type { Metric, Milestone, Observation } from '../core/types.js';
import type { ComposeContext } from './context.js';
import type { Block, Inline, Table } from './document.js';
import { observationAt, refInlines, sourceName } from './metrics.js';
import { provenance } from './provenance.js';

/** Judged statuses grouped for the narrative: progress, little change, deterioration. */
const PROGRESS: readonly StatusCode[] = ['target_achieved', 'on_track', 'substantial_progress', 'moderate_progress'];
const LITTLE: readonly StatusCode[] = ['acceleration_needed', 'limited_progress'];

export const isJudged = (a: Pick<Assessment, 'status'>): boolean => JUDGED_STATUS_ORDER.includes(a.status);

/** The counts a roll-up rests on: assessments judged, milestones done, in progress, with no report. */
export interface RollupCounts {
  judged: number;
  done: number;
  inProgress: number;
  /** No report, or reported not started: nothing delivered yet. */
  noReport: number;
  related: number;
}

export function countsOf(r: Rollup | undefined): RollupCounts {
  const judged = JUDGED_STATUS_ORDER.reduce((n, s) => n + (r?.counts[s] ?? 0), 0);
  return {
    judged,
    done: r?.milestones.done ?? 0,
    inProgress: r?.milestones.in_progress ?? 0,
    noReport: (r?.milestones.no_report ?? 0) + (r?.milestones.not_started ?? 0),
    related: r?.relatedIds.length ?? 0,
  };
}

/** The judged assessments attached to a roll-up. */
function judgedOf(ctx: ComposeContext, r: Rollup | undefined): { metric: Metric; a: Assessment }[] {
  if (!r) return [];
  const out: { metric: Metric; a: Assessment }[] = [];
  for (const id of r.metrics) {
    const metric = ctx.model.data.metrics.find((m) => m.id === id);
    if (!metric) continue;
    for (const a of ctx.assessmentsOf(id)) if (isJudged(a)) out.push({ metric, a });
  }
  return out;
}

/**
 * The most telling judged fact: the assessment with the largest direction-adjusted annual rate in
 * absolute value (the biggest move, good or bad); ties go to the metric listed first.
 */
export function mostTelling(ctx: ComposeContext, r: Rollup | undefined): { metric: Metric; a: Assessment } | undefined {
  let best: { metric: Metric; a: Assessment } | undefined;
  for (const x of judgedOf(ctx, r)) if (!best || Math.abs(x.a.ratio ?? 0) > Math.abs(best.a.ratio ?? 0)) best = x;
  return best;
}

/** The latest milestone reported done (by its date), else one in progress, else the first with no report. */
function telling(milestones: Milestone[]): Milestone | undefined {
  const done = milestones.filter((m) => m.status === 'done').sort((a, b) => (b.doneDate ?? '').localeCompare(a.doneDate ?? ''));
  return done[0] ?? milestones.find((m) => m.status === 'in_progress') ?? milestones[0];
}

/** What the sources report of a milestone, with its date: "Reported done by October 14, 2022". */
export function milestoneReport(ctx: ComposeContext, m: Milestone): string {
  if (m.status === 'done') return m.doneDate ? ctx.t.t('milestone.reportedDoneBy', { date: ctx.fmt.date(m.doneDate) }) : ctx.t.t('milestone.done');
  return ctx.t.t(`milestone.${m.status}`);
}

/** One line of evidence for a roll-up: a judged metric's move since its baseline, or a milestone. */
export function evidenceLine(ctx: ComposeContext, r: Rollup | undefined): Inline[] {
  const top = mostTelling(ctx, r);
  if (top) {
    const { metric, a } = top;
    const latest = observationAt(ctx, metric, a, a.latestPeriod?.label);
    const base = observationAt(ctx, metric, a, a.baselinePeriod?.label);
    const text = a.comparedWith && latest
      ? ctx.t.t('evidence.change', { name: ctx.metricName(metric), country: ctx.countryName(a.country), change: changeText(ctx, latest, metric), period: ctx.fmt.period(a.latestPeriod!), comparedWith: ctx.fmt.period(a.comparedWith) })
      : ctx.t.t('evidence.metric', {
          name: ctx.metricName(metric),
          country: ctx.countryName(a.country),
          from: base ? ctx.observed(base, metric.unit) : '',
          fromPeriod: a.baselinePeriod ? ctx.fmt.period(a.baselinePeriod) : '',
          to: latest ? ctx.observed(latest, metric.unit) : '',
          toPeriod: a.latestPeriod ? ctx.fmt.period(a.latestPeriod) : '',
        });
    return [{ text }, ...(latest ? refInlines(ctx, latest) : [])];
  }
  const ids = new Set(r?.milestoneIds ?? []);
  const m = telling(ctx.model.data.milestones.filter((x) => ids.has(x.id)));
  if (m) return [{ text: ctx.t.t('evidence.milestone', { text: m.text[ctx.lang], report: milestoneReport(ctx, m), source: sourceName(ctx, m.source, 'short') }) }];
  return [{ text: ctx.t.t('evidence.none') }];
}

/** A stated change, unsigned, with its qualifier and the word for its direction: "an increase of nearly 300%". */
function changeText(ctx: ComposeContext, o: Observation, metric: Metric): string {
  const size = ctx.observed({ value: Math.abs(o.value), qualifier: o.qualifier }, metric.unit);
  return ctx.t.t(o.value < 0 ? 'evidence.decreaseOf' : 'evidence.increaseOf', { size });
}

/** The scorecard: one row per goal, then per action; a table that is the chart (status by colour and label). */
export function scorecardTable(ctx: ComposeContext): Table {
  const { t, fw } = ctx;
  const rows = [
    ...ctx.model.framework.goals.map((g) => ({ id: g.id, label: t.t('goal.short', { number: g.number, title: fw(`${g.id}.title`, g.title) }), link: `#${g.id}` })),
    ...ctx.model.framework.actions.map((a) => ({ id: a.id, label: t.t('action.shortHeading', { number: a.number, title: t.t(`${a.id}.short`) }), link: `#${a.id}` })),
  ];
  const head = [t.t('scorecard.element'), t.t('table.status'), t.t('scorecard.counts'), t.t('scorecard.evidence')];
  const cells = rows.map((row) => {
    const r = ctx.rollup(row.id);
    const headline = r?.headline ?? 'no_benchmark';
    const c = countsOf(r);
    const evidence = evidenceLine(ctx, r);
    // One line per count, so the cell reads as a short list in a narrow column.
    const counts = [
      t.plural('scorecard.count.judged', c.judged),
      t.plural('scorecard.count.done', c.done),
      t.plural('scorecard.count.inProgress', c.inProgress),
      t.plural('scorecard.count.noReport', c.noReport),
    ].join('\n');
    return {
      text: [row.label, ctx.statusLabel(headline), counts, evidence.map((i) => i.text).join('')],
      rich: [[{ text: row.label, link: row.link }], [{ text: ctx.statusLabel(headline), status: headline }], undefined, evidence] as (Inline[] | undefined)[],
    };
  });
  return {
    caption: t.t('scorecard.caption', { year: ctx.model.year }),
    head,
    rows: cells.map((c) => c.text),
    richRows: cells.map((c) => c.rich),
    numeric: [false, false, false, false],
    widths: [2.5, 1.6, 1.7, 4.2],
  };
}

/** The summary's lines under the scorecard: how many actions and milestones stand where (plural rules). */
export function scorecardSummary(ctx: ComposeContext): Block[] {
  const { t } = ctx;
  const actions = ctx.model.framework.actions.map((a) => ctx.rollup(a.id));
  const total = actions.length;
  const judgedActions = actions.filter((r) => countsOf(r).judged > 0).length;
  const withMilestones = actions.filter((r) => (r?.milestoneIds.length ?? 0) > 0).length;
  const all = ctx.model.data.milestones.filter((m) => m.relation !== 'related');
  const done = all.filter((m) => m.status === 'done').length;
  const inProgress = all.filter((m) => m.status === 'in_progress').length;
  const noReport = all.length - done - inProgress;
  return [
    {
      kind: 'paragraph',
      inlines: [{
        text: [
          t.plural('summary.actionsJudged', judgedActions, { total }),
          t.plural('summary.actionsWithMilestones', withMilestones, { total }),
          t.t('summary.milestoneCounts', { milestones: t.plural('count.milestone', all.length), parts: ctx.fmt.list([t.plural('count.reportedDone', done), t.plural('count.inProgress', inProgress), t.plural('count.noReport', noReport)]) }),
        ].join(' '),
      }],
    },
  ];
}

/**
 * The narrative of a goal or an action, composed from its roll-up: what is measured, which way it
 * moved since the baseline, and what was delivered.
 */
export function narrative(ctx: ComposeContext, id: string, kind: 'goal' | 'action'): Block {
  const { t } = ctx;
  const r = ctx.rollup(id);
  const c = countsOf(r);
  const subject = t.t(`subject.${kind}`, { number: id.slice(id.indexOf('-') + 1) });
  const sentences: string[] = [];
  const assessed = r ? r.metrics.reduce((n, m) => n + ctx.assessmentsOf(m).length, 0) : 0;
  if (assessed === 0) sentences.push(t.t(`narrative.${kind}.noMetric`, { subject }));
  else {
    sentences.push(t.plural(`narrative.measured`, assessed, { subject, rated: t.plural('count.rated', c.judged) }));
    if (c.judged > 0) {
      const judged = judgedOf(ctx, r);
      const progress = judged.filter((x) => PROGRESS.includes(x.a.status)).length;
      const little = judged.filter((x) => LITTLE.includes(x.a.status)).length;
      const worse = judged.filter((x) => x.a.status === 'deterioration').length;
      const parts = [
        progress > 0 ? t.plural('narrative.progress', progress) : '',
        little > 0 ? t.plural('narrative.little', little) : '',
        worse > 0 ? t.plural('narrative.worse', worse) : '',
      ].filter(Boolean);
      sentences.push(t.t('narrative.direction', { subject, parts: ctx.fmt.list(parts) }));
      const top = mostTelling(ctx, r);
      if (top) sentences.push(t.t('narrative.largest', { subject, evidence: evidenceLine(ctx, r).filter((i) => !i.link).map((i) => i.text).join('').trim() }));
    }
  }
  const milestones = c.done + c.inProgress + c.noReport;
  if (milestones === 0) sentences.push(t.t(`narrative.${kind}.noMilestone`, { subject }));
  else sentences.push(t.t('narrative.milestones', { subject, milestones: t.plural('count.milestone', milestones), parts: ctx.fmt.list([t.plural('count.reportedDone', c.done), t.plural('count.inProgress', c.inProgress), t.plural('count.noReport', c.noReport)]) }));
  if (c.related > 0) sentences.push(t.plural('narrative.related', c.related, { subject }));
  return { kind: 'paragraph', inlines: [{ text: sentences.join(' ') }] };
}

/**
 * Key figures by rule (docs/method.md §10): for each goal, its most telling judged metric (the
 * largest direction-adjusted annual rate in absolute value) as a tile with the latest value, the
 * change since the baseline and the status; a goal without one shows its milestones delivered.
 */
export function keyFigureTiles(ctx: ComposeContext): Block {
  const items = ctx.model.framework.goals.map((goal) => {
    const r = ctx.rollup(goal.id);
    const top = mostTelling(ctx, r);
    const goalLabel = ctx.t.t('goal.short', { number: goal.number, title: ctx.fw(`${goal.id}.title`, goal.title) });
    if (top) {
      const { metric, a } = top;
      const latest = observationAt(ctx, metric, a, a.latestPeriod?.label)!;
      const f = provenance(ctx.model).of(latest);
      const change = a.comparedWith
        ? ctx.t.t('keyFigure.stated', { comparedWith: ctx.fmt.period(a.comparedWith) })
        : ctx.t.t('keyFigure.change', { change: a.change !== null ? ctx.fmt.signedPercent(a.change) : '—', baseline: a.baselinePeriod ? ctx.fmt.period(a.baselinePeriod) : '' });
      const lead = `${goalLabel} · ${ctx.fmt.period(latest.period)} · ${change} · ${ctx.statusLabel(a.status)}`;
      const ref = f ? ctx.t.t('provenance.tileRef', { number: f.number }) : '';
      return {
        label: `${ctx.metricName(metric)} (${ctx.countryName(a.country)})`,
        value: ctx.observed(latest, metric.unit),
        note: ref ? `${lead} · ${ref}` : lead,
        ...(f ? { noteInlines: [{ text: `${lead} · ` }, { text: ref, link: `#${f.id}` }] as Inline[], ref: f.id } : {}),
      };
    }
    const c = countsOf(r);
    const total = c.done + c.inProgress + c.noReport;
    return {
      label: ctx.t.t('keyFigure.milestones'),
      value: ctx.t.t('keyFigure.milestonesValue', { done: ctx.fmt.number(c.done), total: ctx.fmt.number(total) }),
      note: `${goalLabel} · ${ctx.statusLabel(r?.headline ?? 'no_benchmark')}`,
    };
  });
  return { kind: 'tiles', items };
}
