// Render work spread over the cores: a pool of worker threads that run render tasks
// (worker-tasks.ts) in the order they are submitted; with one job the same tasks run in this
// thread. Callers place each output by the task that produced it, never by completion order, so
// the bytes do not depend on the number of jobs.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReplyMessage, TaskMessage } from './worker.js';
import type { RenderTask, TaskKind, TaskOutputs } from './worker-tasks.js';

export interface TaskResult<K extends TaskKind> {
  output: TaskOutputs[K];
  /** Time the task took where it ran (not counting the wait in the queue). */
  ms: number;
}

export interface RenderRunner {
  readonly jobs: number;
  /**
   * `weight` estimates the task's work (a document's blocks and rows); a worker that has not
   * loaded a task's engine takes it only when it is heavy enough to pay for loading (see pump).
   */
  run<T extends RenderTask>(task: T, weight?: number): Promise<TaskResult<T['kind']>>;
  /** Milliseconds from spawning the workers until all had loaded their renderers (0 in-thread). */
  startup(): Promise<number>;
  /** Stop the workers. A runner is also harmless to leave open: idle workers never keep a process alive. */
  close(): Promise<void>;
}

/** What the workers are sent (HTML renders on the main thread: see render/index.ts). */
export const WORKER_TASK_KINDS: readonly TaskKind[] = ['chart', 'pdf'];

export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * The runner for `jobs` (default: one per core). Worker pools are shared per process and per
 * number of jobs, so a pool started early by `warmRenderWorkers` (render/index.ts, while the main
 * thread is still composing) is the one the render stage uses.
 */
export function renderRunner(
  jobs: number = defaultJobs(),
  kinds: readonly TaskKind[] = WORKER_TASK_KINDS,
): RenderRunner {
  if (override) return override;
  if (jobs <= 1) return inThread;
  let pool = pools.get(jobs);
  if (!pool || pool.broken) {
    pool = new WorkerPool(jobs, kinds);
    pools.set(jobs, pool);
  }
  return pool;
}

/** Close every shared pool (tests and the benchmark; the CLI just exits). */
export async function closeRenderRunners(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close()));
}

const pools = new Map<number, WorkerPool>();
let override: RenderRunner | undefined;

/**
 * Send every render task started while `fn` runs to `runner`, whatever `--jobs` says. For the
 * benchmark, which records a build's tasks to time the engines alone on the same inputs.
 */
export async function withRenderRunner<T>(runner: RenderRunner, fn: () => Promise<T>): Promise<T> {
  const previous = override;
  override = runner;
  try {
    return await fn();
  } finally {
    override = previous;
  }
}

/** The runner that renders in this thread, one task at a time (what `--jobs 1` uses). */
export function inThreadRunner(): RenderRunner {
  return inThread;
}

// One task at a time, like a worker: the timings then measure each task alone.
let inThreadQueue: Promise<unknown> = Promise.resolve();

const inThread: RenderRunner = {
  jobs: 1,
  run<T extends RenderTask>(task: T, _weight?: number): Promise<TaskResult<T['kind']>> {
    const result = inThreadQueue.then(async () => {
      const { runTask } = await import('./worker-tasks.js');
      const start = performance.now();
      const output = (await runTask(task)) as TaskOutputs[T['kind']];
      return { output, ms: performance.now() - start };
    });
    inThreadQueue = result.catch(() => {});
    return result;
  },
  startup: async () => 0,
  close: async () => {},
};

// --- the worker pool ------------------------------------------------------------------------------

interface Pending {
  id: number;
  task: RenderTask;
  weight: number;
  /** A warm-up run for this worker only (its output is dropped). */
  pinned?: Slot;
  resolve(result: TaskResult<TaskKind>): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  /** The kinds of task this worker loads and takes. */
  kinds: readonly TaskKind[];
  /** The kinds of task this worker has run: its engine is loaded and warm, so it takes them too. */
  warmed: Set<TaskKind>;
  ready: boolean;
  current?: Pending;
}

const require = createRequire(import.meta.url);

/**
 * What each worker loads at start, and so takes first. Measured on the 2-core machine of
 * bench/RESULTS.md: one pdfmake render already keeps both cores busy (V8 compiles and collects
 * garbage on the other), and a thread's first document costs ~0.9 s more than the next (warm-up,
 * font parsing, word shaping; the documents of a thread share the last two). Two languages laid
 * out one after the other by one warm worker finish sooner than side by side by two cold ones.
 * So worker 1 draws the charts (vega, ~0.4 s to load, is needed by no other task) while worker 2
 * loads pdfmake and then lays out the documents in order; any further workers lay out documents
 * too. With one worker it does everything.
 */
function workerKinds(index: number, kinds: readonly TaskKind[]): readonly TaskKind[] {
  const rest = kinds.filter((k) => k !== 'chart');
  if (!kinds.includes('chart') || rest.length === 0) return kinds;
  return index === 0 ? ['chart'] : rest;
}

let warmUp = false;

/**
 * For long-lived processes (`watch`): after a document is laid out, workers that have not laid
 * one out yet lay out a copy while the process is idle (WorkerPool.warmOthers).
 */
export function keepRenderWorkersWarm(on = true): void {
  warmUp = on;
}

/** Charts waiting at which a worker that has not loaded vega starts drawing them too. */
const CHART_BACKLOG = 16;

/**
 * Weight (blocks and table rows, see render/index.ts) from which a document is worth a cold start
 * on a worker that has not loaded its engine: about four times the default report (~450), i.e.
 * ~2 s of warm layout, past which two documents side by side beat one after the other.
 */
export const HEAVY_DOCUMENT = 2000;

/** 'ts' when this module runs as TypeScript (through tsx), 'js' when compiled into dist/. */
const OWN_EXT = import.meta.url.endsWith('.ts') ? 'ts' : 'js';

/**
 * Modules each worker loads before tsx is registered in it. With tsx's hooks in place every
 * module load is a round trip to the hooks thread, which triples vega's load time (~60 modules);
 * loaded first, later `import 'vega'` calls from TypeScript find them in the module cache.
 */
function preloads(kinds: readonly TaskKind[]): { path: string; how: 'import' | 'require' }[] {
  const list: { path: string; how: 'import' | 'require' }[] = [];
  if (kinds.includes('chart'))
    list.push({ path: require.resolve('vega'), how: 'import' }, { path: require.resolve('vega-lite'), how: 'import' });
  if (kinds.includes('pdf')) list.push({ path: require.resolve('pdfmake'), how: 'require' });
  if (kinds.includes('html')) list.push({ path: require.resolve('handlebars'), how: 'import' });
  return list;
}

// Runs as CommonJS in the new thread: load the engines, register tsx when the pipeline runs as
// TypeScript (not when it runs compiled from dist/), then load the worker module.
const BOOTSTRAP = `
const { workerData, parentPort } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
(async () => {
  for (const { path, how } of workerData.preload) {
    if (how === 'require') require(path);
    else await import(pathToFileURL(path).href);
  }
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.entry);
})().catch((e) => parentPort.postMessage({ type: 'fatal', error: { name: e?.name ?? 'Error', message: String(e?.message ?? e), stack: e?.stack } }));
`;

/** File URL of tsx's ESM register API (its CommonJS twin cannot find its loader from an eval'd worker). */
function tsxEsmApi(): string {
  const pkgFile = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkgFile), pkg.exports['./esm/api'].import.default)).href;
}

/**
 * Node options for the workers: the parent's, minus a tsx loader given on the command line (the
 * bootstrap registers tsx itself, after the preloads).
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (/^(--import|--require|-r|--loader|--experimental-loader)$/.test(a) && /tsx/.test(args[i + 1] ?? '')) {
      i++;
      continue;
    }
    if (/^--(import|require|loader|experimental-loader)=.*tsx/.test(a)) continue;
    out.push(a);
  }
  return out;
}

class WorkerPool implements RenderRunner {
  broken = false;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private readonly started = performance.now();
  private readonly allReady: Promise<number>;

  constructor(
    readonly jobs: number,
    kinds: readonly TaskKind[],
  ) {
    const readies: Promise<void>[] = [];
    for (let i = 0; i < jobs; i++) {
      const mine = workerKinds(i, kinds);
      const workerData = {
        kinds: mine,
        // Compiled, the worker module loads the engines itself (the PDF renderer must load before
        // pdfmake to share parsed fonts); through tsx, loading them first spares the hooks thread.
        preload: OWN_EXT === 'ts' ? preloads(mine) : [],
        tsx: OWN_EXT === 'ts' ? tsxEsmApi() : undefined,
        entry: new URL(`./worker.${OWN_EXT}`, import.meta.url).href,
      };
      const worker = new Worker(BOOTSTRAP, {
        eval: true,
        workerData,
        execArgv: workerExecArgv(),
        name: `render-${i + 1}`,
      });
      const slot: Slot = { worker, kinds: mine, warmed: new Set(), ready: false };
      readies.push(
        new Promise((resolve) => {
          worker.on('message', (m: ReplyMessage | { type: 'fatal'; error: ReplyError }) => {
            if (m.type === 'ready') {
              slot.ready = true;
              resolve();
              this.pump();
            } else if (m.type === 'done' || m.type === 'failed') this.settle(slot, m);
            else this.fail(toError(m.error, 'a render worker could not start'));
          });
        }),
      );
      worker.on('error', (e: unknown) => this.fail(e instanceof Error ? e : new Error(String(e))));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`a render worker stopped unexpectedly (exit code ${code})`));
      });
      // Idle workers must not keep the process alive: a build that stops early (invalid data,
      // nothing to render) exits at once. Workers are referenced only while tasks are pending.
      worker.unref();
      this.slots.push(slot);
    }
    this.allReady = Promise.all(readies).then(() => performance.now() - this.started);
    this.allReady.catch(() => {});
  }

  private closing = false;
  /** Tasks submitted and not yet answered. */
  private outstanding = 0;

  run<T extends RenderTask>(task: T, weight = 0): Promise<TaskResult<T['kind']>> {
    // A task submitted after a worker failed (say, at load) gets that failure, not a vaguer one.
    if (this.broken) return Promise.reject(this.failure ?? new Error('the render workers have stopped'));
    return new Promise((resolve, reject) => {
      if (this.outstanding++ === 0) for (const s of this.slots) s.worker.ref();
      this.queue.push({
        id: this.nextId++,
        task,
        weight,
        resolve: resolve as Pending['resolve'],
        reject: reject as Pending['reject'],
      });
      this.pump();
    });
  }

  startup(): Promise<number> {
    return this.allReady;
  }

  async close(): Promise<void> {
    this.closing = true;
    this.broken = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  /**
   * Give each idle worker the oldest queued task it takes: one of the kinds it loaded at start;
   * a chart when many are waiting; a document heavy enough that a cold start pays off.
   */
  private pump(): void {
    const charts = this.queue.reduce((n, p) => n + (p.task.kind === 'chart' ? 1 : 0), 0);
    for (const slot of this.slots) {
      if (!slot.ready || slot.current) continue;
      const takes = (p: Pending) =>
        p.pinned
          ? p.pinned === slot
          : slot.kinds.includes(p.task.kind) ||
            slot.warmed.has(p.task.kind) ||
            (p.task.kind === 'chart' && charts >= CHART_BACKLOG) ||
            (p.task.kind !== 'chart' && p.weight >= HEAVY_DOCUMENT);
      const index = this.queue.findIndex(takes);
      if (index < 0) continue;
      const [next] = this.queue.splice(index, 1);
      slot.current = next!;
      slot.worker.postMessage({ id: next!.id, task: next!.task } satisfies TaskMessage);
    }
  }

  private settle(slot: Slot, m: Extract<ReplyMessage, { type: 'done' | 'failed' }>): void {
    const pending = slot.current;
    if (!pending || pending.id !== m.id)
      return this.fail(new Error(`render worker answered task ${m.id}, expected ${pending?.id}`));
    slot.current = undefined;
    if (--this.outstanding === 0) for (const s of this.slots) s.worker.unref();
    if (m.type === 'done') {
      slot.warmed.add(pending.task.kind);
      if (pending.task.kind === 'pdf' && !pending.pinned) this.lastDocument = pending;
      pending.resolve({ output: m.output as TaskOutputs[TaskKind], ms: m.ms });
    } else pending.reject(toError(m.error, 'render task failed'));
    if (warmUp && this.lastDocument && this.idle()) this.warmOthers(this.lastDocument);
    this.pump();
  }

  private lastDocument: Pending | undefined;

  /** No task of a build waiting or running (warm-ups aside). */
  private idle(): boolean {
    return this.queue.every((p) => p.pinned) && this.slots.every((s) => !s.current || s.current.pinned);
  }

  /**
   * In a long-lived process (`watch`), once a build's render work is done: give every worker that
   * has not laid out a document yet a copy of the last one to lay out while the process waits, so that from the next rebuild on all
   * workers lay out documents side by side, warm (two warm documents side by side beat one after
   * the other, unlike cold ones: see workerKinds). The copy's output is dropped.
   */
  private warmOthers(done: Pending): void {
    for (const slot of this.slots) {
      if (
        slot.warmed.has(done.task.kind) ||
        slot.kinds.includes(done.task.kind) ||
        this.queue.some((p) => p.pinned === slot)
      )
        continue;
      if (this.outstanding++ === 0) for (const s of this.slots) s.worker.ref();
      this.queue.push({
        id: this.nextId++,
        task: done.task,
        weight: done.weight,
        pinned: slot,
        resolve: () => {},
        reject: () => {},
      });
    }
  }

  /** What each worker loaded at start and what it has run (for tests and --verbose). */
  roles(): { kinds: TaskKind[]; warmed: TaskKind[] }[] {
    return this.slots.map((s) => ({ kinds: [...s.kinds], warmed: [...s.warmed].sort() }));
  }

  /** A worker died or could not start: fail every task, and let the next build start a new pool. */
  /** What stopped the pool, when a worker failed (not set by close()). */
  private failure: Error | undefined;

  private fail(error: Error): void {
    if (this.broken) return;
    this.broken = true;
    this.failure = error;
    for (const s of this.slots) {
      s.current?.reject(error);
      s.current = undefined;
    }
    for (const p of this.queue.splice(0)) p.reject(error);
    void Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

type ReplyError = { name: string; message: string; stack?: string };

function toError(e: ReplyError | undefined, fallback: string): Error {
  const error = new Error(e?.message ?? fallback);
  if (e?.name) error.name = e.name;
  if (e?.stack) error.stack = e.stack;
  return error;
}
