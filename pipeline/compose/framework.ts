// The framework chapters: one per goal (areas → objectives → metrics), the 13 actions, and the
// three cross-cutting commitments. Titles come from the seeds (English) or the catalogue (Spanish).

import type { MilestoneEvent } from '../assess/rollup.js';
import type { Rollup } from '../assess/types.js';
import type { Action, CooperationArea, Goal, JointObjective, Metric } from '../core/types.js';
import type { ComposeContext } from './context.js';
import type { Block, Inline } from './document.js';
import { metricSection, sourceName, statusText } from './metrics.js';
import { eventReport, eventsOf, narrative, rollupStatusText } from './progress.js';

export function goalChapters(ctx: ComposeContext): Block[] {
  return ctx.model.framework.goals.map((goal) => goalChapter(ctx, goal));
}

function goalChapter(ctx: ComposeContext, goal: Goal): Block {
  const { t, fw } = ctx;
  const title = t.t('goal.heading', { number: goal.number, title: fw(`goal-${goal.number}.title`, goal.title) });
  const children: Block[] = [
    rollupStatus(ctx, `goal-${goal.number}`),
    { kind: 'paragraph', style: 'lead', inlines: [{ text: fw(`goal-${goal.number}.description`, goal.description) }] },
    citationOf(ctx, goal.citation.file),
    {
      kind: 'section',
      id: `goal-${goal.number}-summary`,
      level: 2,
      title: t.t('narrative.goal.title'),
      children: [
        narrative(ctx, `goal-${goal.number}`, 'goal'),
        ...milestoneTable(
          ctx,
          eventsOf(ctx).filter((e) => e.latest.goal === goal.number && !e.preLaunch),
          t.t('milestones.goalCaption', { number: goal.number }),
          true,
        ),
        ...milestoneTable(
          ctx,
          eventsOf(ctx).filter((e) => e.latest.goal === goal.number && e.preLaunch),
          t.t('milestones.preLaunchCaption', { number: goal.number }),
          true,
        ),
      ],
    },
  ];
  const metrics = ctx.model.data.metrics.filter((m) => m.goal === goal.number);
  for (const area of ctx.model.framework.areas.filter((a) => a.goal === goal.number)) {
    children.push(
      areaSection(
        ctx,
        area,
        metrics.filter((m) => m.area === area.code),
      ),
    );
  }
  const unplaced = metrics.filter((m) => !m.area);
  if (unplaced.length > 0) {
    children.push({
      kind: 'section',
      id: `goal-${goal.number}-other`,
      level: 2,
      title: t.t('goal.otherMetrics'),
      children: unplaced.map((m) => metricSection(ctx, m, 3)),
    });
  }
  return { kind: 'section', id: `goal-${goal.number}`, level: 1, title, tocTitle: title, children, pageBreak: true };
}

function areaSection(ctx: ComposeContext, area: CooperationArea, metrics: Metric[]): Block {
  const { t, fw } = ctx;
  const key = area.id;
  const children: Block[] = [rollupStatus(ctx, area.id)];
  for (const objective of ctx.model.framework.objectives.filter((o) => o.area === area.code)) {
    children.push(
      objectiveSection(
        ctx,
        objective,
        metrics.filter((m) => m.objective === objective.code),
      ),
    );
  }
  const areaOnly = metrics.filter((m) => !m.objective);
  children.push(...areaOnly.map((m) => metricSection(ctx, m, 3)));
  return {
    kind: 'section',
    id: area.id,
    level: 2,
    title: t.t('area.heading', { code: area.code, title: fw(`${key}.title`, area.title) }),
    children,
  };
}

function objectiveSection(ctx: ComposeContext, objective: JointObjective, metrics: Metric[]): Block {
  const { t, fw } = ctx;
  const children: Block[] = [{ kind: 'paragraph', inlines: [{ text: fw(`${objective.id}.text`, objective.text) }] }];
  if (metrics.length === 0)
    children.push({
      kind: 'paragraph',
      style: 'note',
      inlines: [{ text: t.t('objective.noMetric', { code: objective.code }) }],
    });
  children.push(...metrics.map((m) => metricSection(ctx, m, 4)));
  return {
    kind: 'section',
    id: objective.id,
    level: 3,
    title: t.t('objective.heading', { code: objective.code }),
    children,
  };
}

export function actionsChapter(ctx: ComposeContext): Block {
  const { t } = ctx;
  const children: Block[] = [{ kind: 'paragraph', style: 'lead', inlines: [{ text: t.t('actions.intro') }] }];
  for (const action of ctx.model.framework.actions) children.push(actionSection(ctx, action));
  return { kind: 'section', id: 'actions', level: 1, title: t.t('actions.title'), children, pageBreak: true };
}

function actionSection(ctx: ComposeContext, action: Action): Block {
  const { t, fw } = ctx;
  const r = ctx.rollup(action.id);
  const attached = ctx.model.data.metrics.filter((m) => m.actions.includes(action.number));
  const rated = attached.filter(
    (m) => m.tier === 'official' && ctx.assessmentsOf(m.id).some((a) => a.role === 'headline'),
  );
  const context = [
    ...attached.filter((m) => m.tier === 'official' && !rated.includes(m)),
    ...ctx.model.data.metrics.filter((m) => (r?.contextMetrics ?? []).includes(m.id)),
  ];
  const reported = attached.filter((m) => m.tier === 'statement');
  const events = eventsOf(ctx).filter((e) => e.latest.action === action.number);
  const evidence = events.filter((e) => e.latest.relation !== 'related' && !e.preLaunch);
  const related = events.filter((e) => e.latest.relation === 'related' && !e.preLaunch);
  const before = events.filter((e) => e.preLaunch);
  const children: Block[] = [
    { kind: 'paragraph', style: 'lead', inlines: [{ text: fw(`${action.id}.text`, action.text) }] },
    rollupStatus(ctx, action.id),
    narrative(ctx, action.id, 'action'),
  ];
  const list = (key: string, metrics: Metric[]) => {
    if (metrics.length === 0) return;
    children.push({ kind: 'paragraph', inlines: [{ text: t.t(key), strong: true }] });
    children.push({
      kind: 'list',
      ordered: false,
      items: metrics.map((m): Inline[] => [{ text: ctx.metricName(m), link: `#metric-${m.id}` }]),
    });
  };
  list('actions.ratedIndicators', rated);
  list('actions.contextSeries', context);
  list('actions.reportedFigures', reported);
  children.push(...milestoneTable(ctx, evidence, t.t('milestones.caption', { number: action.number })));
  children.push(...milestoneTable(ctx, related, t.t('milestones.relatedCaption', { number: action.number })));
  children.push(...milestoneTable(ctx, before, t.t('milestones.preLaunchActionCaption', { number: action.number })));
  if (r?.headline === 'not_rated') {
    const gap = t.has(`gap.${action.id}`)
      ? [{ text: ' ' }, { text: t.t('gap.seeDataGaps', { number: action.number }), link: '#gaps' }]
      : [];
    children.push({ kind: 'paragraph', style: 'note', inlines: [{ text: t.t('actions.gap') }, ...gap] });
  }
  return {
    kind: 'section',
    id: action.id,
    level: 2,
    title: t.t('action.shortHeading', { number: action.number, title: t.t(`${action.id}.short`) }),
    children,
  };
}

/** Milestone events as a table: the deliverable, what the latest report says (with its date), its source. */
function milestoneTable(
  ctx: ComposeContext,
  events: readonly MilestoneEvent[],
  caption: string,
  withAction = false,
): Block[] {
  const { t } = ctx;
  if (events.length === 0) return [];
  return [
    {
      kind: 'table',
      table: {
        caption,
        head: [
          t.t('milestones.text'),
          ...(withAction ? [t.t('milestones.action')] : []),
          t.t('milestones.report'),
          t.t('milestones.source'),
        ],
        rows: events.map((e) => [
          e.latest.text[ctx.lang],
          ...(withAction ? [t.t('action.number', { number: e.latest.action })] : []),
          eventReport(ctx, e),
          sourceName(ctx, e.latest.source, 'short'),
        ]),
        numeric: withAction ? [false, false, false, false] : [false, false, false],
        widths: withAction ? [4.2, 1.1, 2, 2.2] : [4.6, 2.2, 2.6],
      },
    },
  ];
}

export function commitmentsChapter(ctx: ComposeContext): Block {
  const { t, fw } = ctx;
  const commitments = ctx.model.framework.commitments;
  const children: Block[] = [{ kind: 'paragraph', style: 'lead', inlines: [{ text: t.t('commitments.intro') }] }];
  for (const c of commitments) {
    children.push({
      kind: 'section',
      id: c.id,
      level: 2,
      title: t.t('commitment.heading', { number: c.number, title: fw(`${c.id}.title`, c.title) }),
      children: [{ kind: 'paragraph', inlines: [{ text: t.t(`commitment.${c.number}.body`) }] }],
    });
  }
  if (commitments[0]) children.push(citationOf(ctx, commitments[0].citation.file));
  return { kind: 'section', id: 'commitments', level: 1, title: t.t('commitments.title'), children, pageBreak: true };
}

export function rollupStatus(ctx: ComposeContext, id: string): Block {
  const r: Rollup | undefined = ctx.rollup(id);
  const headline = r?.headline ?? 'not_rated';
  return {
    kind: 'status',
    code: headline,
    label: statusText(ctx, headline, r?.provisional ?? false),
    text: rollupStatusText(ctx, r),
  };
}

function citationOf(ctx: ComposeContext, file: string): Block {
  return { kind: 'citation', source: sourceName(ctx, file) };
}
