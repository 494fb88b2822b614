// The executive summary, for a reader with ten minutes: key messages per goal, key figures of the
// year, the one-page overview of goals and actions by country (with its legend), and the data gaps.
// Every sentence is composed from the assessment; nothing here is prose a data change could falsify.

import type { ComposeContext } from './context.js';
import type { Block, Inline } from './document.js';
import { keyFigureTiles, keyMessages, scorecardLegend, scorecardSummary, scorecardTable } from './progress.js';
import { quotedCitation } from './quotes.js';

export function summaryChapter(ctx: ComposeContext): Block {
  const { t, fw } = ctx;
  return {
    kind: 'section',
    id: 'summary',
    level: 1,
    title: t.t('summary.title'),
    pageBreak: true,
    children: [
      { kind: 'paragraph', style: 'lead', inlines: [{ text: t.t('summary.intro', { year: ctx.model.year }) }] },
      {
        kind: 'section',
        id: 'key-messages',
        level: 2,
        title: t.t('summary.keyMessages'),
        children: ctx.model.framework.goals.flatMap((g): Block[] => [
          {
            kind: 'paragraph',
            inlines: [
              {
                text: t.t('goal.short', { number: g.number, title: fw(`${g.id}.title`, g.title) }),
                strong: true,
                link: `#${g.id}`,
              },
            ],
          },
          { kind: 'list', ordered: false, items: keyMessages(ctx, g.id) },
        ]),
      },
      {
        kind: 'section',
        id: 'key-figures',
        level: 2,
        title: t.t('summary.keyFigures'),
        children: [{ kind: 'paragraph', inlines: [{ text: t.t('summary.keyFiguresIntro') }] }, keyFigureTiles(ctx)],
      },
      {
        kind: 'section',
        id: 'scorecard',
        level: 2,
        title: t.t('summary.scorecard'),
        pageBreak: true,
        children: [{ kind: 'table', table: scorecardTable(ctx) }, scorecardLegend(ctx), ...scorecardSummary(ctx)],
      },
      { kind: 'section', id: 'gaps', level: 2, title: t.t('summary.gaps'), children: gapBlocks(ctx) },
      ...(ctx.model.framework.benchmarkDecision
        ? [
            quotedCitation(ctx, t.t('summary.decisionSource'), ctx.model.framework.benchmarkDecision.text, {
              translation: ctx.fw('benchmark-decision.text', ctx.model.framework.benchmarkDecision.text),
            }),
          ]
        : []),
    ],
  };
}

/** The data gaps: the actions no official series rates (with the indicator that would), and the joint objectives without one. */
function gapBlocks(ctx: ComposeContext): Block[] {
  const { t, fw } = ctx;
  const gaps = ctx.assessment.gaps;
  const objectives = ctx.assessment.objectiveGaps;
  const blocks: Block[] = [];
  if (gaps.length === 0) blocks.push({ kind: 'paragraph', inlines: [{ text: t.t('summary.noGaps') }] });
  else {
    blocks.push({
      kind: 'paragraph',
      inlines: [{ text: t.plural('summary.gapsIntro', gaps.length, { total: ctx.model.framework.actions.length }) }],
    });
    blocks.push({
      kind: 'list',
      ordered: false,
      items: gaps.map((n): Inline[] => {
        const id = `action-${n}`;
        const proposal = t.has(`gap.${id}`) ? ` ${t.t(`gap.${id}`)}` : '';
        return [
          { text: t.t('action.shortHeading', { number: n, title: t.t(`${id}.short`) }), strong: true, link: `#${id}` },
          { text: `.${proposal}` },
        ];
      }),
    });
  }
  if (objectives.length > 0) {
    const total = ctx.model.framework.objectives.length;
    blocks.push({
      kind: 'paragraph',
      inlines: [
        { text: t.plural('summary.objectiveGaps', objectives.length, { total, list: ctx.fmt.list(objectives) }) },
      ],
    });
  }
  return blocks;
}
