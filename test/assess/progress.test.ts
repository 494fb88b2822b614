// Worked examples for every status of the benchmark method; each expected number is computed by
// hand in the comment beside it, so the test doubles as a reading of docs/method.md.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Country, Direction, Metric, Observation, Period } from '../../pipeline/core/types.js';
import {
  assessMetric,
  cagr,
  classifyGrowth,
  classifyTargetRatio,
  relativeChange,
} from '../../pipeline/assess/progress.js';

const at = { file: 'data/test.csv', line: 1 };

function period(label: string): Period {
  return label.startsWith('FY')
    ? { kind: 'fiscal', year: Number(label.slice(2)), label }
    : { kind: 'calendar', year: Number(label), label };
}

function metric(
  over: Partial<Omit<Metric, 'baselinePeriod' | 'targetPeriod'>> & {
    baseline?: string;
    target?: [number, string];
  } = {},
): Metric {
  const { baseline, target, ...rest } = over;
  return {
    id: 'm',
    name: { en: 'M', es: 'M' },
    unit: 'count',
    direction: 'increase',
    goal: 1,
    actions: [],
    source: 'test',
    at,
    ...(baseline ? { baselinePeriod: period(baseline) } : {}),
    ...(target ? { targetValue: target[0], targetPeriod: period(target[1]) } : {}),
    ...rest,
  };
}

/** Observations of metric "m" for one country from [period, value] pairs. */
function obs(pairs: [string, number][], country: Country = 'US'): Observation[] {
  return pairs.map(([p, value]) => ({
    metric: 'm',
    country,
    period: period(p),
    value,
    status: 'final',
    source: 'test',
    at,
  }));
}

function run(m: Metric, pairs: [string, number][], year = 2022) {
  const a = assessMetric(m, 'US', obs(pairs), year);
  if (!a) throw new Error('expected an assessment');
  return a;
}

// Shared target: 150 in 2024 from a 2019 base of 100.
// CAGR_required = (150/100)^(1/5) − 1 = 1.084472 − 1 = 8.4472 %
const REQUIRED_150_2024 = 0.0844718;
const target150 = metric({ target: [150, '2024'] });

describe('helpers', () => {
  it('computes CAGR and relative change', () => {
    // (121/100)^(1/2) − 1 = 1.1 − 1 = 10 %
    expect(cagr(100, 121, 2)).toBeCloseTo(0.1, 12);
    expect(cagr(0, 5, 2)).toBeNull();
    expect(cagr(-1, 5, 2)).toBeNull();
    expect(cagr(100, -5, 2)).toBeNull();
    expect(cagr(100, 121, 0)).toBeNull();
    // (121 − 100)/|100| = 0.21; (5 − (−5))/|−5| = 2
    expect(relativeChange(100, 121)).toBeCloseTo(0.21, 12);
    expect(relativeChange(-5, 5)).toBe(2);
    expect(relativeChange(0, 5)).toBeNull();
  });

  it('puts threshold values in the upper band despite floating-point noise', () => {
    expect(classifyTargetRatio(0.95)).toBe('on_track');
    expect(classifyTargetRatio(0.9499)).toBe('acceleration_needed');
    expect(classifyTargetRatio(0.5)).toBe('acceleration_needed');
    expect(classifyTargetRatio(-0.1)).toBe('limited_progress');
    expect(classifyTargetRatio(-0.1001)).toBe('deterioration');
    // 1.015 − 1 is 0.014999999999999902 in doubles; it must still read as 1.5 %.
    expect(classifyGrowth(1.015 - 1)).toBe('substantial_progress');
    expect(classifyGrowth(0.005)).toBe('moderate_progress');
    expect(classifyGrowth(0)).toBe('limited_progress');
    expect(classifyGrowth(-0.0001)).toBe('deterioration');
  });
});

describe('with a target (UN SDG Progress Chart ratio)', () => {
  it('on_track: CR ≥ 0.95', () => {
    // base 100 (2019) → 121 (2021): CAGR = 1.21^(1/2) − 1 = 10 %
    // CR = 0.10 / 0.084472 = 1.1838 → on_track
    const a = run(target150, [
      ['2019', 100],
      ['2021', 121],
    ]);
    expect(a.status).toBe('on_track');
    expect(a.method).toBe('target_ratio');
    expect(a.ratio).toBeCloseTo(1.18383, 4);
    expect(a.cagr).toBeCloseTo(0.1, 10);
    expect(a.requiredCagr).toBeCloseTo(REQUIRED_150_2024, 6);
    expect(a.change).toBeCloseTo(0.21, 10);
    expect(a.baselinePeriod?.label).toBe('2019');
    expect(a.latestPeriod?.label).toBe('2021');
    expect(a.reason).toBeUndefined();
  });

  it('acceleration_needed: 0.5 ≤ CR < 0.95', () => {
    // 100 → 110 over 2 years: CAGR = 1.1^(1/2) − 1 = 4.8809 %; CR = 0.048809 / 0.084472 = 0.5778
    const a = run(target150, [
      ['2019', 100],
      ['2021', 110],
    ]);
    expect(a.status).toBe('acceleration_needed');
    expect(a.ratio).toBeCloseTo(0.5778, 4);
  });

  it('limited_progress: −0.1 ≤ CR < 0.5, including a slight fall', () => {
    // 100 → 102: CAGR = 1.02^(1/2) − 1 = 0.99505 %; CR = 0.0099505 / 0.084472 = 0.1178
    const up = run(target150, [
      ['2019', 100],
      ['2021', 102],
    ]);
    expect(up.status).toBe('limited_progress');
    expect(up.ratio).toBeCloseTo(0.1178, 4);
    // 100 → 99: CAGR = 0.99^(1/2) − 1 = −0.50126 %; CR = −0.0050126 / 0.084472 = −0.0593
    const down = run(target150, [
      ['2019', 100],
      ['2021', 99],
    ]);
    expect(down.status).toBe('limited_progress');
    expect(down.ratio).toBeCloseTo(-0.0593, 4);
  });

  it('deterioration: CR < −0.1', () => {
    // 100 → 90: CAGR = 0.9^(1/2) − 1 = −5.1317 %; CR = −0.051317 / 0.084472 = −0.6075
    const a = run(target150, [
      ['2019', 100],
      ['2021', 90],
    ]);
    expect(a.status).toBe('deterioration');
    expect(a.ratio).toBeCloseTo(-0.6075, 4);
  });

  it('target_achieved when the latest value already meets the target (equality counts)', () => {
    // 100 → 155 ≥ 150; CR still reported: (1.55^(1/2) − 1) / 0.084472 = 0.244990 / 0.084472 = 2.9003
    const a = run(target150, [
      ['2019', 100],
      ['2021', 155],
    ]);
    expect(a.status).toBe('target_achieved');
    expect(a.ratio).toBeCloseTo(2.9003, 4);
    expect(
      run(target150, [
        ['2019', 100],
        ['2021', 150],
      ]).status,
    ).toBe('target_achieved');
  });

  it('decreasing-is-good: falling toward a lower target is progress', () => {
    // Target 50 in 2024. Required = 0.5^(1/5) − 1 = −12.9449 %.
    // 100 → 81: CAGR = 0.81^(1/2) − 1 = −10 %; CR = (−1)(−0.10) / |−0.129449| = 0.7725 → acceleration_needed
    const m = metric({ direction: 'decrease', target: [50, '2024'] });
    const a = run(m, [
      ['2019', 100],
      ['2021', 81],
    ]);
    expect(a.status).toBe('acceleration_needed');
    expect(a.ratio).toBeCloseTo(0.7725, 4);
    expect(a.requiredCagr).toBeCloseTo(-0.129449, 5);
    // 100 → 121 while lower is better: CR = (−1)(0.10) / 0.129449 = −0.7725 → deterioration
    expect(
      run(m, [
        ['2019', 100],
        ['2021', 121],
      ]).status,
    ).toBe('deterioration');
    // 100 → 45 ≤ 50 → target_achieved
    expect(
      run(m, [
        ['2019', 100],
        ['2021', 45],
      ]).status,
    ).toBe('target_achieved');
  });

  it('a target of zero for a decreasing metric requires −100 % a year, so CR = |CAGR_actual|', () => {
    // Required = (0/100)^(1/5) − 1 = −1. 100 → 50: CAGR = 0.5^(1/2) − 1 = −29.289 %; CR = 0.29289
    const m = metric({ direction: 'decrease', target: [0, '2024'] });
    const a = run(m, [
      ['2019', 100],
      ['2021', 50],
    ]);
    expect(a.requiredCagr).toBe(-1);
    expect(a.ratio).toBeCloseTo(0.29289, 5);
    expect(a.status).toBe('limited_progress');
  });

  it('target equal to the baseline: required growth is zero, so not meeting it is deterioration', () => {
    const m = metric({ target: [100, '2024'] });
    const a = run(m, [
      ['2019', 100],
      ['2021', 95],
    ]);
    expect(a.status).toBe('deterioration');
    expect(a.ratio).toBeNull();
    expect(a.note).toBe('required_growth_zero');
    // Holding at or above it meets the target; CR is undefined and says so.
    const held = run(m, [
      ['2019', 100],
      ['2021', 100],
    ]);
    expect(held.status).toBe('target_achieved');
    expect(held.ratio).toBeNull();
    expect(held.note).toBe('ratio_undefined');
  });

  it('baseline already met the target and the metric slid below it: CR is negative', () => {
    // Increase metric, target 90 in 2024, base 100 in 2019, latest 81 in 2021.
    // Required = 0.9^(1/5) − 1 = −2.0851 %; actual = −10 %; CR = (+1)(−0.10) / 0.020851 = −4.796 → deterioration
    const m = metric({ target: [90, '2024'] });
    const a = run(m, [
      ['2019', 100],
      ['2021', 81],
    ]);
    expect(a.status).toBe('deterioration');
    expect(a.ratio).toBeCloseTo(-4.796, 3);
  });

  it('target period observed and missed: on_track is capped at acceleration_needed', () => {
    // Target 110 in 2021, base 100 in 2019, latest 109.6 in 2021.
    // Required = 1.1^(1/2) − 1 = 4.8809 %; actual = 1.096^(1/2) − 1 = 4.6900 %; CR = 0.046900 / 0.048809 = 0.9609 (≥ 0.95)
    const m = metric({ target: [110, '2021'] });
    const a = run(m, [
      ['2019', 100],
      ['2021', 109.6],
    ]);
    expect(a.ratio).toBeCloseTo(0.9609, 4);
    expect(a.status).toBe('acceleration_needed');
    expect(a.note).toBe('target_period_passed');
  });

  it('target period between baseline and latest: CR still computed, flagged as passed', () => {
    // Target 110 in 2020; 100 (2019) → 108 (2021). Required = 10 %; actual = 1.08^(1/2) − 1 = 3.923 %; CR = 0.3923
    const m = metric({ target: [110, '2020'] });
    const a = run(m, [
      ['2019', 100],
      ['2021', 108],
    ]);
    expect(a.status).toBe('limited_progress');
    expect(a.ratio).toBeCloseTo(0.3923, 4);
    expect(a.note).toBe('target_period_passed');
  });

  it('a target period after the latest observation is not "passed", even if before the report year', () => {
    // Target 150 in 2021, latest data 2020, report 2022: the pace at the last observation is judged.
    // 100 (2019) → 120 (2020): actual 20 %; required = 1.5^(1/2) − 1 = 22.474 %; CR = 0.8899
    const m = metric({ target: [150, '2021'] });
    const a = run(m, [
      ['2019', 100],
      ['2020', 120],
    ]);
    expect(a.ratio).toBeCloseTo(0.8899, 4);
    expect(a.status).toBe('acceleration_needed');
    expect(a.note).toBeUndefined();
  });

  it('target period at or before the baseline: insufficient_data target_period_passed', () => {
    const m = metric({ target: [150, '2019'] });
    const a = run(m, [
      ['2019', 100],
      ['2021', 121],
    ]);
    expect(a.status).toBe('insufficient_data');
    expect(a.reason).toBe('target_period_passed');
    expect(a.method).toBe('none');
    expect(a.ratio).toBeNull();
  });

  it('target in fiscal years but observations in calendar years: mixed_periods', () => {
    const m = metric({ target: [150, 'FY2024'] });
    const a = run(m, [
      ['2019', 100],
      ['2021', 121],
    ]);
    expect(a.status).toBe('insufficient_data');
    expect(a.reason).toBe('mixed_periods');
  });

  it('a target value without a target period falls back to the growth method', () => {
    const m = metric({ targetValue: 150 });
    const a = run(m, [
      ['2019', 100],
      ['2021', 121],
    ]);
    expect(a.method).toBe('cagr');
    expect(a.status).toBe('substantial_progress');
  });
});

describe('without a target (Open SDG growth thresholds)', () => {
  const plain = metric();

  it('substantial_progress: a ≥ 1.5 %', () => {
    // 100 → 121 over 2 years: 10 %
    const a = run(plain, [
      ['2019', 100],
      ['2021', 121],
    ]);
    expect(a.status).toBe('substantial_progress');
    expect(a.method).toBe('cagr');
    expect(a.ratio).toBeCloseTo(0.1, 10);
    // Exactly 1.5 %: 100 → 101.5 in one year
    expect(
      run(plain, [
        ['2020', 100],
        ['2021', 101.5],
      ]).status,
    ).toBe('substantial_progress');
  });

  it('moderate_progress: 0.5 % ≤ a < 1.5 %', () => {
    // 100 → 102.01 over 2 years: 1.0201^(1/2) − 1 = 1 %
    const a = run(plain, [
      ['2019', 100],
      ['2021', 102.01],
    ]);
    expect(a.status).toBe('moderate_progress');
    expect(a.ratio).toBeCloseTo(0.01, 10);
  });

  it('limited_progress: 0 ≤ a < 0.5 %, including no change', () => {
    // 100 → 100.4004 over 2 years: 1.004004^(1/2) − 1 = 0.2 %
    const a = run(plain, [
      ['2019', 100],
      ['2021', 100.4004],
    ]);
    expect(a.status).toBe('limited_progress');
    expect(a.ratio).toBeCloseTo(0.002, 10);
    expect(
      run(plain, [
        ['2019', 100],
        ['2021', 100],
      ]).status,
    ).toBe('limited_progress');
  });

  it('deterioration: a < 0, down to a latest value of zero (−100 % a year)', () => {
    // 100 → 99 over 2 years: −0.501 %
    expect(
      run(plain, [
        ['2019', 100],
        ['2021', 99],
      ]).status,
    ).toBe('deterioration');
    const zero = run(plain, [
      ['2019', 100],
      ['2021', 0],
    ]);
    expect(zero.status).toBe('deterioration');
    expect(zero.ratio).toBe(-1);
  });

  it('decreasing-is-good flips the sign', () => {
    // 100 → 81 over 2 years: CAGR −10 %, direction-adjusted +10 % → substantial_progress
    const m = metric({ direction: 'decrease' });
    const a = run(m, [
      ['2019', 100],
      ['2021', 81],
    ]);
    expect(a.status).toBe('substantial_progress');
    expect(a.ratio).toBeCloseTo(0.1, 10);
    expect(a.cagr).toBeCloseTo(-0.1, 10);
    // Flat: −1 · 0 must be reported as 0, not −0
    expect(
      Object.is(
        run(m, [
          ['2019', 100],
          ['2021', 100],
        ]).ratio,
        0,
      ),
    ).toBe(true);
  });

  it('fiscal years are compared with fiscal years; FY2022 counts as 2022', () => {
    // FY2020 200 → FY2022 242: (1.21)^(1/2) − 1 = 10 %
    const a = run(
      plain,
      [
        ['FY2020', 200],
        ['FY2022', 242],
      ],
      2022,
    );
    expect(a.status).toBe('substantial_progress');
    expect(a.baselinePeriod?.label).toBe('FY2020');
    expect(a.latestPeriod?.label).toBe('FY2022');
    expect(a.ratio).toBeCloseTo(0.1, 10);
  });
});

describe('insufficient data and edge cases', () => {
  it('zero base: no ratio, no change', () => {
    const a = run(metric(), [
      ['2019', 0],
      ['2021', 10],
    ]);
    expect(a.status).toBe('insufficient_data');
    expect(a.reason).toBe('zero_or_negative_base');
    expect(a.ratio).toBeNull();
    expect(a.change).toBeNull();
    expect(a.baselineValue).toBe(0);
    expect(a.latestValue).toBe(10);
  });

  it('negative base: no ratio, change still defined against |base|', () => {
    // (5 − (−5)) / |−5| = 2
    const a = run(metric(), [
      ['2019', -5],
      ['2021', 5],
    ]);
    expect(a.reason).toBe('zero_or_negative_base');
    expect(a.change).toBe(2);
    const t = run(metric({ target: [10, '2024'] }), [
      ['2019', -5],
      ['2021', 5],
    ]);
    expect(t.reason).toBe('zero_or_negative_base');
  });

  it('zero base but target met: target_achieved without a ratio', () => {
    const a = run(metric({ target: [5, '2024'] }), [
      ['2019', 0],
      ['2021', 10],
    ]);
    expect(a.status).toBe('target_achieved');
    expect(a.ratio).toBeNull();
    expect(a.note).toBe('ratio_undefined');
  });

  it('negative latest value with a positive base: negative_value', () => {
    const a = run(metric(), [
      ['2019', 10],
      ['2021', -3],
    ]);
    expect(a.status).toBe('insufficient_data');
    expect(a.reason).toBe('negative_value');
    expect(a.change).toBeCloseTo(-1.3, 10);
  });

  it('one observation: single_observation, latest reported, no baseline', () => {
    const a = run(metric({ target: [150, '2024'] }), [['2021', 121]]);
    expect(a.status).toBe('insufficient_data');
    expect(a.reason).toBe('single_observation');
    expect(a.latestValue).toBe(121);
    expect(a.baselinePeriod).toBeUndefined();
    expect(a.targetValue).toBe(150);
  });

  it('observations only after the report year: no_observation; none at all: no row', () => {
    const a = run(
      metric(),
      [
        ['2023', 1],
        ['2024', 2],
      ],
      2022,
    );
    expect(a.status).toBe('insufficient_data');
    expect(a.reason).toBe('no_observation');
    expect(a.latestPeriod).toBeUndefined();
    expect(
      assessMetric(
        metric(),
        'MX',
        obs(
          [
            ['2019', 1],
            ['2021', 2],
          ],
          'US',
        ),
        2022,
      ),
    ).toBeNull();
  });

  it('mixed calendar and fiscal periods are not compared', () => {
    const a = run(metric(), [
      ['2020', 100],
      ['FY2021', 110],
    ]);
    expect(a.status).toBe('insufficient_data');
    expect(a.reason).toBe('mixed_periods');
    expect(a.baselinePeriod).toBeUndefined();
    expect(a.latestPeriod).toBeUndefined();
  });

  it('baseline_period set: used as the base even when earlier observations exist', () => {
    // Base 2020 = 100 (not 2019 = 50); 100 → 121 in 2022: 10 %
    const m = metric({ baseline: '2020' });
    const a = run(m, [
      ['2019', 50],
      ['2020', 100],
      ['2022', 121],
    ]);
    expect(a.baselinePeriod?.label).toBe('2020');
    expect(a.ratio).toBeCloseTo(0.1, 10);
    expect(a.status).toBe('substantial_progress');
  });

  it('baseline_period set but not observed for this country: baseline_missing', () => {
    const m = metric({ baseline: '2018' });
    const a = run(m, [
      ['2019', 100],
      ['2021', 121],
    ]);
    expect(a.reason).toBe('baseline_missing');
    expect(a.latestValue).toBe(121);
    // A fiscal baseline does not match a calendar observation of the same year.
    expect(
      run(metric({ baseline: 'FY2019' }), [
        ['2019', 100],
        ['2021', 121],
      ]).reason,
    ).toBe('baseline_missing');
  });

  it('baseline and latest in the same period: no_elapsed_time', () => {
    const m = metric({ baseline: '2021' });
    const a = run(
      m,
      [
        ['2019', 100],
        ['2021', 121],
      ],
      2021,
    );
    expect(a.reason).toBe('no_elapsed_time');
    expect(a.baselinePeriod?.label).toBe('2021');
    expect(a.latestPeriod?.label).toBe('2021');
  });

  it('direction none: descriptive, plain CAGR and change, no judgement', () => {
    // 100 → 121 over 2 years: CAGR 10 %, change +21 %
    const m = metric({ direction: 'none' as Direction, target: [150, '2024'] });
    const a = run(m, [
      ['2019', 100],
      ['2021', 121],
    ]);
    expect(a.status).toBe('descriptive');
    expect(a.method).toBe('descriptive');
    expect(a.ratio).toBeCloseTo(0.1, 10);
    expect(a.change).toBeCloseTo(0.21, 10);
    // Zero base: still descriptive, ratio undefined and flagged
    const z = run(metric({ direction: 'none' }), [
      ['2019', 0],
      ['2021', 4],
    ]);
    expect(z.status).toBe('descriptive');
    expect(z.ratio).toBeNull();
    expect(z.note).toBe('ratio_undefined');
  });

  it('observations after the report year are ignored', () => {
    // 2023's 500 is ignored for the 2022 report: latest = 2021's 121 → 10 %
    const a = run(
      metric(),
      [
        ['2019', 100],
        ['2021', 121],
        ['2023', 500],
      ],
      2022,
    );
    expect(a.latestPeriod?.label).toBe('2021');
    expect(a.ratio).toBeCloseTo(0.1, 10);
    // …and a fiscal observation after the report year does not make the series "mixed".
    expect(
      run(
        metric(),
        [
          ['2019', 100],
          ['2021', 121],
          ['FY2023', 1],
        ],
        2022,
      ).status,
    ).toBe('substantial_progress');
  });

  it('observation order in the input does not matter', () => {
    const a = run(metric(), [
      ['2021', 121],
      ['2019', 100],
      ['2020', 7],
    ]);
    expect(a.baselinePeriod?.label).toBe('2019');
    expect(a.latestPeriod?.label).toBe('2021');
  });
});

describe('properties', () => {
  it('every assessment has a status, a finite or null ratio, and a reason exactly when data are insufficient', () => {
    const value = fc.oneof(fc.integer({ min: -50, max: 1000 }), fc.double({ min: -10, max: 1e6, noNaN: true }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 2015, max: 2025 }), value, fc.boolean()), { maxLength: 6 }),
        fc.constantFrom<Direction>('increase', 'decrease', 'none'),
        fc.option(fc.tuple(value, fc.integer({ min: 2015, max: 2030 }))),
        (rows, direction, target) => {
          const m = metric({
            direction,
            ...(target ? { target: [target[0], String(target[1])] as [number, string] } : {}),
          });
          const pairs = rows.map(([y, v, fy]) => [fy ? `FY${y}` : String(y), v] as [string, number]);
          const a = assessMetric(m, 'US', obs(pairs), 2022);
          if (pairs.length === 0) return a === null;
          if (!a) return false;
          const ratioOk = a.ratio === null || Number.isFinite(a.ratio);
          const reasonOk = (a.status === 'insufficient_data') === (a.reason !== undefined);
          const methodOk = (a.status === 'insufficient_data') === (a.method === 'none');
          return ratioOk && reasonOk && methodOk && Number.isFinite(a.change ?? 0);
        },
      ),
      { numRuns: 500, seed: 20221014 },
    );
  });
});

describe('figures that are already changes (docs/method.md §4a)', () => {
  const change = (value: number, p: string, compared: string, qualifier?: Observation['qualifier']): Observation[] => [
    {
      metric: 'm',
      country: 'US',
      period: period(p),
      comparedWith: period(compared),
      value,
      status: 'final',
      source: 'test',
      at,
      ...(qualifier ? { qualifier } : {}),
    },
  ];
  const runChange = (m: Metric, o: Observation[], year = 2022) => assessMetric(m, 'US', o, year)!;

  it('rates "a 23 percent increase over 2020" by itself: c = 0.23, t = 1, a = +23 % → substantial_progress', () => {
    const a = runChange(metric({ unit: 'percent' }), change(23, '2021', '2020'));
    expect(a.method).toBe('stated_change');
    expect(a.status).toBe('substantial_progress');
    expect(a.ratio).toBeCloseTo(0.23, 12);
    expect(a.change).toBeCloseTo(0.23, 12);
    expect(a.comparedWith?.label).toBe('2020');
    expect(a.baselinePeriod?.label).toBe('2020');
    expect(a.reason).toBeUndefined(); // never "a single observation"
  });

  it('annualises a change over two years: 21 % from 2020 to 2022 is 1.21^(1/2) − 1 = 10 % a year', () => {
    const a = runChange(metric({ unit: 'percent' }), change(21, '2022', '2020'));
    expect(a.ratio).toBeCloseTo(0.1, 12);
    expect(a.status).toBe('substantial_progress');
  });

  it('adjusts for direction: a 1 % rise of a decrease metric is −1 % → deterioration; a 1 % fall is +1 % → moderate_progress', () => {
    expect(runChange(metric({ unit: 'percent', direction: 'decrease' }), change(1, '2022', '2021')).status).toBe(
      'deterioration',
    );
    const fall = runChange(metric({ unit: 'percent', direction: 'decrease' }), change(-1, '2022', '2021'));
    expect(fall.status).toBe('moderate_progress');
    expect(fall.ratio).toBeCloseTo(0.01, 12);
  });

  it('takes a bounded figure at its stated number: "nearly 300 percent" over one year → a = 3.0', () => {
    const a = runChange(metric({ unit: 'percent' }), change(300, '2022', '2021', 'upper_bound'));
    expect(a.ratio).toBeCloseTo(3, 12);
    expect(a.status).toBe('substantial_progress');
  });

  it('describes without rating when the metric has no direction', () => {
    const a = runChange(metric({ unit: 'percent', direction: 'none' }), change(40, '2022', '2021'));
    expect(a.status).toBe('descriptive');
    expect(a.method).toBe('descriptive');
  });

  it('has no annual rate for a change of −100 % or less', () => {
    const a = runChange(metric({ unit: 'percent' }), change(-100, '2022', '2021'));
    expect(a.status).toBe('insufficient_data');
    expect(a.reason).toBe('change_out_of_range');
  });

  it('ignores a stated change of a later period than the report year', () => {
    expect(runChange(metric({ unit: 'percent' }), change(23, '2023', '2022'), 2022).reason).toBe('no_observation');
  });
});

describe('values flagged by their publisher (docs/method.md §3)', () => {
  it('the latest published value decides even when flagged underreported, and the status is provisional', () => {
    // 2021 → 2023 rises (a deterioration for a "decrease" metric); the flagged 2024 value reverses it.
    const o = obs([
      ['2021', 100],
      ['2023', 110],
      ['2024', 60],
    ]);
    o[2] = { ...o[2]!, status: 'underreported' };
    const a = assessMetric(metric({ direction: 'decrease', baseline: '2021' }), 'US', o, 2024)!;
    expect(a.latestPeriod?.label).toBe('2024');
    expect(a.latestValue).toBe(60);
    expect(a.provisional).toBe(true);
    expect(a.latestFlag).toBe('underreported');
    expect(a.note).toBeUndefined();
    // (60/100)^(1/3) − 1 = −15.66 %; lower is better → a = +15.66 % → substantial progress
    expect(a.ratio).toBeCloseTo(1 - Math.cbrt(0.6), 12);
    expect(a.status).toBe('substantial_progress');
    // The same series without the flagged year reads the other way: the flag does not hide the reversal.
    const before = assessMetric(metric({ direction: 'decrease', baseline: '2021' }), 'US', o.slice(0, 2), 2024)!;
    expect(before.status).toBe('deterioration');
    expect(before.provisional).toBe(false);
  });

  it('a report for an earlier year rates on the latest value up to that year, flagged or not', () => {
    const o = obs([
      ['2021', 100],
      ['2022', 95],
      ['2023', 90],
    ]);
    o[1] = { ...o[1]!, status: 'provisional' };
    const a = assessMetric(metric({ direction: 'decrease', baseline: '2021' }), 'US', o, 2022)!;
    expect(a.latestPeriod?.label).toBe('2022');
    expect(a.provisional).toBe(true);
    expect(a.latestFlag).toBe('provisional');
  });

  it('leave an assessment alone when they are not after the latest complete value', () => {
    const o = obs([
      ['2021', 100],
      ['2022', 90],
    ]);
    const a = assessMetric(metric({ direction: 'decrease' }), 'US', o, 2022)!;
    expect(a.note).toBeUndefined();
  });
});
