// What moved: the one-page overview (goals and actions × countries), the key messages of each goal,
// the short narrative of each goal and action, and the key figures, all from the assessment: only
// rated official headline series carry a status; milestones and statements are counted beside it.
// The choices (which fact is "most telling") are rules written here and in docs/method.md §10.

import { GROWTH_THRESHOLDS } from '../assess/method.js';
import { STATUS_ORDER } from '../core/status.js';
import type { MilestoneEvent } from '../assess/rollup.js';
import type { Assessment, Rollup } from '../assess/types.js';
import type { Country, Metric, Milestone } from '../core/types.js';
import type { ComposeContext } from './context.js';
import type { Block, Inline, Table } from './document.js';
import { capitalised, observationAt, publisherShort, refInlines, statusText } from './metrics.js';
import { provenance } from './provenance.js';

/** The counts a roll-up rests on: rated phenomena, milestone events done, in progress, with no report. */
export interface RollupCounts {
  judged: number;
  done: number;
  inProgress: number;
  /** No report, or reported not started: nothing delivered yet. */
  noReport: number;
  related: number;
  preLaunch: number;
}

export function countsOf(r: Rollup | undefined): RollupCounts {
  const judged = Object.entries(r?.counts ?? {}).reduce((n, [, v]) => n + (v ?? 0), 0);
  return {
    judged,
    done: r?.milestones.done ?? 0,
    inProgress: r?.milestones.in_progress ?? 0,
    noReport: (r?.milestones.no_report ?? 0) + (r?.milestones.not_started ?? 0),
    related: r?.relatedIds.length ?? 0,
    preLaunch: r?.preLaunchIds.length ?? 0,
  };
}

/** The rated assessments behind a roll-up (official headline series only). */
export function ratedOf(ctx: ComposeContext, r: Rollup | undefined): { metric: Metric; a: Assessment }[] {
  if (!r) return [];
  const out: { metric: Metric; a: Assessment }[] = [];
  for (const id of r.metrics) {
    const metric = ctx.model.data.metrics.find((m) => m.id === id);
    if (!metric) continue;
    for (const a of ctx.assessmentsOf(id)) if (a.rated) out.push({ metric, a });
  }
  return out;
}

/**
 * The most telling rated fact: the assessment with the largest direction-adjusted annual rate in
 * absolute value (the biggest move, good or bad); ties go to the metric listed first.
 */
export function mostTelling(
  ctx: ComposeContext,
  r: Rollup | undefined,
  country?: Country,
): { metric: Metric; a: Assessment } | undefined {
  let best: { metric: Metric; a: Assessment } | undefined;
  for (const x of ratedOf(ctx, r)) {
    if (country && x.a.country !== country) continue;
    if (!best || Math.abs(x.a.ratio ?? 0) > Math.abs(best.a.ratio ?? 0)) best = x;
  }
  return best;
}

/** What the sources report of a milestone, with its date: "Reported done by October 14, 2022". */
export function milestoneReport(ctx: ComposeContext, m: Milestone): string {
  if (m.status === 'done')
    return m.doneDate
      ? ctx.t.t('milestone.reportedDoneBy', { date: ctx.fmt.date(m.doneDate) })
      : ctx.t.t('milestone.done');
  return ctx.t.t(`milestone.${m.status}`);
}

/** A milestone event's report: its latest status, and how many reports it rests on when it was updated. */
export function eventReport(ctx: ComposeContext, e: MilestoneEvent): string {
  const latest = milestoneReport(ctx, e.latest);
  return e.history.length > 1 ? ctx.t.t('milestone.updated', { report: latest, count: e.history.length }) : latest;
}

/** The milestones as events (an update and its parent are one), as assess made them. */
export function eventsOf(ctx: ComposeContext): readonly MilestoneEvent[] {
  return ctx.assessment.events;
}

/** "fell 12.2 % from 25.86 in 2021 to 22.71 in 2024": one rated move, with the values and their sources. */
export function moveInlines(ctx: ComposeContext, metric: Metric, a: Assessment): Inline[] {
  const nameOf = ctx.shortName;
  const base = observationAt(ctx, metric, a, a.baselinePeriod?.label);
  const latest = observationAt(ctx, metric, a, a.latestPeriod?.label);
  if (!base || !latest || a.change === null) return [{ text: nameOf(metric) }];
  const direction = latest.value > base.value ? 'rose' : latest.value < base.value ? 'fell' : 'flat';
  const text = ctx.t.t(`move.${direction}`, {
    name: nameOf(metric),
    where: ctx.t.t(`country.${a.country}.inside`),
    change: ctx.fmt.percent(Math.abs(a.change), 1),
    from: ctx.observed(base, metric.unit),
    fromPeriod: ctx.fmt.period(base.period),
    to: ctx.observed(latest, metric.unit),
    toPeriod: ctx.fmt.period(latest.period),
  });
  return [{ text }, ...refInlines(ctx, latest)];
}

/** Status per country in words: "United States: Substantial progress (provisional)". */
function countryStatuses(ctx: ComposeContext, r: Rollup | undefined): string {
  // Beside a "Not rated" badge: why, without saying "not rated" twice.
  if (!r || r.coverage === 'none') return ctx.t.t('status.noIndicator');
  const parts = (['US', 'MX', 'BI'] as const)
    .filter((c) => r.byCountry[c] !== undefined)
    .map((c) =>
      ctx.t.t('status.inCountry', {
        country: ctx.countryName(c),
        status: statusText(
          ctx,
          r.byCountry[c]!,
          ratedOf(ctx, r).some((x) => x.a.country === c && x.a.provisional),
        ),
      }),
    );
  const only = r.coverage === 'US' || r.coverage === 'MX' ? ` · ${ctx.t.t(`coverage.${r.coverage}`)}` : '';
  return parts.join(' · ') + only;
}

/** The status line of a goal, area, objective or action: the headline, per country, and the counts behind it. */
export function rollupStatusText(ctx: ComposeContext, r: Rollup | undefined): string {
  const c = countsOf(r);
  const counts = ctx.t.t('rollup.counts', {
    metrics: ctx.t.plural('count.ratedIndicator', c.judged),
    milestones: ctx.t.plural('count.milestone', c.done + c.inProgress + c.noReport),
  });
  return `${countryStatuses(ctx, r)} · ${counts}`;
}

/** A cell of the overview: the country's status as a badge, or "—" when the country has no rated series. */
function statusCell(ctx: ComposeContext, r: Rollup | undefined, country: Country): { text: string; rich: Inline[] } {
  const status = r?.byCountry[country];
  if (!status) return { text: '—', rich: [{ text: '—' }] };
  const provisional = ratedOf(ctx, r).some((x) => x.a.country === country && x.a.provisional);
  const label = statusText(ctx, status, provisional);
  return { text: label, rich: [{ text: label, status }] };
}

/** The latest rated move of a roll-up, as an arrow and a signed change: "↓ −31.7 % (2021–2024)". */
function trendCell(ctx: ComposeContext, r: Rollup | undefined): string {
  const top = mostTelling(ctx, r);
  if (!top || top.a.change === null || !top.a.baselinePeriod || !top.a.latestPeriod) return '—';
  const direction = ctx.t.t(`overview.${top.a.change > 0 ? 'up' : top.a.change < 0 ? 'down' : 'flat'}`);
  return ctx.t.t('overview.trend', {
    direction,
    change: ctx.fmt.percent(Math.abs(top.a.change), 1),
    country: ctx.t.t(`country.${top.a.country}.abbr`),
    from: ctx.fmt.period(top.a.baselinePeriod),
    to: ctx.fmt.period(top.a.latestPeriod),
  });
}

/** The overview: one row per goal and per action; statuses per country, the latest move, and separate counts. */
export function scorecardTable(ctx: ComposeContext): Table {
  const { t, fw } = ctx;
  const rows = [
    ...ctx.model.framework.goals.map((g) => ({
      id: g.id,
      label: t.t('goal.short', { number: g.number, title: fw(`${g.id}.title`, g.title) }),
      link: `#${g.id}`,
    })),
    ...ctx.model.framework.actions.map((a) => ({
      id: a.id,
      label: t.t('action.shortHeading', { number: a.number, title: t.t(`${a.id}.short`) }),
      link: `#${a.id}`,
    })),
  ];
  const head = [
    t.t('scorecard.element'),
    t.t('country.US'),
    t.t('country.MX'),
    t.t('overview.latestChange'),
    t.t('overview.indicators'),
    t.t('overview.milestones'),
  ];
  const cells = rows.map((row) => {
    const r = ctx.rollup(row.id);
    const c = countsOf(r);
    const us = statusCell(ctx, r, 'US');
    const mx = statusCell(ctx, r, 'MX');
    const trend = trendCell(ctx, r);
    const indicators = ctx.fmt.number(c.judged);
    const total = c.done + c.inProgress + c.noReport;
    const milestones =
      total === 0
        ? '—'
        : t.t('overview.milestonesValue', { done: ctx.fmt.number(c.done), total: ctx.fmt.number(total) });
    return {
      text: [row.label, us.text, mx.text, trend, indicators, milestones],
      rich: [[{ text: row.label, link: row.link }], us.rich, mx.rich, undefined, undefined, undefined] as (
        Inline[] | undefined
      )[],
    };
  });
  return {
    caption: t.t('scorecard.caption', { year: ctx.model.year }),
    head,
    rows: cells.map((c) => c.text),
    richRows: cells.map((c) => c.rich),
    numeric: [false, false, false, false, true, true],
    widths: [4.2, 1.6, 1.6, 1.9, 1.1, 1.2],
    dense: true,
  };
}

/** The legend of the overview: each status used, what it means, and how to read the columns. */
export function scorecardLegend(ctx: ComposeContext): Block {
  const used = new Set<string>();
  for (const r of ctx.assessment.rollups) for (const s of Object.values(r.byCountry)) if (s) used.add(s);
  // The legend lists the statuses used, most favourable first (the status order every output shares).
  const items: Inline[][] = STATUS_ORDER.filter((s) => used.has(s)).map((s) => [
    { text: ctx.statusLabel(s), status: s },
    {
      text: ` — ${ctx.t.t(`legend.${s}`, { high: ctx.fmt.percent(GROWTH_THRESHOLDS.substantialProgress, 1), mid: ctx.fmt.percent(GROWTH_THRESHOLDS.moderateProgress, 1) })}`,
    },
  ]);
  items.push([{ text: '—', strong: true }, { text: ` ${ctx.t.t('legend.none')}` }]);
  items.push([
    { text: ctx.t.t('legend.provisionalTerm'), strong: true },
    { text: ` — ${ctx.t.t('legend.provisional')}` },
  ]);
  items.push([{ text: ctx.t.t('legend.columnsTerm'), strong: true }, { text: ` — ${ctx.t.t('legend.columns')}` }]);
  return { kind: 'list', ordered: false, items };
}

/** The summary's line under the overview: how many actions are rated, how many milestone events stand where. */
export function scorecardSummary(ctx: ComposeContext): Block[] {
  const { t } = ctx;
  const actions = ctx.model.framework.actions.map((a) => ctx.rollup(a.id));
  const total = actions.length;
  const rated = actions.filter((r) => r && r.headline !== 'not_rated').length;
  const events = eventsOf(ctx).filter((e) => e.latest.relation !== 'related' && !e.preLaunch);
  const done = events.filter((e) => e.latest.status === 'done').length;
  const inProgress = events.filter((e) => e.latest.status === 'in_progress').length;
  const noReport = events.length - done - inProgress;
  return [
    {
      kind: 'paragraph',
      inlines: [
        {
          text: [
            t.plural('summary.actionsRated', rated, { total }),
            t.t('summary.milestoneCounts', {
              milestones: t.plural('count.milestone', events.length),
              parts: ctx.fmt.list([
                t.plural('count.reportedDone', done),
                t.plural('count.inProgress', inProgress),
                t.plural('count.noReport', noReport),
              ]),
            }),
          ].join(' '),
        },
      ],
    },
  ];
}

/**
 * Key messages of a goal (docs/method.md §10): its rated moves per country, largest first, each
 * with its size, its period and how sure it is; then what the milestones report. Two or three
 * sentences, all from the assessment.
 */
export function keyMessages(ctx: ComposeContext, goalId: string): Inline[][] {
  const { t } = ctx;
  const r = ctx.rollup(goalId);
  const rated = ratedOf(ctx, r).sort((x, y) => Math.abs(y.a.ratio ?? 0) - Math.abs(x.a.ratio ?? 0));
  const messages: Inline[][] = [];
  const seen = new Set<string>();
  for (const x of rated) {
    if (messages.length >= 2) break;
    // One message per country first, so both countries speak when both have data.
    if (seen.has(x.a.country) && rated.some((y) => !seen.has(y.a.country))) continue;
    seen.add(x.a.country);
    const status = statusText(ctx, x.a.status, x.a.provisional);
    const latest = observationAt(ctx, x.metric, x.a, x.a.latestPeriod?.label);
    const publisher = publisherShort(ctx, x.metric);
    const sure =
      x.a.provisional && latest && latest.status !== 'final'
        ? ` ${t.t(`message.flag.${latest.status}`, { period: ctx.fmt.period(latest.period), publisher })}`
        : '';
    const only = r?.coverage === 'US' || r?.coverage === 'MX' ? ` ${t.t(`message.only.${r.coverage}`)}` : '';
    messages.push([
      ...capitalise(moveInlines(ctx, x.metric, x.a)),
      { text: ` ${t.t('message.status', { status })}${sure}${only}` },
    ]);
  }
  if (rated.length === 0)
    messages.push([{ text: t.t('message.notRated', { subject: t.t('subject.goal', { number: goalId.slice(5) }) }) }]);
  const c = countsOf(r);
  const total = c.done + c.inProgress + c.noReport;
  if (total > 0)
    messages.push([
      {
        text: t.t('message.milestones', {
          done: ctx.fmt.number(c.done),
          total: t.plural('count.milestoneEvent', total),
          inProgress: ctx.fmt.number(c.inProgress),
        }),
      },
    ]);
  return messages;
}

function capitalise(inlines: Inline[]): Inline[] {
  const [first, ...rest] = inlines;
  if (!first) return inlines;
  return [{ ...first, text: first.text.charAt(0).toLocaleUpperCase() + first.text.slice(1) }, ...rest];
}

/**
 * The narrative of a goal or an action, composed from its roll-up: what is rated, which way it
 * moved since the baseline, and what the milestones report.
 */
export function narrative(ctx: ComposeContext, id: string, kind: 'goal' | 'action'): Block {
  const { t } = ctx;
  const r = ctx.rollup(id);
  const c = countsOf(r);
  const subject = t.t(`subject.${kind}`, { number: id.slice(id.indexOf('-') + 1) });
  const inlines: Inline[] = [];
  const say = (text: string) => inlines.push({ text: (inlines.length ? ' ' : '') + text });
  const rated = ratedOf(ctx, r);
  if (rated.length === 0) say(t.t(`narrative.${kind}.notRated`, { subject }));
  else {
    say(
      t.t('narrative.rated', {
        subject,
        indicators: t.plural('count.ratedIndicator', rated.length),
        statuses: countryStatuses(ctx, r),
      }),
    );
    // Each series once, by its short name and its move, linked to its section; the values are there.
    const items = rated.map((x) =>
      t.t('narrative.restItem', {
        name: ctx.shortName(x.metric),
        where: t.t(`country.${x.a.country}.inside`),
        change: x.a.change === null ? '—' : ctx.fmt.signedPercent(x.a.change),
        from: x.a.baselinePeriod ? ctx.fmt.period(x.a.baselinePeriod) : '',
        to: x.a.latestPeriod ? ctx.fmt.period(x.a.latestPeriod) : '',
        status: statusText(ctx, x.a.status, x.a.provisional),
      }),
    );
    say(capitalised(t.t('narrative.rests', { subject, list: ctx.fmt.list(items) })));
  }
  const milestones = c.done + c.inProgress + c.noReport;
  if (milestones === 0) say(t.t(`narrative.${kind}.noMilestone`, { subject }));
  else
    say(
      t.t('narrative.milestones', {
        subject,
        milestones: t.plural('count.milestoneEvent', milestones),
        parts: ctx.fmt.list([
          t.plural('count.reportedDone', c.done),
          t.plural('count.inProgress', c.inProgress),
          t.plural('count.noReport', c.noReport),
        ]),
      }),
    );
  if (c.preLaunch > 0) say(t.plural('narrative.preLaunch', c.preLaunch, { subject }));
  if (c.related > 0) say(t.plural('narrative.related', c.related, { subject }));
  return { kind: 'paragraph', inlines };
}

/**
 * Key figures by rule (docs/method.md §10): for each goal, its most telling rated series, with the
 * latest value (the report year's, or the latest published, saying which), the change since the
 * baseline and the status; a goal without one says that no official indicator rates it yet.
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
      const change = ctx.t.t('keyFigure.change', {
        change: a.change !== null ? ctx.fmt.signedPercent(a.change) : '—',
        baseline: a.baselinePeriod ? ctx.fmt.period(a.baselinePeriod) : '',
      });
      const year =
        latest.period.year === ctx.model.year
          ? ''
          : ` · ${ctx.t.t('keyFigure.latestAvailable', { period: ctx.fmt.period(latest.period) })}`;
      const lead = `${goalLabel} · ${ctx.fmt.period(latest.period)} · ${change} · ${statusText(ctx, a.status, a.provisional)}${year}`;
      const ref = f ? ctx.t.t('provenance.tileRef', { number: f.number }) : '';
      return {
        label: `${capitalised(ctx.shortName(metric))} (${ctx.countryName(a.country)})`,
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
      note: `${goalLabel} · ${ctx.t.t('status.notRatedWhy')}`,
    };
  });
  return { kind: 'tiles', items };
}
