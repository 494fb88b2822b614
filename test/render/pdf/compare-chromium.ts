// Compares our tagged PDF with Chromium's tagged print of the HTML of the same report, as a table
// of what an assistive technology finds in each (the numbers in docs/accessibility.md).
//
//   npx tsx test/render/pdf/compare-chromium.ts [out/<year>]
//
// Needs a built report (PDF + HTML), Debian's chromium (CHROMIUM_PATH) and qpdf, which rewrites
// Chromium's compressed object streams so that both files can be read the same way.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../../helpers/browser.js';
import { YEAR } from '../../helpers/cli.js';
import { elements, elemText, readPdf, reachableIds, squash, type PdfData, type StructElem } from './read-pdf.js';
import { rawObjects, structElements, type RawObject } from './raw-objects.js';

interface Summary {
  pages: number;
  tagged: boolean;
  lang: string;
  title: string;
  displayDocTitle: boolean;
  pdfua: boolean;
  headings: string;
  outline: number;
  outlineMatchesHeadings: string;
  figures: string;
  tables: string;
  lists: string;
  links: string;
  toc: string;
  artifacts: string;
  coverage: string;
  roles: string;
}

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? `out/${YEAR}`);
  const work = mkdtempSync(join(tmpdir(), 'hlsd-chromium-'));
  const browser = await launchChromium();
  const rows: [string, Summary, Summary][] = [];
  try {
    for (const lang of ['en', 'es']) {
      const htmlPath = join(dir, `hlsd-report-${YEAR}-${lang}.html`);
      const page = await browser.newPage();
      await page.goto(pathToFileURL(htmlPath).href);
      // Open the data tables (<details>) so that Chromium prints what our PDF prints.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
      const chromiumPdf = await page.pdf({ tagged: true, outline: true, format: 'Letter', printBackground: true });
      await page.close();
      const ours = readFileSync(join(dir, `hlsd-report-${YEAR}-${lang}.pdf`));
      writeFileSync(join(work, `chromium-${lang}.pdf`), chromiumPdf);
      const descs = [...readFileSync(htmlPath, 'utf8').matchAll(/<desc id="[^"]*">([^<]*)<\/desc>/g)].map((m) => m[1]!);
      rows.push([
        lang,
        await summarise(ours, work, 'ours-' + lang, descs),
        await summarise(chromiumPdf, work, 'chromium-' + lang, descs),
      ]);
    }
  } finally {
    await browser.close();
  }
  for (const [lang, ours, chromium] of rows) {
    console.log(
      `\n### ${lang}\n\n| | hlsd-report (pdfmake + tagging.ts) | Chromium tagged print of the HTML |\n|---|---|---|`,
    );
    for (const key of Object.keys(ours) as (keyof Summary)[])
      console.log(`| ${key} | ${ours[key]} | ${chromium[key]} |`);
  }
  console.log(`\n(Chromium PDFs kept in ${work})`);
}

async function summarise(bytes: Uint8Array, work: string, name: string, descs: string[]): Promise<Summary> {
  const data = await readPdf(bytes);
  const objects = normalisedObjects(bytes, work, name);
  const catalog = objects.find((o) => /\/Type \/Catalog/.test(o.body));
  const prefsRef = catalog?.body.match(/\/ViewerPreferences (\d+) 0 R/)?.[1];
  const prefs = prefsRef
    ? objects.find((o) => o.id === Number(prefsRef))?.body
    : catalog?.body.match(/\/ViewerPreferences <<[^>]*>>/)?.[0];
  const all = data.pages.flatMap((p) => elements(p).map((e) => ({ p, e })));
  // Distinct structure elements, from the file's objects (pdf.js repeats an element on each page).
  const count = (role: string) => structElements(objects, role).length;
  const headings = headingList(data);
  const headingLevels = [1, 2, 3, 4, 5, 6].map((l) => headings.filter((h) => h.level === l).length);
  const figures = all.filter(({ e }) => e.role === 'Figure' && e.children.length > 0);
  const th = structElements(objects, 'TH');
  const annots = objects.filter((o) => /\/Subtype \/Link/.test(o.body));
  const roleNames = [
    'Document',
    'Div',
    'Sect',
    'NonStruct',
    'H1',
    'H2',
    'H3',
    'H4',
    'H5',
    'P',
    'BlockQuote',
    'Caption',
    'L',
    'LI',
    'Lbl',
    'LBody',
    'Table',
    'TR',
    'TH',
    'TD',
    'Figure',
    'TOC',
    'TOCI',
    'Reference',
    'Link',
    'Strong',
    'Span',
  ];
  const roles = roleNames.map((r) => [r, count(r)] as const).filter(([, n]) => n > 0);
  let reached = 0;
  let artifact = 0;
  let untagged = 0;
  for (const p of data.pages) {
    const ids = reachableIds(p);
    for (const [id, text] of p.spans) if (ids.has(id)) reached += text.replace(/\s/g, '').length;
    artifact += p.artifactText.join('').replace(/\s/g, '').length;
    untagged += p.untaggedText.join('').replace(/\s/g, '').length;
  }
  const total = data.pages.reduce((n, p) => n + p.text.replace(/\s/g, '').length, 0);
  const pct = (n: number) => `${((100 * n) / Math.max(1, total)).toFixed(1)}%`;

  return {
    pages: data.pages.length,
    tagged: data.markInfo?.Marked === true && data.pages.some((p) => p.tree),
    lang: String(data.info.Language ?? '—'),
    title: data.info.Title ? `"${String(data.info.Title).slice(0, 40)}…"` : '—',
    displayDocTitle: /DisplayDocTitle true/.test(prefs ?? ''),
    pdfua: /pdfuaid:part/.test(data.xmp),
    headings: `${headings.length} (H1–H6: ${headingLevels.join('/')})`,
    outline: data.outline.length,
    outlineMatchesHeadings: outlineMatch(data, headings),
    figures: `${count('Figure')} Figure, ${figures.filter(({ e }) => e.alt?.trim()).length} with Alt, ${figures.filter(({ e }) => descs.includes(e.alt ?? '')).length} with Alt = the chart's description, ${figures.filter(({ e }) => e.lang).length} with Lang`,
    tables: `${count('Table')} Table, ${th.length} TH (${th.filter((o) => /\/Scope/.test(o.body)).length} with Scope), ${count('TD')} TD, ${count('Caption')} Caption`,
    lists: `${count('L')} L, ${count('LI')} LI, ${count('Lbl')} Lbl, ${count('LBody')} LBody`,
    links: `${annots.length} link annotations (${annots.filter((o) => /\/StructParent /.test(o.body)).length} in the tree, ${annots.filter((o) => /\/Contents /.test(o.body)).length} with Contents), ${count('Link')} Link elements`,
    toc: `${count('TOC')} TOC, ${count('TOCI')} TOCI`,
    artifacts: `${pct(artifact)} of the text (${artifactSample(data)})`,
    coverage: `${pct(reached)} reached from the tree, ${pct(untagged)} untagged`,
    roles: roles.map(([r, n]) => `${r} ${n}`).join(', '),
  };
}

function headingList(data: PdfData): { level: number; title: string }[] {
  return data.pages.flatMap((page) =>
    elements(page)
      .filter((e: StructElem) => /^H[1-6]$/.test(e.role))
      .map((e) => ({ level: Number(e.role.slice(1)), title: squash(elemText(e, page)) }))
      .filter((h) => h.title !== ''),
  );
}

/** Whether the outline lists the headings: same titles, depths following the heading levels. */
function outlineMatch(data: PdfData, headings: { level: number; title: string }[]): string {
  const titles = data.outline.map((o) => squash(o.title));
  const same = JSON.stringify(titles) === JSON.stringify(headings.map((h) => h.title));
  const offsets = new Set(same ? data.outline.map((o, i) => headings[i]!.level - o.depth) : []);
  return same
    ? offsets.size === 1
      ? 'yes (titles and nesting)'
      : 'titles only, nesting differs'
    : `no (${titles.filter((t) => !headings.some((h) => h.title === t)).length} entries are not headings)`;
}

function artifactSample(data: PdfData): string {
  const page = data.pages[Math.min(4, data.pages.length - 1)]!;
  return `page ${page.number}: "${squash(page.artifactText.join(' ')).slice(0, 60)}"`;
}

/** qpdf --qdf: objects out of object streams, dictionaries readable as text. */
function normalisedObjects(bytes: Uint8Array, work: string, name: string): RawObject[] {
  const input = join(work, `${name}.pdf`);
  const output = join(work, `${name}.qdf.pdf`);
  writeFileSync(input, bytes);
  const r = spawnSync('qpdf', ['--qdf', '--object-streams=disable', input, output]);
  if (r.status !== 0 && r.status !== 3) throw new Error(`qpdf failed: ${r.stderr}`);
  // qpdf --qdf writes `%% Original object ID` comments and keeps `N 0 obj` headers.
  return rawObjects(readFileSync(output));
}

await main();
