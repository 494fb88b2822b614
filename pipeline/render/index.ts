// Render: chart requests → SVG (cached), then each document → PDF and/or HTML bytes.

import type { Block, ReportDocument } from '../compose/document.js';
import type { Effects } from '../effects.js';
import type { Lang } from '../model/types.js';
import type { BuildOptions, Format } from '../options.js';
import { reportFileName } from '../publish/names.js';
import { ChartCache, directoryStore } from './charts/cache.js';
import type { ChartRequest, RenderedChart } from './charts/types.js';
import { compileHtmlTemplates, renderHtml, type HtmlTemplateSources } from './html/index.js';
import { renderPdf } from './pdf/index.js';

export interface OutputFile {
  lang: Lang;
  format: Format;
  name: string;
  bytes: Buffer;
}

export interface RenderCounters {
  chartsRequested: number;
  chartsRendered: number;
}

export async function renderAll(
  documents: readonly ReportDocument[],
  htmlSources: HtmlTemplateSources | undefined,
  options: BuildOptions,
  effects: Effects,
): Promise<{ files: OutputFile[]; counters: RenderCounters }> {
  const cache = new ChartCache(options.paths.cache ? { store: directoryStore(`${options.paths.cache}/charts`, { readFile: effects.readFile, writeFile: effects.writeFileAtomic }) } : {});
  const files: OutputFile[] = [];
  const templates = htmlSources && options.formats.includes('html') ? compileHtmlTemplates(htmlSources) : undefined;
  let requested = 0;
  for (const doc of documents) {
    const requests = chartRequests(doc.body);
    requested += requests.length;
    const charts = new Map<string, RenderedChart>();
    for (const req of requests) charts.set(req.id, await cache.render(req));
    const name = (format: Format) => reportFileName(doc.meta.year, doc.meta.lang, format);
    if (options.formats.includes('pdf')) {
      files.push({ lang: doc.meta.lang, format: 'pdf', name: name('pdf'), bytes: await renderPdf(doc, charts, { paper: options.paper, draft: options.draft }) });
    }
    if (templates) {
      files.push({ lang: doc.meta.lang, format: 'html', name: name('html'), bytes: Buffer.from(renderHtml(doc, charts, templates), 'utf8') });
    }
  }
  return { files, counters: { chartsRequested: requested, chartsRendered: cache.renders } };
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
