// #25: one palette and one set of status labels. The PDF's badges, the charts' scorecard and the
// HTML's badges are rendered for every status with the catalogues' labels, and each output's
// colour and words are read back and compared with pipeline/core/status.ts and with each other.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Block, ReportDocument } from '../../pipeline/compose/document.js';
import type { Lang } from '../../pipeline/core/types.js';
import { STATUS_ORDER, STATUS_STYLE, statusClass, statusLabelKey, type StatusKey } from '../../pipeline/core/status.js';
import { scorecardSpec } from '../../pipeline/render/charts/specs.js';
import { compileHtmlTemplates, renderHtml } from '../../pipeline/render/html/index.js';
import { ChapterTracker, pdfDefinition } from '../../pipeline/render/pdf/definition.js';
import { fixtureCharts, fixtureDocument } from '../fixtures/document.js';
import { templateSources } from './html/templates.js';

interface Seen {
  fill: string;
  text: string;
  label: string;
}

function catalogueLabels(lang: Lang): Record<StatusKey, string> {
  const messages = JSON.parse(
    readFileSync(new URL(`../../templates/i18n/${lang}/report.json`, import.meta.url), 'utf8'),
  ) as Record<string, string>;
  return Object.fromEntries(STATUS_ORDER.map((s) => [s, messages[statusLabelKey(s)]])) as Record<StatusKey, string>;
}

/** The fixture document with one status block per status, labelled from the catalogue. */
function withStatuses(lang: Lang, labels: Record<StatusKey, string>): ReportDocument {
  const doc = fixtureDocument(lang);
  const blocks: Block[] = STATUS_ORDER.map((code) => ({ kind: 'status', code, label: labels[code] }));
  return {
    ...doc,
    body: [{ kind: 'section', id: 'statuses', level: 1, title: 'Statuses', children: blocks }, ...doc.body],
  };
}

/** Every badge of the PDF definition: a text run drawn on a background (status() in definition.ts). */
function pdfBadges(node: unknown, out: Seen[] = []): Seen[] {
  if (Array.isArray(node)) node.forEach((n) => pdfBadges(n, out));
  else if (node && typeof node === 'object') {
    const n = node as Record<string, unknown>;
    if (typeof n.text === 'string' && typeof n.background === 'string')
      out.push({ fill: n.background, text: String(n.color), label: n.text.replace(/\u00a0/g, '') });
    for (const [k, v] of Object.entries(n)) if (k !== 'hlsdStruct' && typeof v === 'object') pdfBadges(v, out);
  }
  return out;
}

describe.each(['en', 'es'] as const)('status colours and labels (%s)', (lang) => {
  const labels = catalogueLabels(lang);

  it('the catalogue has a label for every status of core/status.ts', () => {
    for (const s of STATUS_ORDER) expect(labels[s], s).toMatch(/\S/);
  });

  it('the PDF, the charts and the HTML show every status in the same colours with the same words', async () => {
    const doc = withStatuses(lang, labels);
    const charts = fixtureCharts(lang);

    const pdf = pdfBadges(pdfDefinition(doc, charts, { paper: 'letter', draft: false }, new ChapterTracker()).content);

    const locale = lang === 'en' ? 'en-US' : 'es-MX';
    const spec = scorecardSpec({
      kind: 'scorecard',
      id: 'statuses',
      locale,
      title: 'Statuses',
      description: 'All statuses.',
      cells: STATUS_ORDER.map((s, i) => ({ row: `Row ${i + 1}`, order: i, status: s, statusLabel: labels[s] })),
      legend: STATUS_ORDER.map((s) => ({ status: s, label: labels[s] })),
    }) as unknown as { layer: { encoding?: { color?: { scale?: { domain: string[]; range: string[] } } } }[] };
    const scale = spec.layer.map((l) => l.encoding?.color?.scale).find((s) => s?.domain)!;
    const chartFill = (label: string) => scale.range[scale.domain.indexOf(label)];

    const html = renderHtml(doc, charts, compileHtmlTemplates(await templateSources()));
    const css = /<style[^>]*>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const htmlRule = (code: StatusKey) =>
      new RegExp(`\\.${statusClass(code)} \\{ background: (#[0-9A-Fa-f]{6}); color: (#[0-9A-Fa-f]{6});`).exec(css);
    const htmlBadge = (code: StatusKey) =>
      new RegExp(`<span class="badge ${statusClass(code)}">([^<]*)</span>`).exec(html)?.[1];

    for (const code of STATUS_ORDER) {
      const style = STATUS_STYLE[code];
      const label = labels[code];
      const inPdf = pdf.find((b) => b.label === label);
      expect(inPdf, `PDF badge of ${code}`).toEqual({ fill: style.fill, text: style.onFill, label });
      expect(chartFill(label), `chart colour of ${code}`).toBe(style.fill);
      expect(htmlRule(code)?.slice(1), `HTML colours of ${code}`).toEqual([style.fill, style.onFill]);
      expect(htmlBadge(code), `HTML label of ${code}`).toBe(label);
    }
    // No status colour is written by hand in the stylesheet: each badge rule appears once.
    for (const code of STATUS_ORDER) expect(css.split(`.${statusClass(code)} {`).length - 1, code).toBe(1);
  });
});
