// Assessment types: one per metric × country, plus roll-ups to objective, area, action and goal.

import type { Country, Milestone, MilestoneStatus, ObservationStatus, Period, Tier } from '../core/types.js';

export type StatusCode =
  | 'target_achieved'
  | 'on_track'
  | 'acceleration_needed'
  | 'substantial_progress'
  | 'moderate_progress'
  | 'limited_progress'
  | 'deterioration'
  | 'descriptive'
  | 'insufficient_data'
  /** Not rated: a companion series, a figure quoted from a statement, or an element without a rated official series. */
  | 'not_rated';

/** What an assessment is for (docs/method.md §1–§2). */
export type Role =
  /** The one series per phenomenon and country that decides a status. */
  | 'headline'
  /** Another series of the same phenomenon: charted and tabled, never rated, never counted. */
  | 'companion'
  /** A figure a government states about its own work: shown as reported, never rated. */
  | 'evidence'
  /** A quoted figure that repeats an official series: shown beside that series as a cross-check. */
  | 'cross_check';

/** Which rule produced the status; `none` when the status is insufficient_data. */
export type Method = 'target_ratio' | 'cagr' | 'stated_change' | 'descriptive' | 'none';

/** Why a status is insufficient_data (checked in this order; the first that applies wins). */
export type InsufficientReason =
  /** No observation at or before the report year. */
  | 'no_observation'
  /** Calendar and fiscal periods mixed (among observations, or between observations and target). */
  | 'mixed_periods'
  /** Only one observation at or before the report year. */
  | 'single_observation'
  /** The metric names a baseline period but this country has no observation there. */
  | 'baseline_missing'
  /** Baseline and latest fall in the same period. */
  | 'no_elapsed_time'
  /** The target period is at or before the baseline period, so no required pace exists. */
  | 'target_period_passed'
  /** The baseline value is zero or negative, so a growth ratio is undefined. */
  | 'zero_or_negative_base'
  /** The latest (or target) value is negative while the base is positive; the growth ratio is undefined. */
  | 'negative_value'
  /** A stated change of −100 % or less, which no annual rate describes. */
  | 'change_out_of_range';

/** A caveat on a judged or descriptive status; never set together with a reason. */
export type AssessmentNote =
  /** The target period is at or before the latest period and the target was not met; on_track is capped at acceleration_needed. */
  | 'target_period_passed'
  /** The target equals the baseline, so the required growth is zero and CR is undefined. */
  | 'required_growth_zero'
  /** The status stands but the ratio could not be computed (e.g. zero base for a descriptive metric). */
  | 'ratio_undefined'
  /** Reserved: no longer produced (a flagged latest value is used and marked provisional, docs/method.md §1). */
  | 'underreported_excluded';

/** Countries whose official data carry a rated status: both, one of them only, or none. */
export type Coverage = 'both' | 'US' | 'MX' | 'BI' | 'none';

export interface Assessment {
  metric: string;
  country: Country;
  baselinePeriod?: Period;
  baselineValue?: number;
  latestPeriod?: Period;
  latestValue?: number;
  targetValue?: number;
  targetPeriod?: Period;
  method: Method;
  /** CR for target_ratio, direction-adjusted CAGR for cagr, plain CAGR for descriptive, null otherwise. */
  ratio: number | null;
  /** Relative change latest vs baseline, (latest - base)/|base|, when defined. */
  change: number | null;
  /** For a stated change (method stated_change): the period the source compares with; baselinePeriod is set to it too. */
  comparedWith?: Period;
  /** Plain compound annual growth rate baseline → latest; absent when undefined. */
  cagr?: number;
  /** Compound annual growth rate baseline → target; absent unless the target method computed it. */
  requiredCagr?: number;
  status: StatusCode;
  reason?: InsufficientReason;
  note?: AssessmentNote;
  /** official (a registered dataset) or statement (quoted from a government's statement). */
  tier: Tier;
  role: Role;
  /** The phenomenon this series measures (roll-ups count phenomena, not series). */
  phenomenon: string;
  /** True when the latest (or baseline) value is flagged by its publisher (provisional, underreported): the status is provisional. */
  provisional: boolean;
  /** The publisher's flag on the latest value, when it has one. */
  latestFlag?: ObservationStatus;
  /** True when this assessment carries a rated status (headline, official, judged). */
  rated: boolean;
}

/** One event: a milestone and its later updates, with the latest report's status (docs/method.md §8). */
export interface MilestoneEvent {
  /** The first report's id. */
  id: string;
  /** The latest report of the event (the last row in the file among its reports). */
  latest: Milestone;
  /** Every report of the event, first to latest. */
  history: Milestone[];
  /** Reported done before the framework's launch: context, never progress. */
  preLaunch: boolean;
}

export type MilestoneStatusCode = MilestoneStatus;

export type RollupLevel = 'goal' | 'area' | 'objective' | 'action';

/** A roll-up's headline: a judged status from rated official series, or not_rated. */
export type RollupHeadline = StatusCode;

export interface Rollup {
  level: RollupLevel;
  /** Framework id: goal-1, area-2-3, objective-2-3-1, action-7 */
  id: string;
  /** Rated phenomena (one headline series per phenomenon and country) per status code. */
  counts: Partial<Record<StatusCode, number>>;
  /** Milestone events (an update and its parent are one) per latest status; events before the framework's launch are not here. */
  milestones: Partial<Record<MilestoneStatusCode, number>>;
  /** Events done before the framework's launch (2021-10-08): context, never progress. */
  preLaunchIds: string[];
  headline: RollupHeadline;
  /** The headline per country with a rated series. */
  byCountry: Partial<Record<Country, StatusCode>>;
  /** Which countries' official data the headline rests on. */
  coverage: Coverage;
  /** True when any rated series behind the headline is provisional. */
  provisional: boolean;
  /** Metrics shown under an action as outcome context only (never its status). */
  contextMetrics: string[];
  /** Metric ids and milestone ids contributing, sorted. */
  metrics: string[];
  milestoneIds: string[];
  /** Milestones related to an action but not evidence of it: listed beside it, outside its status. */
  relatedIds: string[];
}

export interface AssessmentResult {
  /** Ordered by metric id, then country (US, MX, BI). */
  assessments: Assessment[];
  /** Goals, then areas, then objectives, then actions, each in framework order. */
  rollups: Rollup[];
  /** Action numbers without a rated official series (not rated), ascending: the benchmark gaps. */
  gaps: number[];
  /** Joint objectives (codes) with no official series attached, in framework order. */
  objectiveGaps: string[];
  /** The milestones as events (an update and its first report are one), in the order of their first reports. */
  events: MilestoneEvent[];
}

/** One row of the assessment table in the data package (snake_case, nulls where absent). */
export interface AssessmentRow {
  metric: string;
  country: Country;
  baseline_period: string | null;
  baseline_value: number | null;
  latest_period: string | null;
  latest_value: number | null;
  target_value: number | null;
  target_period: string | null;
  method: Method;
  ratio: number | null;
  change: number | null;
  cagr: number | null;
  required_cagr: number | null;
  status: StatusCode;
  reason: InsufficientReason | null;
  note: AssessmentNote | null;
  tier: Tier;
  role: Role;
  phenomenon: string;
  provisional: boolean;
  latest_flag: ObservationStatus | null;
  rated: boolean;
}

/** One roll-up in the data package; counts list every status with zeros so keys are stable. */
export interface RollupRow {
  id: string;
  level: RollupLevel;
  /** Goal or action number, or area/objective code ("2.3", "2.3.1"). */
  code: string;
  headline: RollupHeadline;
  by_country: Partial<Record<Country, StatusCode>>;
  coverage: Coverage;
  provisional: boolean;
  counts: Record<StatusCode, number>;
  milestones: Record<MilestoneStatusCode, number>;
  metrics: string[];
  context_metrics: string[];
  milestone_ids: string[];
  related_milestone_ids: string[];
  pre_launch_milestone_ids: string[];
}

export interface RollupsJson {
  goals: RollupRow[];
  areas: RollupRow[];
  objectives: RollupRow[];
  actions: RollupRow[];
  gaps: number[];
  objective_gaps: string[];
}
