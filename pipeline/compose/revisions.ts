// The "Revision history" chapter: which revision this is, and for every revision after the first
// the data corrections it made (old → new values, additions, removals) and the statuses they moved.

import type { StatusCode } from '../assess/types.js';
import type { DataChanges } from '../revisions/errata.js';
import type { RevisionEntry, RevisionHistory } from '../revisions/releases.js';
import type { ComposeContext } from './context.js';
import type { Block, Table } from './document.js';

const DASH = '—';

/**
 * Always present, even before anything is published, so readers of revision 1 learn where later
 * corrections will appear; with no published revision it says so plainly.
 */
export function revisionsChapter(ctx: ComposeContext, history: RevisionHistory | undefined): Block {
  const { t, fmt, revision, model } = ctx;
  const para = (text: string, style?: 'lead' | 'note'): Block => ({
    kind: 'paragraph',
    inlines: [{ text }],
    ...(style ? { style } : {}),
  });
  const current = history?.current ?? { number: revision.number, date: revision.date, published: false, pending: true };
  const published = history?.releases ?? [];
  // Before anything is published, the edition is not yet "revision 1": it says it will be, so the
  // chapter never says both "this is revision 1" and "no revision has been published yet".
  const intro = !current.published && published.length === 0 ? 'revisions.introDraft' : 'revisions.intro';
  const children: Block[] = [
    para(t.t(intro, { year: model.year, revision: current.number, date: fmt.date(current.date) }), 'lead'),
  ];
  if (!current.published) {
    children.push(
      para(
        published.length === 0
          ? t.t('revisions.nonePublished')
          : t.t('revisions.pending', { revision: current.number, previous: published[published.length - 1]!.revision }),
        'note',
      ),
    );
  }
  const entries = history?.entries ?? [];
  if (entries.length === 0) children.push(para(t.t('revisions.noCorrections')));
  for (const entry of entries) children.push(entrySection(ctx, entry));
  return { kind: 'section', id: 'revisions', level: 1, title: t.t('revisions.title'), pageBreak: true, children };
}

function entrySection(ctx: ComposeContext, entry: RevisionEntry): Block {
  const { t, fmt } = ctx;
  const children: Block[] = [
    {
      kind: 'paragraph',
      inlines: [
        {
          text: t.t('revisions.entry.intro', {
            revision: entry.revision,
            previous: entry.previous.revision,
            previousDate: fmt.date(entry.previous.date),
          }),
        },
      ],
    },
  ];
  const changes = entry.changes;
  if (!changes)
    children.push({
      kind: 'paragraph',
      style: 'note',
      inlines: [{ text: t.t('revisions.entry.unavailable', { previous: entry.previous.revision }) }],
    });
  else if (Object.values(changes).every((list: unknown[]) => list.length === 0))
    children.push({ kind: 'paragraph', inlines: [{ text: t.t('revisions.entry.noDataChange') }] });
  else children.push(...changeTables(ctx, entry, changes));
  return {
    kind: 'section',
    id: `revision-${entry.revision}`,
    level: 2,
    title: t.t('revisions.entry.title', { revision: entry.revision, date: fmt.date(entry.date) }),
    children,
  };
}

function changeTables(ctx: ComposeContext, entry: RevisionEntry, c: DataChanges): Block[] {
  const { t, fmt } = ctx;
  const name = (x: { name: { en: string; es: string } }) => x.name[ctx.lang];
  const before = t.t('revisions.column.revision', { revision: entry.previous.revision });
  const after = t.t('revisions.column.revision', { revision: entry.revision });
  const head = {
    metric: t.t('revisions.column.metric'),
    country: t.t('revisions.column.country'),
    period: t.t('revisions.column.period'),
    value: t.t('revisions.column.value'),
  };
  const status = (s: StatusCode | null) => (s === null ? DASH : ctx.statusLabel(s));
  const milestone = (s: string | null) => (s === null ? DASH : t.t(`milestone.${s}`));
  const tables: [string, Table][] = [];
  const add = (key: string, head: string[], rows: string[][], numeric: boolean[], widths: number[]) => {
    if (rows.length > 0)
      tables.push([
        key,
        { caption: t.t(`revisions.${key}.caption`, { revision: entry.revision }), head, rows, numeric, widths },
      ]);
  };
  add(
    'values',
    [head.metric, head.country, head.period, before, after],
    c.values.map((v) => [
      name(v),
      ctx.countryName(v.country),
      fmt.period(v.period),
      ctx.value(v.old, v.unit),
      ctx.value(v.new, v.unit),
    ]),
    [false, false, false, true, true],
    [3, 1.2, 1, 1.4, 1.4],
  );
  add(
    'added',
    [head.metric, head.country, head.period, head.value],
    c.added.map((v) => [name(v), ctx.countryName(v.country), fmt.period(v.period), ctx.value(v.value, v.unit)]),
    [false, false, false, true],
    [3, 1.2, 1, 1.4],
  );
  add(
    'removed',
    [head.metric, head.country, head.period, head.value],
    c.removed.map((v) => [name(v), ctx.countryName(v.country), fmt.period(v.period), ctx.value(v.value, v.unit)]),
    [false, false, false, true],
    [3, 1.2, 1, 1.4],
  );
  add(
    'statuses',
    [head.metric, head.country, before, after],
    c.statuses.map((s) => [name(s), ctx.countryName(s.country), status(s.old), status(s.new)]),
    [false, false, false, false],
    [3, 1.2, 1.6, 1.6],
  );
  add(
    'metrics',
    [head.metric, t.t('revisions.column.change')],
    c.metrics.map((m) => [name(m), t.t(`revisions.metric.${m.change}`)]),
    [false, false],
    [3, 2],
  );
  add(
    'milestones',
    [t.t('revisions.column.milestone'), t.t('revisions.column.action'), before, after],
    c.milestones.map((m) => [m.text[ctx.lang], fmt.number(m.action), milestone(m.old), milestone(m.new)]),
    [false, true, false, false],
    [4, 1, 1.4, 1.4],
  );
  return tables.map(([, table]): Block => ({ kind: 'table', table }));
}
