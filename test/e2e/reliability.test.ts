// Issue 19, the hostile inputs that the fix makes valid, through the real CLI: a report whose
// inputs sit under --out is rebuilt after a correction (never a stale "up to date"); --jobs 999 is
// clamped; the staging folder of a killed publish is cleaned by the next one; a catalogue saved
// with a UTF-8 BOM is read; 3,000 unknown 9,990-character metric ids are refused in seconds.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  composeData,
  printedDiagnostics,
  runCliAsync,
  scratchRoot,
  STACK_LINE,
  type CliRun,
} from '../fixtures/cli-bad/project.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function project(prefix: string): string {
  const root = scratchRoot(prefix);
  roots.push(root);
  composeData(root, 'data');
  return root;
}

function clean(run: CliRun): void {
  expect(run.signal).toBeNull();
  expect(`${run.stdout}\n${run.stderr}`).not.toMatch(STACK_LINE);
  expect(run.stderr).not.toMatch(/internal error/);
}

const QUICK = ['--format', 'html', '--lang', 'en'];

describe('up to date is never stale', () => {
  it('rebuilds a project whose data sit under --out (build --out .) after a correction', async () => {
    const root = project('hlsd-stale-');
    const first = await runCliAsync(['build', '--out', '.', ...QUICK], { cwd: root });
    clean(first);
    expect(first.status, first.stderr).toBe(0);
    const metrics = join(root, 'data/metrics.csv');
    writeFileSync(
      metrics,
      readFileSync(metrics, 'utf8').replace('Fake pills seized,', 'Fake pills seized (corrected),'),
    );
    const second = await runCliAsync(['build', '--out', '.', ...QUICK], { cwd: root });
    clean(second);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).not.toMatch(/up to date/);
    expect(readFileSync(join(root, '2022/hlsd-report-2022-en.html'), 'utf8')).toContain(
      'Fake pills seized (corrected)',
    );
    // And unchanged, it is up to date again (the replayed record, then the full check agree).
    const third = await runCliAsync(['build', '--out', '.', ...QUICK], { cwd: root });
    expect(third.status).toBe(0);
    expect(third.stderr).toMatch(/^build\s+2022 up to date/m);
  }, 120_000);
});

describe('--jobs', () => {
  it('clamps --jobs 999 to the cores (at least 2) and says so; the build succeeds', async () => {
    const root = project('hlsd-jobs999-');
    const run = await runCliAsync(['build', '--jobs', '999', '--format', 'pdf', '--lang', 'en'], { cwd: root });
    clean(run);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      `jobs     --jobs 999 is more than this machine can use: rendering with ${Math.max(2, availableParallelism())} threads`,
    );
    expect(existsSync(join(root, 'out/2022/hlsd-report-2022-en.pdf'))).toBe(true);
  }, 120_000);
});

describe('publish after a killed publish', () => {
  it('removes the staging folder the killed one left, then publishes', async () => {
    const root = project('hlsd-partial-');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const leftover = join(root, `published/2022/.r1.${dead}.partial`);
    mkdirSync(join(leftover, 'inputs/data'), { recursive: true });
    writeFileSync(join(leftover, 'inputs/data/units.csv'), 'half');
    const run = await runCliAsync(['publish'], { cwd: root });
    clean(run);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`clean    published/2022/.r1.${dead}.partial (left by an interrupted publish)`);
    expect(readdirSync(join(root, 'published/2022'))).toEqual(['r1']);
  }, 180_000);
});

describe('a catalogue saved with a UTF-8 BOM', () => {
  it('is read as JSON: check passes', async () => {
    const root = project('hlsd-bom-');
    const file = join(root, 'templates/i18n/es/report.json');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(file)]));
    const run = await runCliAsync(['check'], { cwd: root });
    clean(run);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^check\s+ok/m);
  }, 60_000);
});

describe('3,000 unknown 9,990-character metric ids (30 MB)', () => {
  it('are refused in seconds, with bounded output (the issue: 146 s for 5,000 in the suggestions)', async () => {
    const root = project('hlsd-long-ids-');
    const file = join(root, 'data/observations.csv');
    const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n');
    const row = rows[1]!.slice(rows[1]!.indexOf(','));
    const extra = Array.from({ length: 3000 }, (_, i) => `${String(i).padStart(4, '0')}${'m'.repeat(9986)}${row}`);
    writeFileSync(file, `${[header, ...rows, ...extra].join('\n')}\n`);
    const started = performance.now();
    const run = await runCliAsync(['check'], { cwd: root, timeoutMs: 60_000 });
    const seconds = (performance.now() - started) / 1000;
    clean(run);
    expect(run.status).toBe(1);
    expect(seconds).toBeLessThan(30);
    const printed = printedDiagnostics(run.stderr);
    const words = printed.filter((d) => d.rule === 'csv/word-too-long');
    expect(words).toHaveLength(11);
    expect(words.map((d) => d.message)).toContain('and 2,990 more overlong words');
    expect(printed.filter((d) => d.rule === 'observation/unknown-metric')).toHaveLength(3000);
    for (const d of printed) expect(d.hint).toBeTruthy();
  }, 120_000);
});

describe('a write that fails for lack of room', () => {
  it('names the file it was writing (a full disk used to print no file at all)', async () => {
    const root = project('hlsd-full-');
    // A file-size limit makes write() fail part-way the way a full disk does (the signal it would
    // also raise is ignored, as a shell's trap leaves it for the child).
    const run = spawnSync(
      'bash',
      [
        '-c',
        `trap '' XFSZ; ulimit -f 16; exec "${process.execPath}" "${join(import.meta.dirname, '../../bin/hlsd-report.js')}" build ${QUICK.join(' ')}`,
      ],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000', NO_COLOR: '1' },
      },
    );
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.status, run.stderr).toBe(1);
    const [d] = printedDiagnostics(run.stderr);
    expect(d, run.stderr).toBeDefined();
    expect(d!.rule).toBe('output/unwritable');
    expect(d!.file).toMatch(/^(out\/2022\/\S+|\.cache\/\S+)$/);
    expect(d!.message).toMatch(/file-size limit/);
    expect(d!.hint).toBeTruthy();
  }, 120_000);
});
