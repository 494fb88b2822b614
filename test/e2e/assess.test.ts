// `assess --json` on a data folder an analyst writes (real multi-year figures; see
// test/fixtures/multi-year/README.md for the hand computation of every expected value).

import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

interface Row {
  metric: string;
  country: string;
  method: string;
  status: string;
  ratio: number | null;
  baseline_period: string;
  latest_period: string;
  latest_value: number;
}

describe('assess --json', () => {
  it('gives the statuses the method predicts, with hand-computed ratios', () => {
    const r = runCli(['assess', '--json', '--data', 'test/fixtures/multi-year']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as Row[];
    const by = (id: string) => rows.find((row) => row.metric === id)!;
    expect(by('us-overdose-deaths')).toMatchObject({
      country: 'US',
      method: 'cagr',
      status: 'deterioration',
      baseline_period: '2019',
      latest_period: '2022',
      latest_value: 107941,
    });
    expect(by('us-overdose-deaths').ratio).toBeCloseTo(-0.15186, 4);
    expect(by('mx-homicides')).toMatchObject({ country: 'MX', method: 'cagr', status: 'substantial_progress' });
    expect(by('mx-homicides').ratio).toBeCloseTo(0.0421, 4);
    expect(by('mx-homicides-target')).toMatchObject({ method: 'target_ratio', status: 'on_track' });
    expect(by('mx-homicides-target').ratio).toBeCloseTo(1.071, 3);
    expect(by('us-overdose-deaths-target')).toMatchObject({ method: 'target_ratio', status: 'deterioration' });
    expect(by('us-overdose-deaths-target').ratio).toBeCloseTo(-5.662, 2);
  });

  it('prints the roll-ups and the benchmark gaps with --rollup', () => {
    const r = runCli(['assess', '--json', '--rollup']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      assessments: Row[];
      rollups: {
        goals: { id: string; headline: string }[];
        actions: { id: string; headline: string }[];
        gaps: number[];
      };
    };
    expect(out.rollups.goals.map((g) => g.id)).toEqual(['goal-1', 'goal-2', 'goal-3']);
    expect(out.rollups.actions).toHaveLength(13);
    // The gaps are the actions no official series rates (issue 24): all but 2 and 6, which CDC's
    // synthetic-opioid deaths rate; every gap reads not_rated, and no rated action is a gap.
    expect(out.rollups.gaps).toEqual([1, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13]);
    for (const a of out.rollups.actions)
      expect(out.rollups.gaps.includes(Number(a.id.slice(7))), a.id).toBe(a.headline === 'not_rated');
    expect(out.assessments.length).toBeGreaterThan(15);
  });

  it('requires --json', () => {
    expect(runCli(['assess']).status).toBe(2);
  });
});
