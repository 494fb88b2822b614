// An excerpt of a composed report for one recipient: the requested goal chapters and action
// sections plus the methodology, under the same cover and revision, with links into the parts
// left out removed so neither renderer points at a missing destination.
//
// The summary, commitments, revision history and annex are left out: each covers every goal and
// action, and an excerpt promises to hold only what was asked for.

import type { Block, ReportDocument } from './document.js';
import type { Translator } from './i18n.js';

export interface ExcerptSelection {
  goals: readonly number[];
  actions: readonly number[];
}

export function excerptDocument(doc: ReportDocument, selection: ExcerptSelection, t: Translator): ReportDocument {
  const goals = new Set(selection.goals.map((n) => `goal-${n}`));
  const actions = new Set(selection.actions.map((n) => `action-${n}`));
  const body: Block[] = [];
  for (const block of doc.body) {
    if (block.kind !== 'section') continue;
    if (goals.has(block.id)) body.push(block);
    else if (block.id === 'actions' && actions.size > 0) {
      body.push({ ...block, children: block.children.filter((c) => c.kind !== 'section' || actions.has(c.id)) });
    } else if (block.id === 'methodology') body.push(block);
  }
  const parts = [
    ...[...selection.goals].sort((a, b) => a - b).map((n) => t.t('excerpt.goal', { number: n })),
    ...[...selection.actions].sort((a, b) => a - b).map((n) => t.t('excerpt.action', { number: n })),
  ];
  const list = new Intl.ListFormat(doc.meta.locale, { style: 'long', type: 'conjunction' }).format(parts);
  const kept = anchorsIn(body);
  return {
    meta: { ...doc.meta, title: t.t('excerpt.title', { title: doc.meta.title }) },
    cover: { ...doc.cover, lines: [...doc.cover.lines, t.t('excerpt.cover', { parts: list })] },
    body: withoutDanglingLinks(body, kept) as Block[],
  };
}

/** Every id a link can target: sections, figures, table rows (and anything else carrying an id). */
function anchorsIn(blocks: readonly Block[]): Set<string> {
  const ids = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if (key === 'chart') continue; // chart requests are data for the chart renderer, not anchors
      if (key === 'id' && typeof v === 'string') ids.add(v);
      else if (key === 'rowIds' && Array.isArray(v))
        for (const r of v)
          if (typeof r === 'string') ids.add(r);
          else walk(v);
    }
  };
  walk(blocks);
  return ids;
}

/** A copy of the tree where `link: "#x"` and `ref: "x"` survive only if x is kept. */
function withoutDanglingLinks(value: unknown, ids: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutDanglingLinks(v, ids));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'chart') out[key] = v;
    else if (key === 'link' && typeof v === 'string' && v.startsWith('#') && !ids.has(v.slice(1))) continue;
    else if (key === 'ref' && typeof v === 'string' && !ids.has(v)) continue;
    else out[key] = withoutDanglingLinks(v, ids);
  }
  return out;
}
