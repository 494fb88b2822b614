// An excerpt keeps only the requested goal chapters and action sections plus the methodology, and
// no link in it points at a part that was left out.

import { describe, expect, it } from 'vitest';
import type { Block, ReportDocument } from '../../pipeline/compose/document.js';
import { excerptDocument } from '../../pipeline/compose/excerpt.js';
import { Translator } from '../../pipeline/compose/i18n.js';
import { loadProject } from './helpers.js';

function sectionIds(blocks: readonly Block[], depth = 2): string[] {
  return blocks.flatMap((b) =>
    b.kind === 'section' && b.level <= depth ? [b.id, ...sectionIds(b.children, depth)] : [],
  );
}

function allStrings(value: unknown, key: string, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => allStrings(v, key, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value))
      if (k === key && typeof v === 'string') out.push(v);
      else if (k !== 'chart') allStrings(v, key, out);
  return out;
}

describe('excerptDocument', async () => {
  const p = await loadProject();
  const { documents } = p.compose();
  const t = { en: new Translator(p.validated.catalogues.en), es: new Translator(p.validated.catalogues.es) };
  const excerpt = (doc: ReportDocument, goals: number[], actions: number[]) =>
    excerptDocument(doc, { goals, actions }, t[doc.meta.lang]);

  it('keeps goal 2, actions 7 and 8 and the methodology, in report order', () => {
    const es = excerpt(
      documents.find((d) => d.meta.lang === 'es')!,
      [2],
      [8, 7],
    );
    expect(es.body.map((b) => (b.kind === 'section' ? b.id : b.kind))).toEqual(['goal-2', 'actions', 'methodology']);
    const actions = es.body.find((b) => b.kind === 'section' && b.id === 'actions') as Extract<
      Block,
      { kind: 'section' }
    >;
    expect(actions.children.filter((c) => c.kind === 'section').map((c) => (c as { id: string }).id)).toEqual([
      'action-7',
      'action-8',
    ]);
    expect(sectionIds(es.body).filter((id) => /^goal-\d+$/.test(id))).toEqual(['goal-2']);
    expect(es.cover.lines.at(-1)).toBe('Extracto: Objetivo 2, Acción 7 y Acción 8, con la metodología');
    expect(es.meta.title).toMatch(/\(extracto\)$/);
    expect(es.meta.revision).toBe(documents[0]!.meta.revision);
  });

  it('leaves out the actions chapter when only goals are asked for, and the goals when only actions are', () => {
    const en = documents.find((d) => d.meta.lang === 'en')!;
    expect(excerpt(en, [1, 3], []).body.map((b) => (b as { id: string }).id)).toEqual([
      'goal-1',
      'goal-3',
      'methodology',
    ]);
    expect(excerpt(en, [], [11]).body.map((b) => (b as { id: string }).id)).toEqual(['actions', 'methodology']);
  });

  it('drops links and references whose target was left out, and keeps the others', () => {
    const en = documents.find((d) => d.meta.lang === 'en')!;
    const full = allStrings(en.body, 'link').filter((l) => l.startsWith('#'));
    expect(full.length).toBeGreaterThan(0);
    const action7 = (
      en.body.find((b) => b.kind === 'section' && b.id === 'actions') as Extract<Block, { kind: 'section' }>
    ).children.find((c) => c.kind === 'section' && c.id === 'action-7');
    expect(allStrings(action7, 'link').filter((l) => l.startsWith('#metric-')).length).toBeGreaterThan(0); // into goal chapters
    const cut = excerpt(en, [], [7]);
    expect(allStrings(cut.body, 'link').filter((l) => l.startsWith('#metric-'))).toEqual([]);
    const ids = new Set([...sectionIds(cut.body, 9), ...allStrings(cut.body, 'id')]);
    for (const l of allStrings(cut.body, 'link').filter((x) => x.startsWith('#')))
      expect(ids.has(l.slice(1)), l).toBe(true);
    for (const r of allStrings(cut.body, 'ref')) expect(ids.has(r), r).toBe(true);
  });
});
