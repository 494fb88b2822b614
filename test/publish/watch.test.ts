// `watch` in a child process: it builds, then rebuilds once per change with one log line, and
// stops cleanly (exit 0) on SIGINT. Waits are bounded; nothing here measures time.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeChanges } from '../../pipeline/commands/watch.js';
import { ROOT, scratchProject, YEAR } from '../helpers/cli.js';

let child: ChildProcess | undefined;
let log = '';

/** Resolves when the log matches, rejects after `ms` with the log so far. */
function waitFor(pattern: RegExp, ms: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      const m = pattern.exec(log);
      if (m) {
        clearInterval(poll);
        clearTimeout(limit);
        resolve(m);
      }
    }, 50);
    const limit = setTimeout(() => {
      clearInterval(poll);
      reject(new Error(`no ${pattern} within ${ms} ms; log so far:\n${log}`));
    }, ms);
  });
}

function exited(c: ChildProcess, ms: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (c.exitCode !== null) return resolve(c.exitCode);
    const limit = setTimeout(() => reject(new Error(`still running after ${ms} ms; log:\n${log}`)), ms);
    c.once('exit', (code) => {
      clearTimeout(limit);
      resolve(code);
    });
  });
}

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

describe('watch', () => {
  it('rebuilds after a data change with one log line, then stops on SIGINT', async () => {
    const dir = scratchProject('hlsd-watch-');
    child = spawn(process.execPath, [join(ROOT, 'bin/hlsd-report.js'), 'watch', '--lang', 'en', '--format', 'html'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    await waitFor(/^watch\s+watching .*data.*seeds.*templates/m, 120_000);
    expect(log).toMatch(/^build\s+\d+ file\(s\) written/m);

    const file = join(dir, 'data/metrics.csv');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('overdose-deaths,Drug overdose deaths,');
    writeFileSync(
      file,
      text.replace(
        'overdose-deaths,Drug overdose deaths,',
        'overdose-deaths,Drug overdose deaths (renamed by the watch test),',
      ),
    );
    const line = await waitFor(/^rebuild .*$/m, 120_000);
    expect(line[0]).toMatch(
      /^rebuild\s+data\/metrics\.csv changed: \d+ file\(s\) written, \d+ of \d+ chart\(s\) rendered, revision 1 \(\d+\.\d+ s\)$/,
    );
    expect(readFileSync(join(dir, `out/${YEAR}/hlsd-report-${YEAR}-en.html`), 'utf8')).toContain(
      'Drug overdose deaths (renamed by the watch test)',
    );

    // Saved by rename (sed -i, most editors): a new file takes the name. Node's recursive fs.watch
    // lost the file after the first such save; every later save must still be seen.
    const lines = [line[0]];
    for (const label of ['first rename-save', 'second rename-save']) {
      const current = readFileSync(file, 'utf8');
      writeFileSync(
        `${file}.sedXYZ`,
        current.replace(/Drug overdose deaths \([^)]*\)/, `Drug overdose deaths (${label})`),
      );
      renameSync(`${file}.sedXYZ`, file);
      const next = await waitFor(new RegExp(`^(?:rebuild .*\\n){${lines.length + 1}}`, 'm'), 120_000);
      lines.push(next[0].trim().split('\n').at(-1)!);
      expect(readFileSync(join(dir, `out/${YEAR}/hlsd-report-${YEAR}-en.html`), 'utf8')).toContain(
        `Drug overdose deaths (${label})`,
      );
    }

    child.kill('SIGINT');
    expect(await exited(child, 60_000)).toBe(0);
    expect(log).toMatch(/^watch\s+stopped$/m);
    // One line per rebuild, and nothing else between watching and stopping.
    const after = log
      .slice(log.search(/^watch\s+watching/m))
      .trim()
      .split('\n');
    expect(after.slice(1)).toEqual([...lines, expect.stringMatching(/^watch\s+stopped$/)]);
    for (const l of lines.slice(1)) expect(l).toMatch(/^rebuild\s+data\/metrics\.csv changed: \d+ file\(s\) written/);
  }, 300_000);
});

describe('watch on outputs that are already up to date', () => {
  it('renders once at start to warm the render threads, and rewrites nothing', async () => {
    const dir = scratchProject('hlsd-watch-warm-');
    const built = spawnSync(
      process.execPath,
      [join(ROOT, 'bin/hlsd-report.js'), 'build', '--lang', 'en', '--format', 'pdf'],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(built.status, built.stderr).toBe(0);
    const before = snapshotTimes(join(dir, 'out'));
    log = '';
    child = spawn(
      process.execPath,
      [join(ROOT, 'bin/hlsd-report.js'), 'watch', '--lang', 'en', '--format', 'pdf', '--verbose'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    await waitFor(/^watch\s+watching/m, 120_000);
    expect(log).toMatch(/^pdf\s+\d+\.\d+ s$/m); // the PDF was laid out…
    expect(log).toMatch(/^build\s+up to date/m); // …and found identical,
    expect(snapshotTimes(join(dir, 'out'))).toEqual(before); // so nothing was written.
    child.kill('SIGINT');
    expect(await exited(child, 60_000)).toBe(0);
  }, 300_000);
});

/** Relative path → mtime of every file below a folder. */
function snapshotTimes(root: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of readdirSync(root, { recursive: true }) as string[]) {
    const path = join(root, name);
    if (statSync(path).isFile()) out[name] = statSync(path).mtimeMs;
  }
  return out;
}

describe('describeChanges', () => {
  it('names the input files that changed, not the temporary files tools save through', () => {
    expect(describeChanges(['data/observations.csv', 'data/sedrK3oQK'])).toBe('data/observations.csv');
    expect(describeChanges(['data/sedrK3oQK'])).toBe('data');
    expect(describeChanges(['data/a.csv', 'data/b.csv', 'seeds/c.txt', 'templates/html/page.hbs'])).toBe(
      'data/a.csv, data/b.csv, seeds/c.txt and 1 more',
    );
  });
});
