// The indicator framework of docs/method.md §1–§8, rule by rule, on hand-made rows: statuses from
// official series only, one rated assessment per phenomenon and country, the latest published
// value (flagged or not), per-country statuses, milestone events counted once and never before the
// framework's launch. Includes the reversal cases the fact-check found.

import { describe, expect, it } from 'vitest';
import { assess, milestoneEvents, toJsonRows } from '../../pipeline/assess/index.js';
import type {
  Country,
  Framework,
  Metric,
  Milestone,
  Observation,
  ReportModel,
  SeedDocument,
  Source,
} from '../../pipeline/core/types.js';
import type { Diagnostic } from '../../pipeline/diagnostics/diagnostic.js';
import { checkIndicators } from '../../pipeline/validate/indicators.js';

const at = { file: 'data/metrics.csv', line: 2 };
const cite = { file: 'seed.txt', lines: [1, 1] as [number, number] };
const launch: SeedDocument = {
  role: 'joint-statement-2021',
  file: 'js-2021.txt',
  title: '',
  publisher: '',
  date: '2021-10-08',
  text: '',
};
const framework: Framework = {
  goals: [1, 2].map((n) => ({
    id: `goal-${n}`,
    number: n,
    title: `G${n}`,
    description: '',
    subareas: [],
    citation: cite,
  })),
  areas: [],
  objectives: [],
  actions: Array.from({ length: 13 }, (_, i) => ({ id: `action-${i + 1}`, number: i + 1, text: '', citation: cite })),
  commitments: [],
  seeds: [launch],
};
const SEEDS = new Set(['statement.txt']);
const dataset: Source = {
  id: 'stats',
  kind: 'dataset',
  publisher: { en: 'Stats (ST)', es: 'Stats (ST)' },
  title: { en: 't', es: 't' },
  date: '2025-06',
  dateRole: 'cutoff',
  at,
};

function metric(id: string, over: Partial<Metric> = {}): Metric {
  return {
    id,
    name: { en: id, es: id },
    unit: 'deaths',
    direction: 'decrease',
    goal: 1,
    actions: [],
    source: 'stats',
    indicatorColumns: true,
    headlineFor: [],
    contextActions: [],
    at,
    ...over,
  };
}
function series(id: string, country: Country, values: [string, number, Observation['status']?][]): Observation[] {
  return values.map(([p, value, status]) => ({
    metric: id,
    country,
    period: { kind: 'calendar', year: Number(p), label: p },
    value,
    status: status ?? 'final',
    source: 'stats',
    at,
  }));
}
function model(metrics: Metric[], observations: Observation[], milestones: Milestone[] = [], year = 2024): ReportModel {
  const diagnostics: Diagnostic[] = [];
  const rated = checkIndicators(metrics, observations, [dataset], SEEDS, () => undefined, diagnostics);
  expect(diagnostics).toEqual([]);
  return { year, framework, data: { metrics: rated, observations, milestones, sources: [dataset] } };
}

describe('statuses from official series only (§1)', () => {
  const m = model(
    [
      metric('official', { actions: [2], headlineFor: ['US'], phenomenon: 'deaths' }),
      // A change a government states about its own work: evidence, never a status.
      metric('stated-change', {
        unit: 'percent',
        direction: 'increase',
        goal: 2,
        actions: [9],
        source: 'statement.txt',
      }),
    ],
    [
      ...series('official', 'US', [
        ['2021', 100],
        ['2024', 80],
      ]),
      {
        metric: 'stated-change',
        country: 'BI',
        period: { kind: 'calendar', year: 2022, label: '2022' },
        value: 40,
        comparedWith: { kind: 'calendar', year: 2021, label: '2021' },
        status: 'final',
        source: 'statement.txt',
        at,
      },
    ],
  );
  const result = assess(m);
  const rows = toJsonRows(result);

  it('a statement figure is evidence: tier statement, not rated, whatever it says', () => {
    const row = rows.find((r) => r.metric === 'stated-change')!;
    expect(row).toMatchObject({ tier: 'statement', role: 'evidence', status: 'not_rated', rated: false });
    expect(rows.find((r) => r.metric === 'official')).toMatchObject({
      tier: 'official',
      role: 'headline',
      status: 'substantial_progress',
      rated: true,
    });
  });

  it('a statement-only goal and action are not rated, and the action is a benchmark gap', () => {
    expect(result.rollups.find((r) => r.id === 'goal-2')!.headline).toBe('not_rated');
    expect(result.rollups.find((r) => r.id === 'action-9')!.headline).toBe('not_rated');
    expect(result.gaps).toContain(9);
    expect(result.gaps).not.toContain(2);
  });

  it('a statement cannot be declared a headline: validation refuses it at its cell', () => {
    const diagnostics: Diagnostic[] = [];
    checkIndicators(
      [metric('s', { source: 'statement.txt', headlineFor: ['US'] })],
      [],
      [dataset],
      SEEDS,
      () => 7,
      diagnostics,
    );
    expect(diagnostics.map((d) => [d.rule, d.line, d.column])).toEqual([['metric/statement-headline', 2, 7]]);
  });
});

describe('one rated assessment per phenomenon and country (§2)', () => {
  // Three series of one phenomenon: a count, its rate and a second publisher's rate. Only the rate is rated.
  const metrics = [
    metric('victims', { phenomenon: 'homicide' }),
    metric('rate', { phenomenon: 'homicide', headlineFor: ['MX'] }),
    metric('wb-rate', { phenomenon: 'homicide', headlineFor: ['US'] }),
  ];
  const observations = [
    ...series('victims', 'MX', [
      ['2021', 100],
      ['2024', 120],
    ]), // up: would be a deterioration
    ...series('rate', 'MX', [
      ['2021', 10],
      ['2024', 9],
    ]), // down: progress
    ...series('wb-rate', 'MX', [
      ['2021', 12],
      ['2023', 13],
    ]), // up, a companion for Mexico
    ...series('wb-rate', 'US', [
      ['2021', 6],
      ['2023', 5],
    ]),
  ];
  const result = assess(model(metrics, observations));

  it('companions are charted and tabled but not rated, and not counted in roll-ups', () => {
    const rated = result.assessments.filter((a) => a.rated);
    expect(rated.map((a) => `${a.metric}/${a.country}`).sort()).toEqual(['rate/MX', 'wb-rate/US']);
    for (const a of result.assessments.filter((x) => !x.rated))
      expect(a).toMatchObject({ role: 'companion', status: 'not_rated' });
    const goal = result.rollups.find((r) => r.id === 'goal-1')!;
    expect(goal.counts).toEqual({ substantial_progress: 2 });
    // A duplicate companion that deteriorates does not turn the headline.
    expect(goal.headline).toBe('substantial_progress');
    expect(goal.byCountry).toEqual({ US: 'substantial_progress', MX: 'substantial_progress' });
  });

  it('at most one rated assessment per phenomenon and country', () => {
    const keys = result.assessments.filter((a) => a.rated).map((a) => `${a.phenomenon}/${a.country}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('two headlines for one phenomenon and country, or none, are refused', () => {
    const twice: Diagnostic[] = [];
    checkIndicators(
      [metric('a', { phenomenon: 'p', headlineFor: ['MX'] }), metric('b', { phenomenon: 'p', headlineFor: ['MX'] })],
      [],
      [dataset],
      SEEDS,
      () => 1,
      twice,
    );
    expect(twice.map((d) => d.rule)).toEqual(['metric/duplicate-headline']);
    const none: Diagnostic[] = [];
    checkIndicators(
      [metric('a', { phenomenon: 'p' })],
      series('a', 'MX', [['2021', 1]]),
      [dataset],
      SEEDS,
      () => 1,
      none,
    );
    expect(none.map((d) => d.rule)).toEqual(['metric/no-headline']);
  });
});

describe('the latest published value decides, marked provisional (§3) and per country (§4)', () => {
  const metrics = [metric('od', { actions: [2, 6], headlineFor: ['US'], phenomenon: 'od' })];
  // The fact-check's case: 2021 → 2023 barely moves, the flagged 2024 value falls by a third.
  const observations = series('od', 'US', [
    ['2021', 72124, 'provisional'],
    ['2023', 75219, 'provisional'],
    ['2024', 49241, 'underreported'],
  ]);

  it('the 2024 report rates 2021 → 2024, provisional, and does not contradict the 2024 value', () => {
    const result = assess(model(metrics, observations, [], 2024));
    const a = result.assessments[0]!;
    expect([a.baselinePeriod?.label, a.latestPeriod?.label]).toEqual(['2021', '2024']);
    expect(a.status).toBe('substantial_progress');
    expect(a.provisional).toBe(true);
    expect(a.latestFlag).toBe('underreported');
    const action = result.rollups.find((r) => r.id === 'action-2')!;
    expect(action).toMatchObject({
      headline: 'substantial_progress',
      coverage: 'US',
      provisional: true,
      byCountry: { US: 'substantial_progress' },
    });
  });

  it('the 2023 report rates on 2023, its own latest value', () => {
    const a = assess(model(metrics, observations, [], 2023)).assessments[0]!;
    expect(a.latestPeriod?.label).toBe('2023');
    expect(a.status).toBe('deterioration');
  });
});

describe('milestones, once each (§8)', () => {
  // Each row at its own line of milestones.csv, in the order written: the order of the reports.
  let line = 1;
  const ms = (id: string, over: Partial<Milestone>): Milestone => ({
    id,
    action: 5,
    goal: 2,
    text: { en: id, es: id },
    status: 'no_report',
    source: 's',
    at: { file: 'data/milestones.csv', line: ++line },
    ...over,
  });
  const milestones = [
    ms('task-force', { status: 'done', doneDate: '2022-10-14' }),
    ms('other', { status: 'in_progress' }),
    ms('task-force-update', { status: 'done', doneDate: '2021-04', updates: 'task-force' }),
    ms('plan', { status: 'no_report', action: 6 }),
    ms('plan-update', { status: 'done', doneDate: '2022-08', action: 6, updates: 'plan' }),
    ms('designation', { status: 'done', doneDate: '2021-10-06', action: 6 }),
    ms('launch-month', { status: 'done', doneDate: '2021-10', action: 7 }),
  ];

  it('an update supersedes its parent: one event with its latest status and its history', () => {
    const events = milestoneEvents(milestones, framework);
    expect(events.map((e) => e.id)).toEqual(['task-force', 'other', 'plan', 'designation', 'launch-month']);
    const plan = events.find((e) => e.id === 'plan')!;
    expect(plan.latest.id).toBe('plan-update');
    expect(plan.latest.status).toBe('done');
    expect(plan.history.map((m) => m.id)).toEqual(['plan', 'plan-update']);
  });

  it('an event done before 2021-10-08 is context, never progress; a date in the launch month is not "before"', () => {
    const events = milestoneEvents(milestones, framework);
    expect(events.filter((e) => e.preLaunch).map((e) => e.id)).toEqual(['task-force', 'designation']);
  });

  it('takes the order of reports from the file, whatever order the rows arrive in', () => {
    const events = milestoneEvents([...milestones].reverse(), framework);
    expect(events.find((e) => e.id === 'plan')!.latest.id).toBe('plan-update');
    expect(events.map((e) => e.id)).toEqual(['task-force', 'other', 'plan', 'designation', 'launch-month']);
  });

  it('counts agree: the goal counts events, not rows, and leaves out pre-launch events', () => {
    const result = assess(model([], [], milestones));
    const goal = result.rollups.find((r) => r.id === 'goal-2')!;
    // Rows: 7; events: 5; before the launch: 2 → counted: plan (done), other (in progress), launch-month (done).
    expect(goal.milestones).toEqual({ in_progress: 1, done: 2 });
    expect(goal.milestoneIds).toEqual(['launch-month', 'other', 'plan']);
    expect(goal.preLaunchIds).toEqual(['designation', 'task-force']);
    // Milestones are evidence, not a rated status.
    expect(goal.headline).toBe('not_rated');
  });
});
