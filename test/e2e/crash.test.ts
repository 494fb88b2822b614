// Crash safety: a build killed with SIGKILL at any moment, over an out/ that holds a previous good
// build of other data, leaves out/ telling the truth: every file manifest.json lists is there with the
// listed size and SHA-256, and every output is whole (the previous bytes or the new ones, never a
// mix). Leftover temporaries are allowed only as hidden `.*.tmp` files, and the next build removes
// them and finishes the job.
//
// Kill points: fixed delays (mostly before anything is written), and the moment the 1st, 2nd, 3rd
// and 4th temporary file appears in out/2022 (watched with fs.watch): the interim manifest, then
// each output in turn, so a kill lands mid-write and between one replaced file and the next.

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  cliEnv,
  composeData,
  manifestProblems,
  pool,
  ROOT,
  runCliAsync,
  scratchRoot,
  tempFiles,
} from '../fixtures/cli-bad/project.js';
import { snapshot } from '../helpers/cli.js';
import { removeStaleTempFiles } from '../../pipeline/effects-node.js';

type KillPoint = { name: string; afterMs: number } | { name: string; tempFile: number };

const KILL_POINTS: KillPoint[] = [
  { name: 'after 0.3 s', afterMs: 300 },
  { name: 'after 1 s', afterMs: 1000 },
  { name: 'after 2 s', afterMs: 2000 },
  { name: 'when the 1st temporary file appears', tempFile: 1 },
  { name: 'when the 2nd temporary file appears', tempFile: 2 },
  { name: 'when the 3rd temporary file appears', tempFile: 3 },
  { name: 'when the 4th temporary file appears', tempFile: 4 },
];

/** English HTML and the data companion: a few seconds per build, still a dozen files to replace. */
// --year 2022: the real data are built over the previous build of good-small, which reports on 2022.
const OPTIONS = ['--lang', 'en', '--format', 'html', '--year', '2022'];

interface Killed {
  point: KillPoint;
  out: string;
  /** Whether the kill happened (a build may finish before its trigger); its exit signal. */
  signal: NodeJS.Signals | null;
  status: number | null;
  /** Temporary files seen before the kill. */
  seen: string[];
}

let root: string;
/** out/2022 of the previous build (good-small), and after a finished build of the real data over it. */
let previous: Record<string, string>;
let fresh: Record<string, string>;
const killed: Killed[] = [];

beforeAll(async () => {
  root = scratchRoot('hlsd-crash-');
  composeData(root, 'good');
  cpSync(join(ROOT, 'data'), join(root, 'real'), { recursive: true });
  const prev = await runCliAsync(['build', '--data', 'good', '--out', 'prev', ...OPTIONS], { cwd: root });
  expect(prev.status, prev.stderr).toBe(0);
  previous = snapshot(join(root, 'prev/2022'));
  cpSync(join(root, 'prev'), join(root, 'ref'), { recursive: true });
  const ref = await runCliAsync(['build', '--data', 'real', '--out', 'ref', ...OPTIONS], { cwd: root });
  expect(ref.status, ref.stderr).toBe(0);
  fresh = snapshot(join(root, 'ref/2022'));

  await pool(KILL_POINTS, 2, async (point) => {
    const out = `killed-${KILL_POINTS.indexOf(point)}`;
    cpSync(join(root, 'prev'), join(root, out), { recursive: true });
    killed.push({
      point,
      out,
      ...(await buildAndKill(['build', '--data', 'real', '--out', out, ...OPTIONS], join(root, out, '2022'), point)),
    });
  });
}, 300_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Starts a build and SIGKILLs it at the kill point; resolves when it has exited. */
function buildAndKill(args: string[], watched: string, point: KillPoint): Promise<Omit<Killed, 'point' | 'out'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: root, env: cliEnv(), stdio: 'ignore' });
    const seen: string[] = [];
    const kill = () => child.kill('SIGKILL');
    let timer: NodeJS.Timeout | undefined;
    let watcher: ReturnType<typeof watch> | undefined;
    if ('afterMs' in point) timer = setTimeout(kill, point.afterMs);
    else {
      watcher = watch(watched, { recursive: true }, (_event, name) => {
        if (!name || !/(^|\/)\.[^/]+\.tmp$/.test(name) || seen.includes(name)) return;
        seen.push(name);
        if (seen.length === point.tempFile) kill();
      });
    }
    // A bound on the whole run: a build that hangs is a failure, not a wait.
    const limit = setTimeout(kill, 120_000);
    child.on('error', reject);
    child.on('exit', (status, signal) => {
      clearTimeout(timer);
      clearTimeout(limit);
      watcher?.close();
      resolve({ status, signal, seen });
    });
  });
}

/**
 * Files of out/2022 that are neither the previous version nor the new one. Temporaries are left out,
 * and so is the manifest, which may be the interim one publish writes first (checked on its own).
 */
function tornFiles(dir: string): string[] {
  return Object.entries(snapshot(dir))
    .filter(([path]) => !/(^|\/)\.[^/]+\.tmp$/.test(path) && path !== 'manifest.json')
    .filter(([path, sha]) => sha !== previous[path] && sha !== fresh[path])
    .map(([path]) => path);
}

describe('a build killed with SIGKILL', () => {
  it('has real work to do: the new data changes the report and its data files', () => {
    expect(Object.keys(fresh)).toContain('manifest.json');
    const changed = Object.keys(fresh).filter((path) => previous[path] !== fresh[path]);
    expect(changed).toContain('hlsd-report-2022-en.html');
    expect(changed.length).toBeGreaterThanOrEqual(4);
  });

  it.each(KILL_POINTS.map((p) => [p.name, p] as const))(
    '%s leaves out/ matching its manifest, with no torn file',
    (_name, point) => {
      const k = killed.find((x) => x.point === point)!;
      const dir = join(root, k.out, '2022');
      expect(manifestProblems(dir)).toEqual([]);
      expect(tornFiles(dir)).toEqual([]);
      // Only hidden temporaries may be left over; they are ignored by the manifest and removed later.
      for (const name of tempFiles(dir)) expect(name).toMatch(/(^|\/)\.[^/]+\.\d+-\d+\.tmp$/);
      if (k.signal === null) {
        // The build won the race and finished: then it must have finished properly.
        expect(k.status).toBe(0);
        expect(snapshot(dir)).toEqual(fresh);
      }
    },
  );

  it('was killed mid-publish at least once (the watched points are not all too late)', () => {
    const midPublish = killed.filter((k) => 'tempFile' in k.point && k.signal === 'SIGKILL');
    expect(midPublish.length).toBeGreaterThanOrEqual(2);
    // Killed while an output (not only the manifest) was being written or replaced.
    const changed = midPublish.filter((k) =>
      Object.entries(snapshot(join(root, k.out, '2022'))).some(([p, sha]) => p !== 'manifest.json' && fresh[p] === sha),
    );
    const pending = midPublish.filter((k) => tempFiles(join(root, k.out, '2022')).length > 0);
    expect(changed.length + pending.length).toBeGreaterThan(0);
  });

  it('is finished by the next build, which also removes the leftover temporaries', async () => {
    // The builds killed while publishing (the others never touched out/ and are covered above).
    const midPublish = killed.filter((k) => 'tempFile' in k.point && k.signal === 'SIGKILL');
    const recoveries = await pool(midPublish, 2, async (k) => ({
      k,
      run: await runCliAsync(['build', '--data', 'real', '--out', k.out, ...OPTIONS], { cwd: root }),
    }));
    for (const { k, run } of recoveries) {
      const dir = join(root, k.out, '2022');
      expect(run.status, `${k.point.name}\n${run.stderr}`).toBe(0);
      expect(tempFiles(dir), k.point.name).toEqual([]);
      expect(manifestProblems(dir)).toEqual([]);
      // Exactly what an uninterrupted build over the same previous outputs leaves.
      expect(snapshot(dir), k.point.name).toEqual(fresh);
    }
  }, 300_000);
});

describe('removeStaleTempFiles', () => {
  it('keeps temporaries of running processes and removes those of dead ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hlsd-tmp-'));
    // A pid that is surely gone: a child that already exited.
    const gone = await new Promise<number>((resolve) => {
      const c = spawn(process.execPath, ['-e', '0']);
      c.on('exit', () => resolve(c.pid!));
    });
    const names = {
      mine: `.report.html.${process.pid}-1.tmp`,
      dead: `.report.pdf.${gone}-3.tmp`,
      deadOld: `.manifest.json.${gone}.tmp`,
      notOurs: '.something.tmp',
      output: 'report.pdf',
    };
    for (const n of Object.values(names)) writeFileSync(join(dir, n), 'x');
    await removeStaleTempFiles(dir);
    expect(existsSync(join(dir, names.mine))).toBe(true);
    expect(existsSync(join(dir, names.dead))).toBe(false);
    expect(existsSync(join(dir, names.deadOld))).toBe(false);
    expect(existsSync(join(dir, names.notOurs))).toBe(true);
    expect(existsSync(join(dir, names.output))).toBe(true);
  });
});
