// The executive summary: key figures of the year (each referring to its source in the annex), the
// scorecard of the 13 actions and 3 goals, and the benchmark gaps.

import type { ScorecardCell, ScorecardChart } from '../render/charts/types.js';
import type { ComposeContext } from './context.js';
import type { Block, Figure } from './document.js';
import { sortObservations, tileNote } from './metrics.js';
import { quotedCitation } from './quotes.js';

const STATUS_LEGEND: ScorecardCell['status'][] = [
  'target_achieved', 'on_track', 'substantial_progress', 'moderate_progress', 'acceleration_needed',
  'limited_progress', 'deterioration', 'descriptive', 'insufficient_data', 'milestones_only', 'no_benchmark',
];

export function summaryChapter(ctx: ComposeContext): Block {
  const { t } = ctx;
  return {
    kind: 'section',
    id: 'summary',
    level: 1,
    title: t.t('summary.title'),
    pageBreak: true,
    children: [
      { kind: 'paragraph', style: 'lead', inlines: [{ text: t.t('summary.intro', { year: ctx.model.year }) }] },
      ...(ctx.model.framework.benchmarkDecision
        ? [quotedCitation(ctx, t.t('summary.decisionSource'), ctx.model.framework.benchmarkDecision.text, { translation: ctx.fw('benchmark-decision.text', ctx.model.framework.benchmarkDecision.text) })]
        : []),
      { kind: 'section', id: 'key-figures', level: 2, title: t.t('summary.keyFigures'), children: [keyFigures(ctx)] },
      { kind: 'section', id: 'scorecard', level: 2, title: t.t('summary.scorecard'), children: [{ kind: 'paragraph', inlines: [{ text: t.t('summary.scorecardIntro') }] }, { kind: 'figure', figure: scorecardFigure(ctx) }] },
      { kind: 'section', id: 'gaps', level: 2, title: t.t('summary.gaps'), children: gapBlocks(ctx) },
    ],
  };
}

/** The latest figure of each metric reported for the report year (or the year before), as tiles. */
function keyFigures(ctx: ComposeContext): Block {
  const year = ctx.model.year;
  const items = [];
  for (const metric of ctx.model.data.metrics) {
    const recent = sortObservations(ctx.observationsOf(metric.id)).filter((o) => o.period.year <= year && o.period.year >= year - 1);
    const o = recent[recent.length - 1];
    if (!o) continue;
    items.push({ label: ctx.metricName(metric), value: ctx.value(o.value, metric.unit), ...tileNote(ctx, o, `${ctx.countryName(o.country)} · ${ctx.fmt.period(o.period)}`) });
  }
  return { kind: 'tiles', items: items.slice(0, 9) };
}

export function scorecardFigure(ctx: ComposeContext): Figure {
  const { t, fw } = ctx;
  const rows: { id: string; label: string }[] = [
    ...ctx.model.framework.goals.map((g) => ({ id: g.id, label: t.t('goal.short', { number: g.number, title: fw(`${g.id}.title`, g.title) }) })),
    ...ctx.model.framework.actions.map((a) => ({ id: a.id, label: t.t('action.heading', { number: a.number }) })),
  ];
  const cells: ScorecardCell[] = rows.map((row, order) => {
    const status = ctx.rollup(row.id)?.headline ?? 'no_benchmark';
    return { row: row.label, order, status, statusLabel: ctx.statusLabel(status) };
  });
  const used = new Set(cells.map((c) => c.status));
  const chart: ScorecardChart = {
    kind: 'scorecard',
    id: `chart-scorecard-${ctx.lang}`,
    locale: ctx.fmt.locale,
    title: t.t('summary.scorecard'),
    description: t.plural('scorecard.describe', ctx.assessment.gaps.length, {
      goals: ctx.model.framework.goals.length,
      actions: ctx.model.framework.actions.length,
      gaps: ctx.assessment.gaps.length,
    }),
    valueFormat: ',.0f',
    valueTitle: t.t('table.status'),
    cells,
    legend: STATUS_LEGEND.filter((s) => used.has(s)).map((status) => ({ status, label: ctx.statusLabel(status) })),
  };
  return {
    id: 'figure-scorecard',
    chart,
    alt: chart.description,
    title: chart.title,
    table: {
      caption: t.t('summary.scorecard'),
      head: [t.t('scorecard.element'), t.t('table.status'), t.t('scorecard.metrics'), t.t('scorecard.milestones')],
      rows: rows.map((row, i) => {
        const r = ctx.rollup(row.id);
        return [row.label, cells[i]!.statusLabel, ctx.fmt.number(r?.metrics.length ?? 0), ctx.fmt.number(r?.milestoneIds.length ?? 0)];
      }),
      numeric: [false, false, true, true],
    },
  };
}

function gapBlocks(ctx: ComposeContext): Block[] {
  const { t, fw } = ctx;
  const gaps = ctx.assessment.gaps;
  if (gaps.length === 0) return [{ kind: 'paragraph', inlines: [{ text: t.t('summary.noGaps') }] }];
  return [
    { kind: 'paragraph', inlines: [{ text: t.t('summary.gapsIntro', { count: gaps.length }) }] },
    {
      kind: 'list',
      ordered: false,
      items: gaps.map((n) => {
        const action = ctx.model.framework.actions.find((a) => a.number === n);
        return [
          { text: t.t('action.heading', { number: n }), strong: true, link: `#action-${n}` },
          { text: ` — ${action ? fw(`${action.id}.text`, action.text) : ''}` },
        ];
      }),
    },
  ];
}
