// Every threshold and convention of the benchmark method in one place, so docs/method.md,
// the code and the tests can be checked against a single list.

import { COUNTRIES, type Country, type Framework } from '../core/types.js';
import type { StatusCode } from './types.js';

/**
 * Thresholds on the current-trend ratio CR = CAGR_actual / CAGR_required, used when a metric has a
 * target value and a target period. Bands follow the UN Statistics Division's SDG Progress Chart
 * technical note (trend assessment "for indicators with an explicit numerical target"):
 *   CR ≥ 0.95          on_track
 *   0.5 ≤ CR < 0.95    acceleration_needed
 *   −0.1 ≤ CR < 0.5    limited_progress
 *   CR < −0.1          deterioration
 * (Open SDG's sdg-build uses 0.95 / 0.6 / 0 for its own quantitative method; we follow the UN
 * Progress Chart because the Dialogue's partners read that chart, and the bands are named after it.)
 */
export const TARGET_RATIO_THRESHOLDS = {
  onTrack: 0.95,
  accelerationNeeded: 0.5,
  limitedProgress: -0.1,
} as const;

/**
 * Thresholds on the direction-adjusted compound annual growth rate, used when a metric has no
 * target. These are the defaults of Open SDG's sdg-build (`sdg/ProgressMeasure.py`,
 * `get_progress_thresholds`, method 1: high 0.015, med 0.005, low 0):
 *   a ≥ 1.5 %          substantial_progress
 *   0.5 % ≤ a < 1.5 %  moderate_progress
 *   0 ≤ a < 0.5 %      limited_progress
 *   a < 0              deterioration
 */
export const GROWTH_THRESHOLDS = {
  substantialProgress: 0.015,
  moderateProgress: 0.005,
  limitedProgress: 0,
} as const;

/**
 * Floating-point slack when comparing a computed rate with a threshold: 1.21 ** 0.5 is
 * 1.0999999999999999 in IEEE doubles, and a hand-computed 10 % must not fall into the band below
 * a threshold of 10 %. A value within this distance below a threshold counts as reaching it.
 */
export const TOLERANCE = 1e-9;

/** Countries are assessed separately and always listed in this order (the binational "BI" last). */
/** The countries in report order: the one list in core/types.ts. */
export const COUNTRY_ORDER: readonly Country[] = COUNTRIES;

/**
 * Judged statuses from least to most favourable. Roll-ups break ties toward the front of this list
 * so a headline never claims more than the evidence supports. The two scales (target ratio and
 * plain growth) are interleaved by convention: a status that asks for acceleration toward a
 * stated target ranks below moderate growth without one, because it names a shortfall.
 */
export const JUDGED_STATUS_ORDER: readonly StatusCode[] = [
  'deterioration',
  'limited_progress',
  'acceleration_needed',
  'moderate_progress',
  'on_track',
  'substantial_progress',
  'target_achieved',
];

/**
 * Every status code, target scale first, then the growth scale, then the unjudged ones; used to
 * zero-fill counts so JSON rows have stable keys in a readable order.
 */
export const ALL_STATUS_ORDER: readonly StatusCode[] = [
  'target_achieved',
  'on_track',
  'acceleration_needed',
  'substantial_progress',
  'moderate_progress',
  'limited_progress',
  'deterioration',
  'descriptive',
  'insufficient_data',
  'not_rated',
];

/**
 * The framework's launch: the date of the 2021 joint statement that announced it (a seed), or the
 * earliest seed's date. A milestone done before it is context, never progress (docs/method.md §8).
 */
export function launchDate(framework: Pick<Framework, 'seeds'>): string {
  const statement = framework.seeds.find((s) => s.role === 'joint-statement-2021');
  if (statement) return statement.date;
  return framework.seeds.map((s) => s.date).sort()[0] ?? '0000';
}
