// Assessment types: one per metric × country, plus roll-ups to objective, area, action and goal.

import type { Country, Period } from '../model/types.js';

export type StatusCode =
  | 'target_achieved'
  | 'on_track'
  | 'acceleration_needed'
  | 'substantial_progress'
  | 'moderate_progress'
  | 'limited_progress'
  | 'deterioration'
  | 'descriptive'
  | 'insufficient_data';

export type Method = 'target_ratio' | 'cagr' | 'descriptive' | 'none';

export type InsufficientReason =
  | 'single_observation'
  | 'no_observation'
  | 'zero_or_negative_base'
  | 'mixed_periods'
  | 'baseline_missing'
  | 'no_elapsed_time'
  | 'target_period_passed';

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
  status: StatusCode;
  reason?: InsufficientReason;
}

export type MilestoneStatusCode = 'not_started' | 'in_progress' | 'done';

export type RollupLevel = 'goal' | 'area' | 'objective' | 'action';

export interface Rollup {
  level: RollupLevel;
  /** Framework id: goal-1, area-2-3, objective-2-3-1, action-7 */
  id: string;
  /** Metric assessments per status code. */
  counts: Partial<Record<StatusCode, number>>;
  /** Milestones per status. */
  milestones: Partial<Record<MilestoneStatusCode, number>>;
  headline: StatusCode | 'milestones_only' | 'no_benchmark';
  /** Metric ids and milestone ids contributing. */
  metrics: string[];
  milestoneIds: string[];
}

export interface AssessmentResult {
  assessments: Assessment[];
  rollups: Rollup[];
  /** Actions with no metric and no milestone. */
  gaps: number[];
}
