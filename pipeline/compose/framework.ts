// The framework chapters: one per goal (areas → objectives → metrics), the 13 actions, and the
// three cross-cutting commitments. Titles come from the seeds (English) or the catalogue (Spanish).

import type { Rollup } from '../assess/types.js';
import type { Action, CooperationArea, Goal, JointObjective, Metric, Milestone } from '../core/types.js';
import type { ComposeContext } from './context.js';
import type { Block, Inline } from './document.js';
import { metricSection, sourceName } from './metrics.js';
import { countsOf, milestoneReport, narrative } from './progress.js';

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
    { kind: 'section', id: `goal-${goal.number}-summary`, level: 2, title: t.t('narrative.goal.title'), children: [narrative(ctx, `goal-${goal.number}`, 'goal'), ...milestoneTable(ctx, ctx.model.data.milestones.filter((m) => m.goal === goal.number), t.t('milestones.goalCaption', { number: goal.number }), true)] },
  ];
  const metrics = ctx.model.data.metrics.filter((m) => m.goal === goal.number);
  for (const area of ctx.model.framework.areas.filter((a) => a.goal === goal.number)) {
    children.push(areaSection(ctx, area, metrics.filter((m) => m.area === area.code)));
  }
  const unplaced = metrics.filter((m) => !m.area);
  if (unplaced.length > 0) {
    children.push({ kind: 'section', id: `goal-${goal.number}-other`, level: 2, title: t.t('goal.otherMetrics'), children: unplaced.map((m) => metricSection(ctx, m, 3)) });
  }
  return { kind: 'section', id: `goal-${goal.number}`, level: 1, title, tocTitle: title, children, pageBreak: true };
}

function areaSection(ctx: ComposeContext, area: CooperationArea, metrics: Metric[]): Block {
  const { t, fw } = ctx;
  const key = area.id;
  const children: Block[] = [rollupStatus(ctx, area.id)];
  for (const objective of ctx.model.framework.objectives.filter((o) => o.area === area.code)) {
    children.push(objectiveSection(ctx, objective, metrics.filter((m) => m.objective === objective.code)));
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
  if (metrics.length === 0) children.push({ kind: 'paragraph', style: 'note', inlines: [{ text: t.t('objective.noMetric', { code: objective.code }) }] });
  children.push(...metrics.map((m) => metricSection(ctx, m, 4)));
  return { kind: 'section', id: objective.id, level: 3, title: t.t('objective.heading', { code: objective.code }), children };
}

export function actionsChapter(ctx: ComposeContext): Block {
  const { t } = ctx;
  const children: Block[] = [{ kind: 'paragraph', style: 'lead', inlines: [{ text: t.t('actions.intro') }] }];
  for (const action of ctx.model.framework.actions) children.push(actionSection(ctx, action));
  return { kind: 'section', id: 'actions', level: 1, title: t.t('actions.title'), children, pageBreak: true };
}

function actionSection(ctx: ComposeContext, action: Action): Block {
  const { t, fw } = ctx;
  const metrics = ctx.model.data.metrics.filter((m) => m.actions.includes(action.number));
  const milestones = ctx.model.data.milestones.filter((m) => m.action === action.number && m.relation !== 'related');
  const related = ctx.model.data.milestones.filter((m) => m.action === action.number && m.relation === 'related');
  const children: Block[] = [
    { kind: 'paragraph', style: 'lead', inlines: [{ text: fw(`${action.id}.text`, action.text) }] },
    rollupStatus(ctx, action.id),
    narrative(ctx, action.id, 'action'),
  ];
  if (metrics.length > 0) {
    children.push({ kind: 'paragraph', inlines: [{ text: t.t('actions.metrics'), strong: true }] });
    children.push({ kind: 'list', ordered: false, items: metrics.map((m): Inline[] => [{ text: ctx.metricName(m), link: `#metric-${m.id}` }]) });
  }
  children.push(...milestoneTable(ctx, milestones, t.t('milestones.caption', { number: action.number })));
  children.push(...milestoneTable(ctx, related, t.t('milestones.relatedCaption', { number: action.number })));
  if (metrics.length === 0 && milestones.length === 0 && related.length === 0) {
    children.push({ kind: 'paragraph', style: 'note', inlines: [{ text: t.t('actions.gap') }] });
  }
  return { kind: 'section', id: action.id, level: 2, title: t.t('action.shortHeading', { number: action.number, title: t.t(`${action.id}.short`) }), children };
}

/** Milestones as a table: the deliverable, what the sources report (with its date), the source. */
function milestoneTable(ctx: ComposeContext, milestones: readonly Milestone[], caption: string, withAction = false): Block[] {
  const { t } = ctx;
  if (milestones.length === 0) return [];
  return [{
    kind: 'table',
    table: {
      caption,
      head: [t.t('milestones.text'), ...(withAction ? [t.t('milestones.action')] : []), t.t('milestones.report'), t.t('milestones.source')],
      rows: milestones.map((m) => [m.text[ctx.lang], ...(withAction ? [t.t('action.number', { number: m.action })] : []), milestoneReport(ctx, m), sourceName(ctx, m.source, 'short')]),
      numeric: withAction ? [false, false, false, false] : [false, false, false],
      widths: withAction ? [4.2, 1.1, 2, 2.2] : [4.6, 2.2, 2.6],
    },
  }];
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
  const headline = r?.headline ?? 'no_benchmark';
  return { kind: 'status', code: headline, label: ctx.statusLabel(headline), text: r ? rollupCounts(ctx, r) : undefined };
}

function rollupCounts(ctx: ComposeContext, r: Rollup): string {
  const c = countsOf(r);
  return ctx.t.t('rollup.counts', { metrics: ctx.t.plural('count.metric', r.metrics.length), milestones: ctx.t.plural('count.milestone', c.done + c.inProgress + c.noReport) });
}

function citationOf(ctx: ComposeContext, file: string): Block {
  return { kind: 'citation', source: sourceName(ctx, file) };
}
