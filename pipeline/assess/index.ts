// The assess stage: every metric × country assessed, rolled up through the framework, and the
// plain-JSON shapes the data package publishes.

import type { Period, ReportModel } from '../core/types.js';
import { ALL_STATUS_ORDER, COUNTRY_ORDER } from './method.js';
import { isHeadline } from '../validate/indicators.js';
import { assessMetric, withRole } from './progress.js';
import { rollUp } from './rollup.js';
import type {
  Assessment,
  AssessmentResult,
  AssessmentRow,
  MilestoneStatusCode,
  Rollup,
  RollupRow,
  RollupsJson,
  StatusCode,
} from './types.js';

export type * from './types.js';
export { headlineOf, milestoneEvents, rollUp } from './rollup.js';
export {
  assessMetric,
  withRole,
  cagr,
  classifyGrowth,
  classifyTargetRatio,
  meetsTarget,
  relativeChange,
} from './progress.js';

/** Assess the model as of `model.year`. Pure: same model, same result, same order. */
export function assess(model: ReportModel): AssessmentResult {
  const assessments = assessAll(model);
  const { rollups, gaps, objectiveGaps, events } = rollUp(model.framework, model.data, assessments);
  return { assessments, rollups, gaps, objectiveGaps, events };
}

/** One assessment per metric × country with at least one observation; metrics by id, countries US, MX, BI. */
export function assessAll(model: ReportModel): Assessment[] {
  const metrics = [...model.data.metrics].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out: Assessment[] = [];
  for (const metric of metrics) {
    const own = model.data.observations.filter((o) => o.metric === metric.id);
    for (const country of COUNTRY_ORDER) {
      const a = assessMetric(metric, country, own, model.year);
      if (a) out.push(withRole(metric, a, isHeadline(metric, country)));
    }
  }
  return out;
}

const label = (p: Period | undefined): string | null => (p ? p.label : null);

/** One plain row per assessment, in the result's order; periods as labels ("2021", "FY2022"). */
export function toJsonRows(result: AssessmentResult): AssessmentRow[] {
  return result.assessments.map((a) => ({
    metric: a.metric,
    country: a.country,
    baseline_period: label(a.baselinePeriod),
    baseline_value: a.baselineValue ?? null,
    latest_period: label(a.latestPeriod),
    latest_value: a.latestValue ?? null,
    target_value: a.targetValue ?? null,
    target_period: label(a.targetPeriod),
    method: a.method,
    ratio: a.ratio,
    change: a.change,
    cagr: a.cagr ?? null,
    required_cagr: a.requiredCagr ?? null,
    status: a.status,
    reason: a.reason ?? null,
    note: a.note ?? null,
    tier: a.tier,
    role: a.role,
    phenomenon: a.phenomenon,
    provisional: a.provisional,
    latest_flag: a.latestFlag ?? null,
    rated: a.rated,
  }));
}

const MILESTONE_KEYS: readonly MilestoneStatusCode[] = ['no_report', 'not_started', 'in_progress', 'done'];

/** "goal-2" → "2", "area-2-3" → "2.3", "objective-2-3-1" → "2.3.1", "action-7" → "7". */
const codeOf = (id: string): string => id.slice(id.indexOf('-') + 1).replaceAll('-', '.');

function rollupRow(r: Rollup): RollupRow {
  const counts = Object.fromEntries(ALL_STATUS_ORDER.map((s) => [s, r.counts[s] ?? 0])) as Record<StatusCode, number>;
  const milestones = Object.fromEntries(MILESTONE_KEYS.map((s) => [s, r.milestones[s] ?? 0])) as Record<
    MilestoneStatusCode,
    number
  >;
  return {
    id: r.id,
    level: r.level,
    code: codeOf(r.id),
    headline: r.headline,
    by_country: r.byCountry,
    coverage: r.coverage,
    provisional: r.provisional,
    counts,
    milestones,
    metrics: r.metrics,
    context_metrics: r.contextMetrics,
    milestone_ids: r.milestoneIds,
    related_milestone_ids: r.relatedIds,
    pre_launch_milestone_ids: r.preLaunchIds,
  };
}

/**
 * Roll-ups grouped by level, `{ goals, areas, objectives, actions, gaps }`, each list in framework
 * order; every row carries all status and milestone keys (zeros included) so consumers see fixed columns.
 */
export function rollupsToJson(result: AssessmentResult): RollupsJson {
  const at = (level: Rollup['level']) => result.rollups.filter((r) => r.level === level).map(rollupRow);
  return {
    goals: at('goal'),
    areas: at('area'),
    objectives: at('objective'),
    actions: at('action'),
    gaps: [...result.gaps],
    objective_gaps: [...result.objectiveGaps],
  };
}
