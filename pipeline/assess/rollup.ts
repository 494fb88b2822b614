// Rolls the rated assessments and the milestones up to each goal, area, objective and action of
// the framework: a headline status per element and per country from official headline series
// only (one per phenomenon and country), milestone events counted once each, and the benchmark
// gaps (docs/method.md §5–§8).

import type { Country, Dataset, Framework, Metric, Milestone } from '../core/types.js';
import { COUNTRY_ORDER, JUDGED_STATUS_ORDER, launchDate } from './method.js';
import type {
  Assessment,
  Coverage,
  MilestoneEvent,
  MilestoneStatusCode,
  Rollup,
  RollupHeadline,
  RollupLevel,
  StatusCode,
} from './types.js';

export type { MilestoneEvent };

export const MILESTONE_ORDER: readonly MilestoneStatusCode[] = ['no_report', 'not_started', 'in_progress', 'done'];

/** A done date entirely before the launch date ("2021-04" before "2021-10-08"; "2021-10" is not). */
function before(date: string, launch: string): boolean {
  return date < launch.slice(0, date.length) || (date.length >= launch.length && date < launch);
}

/** Milestones grouped into events: an update supersedes its parent; the order of the file is the order of reports. */
export function milestoneEvents(
  milestones: readonly Milestone[],
  framework: Pick<Framework, 'seeds'>,
): MilestoneEvent[] {
  const launch = launchDate(framework);
  const ids = new Set(milestones.map((m) => m.id));
  const byRoot = new Map<string, Milestone[]>();
  // The order of reports is the data file's, whatever order the rows arrive in.
  const inFileOrder = [...milestones].sort(
    (a, b) =>
      (a.at.file < b.at.file ? -1 : a.at.file > b.at.file ? 1 : 0) ||
      (a.at.line ?? 0) - (b.at.line ?? 0) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  for (const m of inFileOrder) {
    // An update whose parent this year's report cannot see yet is its own event.
    const root = m.updates && ids.has(m.updates) ? m.updates : m.id;
    const list = byRoot.get(root);
    if (list) list.push(m);
    else byRoot.set(root, [m]);
  }
  return [...byRoot.entries()].map(([id, history]) => {
    const latest = history[history.length - 1];
    const preLaunch = latest.status === 'done' && latest.doneDate !== undefined && before(latest.doneDate, launch);
    return { id, latest, history, preLaunch };
  });
}

/**
 * Headline of a set of rated statuses (docs/method.md §6): the most frequent wins, and a tie goes
 * to the less favourable status, so a headline never claims more than the evidence supports.
 * Nothing rated: not_rated.
 */
export function headlineOf(counts: Partial<Record<StatusCode, number>>): RollupHeadline {
  let best: StatusCode | undefined;
  let bestCount = 0;
  for (const status of JUDGED_STATUS_ORDER) {
    const n = counts[status] ?? 0;
    if (n > bestCount) {
      best = status;
      bestCount = n;
    }
  }
  return best ?? 'not_rated';
}

interface Node {
  level: RollupLevel;
  id: string;
  metrics: Set<string>;
  context: Set<string>;
  events: MilestoneEvent[];
  related: MilestoneEvent[];
}

/** Framework ids a metric is rated under: its goal, its area (given or implied by its objective), its objective, its actions. */
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

function coverageOf(countries: Country[]): Coverage {
  // One country (or only binational figures) names it; more than one is both.
  return countries.length === 0 ? 'none' : countries.length > 1 ? 'both' : countries[0]!;
}

/** Roll-ups in framework order (goals, areas, objectives, actions), the actions not rated and the objectives without an official series. */
export function rollUp(
  framework: Framework,
  data: Pick<Dataset, 'metrics' | 'milestones'>,
  assessments: readonly Assessment[],
): { rollups: Rollup[]; gaps: number[]; objectiveGaps: string[]; events: MilestoneEvent[] } {
  const nodes: Node[] = [
    ...framework.goals.map((g) => ({ level: 'goal' as const, id: g.id })),
    ...framework.areas.map((a) => ({ level: 'area' as const, id: a.id })),
    ...framework.objectives.map((o) => ({ level: 'objective' as const, id: o.id })),
    ...framework.actions.map((a) => ({ level: 'action' as const, id: a.id })),
  ].map((n) => ({
    ...n,
    metrics: new Set<string>(),
    context: new Set<string>(),
    events: [] as MilestoneEvent[],
    related: [] as MilestoneEvent[],
  }));
  const byId = new Map(nodes.map((n) => [n.id, n]));

  // References to elements the framework lacks are validation's business; here they attach nowhere.
  for (const metric of data.metrics) {
    for (const id of attachmentsOf(metric, framework)) byId.get(id)?.metrics.add(metric.id);
    for (const n of metric.contextActions ?? []) byId.get(`action-${n}`)?.context.add(metric.id);
  }
  // An event counts for its action when its latest report is evidence of it (else it is listed as
  // related), and for the goal, area and objective the data places it in.
  const events = milestoneEvents(data.milestones, framework);
  for (const event of events) {
    const m = event.latest;
    const action = byId.get(`action-${m.action}`);
    if (m.relation === 'related') action?.related.push(event);
    else action?.events.push(event);
    for (const id of placeOf(m, framework)) byId.get(id)?.events.push(event);
  }

  const assessmentsByMetric = new Map<string, Assessment[]>();
  for (const a of assessments) {
    const list = assessmentsByMetric.get(a.metric);
    if (list) list.push(a);
    else assessmentsByMetric.set(a.metric, [a]);
  }
  const official = new Set(data.metrics.filter((m) => m.tier !== 'statement').map((m) => m.id));

  const rollups = nodes.map((node): Rollup => {
    const metrics = [...node.metrics].sort(byCodeUnits);
    const rated = metrics.flatMap((id) => assessmentsByMetric.get(id) ?? []).filter((a) => a.rated);
    const counts: Partial<Record<StatusCode, number>> = {};
    for (const a of rated) counts[a.status] = (counts[a.status] ?? 0) + 1;
    const byCountry: Partial<Record<Country, StatusCode>> = {};
    for (const country of COUNTRY_ORDER) {
      const own: Partial<Record<StatusCode, number>> = {};
      for (const a of rated) if (a.country === country) own[a.status] = (own[a.status] ?? 0) + 1;
      const h = headlineOf(own);
      if (h !== 'not_rated') byCountry[country] = h;
    }
    const counted = node.events.filter((e) => !e.preLaunch);
    const milestones: Partial<Record<MilestoneStatusCode, number>> = {};
    for (const status of MILESTONE_ORDER) {
      const n = counted.filter((e) => e.latest.status === status).length;
      if (n > 0) milestones[status] = n;
    }
    return {
      level: node.level,
      id: node.id,
      counts,
      milestones,
      preLaunchIds: node.events
        .filter((e) => e.preLaunch)
        .map((e) => e.id)
        .sort(byCodeUnits),
      headline: headlineOf(counts),
      byCountry,
      coverage: coverageOf(COUNTRY_ORDER.filter((c) => byCountry[c] !== undefined)),
      provisional: rated.some((a) => a.provisional),
      metrics,
      contextMetrics: [...node.context].filter((id) => !node.metrics.has(id)).sort(byCodeUnits),
      milestoneIds: counted.map((e) => e.id).sort(byCodeUnits),
      relatedIds: node.related.map((e) => e.id).sort(byCodeUnits),
    };
  });

  const gaps = framework.actions
    .filter((action) => rollups.find((r) => r.id === action.id)?.headline === 'not_rated')
    .map((action) => action.number)
    .sort((a, b) => a - b);
  const objectiveGaps = framework.objectives
    .filter((o) => ![...(byId.get(o.id)?.metrics ?? [])].some((id) => official.has(id)))
    .map((o) => o.code);

  return { rollups, gaps, objectiveGaps, events };
}
