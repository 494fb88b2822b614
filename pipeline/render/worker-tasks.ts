// The render tasks — one chart to SVG, one document to PDF or HTML bytes — as plain data in and
// out, so a worker thread and (with --jobs 1) the main thread run exactly the same code.
//
// Renderers are imported on first use, not at module load: a process that only validates, or a
// worker that never draws a chart, never pays for loading vega or pdfmake.

import type { ReportDocument } from '../compose/document.js';
import type { ChartRequest, RenderedChart } from './charts/types.js';
import type { HtmlTemplates, HtmlTemplateSources } from './html/index.js';
import type { PdfOptions } from './pdf/index.js';

export type RenderTask =
  | { kind: 'chart'; request: ChartRequest }
  | { kind: 'pdf'; document: ReportDocument; charts: RenderedChart[]; options: PdfOptions }
  | { kind: 'html'; document: ReportDocument; charts: RenderedChart[]; templates: HtmlTemplateSources };

export type TaskKind = RenderTask['kind'];

/** What each kind of task produces. Bytes are a Uint8Array so they can be transferred, not copied. */
export interface TaskOutputs {
  chart: RenderedChart;
  pdf: Uint8Array;
  html: Uint8Array;
}

export type TaskOutput = TaskOutputs[TaskKind];

export async function runTask(task: RenderTask): Promise<TaskOutput> {
  switch (task.kind) {
    case 'chart': {
      const { renderChart } = await import('./charts/render.js');
      return renderChart(task.request);
    }
    case 'pdf': {
      const { renderPdf } = await import('./pdf/index.js');
      return renderPdf(task.document, chartMap(task.charts), task.options);
    }
    case 'html': {
      const { renderHtml } = await import('./html/index.js');
      // TextEncoder gives the bytes their own ArrayBuffer (Buffer.from may hand out a slice of a
      // shared pool, which must never be transferred).
      return new TextEncoder().encode(
        renderHtml(task.document, chartMap(task.charts), await templatesFor(task.templates)),
      );
    }
  }
}

/** Load the renderers a worker is going to need before its first task arrives. */
export async function loadRenderers(kinds: readonly TaskKind[]): Promise<void> {
  await Promise.all(
    kinds.map((kind) =>
      kind === 'chart'
        ? import('./charts/render.js')
        : kind === 'pdf'
          ? import('./pdf/index.js')
          : import('./html/index.js'),
    ),
  );
}

function chartMap(charts: readonly RenderedChart[]): Map<string, RenderedChart> {
  return new Map(charts.map((c) => [c.id, c]));
}

// Every HTML task of a build carries the same template sources; compile them once per thread.
let compiled: { key: string; templates: HtmlTemplates } | undefined;

async function templatesFor(sources: HtmlTemplateSources): Promise<HtmlTemplates> {
  const key = JSON.stringify(sources);
  if (compiled?.key !== key) {
    const { compileHtmlTemplates } = await import('./html/index.js');
    compiled = { key, templates: compileHtmlTemplates(sources) };
  }
  return compiled.templates;
}
