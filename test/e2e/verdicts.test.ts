// Issue 24's acceptance on the project's own data: `assess --json --rollup` for 2024 and 2022 and the
// 2024 report's text. Statuses from official series only, at most one per phenomenon and country,
// on the latest period in the data, milestones counted once and never before the launch, and no
// period invented ("in 2022 over 2021").

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, scratchProject } from '../helpers/cli.js';

type Row = Record<string, unknown>;
interface Out {
  assessments: Row[];
  rollups: { goals: Row[]; areas: Row[]; objectives: Row[]; actions: Row[]; gaps: number[] };
}
const csv = (file: string) =>
  parse(readFileSync(join(ROOT, 'data', file)), { columns: true }) as Record<string, string>[];
const yearOf = (period: string) => Number(period.replace('FY', ''));

function assessYear(year: number): Out {
  const r = runCli(['assess', '--json', '--rollup', '--year', String(year)]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Out;
}

describe.each([2024, 2022])('assess --json --rollup --year %i', (year) => {
  const out = assessYear(year);
  const metrics = csv('metrics.csv');
  const observations = csv('observations.csv');
  const rated = out.assessments.filter((a) => a.rated);

  it('rates no statement figure', () => {
    expect(rated.length).toBeGreaterThan(0);
    for (const a of rated) expect(a.tier, String(a.metric)).toBe('official');
    for (const a of out.assessments.filter((x) => x.tier === 'statement'))
      expect(a.status, String(a.metric)).toBe('not_rated');
  });

  it('rates at most one assessment per phenomenon and country', () => {
    const keys = rated.map((a) => `${a.phenomenon}/${a.country}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('rates every official assessment on the latest period up to the year that is in the data', () => {
    for (const a of rated) {
      const own = observations.filter(
        (o) => o.metric === a.metric && o.country === a.country && yearOf(o.period!) <= year,
      );
      const latest = own
        .map((o) => o.period!)
        .sort((x, y) => yearOf(x) - yearOf(y))
        .at(-1);
      expect(a.latest_period, `${a.metric}/${a.country}`).toBe(latest);
    }
  });

  it('gives a rated headline to a goal or action only with at least one rated official series behind it', () => {
    const ratedMetrics = new Set(rated.map((a) => a.metric));
    for (const r of [...out.rollups.goals, ...out.rollups.actions]) {
      if (r.headline === 'not_rated') continue;
      expect(
        (r.metrics as string[]).some((m) => ratedMetrics.has(m)),
        String(r.id),
      ).toBe(true);
    }
    // Statement-only actions are not rated and are gaps.
    for (const n of out.rollups.gaps) expect(out.rollups.actions[n - 1]!.headline).toBe('not_rated');
    expect(metrics.length).toBeGreaterThan(0);
  });

  it('counts a milestone update with its parent once, and no event done before 2021-10-08', () => {
    const milestones = csv('milestones.csv');
    const updates = new Set(milestones.filter((m) => m.updates).map((m) => m.id));
    for (const r of [...out.rollups.goals, ...out.rollups.actions]) {
      for (const id of r.milestone_ids as string[]) {
        expect(updates.has(id), `${r.id} counts the update ${id}`).toBe(false);
        // The event's latest report is the last row of the event.
        const rows = milestones.filter((m) => m.id === id || m.updates === id);
        const latest = rows.at(-1)!;
        if (latest.status === 'done' && latest.done_date)
          expect(latest.done_date.slice(0, 7) >= '2021-10', `${r.id}: ${id}`).toBe(true);
      }
    }
    expect(out.rollups.goals[2]!.pre_launch_milestone_ids).toContain('ofac-cjng-designation');
  });
});

describe('the 2024 report', () => {
  let en: string;
  let es: string;
  beforeAll(() => {
    const dir = scratchProject('hlsd-verdicts-');
    const r = runCli(['build', '--year', '2024', '--format', 'html'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const text = (lang: string) =>
      readFileSync(join(dir, `out/2024/hlsd-report-2024-${lang}.html`), 'utf8')
        .replace(/<[^>]+>/g, '')
        .replace(/&[a-z#0-9]+;/g, ' ')
        .replace(/\s+/g, ' ');
    en = text('en');
    es = text('es');
  }, 180_000);

  it('rates the CDC headline on 2021 → 2024, provisional, and gives the size of the change', () => {
    expect(en).toMatch(/fell from 72,124 \[\d+\] in 2021 to 49,241 \[\d+\] in 2024 \(-31\.7%\)/);
    expect(en).toContain('Substantial progress (provisional)');
    expect(en).toMatch(/CDC flags the 2024 value as underreported/);
    expect(en).toMatch(
      /CDC.s own adjustment for late reports puts synthetic-opioid deaths for 2024 1\.2% above the unadjusted count\./,
    );
    expect(es).toContain('Avance sustancial (preliminar)');
  });

  it('never writes a period the source does not state', () => {
    for (const text of [en, es]) {
      expect(text).not.toContain('in 2022 over 2021');
      expect(text).not.toContain('en 2022 respecto de 2021');
    }
    expect(en).toContain('in the twelve months to October 14, 2022');
  });

  it('prints "Not started" only for a milestone a quoted source says has not begun', () => {
    const notStarted = csv('milestones.csv').filter((m) => m.status === 'not_started');
    for (const m of notStarted) expect(m.quote, m.id).not.toBe('');
    expect((en.match(/Not started/g) ?? []).length).toBe(notStarted.length);
  });

  it('shows statement figures as reported, and a repeated figure as a cross-check of its series', () => {
    expect(en).toMatch(/nearly 108,000 \[\d+\] in 2021, as reported in/);
    expect(en).toContain(
      'For comparison, the official series (CDC, overdose deaths (reported)) gives 107,573 for 2021.',
    );
    expect(en).not.toMatch(/Goal 2[^.]{0,40}Substantial progress/);
  });
});
