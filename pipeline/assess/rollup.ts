// Rolls metric assessments and milestones up to each goal, area, objective and action of the
// framework, with a headline status per element and the list of actions that have no benchmark.

import type { Dataset, Framework, Metric, Milestone } from '../core/types.js';
import { JUDGED_STATUS_ORDER } from './method.js';
import type { Assessment, MilestoneHeadline, MilestoneStatusCode, Rollup, RollupHeadline, RollupLevel, StatusCode } from './types.js';

export const MILESTONE_ORDER: readonly MilestoneStatusCode[] = ['no_report', 'not_started', 'in_progress', 'done'];

/**
 * What a set of milestones says, by the rule of docs/method.md §8: every one reported done →
 * delivered; at least one reported done or in progress → in progress; none → no report yet.
 * Silence in the sources is "no report", never "not started".
 */
export function milestoneHeadline(counts: Partial<Record<MilestoneStatusCode, number>>): MilestoneHeadline | undefined {
  const total = MILESTONE_ORDER.reduce((n, s) => n + (counts[s] ?? 0), 0);
  if (total === 0) return undefined;
  const done = counts.done ?? 0;
  if (done === total) return 'milestones_delivered';
  if (done + (counts.in_progress ?? 0) > 0) return 'milestones_in_progress';
  return 'milestones_no_report';
}

/**
 * Headline of one roll-up. Rule (documented in docs/method.md):
 * 1. Among judged statuses, the most frequent wins (plurality), so the headline describes the
 *    typical metric rather than a single outlier; the counts stay beside it, so a minority
 *    deterioration is still shown.
 * 2. A tie goes to the less favourable status (JUDGED_STATUS_ORDER), so the headline never
 *    claims more than the evidence supports.
 * 3. With no judged status, the milestones speak (milestoneHeadline: delivered, in progress, no
 *    report yet); without milestones, `descriptive` if any descriptive assessment, else
 *    `insufficient_data` if any metric is attached, else `no_benchmark`. So an element with
 *    milestones is never "no benchmark". A judged metric sets the headline over milestones; the
 *    milestone counts are reported beside it.
 */
export function headlineOf(
  counts: Partial<Record<StatusCode, number>>,
  metricCount: number,
  milestones: Partial<Record<MilestoneStatusCode, number>>,
): RollupHeadline {
  let best: StatusCode | undefined;
  let bestCount = 0;
  // Walking from least to most favourable and replacing only on a strictly larger count breaks ties downward.
  for (const status of JUDGED_STATUS_ORDER) {
    const n = counts[status] ?? 0;
    if (n > bestCount) {
      best = status;
      bestCount = n;
    }
  }
  if (best) return best;
  const fromMilestones = milestoneHeadline(milestones);
  if (fromMilestones) return fromMilestones;
  if ((counts.descriptive ?? 0) > 0) return 'descriptive';
  if ((counts.insufficient_data ?? 0) > 0 || metricCount > 0) return 'insufficient_data';
  return 'no_benchmark';
}

interface Node {
  level: RollupLevel;
  id: string;
  metrics: Set<string>;
  milestones: Milestone[];
  related: Milestone[];
}

/** Framework ids a metric attaches to: its goal, its area (given or implied by its objective), its objective, its actions. */
function attachmentsOf(metric: Metric, framework: Framework): string[] {
  const ids = [`goal-${metric.goal}`];
  const objective = metric.objective ? framework.objectives.find((o) => o.code === metric.objective) : undefined;
  const areaCode = metric.area ?? objective?.area;
  const area = areaCode ? framework.areas.find((a) => a.code === areaCode) : undefined;
  if (area) ids.push(area.id);
  if (objective) ids.push(objective.id);
  for (const n of metric.actions) ids.push(`action-${n}`);
  return ids;
}

/** Framework ids of a milestone's own place: goal, area (given or implied by its objective), objective. */
function placeOf(milestone: Milestone, framework: Framework): string[] {
  const ids: string[] = [];
  if (milestone.goal !== undefined) ids.push(`goal-${milestone.goal}`);
  const objective = milestone.objective ? framework.objectives.find((o) => o.code === milestone.objective) : undefined;
  const area = framework.areas.find((a) => a.code === (milestone.area ?? objective?.area));
  if (area) ids.push(area.id);
  if (objective) ids.push(objective.id);
  return ids;
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Roll-ups in framework order (goals, areas, objectives, actions) and the actions with no benchmark. */
export function rollUp(
  framework: Framework,
  data: Pick<Dataset, 'metrics' | 'milestones'>,
  assessments: readonly Assessment[],
): { rollups: Rollup[]; gaps: number[] } {
  const nodes: Node[] = [
    ...framework.goals.map((g) => ({ level: 'goal' as const, id: g.id })),
    ...framework.areas.map((a) => ({ level: 'area' as const, id: a.id })),
    ...framework.objectives.map((o) => ({ level: 'objective' as const, id: o.id })),
    ...framework.actions.map((a) => ({ level: 'action' as const, id: a.id })),
  ].map((n) => ({ ...n, metrics: new Set<string>(), milestones: [] as Milestone[], related: [] as Milestone[] }));
  const byId = new Map(nodes.map((n) => [n.id, n]));

  // References to elements the framework lacks are validation's business; here they attach nowhere.
  for (const metric of data.metrics) {
    for (const id of attachmentsOf(metric, framework)) byId.get(id)?.metrics.add(metric.id);
  }
  // A milestone counts for its action when it is evidence of it (else it is listed as related),
  // and for the goal, area and objective the data places it in (the framework does not place
  // actions under goals, so the place is the milestone's own).
  for (const milestone of data.milestones) {
    const action = byId.get(`action-${milestone.action}`);
    if (milestone.relation === 'related') action?.related.push(milestone);
    else action?.milestones.push(milestone);
    for (const id of placeOf(milestone, framework)) byId.get(id)?.milestones.push(milestone);
  }

  const assessmentsByMetric = new Map<string, Assessment[]>();
  for (const a of assessments) {
    const list = assessmentsByMetric.get(a.metric);
    if (list) list.push(a);
    else assessmentsByMetric.set(a.metric, [a]);
  }

  const rollups = nodes.map((node): Rollup => {
    const metrics = [...node.metrics].sort(byCodeUnits);
    const counts: Partial<Record<StatusCode, number>> = {};
    for (const id of metrics) {
      for (const a of assessmentsByMetric.get(id) ?? []) counts[a.status] = (counts[a.status] ?? 0) + 1;
    }
    const milestones: Partial<Record<MilestoneStatusCode, number>> = {};
    for (const status of MILESTONE_ORDER) {
      const n = node.milestones.filter((m) => m.status === status).length;
      if (n > 0) milestones[status] = n;
    }
    return {
      level: node.level,
      id: node.id,
      counts,
      milestones,
      headline: headlineOf(counts, metrics.length, milestones),
      metrics,
      milestoneIds: node.milestones.map((m) => m.id).sort(byCodeUnits),
      relatedIds: node.related.map((m) => m.id).sort(byCodeUnits),
    };
  });

  const gaps = framework.actions
    .filter((action) => {
      const node = byId.get(action.id)!;
      return node.metrics.size === 0 && node.milestones.length === 0; // related activity is not a benchmark
    })
    .map((action) => action.number)
    .sort((a, b) => a - b);

  return { rollups, gaps };
}
