// The methodology's indicator framework, composed from the data (docs/method.md §0): the evidence
// tiers, the headline series chosen for each phenomenon and country with its companions, and the
// attribution table (action → indicators → why), so the method printed is the one applied.

import type { Country, Metric } from '../core/types.js';
import type { ComposeContext } from './context.js';
import type { Block, Table } from './document.js';

const phenomenonOf = (m: Metric): string => m.phenomenon ?? m.id;

/** One row per phenomenon and country with official data: its headline series and its companions. */
export function headlineTable(ctx: ComposeContext): Table {
  const { t } = ctx;
  const official = ctx.model.data.metrics.filter((m) => m.tier !== 'statement');
  const rows: string[][] = [];
  const seen = new Set<string>();
  for (const m of official) {
    for (const c of ['US', 'MX', 'BI'] as Country[]) {
      const key = `${phenomenonOf(m)} ${c}`;
      if (seen.has(key) || !ctx.observationsOf(m.id).some((o) => o.country === c)) continue;
      seen.add(key);
      const same = official.filter((x) => phenomenonOf(x) === phenomenonOf(m) && ctx.observationsOf(x.id).some((o) => o.country === c));
      const headline = same.find((x) => (x.headlineFor ?? []).includes(c)) ?? (m.indicatorColumns ? undefined : m);
      const companions = same.filter((x) => x !== headline);
      rows.push([
        ctx.countryName(c),
        headline ? ctx.metricName(headline) : '—',
        companions.length ? ctx.fmt.list(companions.map((x) => ctx.shortName(x))) : '—',
      ]);
    }
  }
  return {
    caption: t.t('methodology.headlines.caption'),
    head: [t.t('table.country'), t.t('methodology.headlines.headline'), t.t('methodology.headlines.companions')],
    rows,
    numeric: [false, false, false],
    widths: [1.4, 4, 4],
  };
}

/** Action → the series rated for it (or only context for it) → why, from each metric's rationale. */
export function attributionTable(ctx: ComposeContext): Table {
  const { t } = ctx;
  const rows: string[][] = [];
  for (const action of ctx.model.framework.actions) {
    const rated = ctx.model.data.metrics.filter((m) => m.tier !== 'statement' && (m.headlineFor ?? []).length > 0 && m.actions.includes(action.number));
    const context = ctx.model.data.metrics.filter((m) => m.tier !== 'statement' && (m.headlineFor ?? []).length > 0 && (m.contextActions ?? []).includes(action.number));
    for (const m of rated) rows.push([t.t('action.number', { number: action.number }), ctx.metricName(m), t.t('methodology.attribution.rated'), m.rationale?.[ctx.lang] ?? '']);
    for (const m of context) rows.push([t.t('action.number', { number: action.number }), ctx.metricName(m), t.t('methodology.attribution.context'), m.rationale?.[ctx.lang] ?? t.t('methodology.attribution.contextWhy')]);
    if (rated.length === 0 && context.length === 0) rows.push([t.t('action.number', { number: action.number }), '—', t.t('methodology.attribution.none'), '']);
  }
  return {
    caption: t.t('methodology.attribution.caption'),
    head: [t.t('milestones.action'), t.t('methodology.attribution.indicator'), t.t('methodology.attribution.role'), t.t('methodology.attribution.why')],
    rows,
    numeric: [false, false, false, false],
    widths: [1.1, 3, 1.5, 5],
  };
}

/** The methodology's section on evidence tiers, headline indicators and attribution. */
export function indicatorFrameworkSection(ctx: ComposeContext): Block {
  const para = (key: string): Block => ({ kind: 'paragraph', inlines: [{ text: ctx.t.t(key) }] });
  return {
    kind: 'section',
    id: 'method-evidence',
    level: 2,
    title: ctx.t.t('methodology.evidence.title'),
    children: [
      para('methodology.evidence.tiers'),
      para('methodology.evidence.headline'),
      { kind: 'table', table: headlineTable(ctx) },
      para('methodology.evidence.latest'),
      para('methodology.evidence.attribution'),
      { kind: 'table', table: attributionTable(ctx) },
    ],
  };
}
