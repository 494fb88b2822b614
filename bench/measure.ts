// How the benchmark measures a process: wall time from spawn to exit, peak RSS (reported by the
// process itself through bench/probe.mjs, or sampled from /proc for a process tree such as
// Chromium's), stderr for `--verbose` stage timings, and a wait for a quiet CPU before each run
// (the benchmark machine may be shared; the wait is recorded, never hidden).

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin/hlsd-report.js');
const PROBE = join(ROOT, 'bench/probe.mjs');

export interface Measured {
  wallMs: number;
  /** Peak RSS in MB: the process's own ru_maxrss, or the sampled sum over its process tree. */
  peakRssMb: number | undefined;
  /** CPU time of the process, all threads (user + system), when it reports it (not for a tree). */
  cpuMs: number | undefined;
  status: number | null;
  stdout: string;
  stderr: string;
  /** Stopped for taking longer than the timeout. */
  timedOut: boolean;
  /** CPU busy (percent, all cores) just before the run, from /proc/stat. */
  busyBefore: number;
  /**
   * CPU time other processes used during the run (all CPU time the machine spent, minus the
   * measured process's own): how much the run had to share the cores. Only when the process
   * reports its CPU time.
   */
  othersCpuMs: number | undefined;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Sum RSS over the process tree every 25 ms instead of asking the process (Chromium). */
  sampleTree?: boolean;
  timeoutMs?: number;
}

/** Run `node [--import probe] ...args` and measure it. */
export async function measureNode(args: string[], options: RunOptions = {}): Promise<Measured> {
  const busyBefore = await waitForQuiet();
  const dir = mkdtempSync(join(tmpdir(), 'hlsd-bench-probe-'));
  const probeFile = join(dir, 'probe.json');
  const before = cpuTimes();
  const start = performance.now();
  const child = spawn(process.execPath, [...(options.sampleTree ? [] : ['--import', PROBE]), ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env, HLSD_BENCH_PROBE: probeFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  let sampled = 0;
  const sampler = options.sampleTree
    ? setInterval(() => {
        if (child.pid) sampled = Math.max(sampled, treeRssKb(child.pid));
      }, 25)
    : undefined;
  let timedOut = false;
  const timer = options.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, options.timeoutMs)
    : undefined;
  const status = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  const wallMs = performance.now() - start;
  const after = cpuTimes();
  if (sampler) clearInterval(sampler);
  if (timer) clearTimeout(timer);
  let peakRssMb: number | undefined;
  let cpuMs: number | undefined;
  if (options.sampleTree) peakRssMb = sampled / 1024;
  else {
    try {
      const probe = JSON.parse(readFileSync(probeFile, 'utf8')) as { maxRssKb: number; cpuMs: number };
      peakRssMb = probe.maxRssKb / 1024;
      cpuMs = probe.cpuMs;
    } catch {
      // killed, or exited before the probe could write
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const othersCpuMs = cpuMs === undefined ? undefined : Math.max(0, (after.busy - before.busy) * TICK_MS - cpuMs);
  return { wallMs, peakRssMb, cpuMs, status, stdout, stderr, timedOut, busyBefore, othersCpuMs };
}

/** Sum of VmRSS (kB) of a process and all its descendants, from /proc. */
export function treeRssKb(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      rss.set(Number(name), m ? Number(m[1]) : 0);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** /proc/stat counts in USER_HZ ticks, 100 per second on Linux. */
const TICK_MS = 10;

function cpuTimes(): { busy: number; total: number } {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = fields.slice(0, 8).map(Number);
  const idle = n[3] + n[4];
  const total = n.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** CPU busy percentage over `ms`. */
export async function cpuBusy(ms = 300): Promise<number> {
  const a = cpuTimes();
  await new Promise((r) => setTimeout(r, ms));
  const b = cpuTimes();
  return b.total === a.total ? 0 : (100 * (b.busy - a.busy)) / (b.total - a.total);
}

/** Total time the whole benchmark may spend waiting for a quiet machine. */
let quietBudgetMs = Number(process.env.HLSD_BENCH_QUIET_BUDGET_MS ?? 180_000);

/**
 * Wait (up to `maxMs`, and within the benchmark's total waiting budget) until the machine is
 * nearly idle, so a run is not measured while another job is using the cores. Returns the CPU
 * busy percentage seen last, which the results record.
 */
export async function waitForQuiet(
  maxMs = Number(process.env.HLSD_BENCH_QUIET_MS ?? 20_000),
  threshold = 20,
): Promise<number> {
  const start = performance.now();
  const until = start + Math.min(maxMs, Math.max(0, quietBudgetMs));
  let busy = await cpuBusy();
  while (busy > threshold && performance.now() < until) busy = await cpuBusy(500);
  quietBudgetMs -= performance.now() - start;
  return busy;
}

/** `--verbose` stage lines (`render    1.234 s`) → stage → milliseconds. */
export function stageTimings(stderr: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of stderr.matchAll(/^([a-z][\w.-]*)\s+(\d+\.\d{3}) s$/gm)) out[m[1]] = Number(m[2]) * 1000;
  return out;
}

/** Pages of a PDF written by pdfkit or Chromium (page objects are never inside object streams in pdfkit; Chromium's /Count is read as well). */
export function pdfPages(path: string): number {
  const text = readFileSync(path).toString('latin1');
  const counts = [
    ...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g),
  ].map((m) => Number(m[1] ?? m[2]));
  if (counts.length) return Math.max(...counts);
  return [...text.matchAll(/\/Type\s*\/Page\b(?!s)/g)].length;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
