// Roll-ups, gaps, ordering and the JSON shapes, on a small hand-made framework and dataset.

import { describe, expect, it } from 'vitest';
import type {
  Action,
  CooperationArea,
  Country,
  Framework,
  Goal,
  JointObjective,
  Metric,
  Milestone,
  MilestoneStatus,
  Observation,
  Period,
  ReportModel,
} from '../../pipeline/core/types.js';
import { assess, headlineOf, rollupsToJson, toJsonRows } from '../../pipeline/assess/index.js';

const at = { file: 'data/test.csv', line: 1 };
const cite = { file: 'seed.txt', lines: [1, 1] as [number, number] };

function period(label: string): Period {
  return label.startsWith('FY')
    ? { kind: 'fiscal', year: Number(label.slice(2)), label }
    : { kind: 'calendar', year: Number(label), label };
}

const goal = (n: number): Goal => ({
  id: `goal-${n}`,
  number: n,
  title: `G${n}`,
  description: '',
  subareas: [],
  citation: cite,
});
const area = (g: number, a: number): CooperationArea => ({
  id: `area-${g}-${a}`,
  code: `${g}.${a}`,
  goal: g,
  title: '',
  citation: cite,
});
const objective = (g: number, a: number, o: number): JointObjective => ({
  id: `objective-${g}-${a}-${o}`,
  code: `${g}.${a}.${o}`,
  area: `${g}.${a}`,
  goal: g,
  text: '',
  citation: cite,
});
const action = (n: number): Action => ({ id: `action-${n}`, number: n, text: '', citation: cite });

const framework: Framework = {
  goals: [goal(1), goal(2), goal(3)],
  areas: [area(1, 1), area(1, 2), area(2, 1)],
  objectives: [objective(1, 1, 1), objective(1, 2, 1), objective(2, 1, 1)],
  actions: Array.from({ length: 13 }, (_, i) => action(i + 1)),
  commitments: [],
  seeds: [],
};

function metric(id: string, over: Partial<Metric> = {}): Metric {
  return {
    id,
    name: { en: id, es: id },
    unit: 'count',
    direction: 'increase',
    goal: 1,
    actions: [],
    source: 't',
    at,
    ...over,
  };
}

function series(metricId: string, country: Country, pairs: [string, number][]): Observation[] {
  return pairs.map(([p, value]) => ({
    metric: metricId,
    country,
    period: period(p),
    value,
    status: 'final',
    source: 't',
    at,
  }));
}

const milestone = (id: string, actionNumber: number, status: MilestoneStatus): Milestone => ({
  id,
  action: actionNumber,
  text: { en: id, es: id },
  status,
  source: 't',
  at,
});

// Growth figures (no targets, 2019 → 2021 unless noted):
//   100 → 121: +10 %/yr substantial_progress    100 → 81: −10 %/yr deterioration
//   100 → 102.01: +1 %/yr moderate_progress
const metrics: Metric[] = [
  // Listed out of id order on purpose: output must be sorted by id.
  metric('m-z', { goal: 2, area: '2.1', objective: '2.1.1', actions: [5] }),
  metric('m-a', { goal: 1, area: '1.1', objective: '1.1.1', actions: [1] }),
  // Objective given without area: attaches to area 1.1 through its objective.
  metric('m-b', { goal: 1, objective: '1.1.1', actions: [1, 2] }),
  metric('m-desc', { goal: 2, direction: 'none', actions: [6] }),
  // A metric with no observations yet still counts as a benchmark for its action.
  metric('m-empty', { goal: 3, actions: [7] }),
];

const observations: Observation[] = [
  ...series('m-a', 'MX', [
    ['2019', 100],
    ['2021', 81],
  ]), // deterioration
  ...series('m-a', 'US', [
    ['2019', 100],
    ['2021', 121],
  ]), // substantial_progress
  ...series('m-a', 'BI', [['2021', 5]]), // insufficient_data (single_observation)
  ...series('m-b', 'US', [
    ['2019', 100],
    ['2021', 121],
  ]), // substantial_progress
  ...series('m-b', 'MX', [
    ['2019', 100],
    ['2021', 102.01],
  ]), // moderate_progress
  ...series('m-z', 'US', [
    ['2019', 100],
    ['2021', 81],
  ]), // deterioration
  ...series('m-z', 'MX', [
    ['2019', 100],
    ['2021', 121],
  ]), // substantial_progress
  ...series('m-desc', 'BI', [
    ['2019', 10],
    ['2021', 12],
  ]), // descriptive
];

const milestones: Milestone[] = [
  milestone('ms-2', 3, 'in_progress'),
  milestone('ms-1', 3, 'done'),
  milestone('ms-3', 1, 'not_started'),
];

const model: ReportModel = { year: 2022, framework, data: { metrics, observations, milestones, sources: [] } };

describe('headlineOf', () => {
  it('takes the most frequent rated status', () => {
    expect(headlineOf({ substantial_progress: 2, deterioration: 1 })).toBe('substantial_progress');
  });
  it('breaks ties toward the less favourable status', () => {
    expect(headlineOf({ substantial_progress: 1, deterioration: 1 })).toBe('deterioration');
    expect(headlineOf({ on_track: 2, moderate_progress: 2 })).toBe('moderate_progress');
    expect(headlineOf({ acceleration_needed: 1, moderate_progress: 1 })).toBe('acceleration_needed');
  });
  it('ignores descriptive, insufficient data and not rated', () => {
    expect(headlineOf({ limited_progress: 1, descriptive: 3, insufficient_data: 5, not_rated: 4 })).toBe(
      'limited_progress',
    );
  });
  it('without a rated status the headline is not_rated: milestones never make a status', () => {
    expect(headlineOf({ descriptive: 1, insufficient_data: 4 })).toBe('not_rated');
    expect(headlineOf({})).toBe('not_rated');
  });
});

describe('assess', () => {
  const result = assess(model);
  const rollup = (id: string) => result.rollups.find((r) => r.id === id)!;

  it('orders assessments by metric id, then US, MX, BI; no row without observations', () => {
    expect(result.assessments.map((a) => `${a.metric}/${a.country}`)).toEqual([
      'm-a/US',
      'm-a/MX',
      'm-a/BI',
      'm-b/US',
      'm-b/MX',
      'm-desc/BI',
      'm-z/US',
      'm-z/MX',
    ]);
  });

  it('orders roll-ups goals, areas, objectives, actions in framework order', () => {
    expect(result.rollups.map((r) => r.id)).toEqual([
      'goal-1',
      'goal-2',
      'goal-3',
      'area-1-1',
      'area-1-2',
      'area-2-1',
      'objective-1-1-1',
      'objective-1-2-1',
      'objective-2-1-1',
      ...Array.from({ length: 13 }, (_, i) => `action-${i + 1}`),
    ]);
  });

  it('goal 1: m-a and m-b, 2 substantial vs 1 deterioration and 1 moderate → substantial_progress', () => {
    const g = rollup('goal-1');
    expect(g.metrics).toEqual(['m-a', 'm-b']);
    // Only rated statuses are counted (the BI single observation is insufficient data, not counted).
    expect(g.counts).toEqual({ substantial_progress: 2, deterioration: 1, moderate_progress: 1 });
    expect(g.headline).toBe('substantial_progress');
    expect(g.byCountry).toEqual({ US: 'substantial_progress', MX: 'deterioration' });
    expect(g.coverage).toBe('both');
    // Milestones attach to actions only.
    expect(g.milestones).toEqual({});
    expect(g.milestoneIds).toEqual([]);
  });

  it('an objective without an area still reaches the area through its objective', () => {
    expect(rollup('area-1-1').metrics).toEqual(['m-a', 'm-b']);
    expect(rollup('objective-1-1-1').metrics).toEqual(['m-a', 'm-b']);
    expect(rollup('area-1-2').headline).toBe('not_rated');
  });

  it('goal 2: one deterioration, one substantial (tie) and one descriptive → deterioration', () => {
    const g = rollup('goal-2');
    expect(g.metrics).toEqual(['m-desc', 'm-z']);
    expect(g.counts).toEqual({ deterioration: 1, substantial_progress: 1 });
    expect(g.headline).toBe('deterioration');
  });

  it('descriptive-only and no-data roll-ups are not rated', () => {
    expect(rollup('action-6').headline).toBe('not_rated');
    expect(rollup('goal-3').headline).toBe('not_rated');
    expect(rollup('action-7').headline).toBe('not_rated');
    expect(rollup('goal-3').coverage).toBe('none');
  });

  it('action 1 has metrics and a milestone: the metrics set the headline, milestones are counted', () => {
    const a = rollup('action-1');
    expect(a.metrics).toEqual(['m-a', 'm-b']);
    expect(a.milestones).toEqual({ not_started: 1 });
    expect(a.milestoneIds).toEqual(['ms-3']);
    expect(a.headline).toBe('substantial_progress');
  });

  it('action 3 has only milestones, one done and one in progress → not rated, milestones counted beside it', () => {
    const a = rollup('action-3');
    expect(a.headline).toBe('not_rated');
    expect(a.milestones).toEqual({ in_progress: 1, done: 1 });
    expect(a.milestoneIds).toEqual(['ms-1', 'ms-2']);
    expect(a.counts).toEqual({});
  });

  it('gaps are the actions without a rated official series', () => {
    // Rated: 1 (m-a, m-b), 2 (m-b), 5 (m-z); 3 has milestones only, 6 a descriptive series, 7 no data.
    expect(result.gaps).toEqual([3, 4, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(rollup('action-4').headline).toBe('not_rated');
  });

  it('is deterministic: shuffled input gives identical output', () => {
    const shuffled: ReportModel = {
      ...model,
      data: {
        metrics: [...metrics].reverse(),
        observations: [...observations].reverse(),
        milestones: [...milestones].reverse(),
        sources: [],
      },
    };
    expect(assess(shuffled)).toEqual(result);
  });
});

describe('JSON shapes', () => {
  const result = assess(model);

  it('toJsonRows: one row per assessment with labels and nulls', () => {
    const rows = toJsonRows(result);
    expect(rows).toHaveLength(result.assessments.length);
    const required = [
      'metric',
      'country',
      'baseline_period',
      'baseline_value',
      'latest_period',
      'latest_value',
      'target_value',
      'target_period',
      'method',
      'ratio',
      'status',
      'reason',
    ];
    for (const row of rows) for (const key of required) expect(row).toHaveProperty(key);
    expect(rows[0]).toMatchObject({
      metric: 'm-a',
      country: 'US',
      baseline_period: '2019',
      baseline_value: 100,
      latest_period: '2021',
      latest_value: 121,
      target_value: null,
      target_period: null,
      method: 'cagr',
      status: 'substantial_progress',
      reason: null,
    });
    expect(rows[0].ratio).toBeCloseTo(0.1, 10);
    expect(rows[2]).toMatchObject({
      metric: 'm-a',
      country: 'BI',
      baseline_period: null,
      latest_period: '2021',
      method: 'none',
      ratio: null,
      status: 'insufficient_data',
      reason: 'single_observation',
    });
    // Plain data: survives a JSON round trip unchanged.
    expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
  });

  it('toJsonRows writes fiscal labels and targets', () => {
    const fy: ReportModel = {
      year: 2022,
      framework,
      data: {
        metrics: [metric('fy', { targetValue: 150, targetPeriod: period('FY2024') })],
        observations: series('fy', 'US', [
          ['FY2019', 100],
          ['FY2021', 121],
        ]),
        milestones: [],
        sources: [],
      },
    };
    const [row] = toJsonRows(assess(fy));
    // CR = 0.10 / (1.5^(1/5) − 1) = 0.10 / 0.084472 = 1.1838 → on_track
    expect(row).toMatchObject({
      baseline_period: 'FY2019',
      latest_period: 'FY2021',
      target_value: 150,
      target_period: 'FY2024',
      method: 'target_ratio',
      status: 'on_track',
    });
    expect(row.ratio).toBeCloseTo(1.1838, 4);
    expect(row.required_cagr).toBeCloseTo(0.084472, 6);
  });

  it('rollupsToJson: grouped by level, zero-filled counts, codes, gaps', () => {
    const json = rollupsToJson(result);
    expect(Object.keys(json)).toEqual(['goals', 'areas', 'objectives', 'actions', 'gaps', 'objective_gaps']);
    expect(json.goals.map((g) => g.code)).toEqual(['1', '2', '3']);
    expect(json.areas.map((a) => a.code)).toEqual(['1.1', '1.2', '2.1']);
    expect(json.objectives.map((o) => o.code)).toEqual(['1.1.1', '1.2.1', '2.1.1']);
    expect(json.actions).toHaveLength(13);
    expect(json.gaps).toEqual([3, 4, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(json.objective_gaps).toEqual(['1.2.1']);
    const g1 = json.goals[0];
    expect(Object.keys(g1.counts)).toEqual([
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
    ]);
    expect(g1.counts).toEqual({
      target_achieved: 0,
      on_track: 0,
      acceleration_needed: 0,
      substantial_progress: 2,
      moderate_progress: 1,
      limited_progress: 0,
      deterioration: 1,
      descriptive: 0,
      insufficient_data: 0,
      not_rated: 0,
    });
    expect(json.actions[2]).toMatchObject({
      id: 'action-3',
      code: '3',
      level: 'action',
      headline: 'not_rated',
      milestones: { no_report: 0, not_started: 0, in_progress: 1, done: 1 },
      milestone_ids: ['ms-1', 'ms-2'],
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
