// `hlsd-report explain`: where a published figure came from, for a figure quoted from a seed and
// for one an analyst added from another publication, with the published revisions' history.

import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, scratchProject } from '../helpers/cli.js';

const CDC = 'CDC, Provisional Drug Overdose Death Counts, release of 2023-05-17';
const ANALYST_ROW = `overdose-deaths,US,2022,,,109680,exact,provisional,"${CDC}",,"Predicted provisional count for the 12 months ending December 2022, all drugs, national (https://www.cdc.gov/nchs/nvss/vsrr/drug-overdose-data.htm)."\n`;

/** 1-based line of the first line of `file` that starts with `prefix`. */
function lineOf(file: string, prefix: string): number {
  const i = readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.startsWith(prefix));
  expect(i, prefix).toBeGreaterThanOrEqual(0);
  return i + 1;
}

describe('explain, for a figure quoted from a seed', () => {
  let out: string;
  beforeAll(() => {
    const r = runCli(['explain', 'human-smuggling-defendants']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    out = r.stdout;
  });

  it('names the data row, the source, the quote with the value marked, and the seed lines', () => {
    expect(out).toContain(
      `data/observations.csv:${lineOf(join(ROOT, 'data/observations.csv'), 'human-smuggling-defendants,US,2021,')}`,
    );
    expect(out).toContain(`data/metrics.csv:${lineOf(join(ROOT, 'data/metrics.csv'), 'human-smuggling-defendants,')}`);
    expect(out).toContain('US 2021 = 5046 defendants (final)');
    expect(out).toContain(
      '2022-10-14-joint-statement.txt — “Joint Statement: 2022 U.S.-Mexico High-Level Security Dialogue”, U.S. Department of State, 2022-10-14',
    );
    expect(out).toContain(
      '“In 2021, the United States prosecuted »5,046« defendants for human smuggling, a 23 percent increase over 2020,',
    );
    expect(out).toMatch(
      new RegExp(
        `in the seed +seeds/2022-10-14-joint-statement\\.txt:${lineOf(join(ROOT, 'seeds/2022-10-14-joint-statement.txt'), 'We intensified efforts')}\\n`,
      ),
    );
    expect(out).toContain('anchor #source-human-smuggling-defendants-us-2021');
    expect(out).toContain('5,046 (English) · 5,046 (Spanish)');
  });

  it('gives the assessment as assess --json does, and says nothing was published yet', () => {
    const rows = JSON.parse(runCli(['assess', '--json']).stdout) as {
      metric: string;
      country: string;
      status: string;
      method: string;
      reason: string | null;
      tier: string;
      role: string;
    }[];
    const a = rows.find((x) => x.metric === 'human-smuggling-defendants' && x.country === 'US')!;
    expect(out).toContain(`assessment US: ${a.status}`);
    expect(out).toMatch(new RegExp(`method +${a.method}\\n`));
    // A figure quoted from a statement is evidence, never rated (issue 24).
    expect([a.tier, a.role, a.status]).toEqual(['statement', 'evidence', 'not_rated']);
    expect(out).toMatch(/evidence +statement, evidence, not rated/);
    if (a.reason) expect(out).toMatch(new RegExp(`reason +${a.reason}\\n`));
    else expect(out).not.toMatch(/\n {2}reason /);
    expect(out).toContain('no published revision');
  });

  it('marks a value with a scale word and a currency sign whole', () => {
    const r = runCli(['explain', 'drug-treatment-interdiction-investment']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('»$25.1 billion«');
    expect(r.stdout).toContain('$25.1 billion (English) · 25,100 millones de dólares (Spanish)');
  });
});

describe('explain, for a figure from another publication, with published revisions', () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchProject('hlsd-explain-');
    appendFileSync(join(dir, 'data/observations.csv'), ANALYST_ROW);
    // A published 2022 revision 1 without the analyst's CDC figure.
    const original = readFileSync(join(ROOT, 'data/observations.csv'), 'utf8');
    // As publish freezes it: the data it was built from under inputs/data/, and revision.json.
    cpSync(join(ROOT, 'data'), join(dir, 'published/2022/r1/inputs/data'), { recursive: true });
    writeFileSync(join(dir, 'published/2022/r1/inputs/data/observations.csv'), original);
    writeFileSync(
      join(dir, 'published/2022/r1/revision.json'),
      JSON.stringify({
        generator: 'hlsd-report',
        year: 2022,
        revision: 1,
        date: '2022-11-01',
        contentHash: 'not-checked-by-explain',
        inputHash: 'not-checked-by-explain',
      }),
    );
    // A published 2024 revision 1 that gave CDC's provisional 2022 count before CDC revised it.
    cpSync(join(ROOT, 'data'), join(dir, 'published/2024/r1/inputs/data'), { recursive: true });
    writeFileSync(
      join(dir, 'published/2024/r1/inputs/data/observations.csv'),
      readFileSync(join(ROOT, 'data/observations.csv'), 'utf8').replace(
        'us-overdose-deaths-reported,US,2022,,,109413,',
        'us-overdose-deaths-reported,US,2022,,,109000,',
      ),
    );
    writeFileSync(
      join(dir, 'published/2024/r1/revision.json'),
      JSON.stringify({
        generator: 'hlsd-report',
        year: 2024,
        revision: 1,
        date: '2025-01-15',
        contentHash: 'not-checked-by-explain',
        inputHash: 'not-checked-by-explain',
      }),
    );
  });

  it('says the figure is not quoted from a seed and points at the publication and the data row', () => {
    const r = runCli(['explain', 'overdose-deaths', '--country', 'us', '--period', '2022', '--year', '2022'], {
      cwd: dir,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = readFileSync(join(dir, 'data/observations.csv'), 'utf8').trimEnd().split('\n').length;
    expect(r.stdout).toContain('US 2022 = 109680 deaths (provisional)');
    expect(r.stdout).toContain(`data/observations.csv:${lines}`);
    expect(r.stdout).toContain(`${CDC} (a publication outside the seed texts)`);
    expect(r.stdout).toMatch(/quote +none: the figure is not quoted from a seed text/);
    expect(r.stdout).not.toContain('US 2021'); // --period chose one figure
    expect(r.stdout).toContain('r1 (2022-11-01): not published');
    expect(r.stdout).toContain('current data: new since the last published revision');
    // Two years now: the assessment has a trend, as assess --json says.
    const rows = JSON.parse(runCli(['assess', '--json', '--year', '2022'], { cwd: dir }).stdout) as {
      metric: string;
      country: string;
      status: string;
      method: string;
      ratio: number | null;
    }[];
    const a = rows.find((x) => x.metric === 'overdose-deaths' && x.country === 'US')!;
    expect(a.ratio).not.toBeNull();
    expect(r.stdout).toContain(`assessment US: ${a.status}`);
    expect(r.stdout).toMatch(new RegExp(`method +${a.method}\\n`));
    expect(r.stdout).toContain(`from           baseline 2021 = 108000, latest 2022 = 109680`);
  });

  it('lists what changed since a published revision', () => {
    const r = runCli(['explain', 'us-overdose-deaths-reported', '--country', 'US', '--period', '2022'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('r1 (2025-01-15): 109000 (provisional)');
    expect(r.stdout).toContain('current data: value 109000 → 109413');
  });

  it('says when a published revision cannot be read by the current rules, and why', () => {
    // The 2021 smuggling count changed in the copy, but the quoted sentence still says 5,046.
    const broken = readFileSync(join(ROOT, 'data/observations.csv'), 'utf8').replace(
      'human-smuggling-defendants,US,2021,,,5046,',
      'human-smuggling-defendants,US,2021,,,5000,',
    );
    writeFileSync(join(dir, 'published/2022/r1/inputs/data/observations.csv'), broken);
    const r = runCli(['explain', 'human-smuggling-defendants', '--year', '2022'], { cwd: dir });
    writeFileSync(
      join(dir, 'published/2022/r1/inputs/data/observations.csv'),
      readFileSync(join(ROOT, 'data/observations.csv'), 'utf8'),
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /r1 \(2022-11-01\): its data copy does not validate under the current rules \(\d+ problem/,
    );
  });
});

describe('explain, asked wrongly', () => {
  it('exits 1 for an unknown metric, with the close ids as a hint', () => {
    const r = runCli(['explain', 'human-smugling-defendant']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('explain/unknown-metric');
    expect(r.stderr).toMatch(/hint: did you mean "human-smuggling-defendants"/);
    expect(r.stdout).toBe('');
  });

  it('exits 1 for a figure the metric does not have, listing the ones it has', () => {
    const r = runCli(['explain', 'human-smuggling-defendants', '--period', '2020']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('explain/no-figure');
    expect(r.stderr).toContain('--country US --period 2021');
  });

  it('exits 2 for a malformed call', () => {
    expect(runCli(['explain']).status).toBe(2);
    expect(runCli(['explain', 'overdose-deaths', '--country', 'CA']).status).toBe(2);
    expect(runCli(['explain', 'overdose-deaths', '--period', '21']).status).toBe(2);
  });
});
