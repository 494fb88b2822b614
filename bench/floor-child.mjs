// The FLOOR: the engines alone on the pipeline's own inputs (captured by floor-capture.ts) —
// importing vega, vega-lite and pdfmake, vega-lite compile + vega toSVG of every chart spec, and
// pdfmake createPdf → getBuffer of every document definition. Whatever the pipeline spends
// beyond this is its overhead.
//
//   node bench/floor-child.mjs <tasks.json> <en|es|all> [--barrier]
//
// Plain JavaScript, so the engines load before tsx and nothing of the pipeline's own startup is
// counted. bench/run.ts sets HLSD_PLAIN_PDFMAKE=1: pdfmake runs as shipped (each document parses
// its fonts and shapes its words; pdfmake's own style lookups), not with the pipeline's speed-ups
// (pipeline/render/pdf/index.ts). The tagged-PDF hooks (pdf/tagging.ts) do run: they are part of
// what the documents are. Building specs and definitions (our code) is not timed.
// With --barrier, prints "ready" after setup and waits for a line on stdin, so two children
// (one per language, on two cores) time their render phases side by side.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const [tasksFile, lang = 'all', barrier] = process.argv.slice(2);

let t = performance.now();
const vega = await import(pathToFileURL(require.resolve('vega')).href);
const vegaLite = await import(pathToFileURL(require.resolve('vega-lite')).href);
const pdfmake = require('pdfmake');
const importMs = performance.now() - t;

// Our code, untimed: spec building, text metrics, locales, and the PDF definition builder.
const { register } = await import(pathToFileURL(join(root, 'node_modules/tsx/dist/esm/api/index.mjs')).href);
register();
const { chartSpec } = await import(pathToFileURL(join(root, 'pipeline/render/charts/specs.ts')).href);
const { chartLocale } = await import(pathToFileURL(join(root, 'pipeline/render/charts/locale.ts')).href);
const { installTextMetrics } = await import(pathToFileURL(join(root, 'pipeline/render/charts/metrics.ts')).href);
const { renderPdf } = await import(pathToFileURL(join(root, 'pipeline/render/pdf/index.ts')).href);
installTextMetrics();

const tasks = JSON.parse(readFileSync(tasksFile, 'utf8'));
const mine = (l) => lang === 'all' || l.startsWith(lang);
const charts = tasks.charts.filter((r) => mine(r.locale));
const pdfs = tasks.pdfs.filter((p) => mine(p.document.meta.lang));
const specs = charts.map((req) => ({ spec: chartSpec(req), locale: chartLocale(req.locale) }));

// Time pdfmake from createPdf to the finished buffer, whatever our renderPdf does around it.
let pdfMs = 0;
const createPdf = pdfmake.createPdf.bind(pdfmake);
pdfmake.createPdf = (...args) => {
  const start = performance.now();
  const doc = createPdf(...args);
  const getBuffer = doc.getBuffer.bind(doc);
  doc.getBuffer = async (...a) => {
    const bytes = await getBuffer(...a);
    pdfMs += performance.now() - start;
    return bytes;
  };
  return doc;
};

if (barrier) {
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.pause();
}

t = performance.now();
for (const { spec, locale } of specs) {
  const { spec: compiled } = vegaLite.compile(spec);
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', locale });
  await view.toSVG();
  view.finalize();
}
const chartsMs = performance.now() - t;

for (const p of pdfs) await renderPdf(p.document, new Map(p.charts.map((c) => [c.id, c])), p.options);

process.stdout.write(
  `${JSON.stringify({ lang, importMs, chartsMs, charts: specs.length, pdfMs, pdfs: pdfs.length })}\n`,
);
