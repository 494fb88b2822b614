// Reports for past years (issue 15): `build --year 2022|2023|2024` each makes that year's report
// from the data up to that year, and the 2022 report's assessments are the same with and without
// the 2023–2024 rows. Also the acceptance figures of the official benchmarks: enough judged
// metric × country pairs, a status for every goal, a chart per series in both PDFs.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasTool, pdfText, runCli, scratchProject, YEAR } from '../helpers/cli.js';
import { copyOfDefaultBuild } from '../helpers/report.js';

type Row = Record<string, string>;
const JUDGED = [
  'target_achieved',
  'on_track',
  'substantial_progress',
  'moderate_progress',
  'acceleration_needed',
  'limited_progress',
  'deterioration',
];

function assess(
  dir: string,
  year?: number,
): { assessments: Row[]; rollups: { goals: Row[]; areas: Row[]; actions: Row[] } } {
  const r = runCli(['assess', '--json', '--rollup', ...(year ? ['--year', String(year)] : [])], { cwd: dir });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

describe('reports for 2022, 2023 and 2024', () => {
  let dir: string;
  beforeAll(async () => {
    // The latest year (2024, checked below) is the run's default build; the earlier two are built here.
    dir = (await copyOfDefaultBuild('hlsd-years-')).dir;
    for (const year of [2022, 2023]) {
      const r = runCli(['build', '--year', String(year)], { cwd: dir });
      expect(r.status, r.stderr).toBe(0);
    }
  }, 300_000);

  it('defaults to the latest year in the data', () => {
    expect(YEAR).toBe(2024);
  });

  it.each([2022, 2023, 2024])('%i builds in both languages, as PDF and HTML, each about its own year', (year) => {
    for (const lang of ['en', 'es'] as const) {
      const text = pdfText(join(dir, `out/${year}/hlsd-report-${year}-${lang}.pdf`)).replace(/\s+/g, ' ');
      expect(text).toContain(lang === 'en' ? `Annual Progress Report ${year}` : `${year}`);
      // No figure of a later period: the last column of every figure table stops at the report year.
      for (const later of [year + 1, year + 2].filter((y) => y <= 2024)) {
        expect(text, `${year} ${lang}`).not.toMatch(
          new RegExp(`United States ${later} |Estados Unidos ${later} |Mexico ${later} |México ${later} `),
        );
      }
      const html = readFileSync(join(dir, `out/${year}/hlsd-report-${year}-${lang}.html`), 'utf8');
      expect(html).toContain(`<html lang="${lang === 'en' ? 'en-US' : 'es-MX'}"`);
    }
  });

  it('rates the 2022 report the same with and without the 2023–2024 rows', () => {
    const full = assess(dir, 2022);
    const cut = scratchProject('hlsd-years-cut-');
    const observations = parse(readFileSync(join(cut, 'data/observations.csv')), { columns: true }) as Row[];
    const kept = observations.filter((o) => Number(o.period!.replace('FY', '')) <= 2022);
    expect(kept.length).toBeLessThan(observations.length - 30);
    writeFileSync(join(cut, 'data/observations.csv'), stringify(kept, { header: true }));
    const sources = parse(readFileSync(join(cut, 'data/sources.csv')), { columns: true }) as Row[];
    const later = new Set(sources.filter((s) => s.date! > '2022-12-31').map((s) => s.id));
    const milestones = parse(readFileSync(join(cut, 'data/milestones.csv')), { columns: true }) as Row[];
    const keptMilestones = milestones.filter((m) => !later.has(m.source!));
    expect(keptMilestones.length).toBeLessThan(milestones.length);
    writeFileSync(join(cut, 'data/milestones.csv'), stringify(keptMilestones, { header: true }));
    const without = assess(cut, 2022);
    expect(without).toEqual(full);
    // …and the default year of the cut data is 2022, with the same result.
    expect(assess(cut)).toEqual(full);
  });

  it('rates official headline series only, and every goal reads rated or not rated, never a milestone status', () => {
    const { assessments, rollups } = assess(dir);
    // Since issue 24 only one series per phenomenon and country is rated: 5 in the 2024 data
    // (U.S. synthetic-opioid deaths and homicide rate; Mexico's homicide, femicide and kidnapping, …).
    const judged = assessments.filter((a) => JUDGED.includes(a.status!));
    expect(judged.length).toBeGreaterThanOrEqual(5);
    for (const a of judged) expect(a, a.metric).toMatchObject({ tier: 'official', role: 'headline', rated: true });
    for (const g of rollups.goals) expect(g.headline, g.id).toMatch(new RegExp(`^(${JUDGED.join('|')}|not_rated)$`));
    expect(rollups.goals[0]!.headline).not.toBe('not_rated');
  });

  it.skipIf(!hasTool('pdfinfo'))(
    'draws a chart for every metric with two or more observations: at least 8 Figures in each PDF',
    () => {
      for (const lang of ['en', 'es']) {
        const r = spawnSync('pdfinfo', ['-struct', join(dir, `out/${YEAR}/hlsd-report-${YEAR}-${lang}.pdf`)], {
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        });
        const figures = (r.stdout.match(/^\s*Figure\b/gm) ?? []).length;
        expect(figures, lang).toBeGreaterThanOrEqual(17);
      }
    },
  );
});
