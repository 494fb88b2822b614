// The methodology's indicator framework, composed from the data (docs/method.md §0): the evidence
// tiers, the headline series chosen for each phenomenon and country with its companions, and the
// attribution table (action → indicators → why), so the method printed is the one applied.

import type { Country, Metric } from '../core/types.js';
import { isHeadline, phenomenonOf } from '../validate/indicators.js';
import type { ComposeContext } from './context.js';
import type { Block, Table } from './document.js';

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
      const same = official.filter(
        (x) => phenomenonOf(x) === phenomenonOf(m) && ctx.observationsOf(x.id).some((o) => o.country === c),
      );
      const headline = same.find((x) => isHeadline(x, c));
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

/** Indicator → the actions it rates (or is only context for) → why, from each metric's rationale; every action without one named. */
export function attributionTable(ctx: ComposeContext): Table {
  const { t } = ctx;
  const rows: string[][] = [];
  const actions = (numbers: number[]) => ctx.fmt.list(numbers.map((n) => ctx.fmt.number(n)));
  const headlines = ctx.model.data.metrics.filter((m) => m.tier !== 'statement' && (m.headlineFor ?? []).length > 0);
  const covered = new Set<number>();
  for (const m of headlines) {
    if (m.actions.length > 0) {
      rows.push([
        actions(m.actions),
        ctx.metricName(m),
        t.t('methodology.attribution.rated'),
        m.rationale?.[ctx.lang] ?? '',
      ]);
      m.actions.forEach((n) => covered.add(n));
    }
  }
  // Outcome context: one row per set of actions, naming every series that is only context for them.
  const context = headlines.filter((m) => (m.contextActions ?? []).length > 0);
  const groups = new Map<string, Metric[]>();
  for (const m of context)
    groups.set(m.contextActions!.join(';'), [...(groups.get(m.contextActions!.join(';')) ?? []), m]);
  for (const [key, metrics] of groups) {
    const numbers = key.split(';').map(Number);
    const why = metrics.map((m) => m.rationale?.[ctx.lang]).find(Boolean) ?? t.t('methodology.attribution.contextWhy');
    rows.push([
      actions(numbers),
      ctx.fmt.list(metrics.map((m) => ctx.metricName(m))),
      t.t('methodology.attribution.context'),
      why,
    ]);
  }
  const none = ctx.model.framework.actions.map((a) => a.number).filter((n) => !covered.has(n));
  if (none.length > 0)
    rows.push([actions(none), '—', t.t('methodology.attribution.none'), t.t('methodology.attribution.noneWhy')]);
  return {
    caption: t.t('methodology.attribution.caption'),
    head: [
      t.t('methodology.attribution.actions'),
      t.t('methodology.attribution.indicator'),
      t.t('methodology.attribution.role'),
      t.t('methodology.attribution.why'),
    ],
    rows,
    numeric: [false, false, false, false],
    widths: [1.6, 3, 1.5, 5],
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
