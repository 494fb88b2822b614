// Assesses one metric for one country: picks baseline and latest observations, computes growth
// rates and assigns a status by the rules in method.ts (documented in docs/method.md).

import type { Country, Direction, Metric, Observation, Period } from '../core/types.js';
import { phenomenonOf } from '../validate/indicators.js';
import { GROWTH_THRESHOLDS, JUDGED_STATUS_ORDER, TARGET_RATIO_THRESHOLDS, TOLERANCE } from './method.js';
import type { Assessment, AssessmentNote, InsufficientReason, StatusCode } from './types.js';

/**
 * Compound annual growth rate from `base` to `value` over `years`; null when undefined
 * (non-positive base, negative value, no elapsed time) so callers never divide silently.
 */
export function cagr(base: number, value: number, years: number): number | null {
  if (!(years > 0) || !(base > 0) || value < 0) return null;
  const rate = Math.pow(value / base, 1 / years) - 1;
  // A base so close to zero that the rate overflows is as undefined as a zero base.
  return Number.isFinite(rate) ? rate : null;
}

/** (latest − base) / |base|; null for a zero base, where it is undefined. */
export function relativeChange(base: number, latest: number): number | null {
  const change = base === 0 ? null : (latest - base) / Math.abs(base);
  return change !== null && Number.isFinite(change) ? change : null;
}

/** +1 when higher is better, −1 when lower is better, 0 when the metric is not judged. */
export function directionSign(direction: Direction): 1 | -1 | 0 {
  return direction === 'increase' ? 1 : direction === 'decrease' ? -1 : 0;
}

/** Whether `value` meets `target` in the metric's good direction (equality counts as met). */
export function meetsTarget(value: number, target: number, direction: Direction): boolean {
  if (direction === 'increase') return value >= target;
  if (direction === 'decrease') return value <= target;
  return false;
}

// A flat decreasing metric gives −1 · 0 = −0, which prints as "-0" in some formatters.
const noNegativeZero = (x: number): number => (x === 0 ? 0 : x);

const atLeast = (value: number, threshold: number): boolean => value >= threshold - TOLERANCE;

/** Band for the current-trend ratio CR (UN SDG Progress Chart). */
export function classifyTargetRatio(cr: number): StatusCode {
  const t = TARGET_RATIO_THRESHOLDS;
  if (atLeast(cr, t.onTrack)) return 'on_track';
  if (atLeast(cr, t.accelerationNeeded)) return 'acceleration_needed';
  if (atLeast(cr, t.limitedProgress)) return 'limited_progress';
  return 'deterioration';
}

/** Band for a direction-adjusted annual growth rate (Open SDG defaults). */
export function classifyGrowth(rate: number): StatusCode {
  const t = GROWTH_THRESHOLDS;
  if (atLeast(rate, t.substantialProgress)) return 'substantial_progress';
  if (atLeast(rate, t.moderateProgress)) return 'moderate_progress';
  if (atLeast(rate, t.limitedProgress)) return 'limited_progress';
  return 'deterioration';
}

/** Both `targetValue` and `targetPeriod` set: the target method applies. */
export function hasTarget(metric: Metric): metric is Metric & { targetValue: number; targetPeriod: Period } {
  return metric.targetValue !== undefined && metric.targetPeriod !== undefined;
}

const samePeriod = (a: Period, b: Period): boolean => a.kind === b.kind && a.year === b.year;

/** The current-trend ratio and the required rate behind it, or why they cannot be computed. */
type TargetRatio =
  | { ok: true; cr: number; required: number; actual: number }
  | { ok: false; reason: InsufficientReason | 'required_growth_zero' };

/**
 * CR = s · CAGR_actual / |CAGR_required| with s = +1 (increase) or −1 (decrease). When the target
 * lies on the good side of the baseline this equals CAGR_actual / CAGR_required; writing it with
 * the sign keeps the bands meaningful when the baseline already met the target (then CR < 0 as the
 * metric slides away from it).
 */
function targetRatio(
  metric: Metric & { targetValue: number; targetPeriod: Period },
  base: Observation,
  latest: Observation,
): TargetRatio {
  const target = metric.targetValue;
  const targetPeriod = metric.targetPeriod;
  if (targetPeriod.kind !== latest.period.kind) return { ok: false, reason: 'mixed_periods' };
  if (targetPeriod.year <= base.period.year) return { ok: false, reason: 'target_period_passed' };
  if (base.value <= 0) return { ok: false, reason: 'zero_or_negative_base' };
  if (latest.value < 0 || target < 0) return { ok: false, reason: 'negative_value' };
  const actual = cagr(base.value, latest.value, latest.period.year - base.period.year);
  const required = cagr(base.value, target, targetPeriod.year - base.period.year);
  // Non-null base > 0 and values ≥ 0 leave only overflow from a vanishing base.
  if (actual === null || required === null) return { ok: false, reason: 'zero_or_negative_base' };
  if (required === 0) return { ok: false, reason: 'required_growth_zero' };
  const cr = noNegativeZero((directionSign(metric.direction) * actual) / Math.abs(required));
  if (!Number.isFinite(cr)) return { ok: false, reason: 'required_growth_zero' };
  return { ok: true, cr, required, actual };
}

/** Baseline and latest for one country, or the reason there are none. */
type Endpoints =
  | { ok: true; base: Observation; latest: Observation }
  | { ok: false; reason: InsufficientReason; latest?: Observation; base?: Observation };

// Two observations of one period are validation's business; ordering by file position as well
// keeps the pick deterministic whatever order the rows arrive in.
function byYearThenPosition(a: Observation, b: Observation): number {
  return (
    a.period.year - b.period.year ||
    (a.at.file < b.at.file ? -1 : a.at.file > b.at.file ? 1 : 0) ||
    (a.at.line ?? 0) - (b.at.line ?? 0)
  );
}

function endpoints(metric: Metric, observations: readonly Observation[], reportYear: number): Endpoints {
  // Later observations are ignored so a past year's report does not change when new data arrive.
  // The publisher's latest value up to the report year decides, flagged or not: a flagged value
  // (provisional, underreported) is used and the status marked provisional (docs/method.md §3).
  const usable = observations.filter((o) => o.period.year <= reportYear).sort(byYearThenPosition);
  if (usable.length === 0) return { ok: false, reason: 'no_observation' };
  if (new Set(usable.map((o) => o.period.kind)).size > 1) return { ok: false, reason: 'mixed_periods' };
  const latest = usable[usable.length - 1];
  if (usable.length < 2) return { ok: false, reason: 'single_observation', latest };
  const wanted = metric.baselinePeriod;
  const base = wanted ? usable.find((o) => samePeriod(o.period, wanted)) : usable[0];
  if (!base) return { ok: false, reason: 'baseline_missing', latest };
  if (base.period.year === latest.period.year) return { ok: false, reason: 'no_elapsed_time', base, latest };
  return { ok: true, base, latest };
}

/**
 * The assessment of `metric` for `country` from that metric's observations for that country,
 * as of `reportYear`; null when there is no observation at all (no row is reported then).
 */
export function assessMetric(
  metric: Metric,
  country: Country,
  observations: readonly Observation[],
  reportYear: number,
): Assessment | null {
  // A pledge ("to process over 80,000 seized weapons") is a commitment, not a measured value.
  const own = observations.filter(
    (o) => o.metric === metric.id && o.country === country && o.statedPeriod !== 'pledge',
  );
  if (own.length === 0) return null;

  const shell: Assessment = {
    metric: metric.id,
    country,
    tier: metric.tier ?? 'official',
    role: 'headline',
    phenomenon: phenomenonOf(metric),
    provisional: false,
    rated: false,
    ...(metric.targetValue !== undefined ? { targetValue: metric.targetValue } : {}),
    ...(metric.targetPeriod ? { targetPeriod: metric.targetPeriod } : {}),
    method: 'none',
    ratio: null,
    change: null,
    status: 'insufficient_data',
  };

  const stated = latestStatedChange(own, reportYear);
  if (stated) return judgeStatedChange(shell, metric, stated);

  const ends = endpoints(metric, own, reportYear);
  const flagged = (o: Observation | undefined): boolean =>
    o !== undefined && (o.status === 'provisional' || o.status === 'underreported' || o.status === 'estimate');
  const a = assessEndpoints(metric, shell, ends);
  return {
    ...a,
    provisional: flagged(ends.latest) || flagged(ends.base),
    ...(ends.latest && ends.latest.status !== 'final' ? { latestFlag: ends.latest.status } : {}),
  };
}

/** The statuses that rate (the judged scale of method.ts). */
const RATED: readonly StatusCode[] = JUDGED_STATUS_ORDER;

/**
 * The assessment's role and whether it is rated (docs/method.md §1–§2): a figure quoted from a
 * statement is evidence (or the cross-check of the official series it repeats), never rated; of
 * the official series, only the phenomenon's headline for this country is rated; companions keep
 * their computed change for context but carry no status.
 */
export function withRole(metric: Metric, a: Assessment, isHeadline: boolean): Assessment {
  const role: Assessment['role'] =
    a.tier === 'statement' ? (metric.crossCheck ? 'cross_check' : 'evidence') : isHeadline ? 'headline' : 'companion';
  if (role === 'headline') return { ...a, role, rated: RATED.includes(a.status) };
  const { reason: _reason, ...rest } = a;
  return { ...rest, role, status: 'not_rated', rated: false };
}

function assessEndpoints(metric: Metric, shell: Assessment, ends: Endpoints): Assessment {
  if (!ends.ok) {
    return {
      ...shell,
      ...(ends.base ? { baselinePeriod: ends.base.period, baselineValue: ends.base.value } : {}),
      ...(ends.latest ? { latestPeriod: ends.latest.period, latestValue: ends.latest.value } : {}),
      reason: ends.reason,
    };
  }

  const { base, latest } = ends;
  const plain = cagr(base.value, latest.value, latest.period.year - base.period.year);
  const measured: Assessment = {
    ...shell,
    baselinePeriod: base.period,
    baselineValue: base.value,
    latestPeriod: latest.period,
    latestValue: latest.value,
    change: relativeChange(base.value, latest.value),
    ...(plain !== null ? { cagr: plain } : {}),
  };

  if (metric.direction === 'none') return describe(measured, plain);
  if (hasTarget(metric)) return judgeAgainstTarget(measured, metric, base, latest);
  return judgeGrowth(measured, metric.direction, base, latest, plain);
}

/** direction = none: report the change and the plain rate, pass no judgement. */
function describe(a: Assessment, plain: number | null): Assessment {
  return {
    ...a,
    method: 'descriptive',
    status: 'descriptive',
    ratio: plain,
    ...(plain === null ? { note: 'ratio_undefined' as const } : {}),
  };
}

function judgeAgainstTarget(
  a: Assessment,
  metric: Metric & { targetValue: number; targetPeriod: Period },
  base: Observation,
  latest: Observation,
): Assessment {
  const tr = targetRatio(metric, base, latest);
  const withRatio = tr.ok ? { ratio: tr.cr, requiredCagr: tr.required } : { ratio: null };

  // Meeting the target needs no ratio, so it is decided before the ratio's own preconditions.
  if (meetsTarget(latest.value, metric.targetValue, metric.direction)) {
    return {
      ...a,
      method: 'target_ratio',
      status: 'target_achieved',
      ...withRatio,
      ...(tr.ok ? {} : { note: 'ratio_undefined' as const }),
    };
  }
  if (!tr.ok) {
    if (tr.reason === 'required_growth_zero') {
      // Target equals baseline and is not met now: the metric is worse than where it started.
      return { ...a, method: 'target_ratio', status: 'deterioration', ratio: null, note: 'required_growth_zero' };
    }
    return { ...a, method: 'none', status: 'insufficient_data', ratio: null, reason: tr.reason };
  }

  let status = classifyTargetRatio(tr.cr);
  let note: AssessmentNote | undefined;
  if (metric.targetPeriod.year <= latest.period.year) {
    // The deadline has been observed and missed: the pace cannot be called on track any more.
    note = 'target_period_passed';
    if (status === 'on_track') status = 'acceleration_needed';
  }
  return { ...a, method: 'target_ratio', status, ...withRatio, ...(note ? { note } : {}) };
}

function judgeGrowth(
  a: Assessment,
  direction: Direction,
  base: Observation,
  latest: Observation,
  plain: number | null,
): Assessment {
  if (latest.value < 0 && base.value > 0) {
    return { ...a, method: 'none', status: 'insufficient_data', reason: 'negative_value' };
  }
  if (plain === null) return { ...a, method: 'none', status: 'insufficient_data', reason: 'zero_or_negative_base' };
  const adjusted = noNegativeZero(directionSign(direction) * plain);
  return { ...a, method: 'cagr', status: classifyGrowth(adjusted), ratio: adjusted };
}

/** The latest observation up to the report year, when it is itself a change over a stated period. */
function latestStatedChange(
  own: readonly Observation[],
  reportYear: number,
): (Observation & { comparedWith: Period }) | undefined {
  const usable = own.filter((o) => o.period.year <= reportYear).sort(byYearThenPosition);
  const latest = usable[usable.length - 1];
  return latest?.comparedWith ? (latest as Observation & { comparedWith: Period }) : undefined;
}

/**
 * A figure that is already a change ("a 23 percent increase over 2020"): one observation states a
 * direction over a stated comparison period. Its annual rate is (1 + c)^(1/t) − 1 with c the stated
 * percent / 100 and t the years between the comparison period and the observation's; that rate,
 * direction-adjusted, gets the growth bands of metrics without a target (docs/method.md §4a).
 */
function judgeStatedChange(shell: Assessment, metric: Metric, o: Observation & { comparedWith: Period }): Assessment {
  const years = o.period.year - o.comparedWith.year;
  const change = o.value / 100;
  const a: Assessment = {
    ...shell,
    baselinePeriod: o.comparedWith,
    comparedWith: o.comparedWith,
    latestPeriod: o.period,
    latestValue: o.value,
    change,
  };
  const annual = cagr(1, 1 + change, years);
  if (annual === null || 1 + change <= 0) return { ...a, reason: 'change_out_of_range' };
  if (metric.direction === 'none')
    return { ...a, method: 'descriptive', status: 'descriptive', ratio: annual, cagr: annual };
  const adjusted = noNegativeZero(directionSign(metric.direction) * annual);
  return { ...a, method: 'stated_change', status: classifyGrowth(adjusted), ratio: adjusted, cagr: annual };
}
