// The indicator framework checked across metrics (docs/method.md §1–§3): each metric's evidence
// tier from its source (an official dataset, or a government's statement), at most one headline
// indicator per phenomenon and country, a headline only from an official series, and the
// references between metrics (a quoted figure's cross-check, an adjusted series' unadjusted one).

import type { Diagnostic, Position } from '../diagnostics/diagnostic.js';
import { error } from '../diagnostics/diagnostic.js';
import type { Country, Metric, Observation, Source, Tier } from '../core/types.js';
import { show } from './cells.js';

/**
 * statement: the metric's source is a seed (the governments' own statements and fact sheets) or a
 * statement registered in sources.csv; official: a registered dataset, or a statistical publication
 * cited by name (docs/method.md §1).
 */
export function tierOf(
  metric: Pick<Metric, 'source'>,
  sources: readonly Source[],
  seedFiles: ReadonlySet<string>,
): Tier {
  if (seedFiles.has(metric.source)) return 'statement';
  return sources.some((s) => s.id === metric.source && s.kind === 'statement') ? 'statement' : 'official';
}

/** The phenomenon a metric measures: its own id when the data names none. */
export const phenomenonOf = (m: Pick<Metric, 'id' | 'phenomenon'>): string => m.phenomenon ?? m.id;

/**
 * Whether `m` is its phenomenon's headline indicator for `country`. Files without the indicator
 * columns make every official series its own headline, as before; a statement never is one.
 */
export function isHeadline(m: Metric, country: Country): boolean {
  if ((m.tier ?? 'official') !== 'official') return false;
  if (!m.indicatorColumns) return true;
  return (m.headlineFor ?? []).includes(country);
}

const at = (m: Metric, column?: number): Position => ({ ...m.at, ...(column ? { column } : {}) });

/** Sets each metric's tier and reports every indicator-framework problem at once. */
export function checkIndicators(
  metrics: Metric[],
  observations: readonly Observation[],
  sources: readonly Source[],
  seedFiles: ReadonlySet<string>,
  columnOf: (metric: Metric, column: string) => number | undefined,
  diagnostics: Diagnostic[],
): Metric[] {
  const withTier = metrics.map((m) => ({ ...m, tier: tierOf(m, sources, seedFiles) }));
  const byId = new Map(withTier.map((m) => [m.id, m]));
  const report = (m: Metric, column: string, rule: Parameters<typeof error>[1], message: string, hint: string) =>
    diagnostics.push(error(at(m, columnOf(m, column)), rule, message, hint));

  for (const m of withTier) {
    if (m.tier === 'statement' && (m.headlineFor ?? []).length > 0) {
      report(
        m,
        'headline_for',
        'metric/statement-headline',
        `metric ${show(m.id)} is quoted from a statement (${m.source}), so it cannot be a headline indicator`,
        'leave headline_for empty: a figure a government states about its own work is evidence, shown as reported; name the official series it repeats in cross_check',
      );
    }
    for (const column of ['cross_check', 'adjustment_of'] as const) {
      const ref = column === 'cross_check' ? m.crossCheck : m.adjustmentOf;
      if (ref === undefined) continue;
      const target = byId.get(ref);
      if (!target)
        report(
          m,
          column,
          'metric/unknown-reference',
          `${column} ${show(ref)} is not a metric id in metrics.csv`,
          'write the id of the series this one checks or adjusts, or leave it empty',
        );
      else if (target.id === m.id)
        report(
          m,
          column,
          'metric/unknown-reference',
          `${column} of ${show(m.id)} names the metric itself`,
          'name another metric, or leave it empty',
        );
      else if (column === 'adjustment_of' && phenomenonOf(target) !== phenomenonOf(m))
        report(
          m,
          column,
          'metric/unknown-reference',
          `${column} ${show(ref)} measures another phenomenon (${phenomenonOf(target)}, not ${phenomenonOf(m)})`,
          'an adjusted series and the one it adjusts share their phenomenon',
        );
    }
  }

  // One headline per phenomenon and country; every phenomenon with official data has one.
  const countriesOf = new Map<string, Set<Country>>();
  for (const o of observations) {
    const set = countriesOf.get(o.metric) ?? new Set<Country>();
    set.add(o.country);
    countriesOf.set(o.metric, set);
  }
  const headlines = new Map<string, Metric>();
  for (const m of withTier) {
    if (m.tier !== 'official' || !m.indicatorColumns) continue;
    for (const c of m.headlineFor ?? []) {
      const key = `${phenomenonOf(m)} ${c}`;
      const first = headlines.get(key);
      if (first)
        report(
          m,
          'headline_for',
          'metric/duplicate-headline',
          `${show(m.id)} and ${show(first.id)} (line ${first.at.line}) are both the headline of ${show(phenomenonOf(m))} for ${c}`,
          'keep one headline per phenomenon and country; the other is a companion series (remove the country from its headline_for)',
        );
      else headlines.set(key, m);
    }
  }
  const missing = new Set<string>();
  for (const m of withTier) {
    if (m.tier !== 'official' || !m.indicatorColumns) continue;
    for (const c of countriesOf.get(m.id) ?? []) {
      const key = `${phenomenonOf(m)} ${c}`;
      if (headlines.has(key) || missing.has(key)) continue;
      missing.add(key);
      report(
        m,
        'phenomenon',
        'metric/no-headline',
        `phenomenon ${show(phenomenonOf(m))} has official data for ${c} but no headline indicator`,
        `write ${c} in headline_for of the one series that decides its status (argue the choice in note)`,
      );
    }
  }
  return withTier;
}
