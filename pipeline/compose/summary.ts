// The executive summary: key figures of the year (each referring to its source in the annex), the
// scorecard of the 13 actions and 3 goals, and the benchmark gaps.

import type { ComposeContext } from './context.js';
import type { Block } from './document.js';
import { keyFigureTiles, scorecardSummary, scorecardTable } from './progress.js';
import { quotedCitation } from './quotes.js';

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
      { kind: 'section', id: 'key-figures', level: 2, title: t.t('summary.keyFigures'), children: [{ kind: 'paragraph', inlines: [{ text: t.t('summary.keyFiguresIntro') }] }, keyFigureTiles(ctx)] },
      {
        kind: 'section',
        id: 'scorecard',
        level: 2,
        title: t.t('summary.scorecard'),
        children: [{ kind: 'paragraph', inlines: [{ text: t.t('summary.scorecardIntro') }] }, ...scorecardSummary(ctx), { kind: 'table', table: scorecardTable(ctx) }],
      },
      { kind: 'section', id: 'gaps', level: 2, title: t.t('summary.gaps'), children: gapBlocks(ctx) },
    ],
  };
}

function gapBlocks(ctx: ComposeContext): Block[] {
  const { t, fw } = ctx;
  const gaps = ctx.assessment.gaps;
  if (gaps.length === 0) return [{ kind: 'paragraph', inlines: [{ text: t.t('summary.noGaps') }] }];
  return [
    { kind: 'paragraph', inlines: [{ text: t.plural('summary.gapsIntro', gaps.length, { total: ctx.model.framework.actions.length }) }] },
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
