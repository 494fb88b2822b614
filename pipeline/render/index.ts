// Render: chart requests → SVG (cached), then each document → PDF and/or HTML bytes. Charts and
// PDFs — vega and pdfmake, nearly all of a build's work — run on `options.jobs` worker threads
// (parallel.ts); HTML runs here meanwhile. The main thread looks charts up in the cache, hands
// the rest out and places every output by language and format, so the bytes are the same
// whatever the number of jobs.
//
// Nothing here loads vega or pdfmake at import: `check` and an up-to-date build never pay for them.

import type { Block, ReportDocument } from '../compose/document.js';
import type { Effects } from '../effects.js';
import type { Lang } from '../core/types.js';
import type { Format } from '../core/formats.js';
import type { BuildOptions } from '../options.js';
import { reportFileName } from '../core/names.js';
import { ChartCache, directoryStore } from './charts/cache.js';
import type { ChartRequest, RenderedChart } from './charts/types.js';
import type { HtmlTemplateSources } from './html/index.js';
import { inThreadRunner, renderRunner, type RenderRunner } from './parallel.js';
import type { RenderTask, TaskKind } from './worker-tasks.js';

import type { OutputFile } from '../core/outputs.js';

export interface RenderCounters {
  chartsRequested: number;
  chartsRendered: number;
}

/**
 * Start the render workers early: they load vega and pdfmake while the main thread reads,
 * validates and composes. Harmless if the build then stops: idle workers never keep the process
 * alive.
 */
export function warmRenderWorkers(options: Pick<BuildOptions, 'jobs'>): void {
  renderRunner(options.jobs);
}

export async function renderAll(
  documents: readonly ReportDocument[],
  htmlSources: HtmlTemplateSources | undefined,
  options: BuildOptions,
  effects: Effects,
): Promise<{ files: OutputFile[]; counters: RenderCounters }> {
  const workers = renderRunner(options.jobs);
  const here = inThreadRunner();
  const busy: Record<TaskKind, number> = { chart: 0, pdf: 0, html: 0 };
  const run = async <T extends RenderTask>(runner: RenderRunner, task: T, weight?: number) => {
    const { output, ms } = await runner.run(task, weight);
    busy[task.kind] += ms;
    return output;
  };
  const cache = new ChartCache({
    ...(options.paths.cache
      ? {
          store: directoryStore(`${options.paths.cache}/charts`, {
            readFile: effects.readFile,
            writeFile: effects.writeFileAtomic,
          }),
        }
      : {}),
    render: (request) => run(workers, { kind: 'chart', request }),
  });
  const templates = htmlSources && options.formats.includes('html') ? htmlSources : undefined;

  // 1. Every chart of every document at once (on the chart worker: see parallel.ts), then the
  //    PDFs, in order, on the worker that has pdfmake loaded and warm.
  //    Each PDF is queued as soon as its own document's charts are drawn.
  const requests = documents.map((doc) => chartRequests(doc.body));
  const chartsOf: Promise<RenderedChart[]>[] = requests.map((list) =>
    Promise.all(list.map((req) => cache.render(req))),
  );
  const pdfs = documents.map((doc, i) =>
    options.formats.includes('pdf')
      ? chartsOf[i]!.then((charts) =>
          run(
            workers,
            { kind: 'pdf', document: doc, charts, options: { paper: options.paper, draft: options.draft } },
            documentWeight(doc.body),
          ),
        )
      : undefined,
  );
  // Awaited below, after the HTML; a failure meanwhile must not count as unhandled.
  for (const p of pdfs) p?.catch(() => {});
  const charts = await Promise.all(chartsOf);
  // 2. HTML on this thread while the workers lay out the PDFs: Handlebars is loaded and warm
  //    here (compose runs every sentence through it); a worker would first load it and compile
  //    the page cold (measured: ~0.45 s more CPU per default build), and an HTML task queued
  //    behind a PDF would lengthen the build.
  const htmls: (Uint8Array | undefined)[] = [];
  for (const [i, doc] of documents.entries())
    htmls.push(templates ? await run(here, { kind: 'html', document: doc, charts: charts[i], templates }) : undefined);

  const files: OutputFile[] = [];
  for (const [i, doc] of documents.entries()) {
    const file = (format: Format, bytes: Uint8Array): OutputFile => ({
      lang: doc.meta.lang,
      format,
      name: reportFileName(doc.meta.year, doc.meta.lang, format),
      bytes: asBuffer(bytes),
    });
    const pdf = await pdfs[i];
    if (pdf) files.push(file('pdf', pdf));
    const html = htmls[i];
    if (html) files.push(file('html', html));
  }
  reportTimings(workers, busy, effects);
  return {
    files,
    counters: { chartsRequested: requests.reduce((n, list) => n + list.length, 0), chartsRendered: cache.renders },
  };
}

/**
 * `--verbose` lines under "render": time spent inside the renderers per kind of task, summed
 * over workers (on several cores they overlap, so they add up to more than the render stage),
 * and how long the workers took to start (mostly hidden behind validate and compose).
 */
function reportTimings(runner: RenderRunner, busy: Record<TaskKind, number>, effects: Effects): void {
  if (!effects.progress) return;
  void runner.startup().then(
    (ms) => effects.progress?.('workers', ms),
    () => {},
  );
  effects.progress('charts', busy.chart);
  effects.progress('pdf', busy.pdf);
  effects.progress('html', busy.html);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A document's size for scheduling: its blocks, table rows and list items. */
export function documentWeight(blocks: readonly Block[]): number {
  let weight = 0;
  for (const b of blocks) {
    weight += 1;
    if (b.kind === 'section') weight += documentWeight(b.children);
    else if (b.kind === 'table') weight += b.table.rows.length;
    else if (b.kind === 'figure')
      weight += 10 + b.figure.table.rows.length; // a chart lays out like ~10 blocks
    else if (b.kind === 'list') weight += b.items.length;
  }
  return weight;
}

export function chartRequests(blocks: readonly Block[]): ChartRequest[] {
  const out: ChartRequest[] = [];
  const walk = (list: readonly Block[]) => {
    for (const b of list) {
      if (b.kind === 'figure') out.push(b.figure.chart);
      else if (b.kind === 'section') walk(b.children);
    }
  };
  walk(blocks);
  return out;
}
