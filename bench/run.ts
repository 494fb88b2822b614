// The performance benchmark (`make bench`; a benchmark, not a test): times the real CLI in child
// processes on this machine and writes bench/results.json (every run) and bench/RESULTS.md (the
// table, also printed). Medians over several runs of:
//
//   - the default report (en + es, PDF + HTML): cold build (empty .cache and out), --jobs 1 and
//     the default, unchanged rebuild, one-value correction; peak RSS; stage breakdown;
//   - the FLOOR, in the same run: the engines alone on the same inputs (bench/floor-child.mjs);
//   - the PEER, in the same run: Chromium printing the same HTML to PDF (bench/peer.mjs);
//   - SCALE: SYNTHETIC data (bench/synthetic.ts) with 100, 500 and 1,000 metrics;
//   - DISTRIBUTION: `send` to 5,000 SYNTHETIC recipients, --dry-run and over SMTP to a loopback
//     server (bench/distribution.ts, which also runs alone).
//
//   node --import tsx bench/run.ts [--runs 5] [--scale 100,500,1000] [--scale-runs 2,1,1] [--skip default,floor,peer,scale,distribution] [--recipients 5000]

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { BIN, ROOT, measureNode, median, pdfPages, stageTimings, waitForQuiet, type Measured } from './measure.js';
import { writeSynthetic } from './synthetic.js';
import { benchDistribution, distributionTable, type DistributionResult } from './distribution.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    scale: { type: 'string', default: '100,500,1000' },
    'scale-runs': { type: 'string', default: '2,1,1' },
    skip: { type: 'string', default: '' },
    'timeout-s': { type: 'string', default: '600' },
    recipients: { type: 'string', default: '5000' },
  },
});
const RUNS = Number(args.runs);
/** The comparison rows (--jobs 1, PDF only, floor, peer) take fewer runs, to keep `make bench` near 10 minutes. */
const EXTRA_RUNS = Math.min(RUNS, 3);
const SKIP = new Set(args.skip!.split(',').filter(Boolean));
const TIMEOUT_MS = Number(args['timeout-s']) * 1000;
const JOBS = availableParallelism();

const TARGETS = {
  coldS: 2.5,
  correctionS: 1.2,
  unchangedS: 0.3,
  floorRatio: 1.25,
  peerRatio: 2,
  scaleMetrics: 1000,
  scaleS: 60,
  scaleRssMb: 1536,
};

interface Series {
  label: string;
  runs: {
    wallMs: number;
    peakRssMb?: number;
    cpuMs?: number;
    othersCpuMs?: number;
    stages?: Record<string, number>;
    busyBefore: number;
    pages?: number;
    timedOut?: boolean;
  }[];
}

const results: {
  machine: Record<string, unknown>;
  default: Record<string, Series>;
  floor?: { oneCore: unknown[]; twoCores: unknown[]; capturedCharts: number; capturedPdfs: number };
  peer?: { runs: unknown[]; pages: number };
  scale: Record<string, Series & { pages: number; charts?: number }>;
  distribution?: DistributionResult;
} = {
  machine: {
    cpus: cpus().length,
    availableParallelism: JOBS,
    cpuModel: cpus()[0]?.model,
    totalMemMb: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    loadavgAtStart: loadavg(),
    speedAtStart: cpuSpeedMs(),
    started: new Date().toISOString(),
  },
  default: {},
  scale: {},
};

/** Milliseconds for a fixed integer loop (3e8 steps): how fast this machine is right now. */
function cpuSpeedMs(): number {
  const start = performance.now();
  let x = 0;
  for (let i = 0; i < 3e8; i++) x = (x * 31 + i) | 0;
  return Math.round(performance.now() - start) + (x === 0.5 ? 1 : 0); // x is used, so the loop is kept
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function scratchProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hlsd-bench-'));
  for (const sub of ['data', 'seeds', 'templates', 'published'])
    if (existsSync(join(ROOT, sub))) cpSync(join(ROOT, sub), join(dir, sub), { recursive: true });
  return dir;
}

function clean(project: string): void {
  for (const sub of ['out', 'out-pdf', '.cache']) rmSync(join(project, sub), { recursive: true, force: true });
}

async function cli(project: string, extra: string[] = []): Promise<Measured> {
  const m = await measureNode([BIN, 'build', '--verbose', ...extra], { cwd: project, timeoutMs: TIMEOUT_MS });
  if (m.status !== 0 && !m.timedOut) throw new Error(`build failed (exit ${m.status}) in ${project}:\n${m.stderr}`);
  return m;
}

function record(series: Series, m: Measured, pages?: number): void {
  series.runs.push({
    wallMs: m.wallMs,
    peakRssMb: m.peakRssMb,
    cpuMs: m.cpuMs,
    othersCpuMs: m.othersCpuMs,
    stages: stageTimings(m.stderr),
    busyBefore: m.busyBefore,
    ...(pages !== undefined ? { pages } : {}),
    ...(m.timedOut ? { timedOut: true } : {}),
  });
  log(
    `  ${series.label.padEnd(34)} ${secs(m.wallMs).padStart(9)}  ${m.peakRssMb?.toFixed(0) ?? '?'} MB${m.cpuMs !== undefined ? `  cpu ${secs(m.cpuMs)}` : ''}${m.othersCpuMs ? `  (others ${secs(m.othersCpuMs)})` : ''}${m.timedOut ? '  (stopped: timeout)' : ''}`,
  );
}

function reportPdfs(project: string): string[] {
  const dir = join(project, 'out');
  const year = readdirYear(dir);
  return ['en', 'es'].map((l) => join(dir, year, `hlsd-report-${year}-${l}.pdf`)).filter((p) => existsSync(p));
}

function readdirYear(outDir: string): string {
  const year = (existsSync(outDir) ? readdirSync(outDir) : []).sort().find((name) => /^\d{4}$/.test(name));
  if (!year) throw new Error(`no year folder in ${outDir}`);
  return year;
}

// --- 1. the default report ----------------------------------------------------------------------

async function defaultReport(project: string): Promise<void> {
  log(`default report  (${RUNS} runs; --jobs 1 and PDF only: ${EXTRA_RUNS}; default --jobs = ${JOBS})`);
  const series = (key: string, label: string): Series => (results.default[key] = { label, runs: [] });
  const cold = series('cold', `cold full build (--jobs ${JOBS})`);
  const cold1 = series('cold1', 'cold full build (--jobs 1)');
  const coldPdf = series('coldPdf', `cold build, PDF only (--jobs ${JOBS})`);
  const unchanged = series('unchanged', 'unchanged rebuild');
  const correction = series('correction', 'one-value correction');
  for (let i = 0; i < RUNS; i++) {
    clean(project);
    record(cold, await cli(project));
    record(unchanged, await cli(project));
    if (i >= EXTRA_RUNS) continue;
    clean(project);
    record(cold1, await cli(project, ['--jobs', '1']));
    clean(project);
    record(coldPdf, await cli(project, ['--format', 'pdf', '--out', 'out-pdf']));
  }
  // One-value correction: one observation is made to cite a SYNTHETIC publication (a seed-cited
  // value must appear in its quote, so it cannot change alone), built once, then each run
  // changes its value by one and rebuilds with the chart cache and outputs of the run before.
  const file = join(project, 'data', 'observations.csv');
  const rows = parse(readFileSync(file), { columns: true }) as Record<string, string>[];
  const row = rows.find((r) => r.metric === 'overdose-deaths') ?? rows[0];
  const base = Number(row.value);
  row.source = 'SYNTHETIC benchmark correction (bench/run.ts; not a real publication)';
  row.quote = '';
  const write = (value: number) => {
    row.value = String(value);
    writeFileSync(file, stringify(rows, { header: true, columns: Object.keys(rows[0]), record_delimiter: '\n' }));
  };
  write(base);
  clean(project);
  await cli(project);
  for (let i = 1; i <= RUNS; i++) {
    write(base + i);
    record(correction, await cli(project));
  }
  await watchCorrections(project, series('watchCorrection', 'one-value correction under `watch`'), (i) =>
    write(base + 100 + i),
  );
  cpSync(join(ROOT, 'data'), join(project, 'data'), { recursive: true });
}

/**
 * The same correction while `hlsd-report watch` runs (as an analyst fixing data would keep it
 * running): the render workers stay loaded and warm between rebuilds. Wall time is from writing
 * the file to the watcher's "rebuild … (N s)" line, so it includes noticing the change (the
 * watcher waits 150 ms for writes to settle); CPU and RSS are not measured for this row.
 */
async function watchCorrections(project: string, into: Series, change: (i: number) => void): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'watch'], { cwd: project, stdio: ['ignore', 'ignore', 'pipe'] });
  let buffer = '';
  let waiting: { pattern: RegExp; resolve: (m: RegExpExecArray) => void } | undefined;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const m = waiting && waiting.pattern.exec(buffer);
    if (m && waiting) {
      buffer = buffer.slice(m.index + m[0].length);
      const w = waiting;
      waiting = undefined;
      w.resolve(m);
    }
  });
  const next = (pattern: RegExp) => new Promise<RegExpExecArray>((resolve) => (waiting = { pattern, resolve }));
  try {
    await next(/^watch +watching.*$/m);
    for (let i = 1; i <= RUNS; i++) {
      const busyBefore = await waitForQuiet();
      const line = next(/^rebuild .*\((\d+\.\d+) s\)$/m);
      const start = performance.now();
      change(i);
      const m = await line;
      into.runs.push({ wallMs: performance.now() - start, stages: { rebuild: Number(m[1]) * 1000 }, busyBefore });
      log(`  ${into.label.padEnd(34)} ${secs(performance.now() - start).padStart(9)}  (the rebuild itself: ${m[1]} s)`);
    }
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

// --- 2. the floor --------------------------------------------------------------------------------

interface FloorChild {
  lang: string;
  importMs: number;
  chartsMs: number;
  charts: number;
  pdfMs: number;
  pdfs: number;
}

async function floor(project: string): Promise<void> {
  log(`floor: the engines alone on the same inputs  (${EXTRA_RUNS} runs each)`);
  const tasks = join(project, 'tasks.json');
  const cap = await measureNode(['--import', 'tsx', join(ROOT, 'bench/floor-capture.ts'), project, tasks], {
    cwd: ROOT,
  });
  if (cap.status !== 0) throw new Error(`floor capture failed:\n${cap.stderr}`);
  const captured = JSON.parse(readFileSync(tasks, 'utf8')) as { charts: unknown[]; pdfs: unknown[] };
  const oneCore: FloorChild[] = [];
  const twoCores: FloorChild[][] = [];
  for (let i = 0; i < EXTRA_RUNS; i++) {
    await waitForQuiet();
    const [one] = await floorChildren(tasks, ['all']);
    oneCore.push(one);
    await waitForQuiet();
    const pair = await floorChildren(tasks, ['en', 'es']);
    twoCores.push(pair);
    log(`  floor, 1 core  ${secs(floorMs([one]))}   floor, 2 cores  ${secs(floorMs(pair))}`);
  }
  results.floor = { oneCore, twoCores, capturedCharts: captured.charts.length, capturedPdfs: captured.pdfs.length };
}

/** Engine time of children that ran side by side: the slower import, then the slower render. */
function floorMs(children: FloorChild[]): number {
  return Math.max(...children.map((c) => c.importMs)) + Math.max(...children.map((c) => c.chartsMs + c.pdfMs));
}

/** Run floor children at once; with more than one, they start rendering together (a barrier). */
function floorChildren(tasks: string, langs: string[]): Promise<FloorChild[]> {
  const barrier = langs.length > 1;
  return new Promise((resolve, reject) => {
    let ready = 0;
    const children = langs.map((lang) => {
      const child = spawn(
        process.execPath,
        [join(ROOT, 'bench/floor-child.mjs'), tasks, lang, ...(barrier ? ['--barrier'] : [])],
        { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, HLSD_PLAIN_PDFMAKE: '1' } },
      ); // pdfmake as shipped: our speed-ups are the pipeline's
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        out += c;
        if (barrier && c.includes('ready') && ++ready === langs.length)
          for (const ch of children) ch.child.stdin.write('go\n');
      });
      const done = new Promise<FloorChild>((ok, fail) =>
        child.on('close', (code) => {
          const last = out.trim().split('\n').pop() ?? '';
          code === 0
            ? ok(JSON.parse(last) as FloorChild)
            : fail(new Error(`floor child ${lang} failed (exit ${code})`));
        }),
      );
      return { child, done };
    });
    Promise.all(children.map((c) => c.done)).then(resolve, reject);
  });
}

// --- 3. the peer ---------------------------------------------------------------------------------

async function peer(project: string): Promise<void> {
  log(`peer: Chromium printing the same HTML to PDF  (${EXTRA_RUNS} runs)`);
  clean(project);
  await cli(project);
  const year = readdirYear(join(project, 'out'));
  const html = ['en', 'es'].map((l) => join(project, 'out', year, `hlsd-report-${year}-${l}.html`));
  const outDir = mkdtempSync(join(tmpdir(), 'hlsd-bench-peer-'));
  const runs: unknown[] = [];
  const series: Series = { label: 'Chromium print (en + es)', runs: [] };
  for (let i = 0; i < EXTRA_RUNS; i++) {
    const m = await measureNode([join(ROOT, 'bench/peer.mjs'), outDir, ...html], {
      cwd: ROOT,
      sampleTree: true,
      timeoutMs: TIMEOUT_MS,
    });
    if (m.status !== 0) throw new Error(`peer failed:\n${m.stderr}`);
    runs.push({
      wallMs: m.wallMs,
      peakRssMb: m.peakRssMb,
      busyBefore: m.busyBefore,
      ...(JSON.parse(m.stdout.trim().split('\n').pop()!) as object),
    });
    record(series, m);
  }
  const pages = ['en', 'es'].reduce((n, l) => n + pdfPages(join(outDir, `hlsd-report-${year}-${l}.pdf`)), 0);
  results.peer = { runs, pages };
  rmSync(outDir, { recursive: true, force: true });
}

// --- 4. scale (SYNTHETIC) ------------------------------------------------------------------------

async function scale(project: string): Promise<void> {
  const sizes = args.scale!.split(',').filter(Boolean).map(Number);
  const reps = args['scale-runs']!.split(',').map(Number);
  log(
    `scale: SYNTHETIC data, metrics × 10 years × 3 countries  (${sizes.map((s, i) => `${s}: ${reps[i] ?? 1} run(s)`).join(', ')})`,
  );
  for (const [i, size] of sizes.entries()) {
    const data = join(project, `synthetic-${size}`);
    await writeSynthetic(data, { metrics: size, years: 10, root: ROOT });
    const series = (results.scale[String(size)] = { label: `${size} SYNTHETIC metrics`, runs: [], pages: 0 });
    for (let r = 0; r < (reps[i] ?? 1); r++) {
      clean(project);
      const m = await cli(project, ['--data', data]);
      const pages = m.timedOut ? 0 : reportPdfs(project).reduce((n, p) => n + pdfPages(p), 0);
      series.pages = pages;
      record(series, m, pages);
      if (m.timedOut) break;
    }
    // At the smallest size, once with --jobs 1 too: what the worker threads gain on a big report.
    if (i === 0 && JOBS > 1) {
      const one = (results.scale[`${size}, --jobs 1`] = {
        label: `${size} SYNTHETIC metrics, --jobs 1`,
        runs: [],
        pages: 0,
      });
      clean(project);
      const m = await cli(project, ['--data', data, '--jobs', '1']);
      one.pages = m.timedOut ? 0 : reportPdfs(project).reduce((n, p) => n + pdfPages(p), 0);
      record(one, m, one.pages);
    }
    rmSync(data, { recursive: true, force: true });
  }
}

// --- the table -----------------------------------------------------------------------------------

function med(series: Series | undefined, f: (r: Series['runs'][number]) => number | undefined): number {
  return median((series?.runs ?? []).map(f).filter((v): v is number => v !== undefined && Number.isFinite(v)));
}

function range(series: Series | undefined): string {
  const w = (series?.runs ?? []).map((r) => r.wallMs);
  return w.length ? `${(Math.min(...w) / 1000).toFixed(2)}–${(Math.max(...w) / 1000).toFixed(2)}` : '–';
}

const mark = (ok: boolean) => (ok ? '✓' : '✗');

function table(): string {
  const d = results.default;
  const lines: string[] = [];
  const m = results.machine;
  lines.push(
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.totalMemMb} MB, Node ${m.node}; default --jobs ${JOBS}. Medians; CPU time is user + system of all the process's threads.`,
  );
  lines.push(
    `Speed of this (shared, virtual) machine: a fixed integer loop took ${m.speedAtStart} ms at the start and ${m.speedAtEnd ?? '–'} ms at the end (the same loop has measured from ~2,470 to ~2,860 ms on this machine on one day: compare runs with that in mind).`,
  );
  lines.push(
    `The whole benchmark took ${m.benchMinutes} min. Load average at start ${(m.loadavgAtStart as number[]).map((x) => x.toFixed(2)).join(' ')}, at the end ${((m.loadavgAtEnd as number[]) ?? []).map((x) => x.toFixed(2)).join(' ')}; each run waits (up to 20 s) for the CPU to be < 20 % busy; the median CPU busy just before a run was ${median(Object.values(d).flatMap((s) => s.runs.map((r) => r.busyBefore))).toFixed(0)} %.`,
  );
  lines.push('');
  lines.push('### Default report (en + es, PDF + HTML)');
  lines.push('');
  lines.push("| scenario | runs | wall, median | min–max (s) | CPU time, median | others' CPU | peak RSS | target |");
  lines.push('|---|---:|---:|---:|---:|---:|---:|---|');
  const row = (s: Series | undefined, target?: number) => {
    if (!s) return;
    const w = med(s, (r) => r.wallMs) / 1000;
    lines.push(
      `| ${s.label} | ${s.runs.length} | ${w.toFixed(2)} s | ${range(s)} | ${(med(s, (r) => r.cpuMs) / 1000).toFixed(2)} s | ${(med(s, (r) => r.othersCpuMs) / 1000).toFixed(2)} s | ${med(s, (r) => r.peakRssMb).toFixed(0)} MB | ${target === undefined ? '' : `≤ ${target} s ${mark(w <= target)}`} |`,
    );
  };
  row(d.cold, TARGETS.coldS);
  row(d.cold1);
  row(d.coldPdf);
  row(d.unchanged, TARGETS.unchangedS);
  row(d.correction, TARGETS.correctionS);
  if (d.watchCorrection?.runs.length) {
    const w = med(d.watchCorrection, (r) => r.wallMs) / 1000;
    lines.push(
      `| ${d.watchCorrection.label}: warm workers; from saving the file to the outputs written | ${d.watchCorrection.runs.length} | ${w.toFixed(2)} s | ${range(d.watchCorrection)} | – | – | – | ≤ ${TARGETS.correctionS} s ${mark(w <= TARGETS.correctionS)} |`,
    );
  }
  if (d.cold && d.cold1)
    lines.push(
      `\nSpeed-up of --jobs ${JOBS} over --jobs 1 (cold): ${(med(d.cold1, (r) => r.wallMs) / med(d.cold, (r) => r.wallMs)).toFixed(2)} ×.`,
    );

  lines.push('');
  lines.push('### Stages (median seconds, from `--verbose`)');
  lines.push('');
  const stageNames = [
    'replay',
    'ingest',
    'validate',
    'plan',
    'assess',
    'compose',
    'render',
    'workers',
    'charts',
    'pdf',
    'html',
    'companion',
    'publish',
  ];
  const present = stageNames.filter((s) =>
    Object.values(d).some((x) => x.runs.some((r) => r.stages?.[s] !== undefined)),
  );
  lines.push(`| run | ${present.join(' | ')} | whole process |`);
  lines.push(`|---|${present.map(() => '---:').join('|')}|---:|`);
  for (const s of [d.cold, d.cold1, d.correction, d.unchanged]) {
    if (!s) continue;
    lines.push(
      `| ${s.label} | ${present.map((st) => (s.runs.some((r) => r.stages?.[st] !== undefined) ? (med(s, (r) => r.stages?.[st]) / 1000).toFixed(3) : '–')).join(' | ')} | ${(med(s, (r) => r.wallMs) / 1000).toFixed(3)} |`,
    );
  }
  lines.push('');
  lines.push(
    '`render` is wall time; `charts`, `pdf` and `html` are the time spent inside the renderers, summed over render threads (they overlap on several cores); `workers` is how long the render threads took to start (they start during `assess`/`compose`). The whole-process column includes Node start-up and module loading.',
  );

  if (results.floor || results.peer) {
    lines.push('');
    lines.push('### Floor and peer (same run, same report)');
    lines.push('');
    lines.push('| what | median | ratio | target |');
    lines.push('|---|---:|---:|---|');
    const cold = med(d.cold, (r) => r.wallMs);
    if (results.floor) {
      const f = results.floor;
      const f2 = median((f.twoCores as FloorChild[][]).map(floorMs));
      const f1 = median((f.oneCore as FloorChild[]).map((c) => floorMs([c])));
      const ratio = cold / f2;
      lines.push(
        `| floor, ${JOBS} cores: engines alone (import vega + vega-lite + pdfmake; compile + toSVG of ${f.capturedCharts} charts; pdfmake on ${f.capturedPdfs} definitions), one language per core | ${secs(f2)} | pipeline cold build ÷ floor = ${ratio.toFixed(2)} | ≤ ${TARGETS.floorRatio} ${mark(ratio <= TARGETS.floorRatio)} |`,
      );
      lines.push(
        `| floor, 1 core: the same, one after the other | ${secs(f1)} | pipeline --jobs 1 ÷ floor = ${(med(d.cold1, (r) => r.wallMs) / f1).toFixed(2)} | |`,
      );
      const parts = f.oneCore as FloorChild[];
      lines.push(
        `| floor parts (1 core): import / charts / pdfmake | ${secs(median(parts.map((c) => c.importMs)))} / ${secs(median(parts.map((c) => c.chartsMs)))} / ${secs(median(parts.map((c) => c.pdfMs)))} | | |`,
      );
    }
    if (results.peer) {
      const p = results.peer.runs as { wallMs: number; peakRssMb: number; launchMs: number; printMs: number }[];
      const pw = median(p.map((r) => r.wallMs));
      const pdfOnly = med(d.coldPdf, (r) => r.wallMs);
      lines.push(
        `| peer: Chromium (playwright-core) printing the two HTML reports to PDF, launch to close (${results.peer.pages} pages; launch ${secs(median(p.map((r) => r.launchMs)))}, print ${secs(median(p.map((r) => r.printMs)))}; peak RSS of its processes ${median(p.map((r) => r.peakRssMb)).toFixed(0)} MB) | ${secs(pw)} | Chromium ÷ pipeline cold build = ${(pw / cold).toFixed(2)}; ÷ PDF-only build = ${(pw / pdfOnly).toFixed(2)} | ≥ ${TARGETS.peerRatio} ${mark(pw / cold >= TARGETS.peerRatio)} |`,
      );
    }
  }

  const scales = Object.entries(results.scale);
  if (scales.length) {
    lines.push('');
    lines.push('### Scale (SYNTHETIC data: metrics × 10 years × 3 countries, en + es, PDF + HTML, cold)');
    lines.push('');
    lines.push("| metrics | runs | wall, median | CPU time | others' CPU | peak RSS | pages (en + es) | target |");
    lines.push('|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const [size, s] of scales) {
      const w = med(s, (r) => r.wallMs) / 1000;
      const rss = med(s, (r) => r.peakRssMb);
      const stopped = s.runs.some((r) => r.timedOut);
      const target =
        size === String(TARGETS.scaleMetrics)
          ? `≤ ${TARGETS.scaleS} s ${mark(!stopped && w <= TARGETS.scaleS)}, ≤ ${(TARGETS.scaleRssMb / 1024).toFixed(1)} GB ${mark(!stopped && rss <= TARGETS.scaleRssMb)}`
          : '';
      lines.push(
        `| ${size} | ${s.runs.length} | ${stopped ? `> ${TIMEOUT_MS / 1000} s (stopped)` : `${w.toFixed(1)} s`} | ${(med(s, (r) => r.cpuMs) / 1000).toFixed(1)} s | ${(med(s, (r) => r.othersCpuMs) / 1000).toFixed(1)} s | ${rss.toFixed(0)} MB | ${stopped ? '–' : s.pages} | ${target} |`,
      );
    }
    const [first] = scales;
    const one = results.scale[`${first[0]}, --jobs 1`];
    if (one)
      lines.push(
        `\nSpeed-up of --jobs ${JOBS} over --jobs 1 at ${first[0]} metrics: ${(med(one, (r) => r.wallMs) / med(first[1], (r) => r.wallMs)).toFixed(2)} ×.`,
      );
  }
  if (results.distribution) lines.push(...distributionTable(results.distribution));
  return lines.join('\n');
}

// --- main ----------------------------------------------------------------------------------------

const benchStart = performance.now();
const project = scratchProject();
try {
  if (!SKIP.has('default')) await defaultReport(project);
  if (!SKIP.has('floor')) await floor(project);
  if (!SKIP.has('peer')) await peer(project);
  if (!SKIP.has('scale')) await scale(project);
  if (!SKIP.has('distribution'))
    results.distribution = await benchDistribution({ recipients: Number(args.recipients), timeoutMs: TIMEOUT_MS, log });
} finally {
  results.machine.loadavgAtEnd = loadavg();
  results.machine.speedAtEnd = cpuSpeedMs();
  results.machine.finished = new Date().toISOString();
  results.machine.benchMinutes = Math.round((performance.now() - benchStart) / 6000) / 10;
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const text = table();
  writeFileSync(
    join(ROOT, 'bench/RESULTS.md'),
    `# Benchmark results\n\nWritten by \`make bench\` (bench/run.ts) on ${results.machine.finished}. See bench/README.md for what each row measures.\n\n${text}\n`,
  );
  process.stdout.write(`\n${text}\n`);
  rmSync(project, { recursive: true, force: true });
}
