// The back of the report: methodology (method, thresholds, periods, sources), the annex (every
// figure with its source) and the glossary of acronyms.

import { GROWTH_THRESHOLDS, TARGET_RATIO_THRESHOLDS } from '../assess/method.js';
import type { ComposeContext } from './context.js';
import type { Block } from './document.js';
import { sortObservations, sourceName } from './metrics.js';

export function methodologyChapter(ctx: ComposeContext): Block {
  const { t, fmt } = ctx;
  const pct = (v: number) => fmt.percent(v, 1);
  const num = (v: number) => fmt.number(v, 2);
  const T = TARGET_RATIO_THRESHOLDS;
  const G = GROWTH_THRESHOLDS;
  const para = (key: string): Block => ({ kind: 'paragraph', inlines: [{ text: t.t(key) }] });
  return {
    kind: 'section',
    id: 'methodology',
    level: 1,
    title: t.t('methodology.title'),
    pageBreak: true,
    children: [
      para('methodology.intro'),
      {
        kind: 'section', id: 'method-target', level: 2, title: t.t('methodology.target.title'),
        children: [
          para('methodology.target.body'),
          {
            kind: 'table',
            table: {
              caption: t.t('methodology.target.caption'),
              head: [t.t('table.status'), t.t('methodology.rule')],
              rows: [
                [ctx.statusLabel('target_achieved'), t.t('methodology.rule.achieved')],
                [ctx.statusLabel('on_track'), `CR ≥ ${num(T.onTrack)}`],
                [ctx.statusLabel('acceleration_needed'), `${num(T.accelerationNeeded)} ≤ CR < ${num(T.onTrack)}`],
                [ctx.statusLabel('limited_progress'), `${num(T.limitedProgress)} ≤ CR < ${num(T.accelerationNeeded)}`],
                [ctx.statusLabel('deterioration'), `CR < ${num(T.limitedProgress)}`],
              ],
              numeric: [false, false],
            },
          },
        ],
      },
      {
        kind: 'section', id: 'method-growth', level: 2, title: t.t('methodology.growth.title'),
        children: [
          para('methodology.growth.body'),
          {
            kind: 'table',
            table: {
              caption: t.t('methodology.growth.caption'),
              head: [t.t('table.status'), t.t('methodology.rule')],
              rows: [
                [ctx.statusLabel('substantial_progress'), `a ≥ ${pct(G.substantialProgress)}`],
                [ctx.statusLabel('moderate_progress'), `${pct(G.moderateProgress)} ≤ a < ${pct(G.substantialProgress)}`],
                [ctx.statusLabel('limited_progress'), `${pct(G.limitedProgress)} ≤ a < ${pct(G.moderateProgress)}`],
                [ctx.statusLabel('deterioration'), `a < ${pct(G.limitedProgress)}`],
              ],
              numeric: [false, false],
            },
          },
        ],
      },
      { kind: 'section', id: 'method-other', level: 2, title: t.t('methodology.other.title'), children: [para('methodology.descriptive'), para('methodology.insufficient'), para('methodology.periods'), para('methodology.countries'), para('methodology.rollup')] },
      { kind: 'section', id: 'sources', level: 2, title: t.t('methodology.sources.title'), children: [para('methodology.sources.intro'), seedList(ctx)] },
    ],
  };
}

function seedList(ctx: ComposeContext): Block {
  return {
    kind: 'list',
    ordered: false,
    items: [...ctx.model.framework.seeds]
      .sort((a, b) => a.date.localeCompare(b.date) || a.file.localeCompare(b.file))
      .map((s) => [{ text: sourceName(ctx, s.file, true) }]),
  };
}

export function annexChapter(ctx: ComposeContext): Block {
  const { t } = ctx;
  const rows: string[][] = [];
  for (const metric of ctx.model.data.metrics) {
    for (const o of sortObservations(ctx.observationsOf(metric.id))) {
      rows.push([ctx.metricName(metric), ctx.countryName(o.country), ctx.fmt.period(o.period), ctx.value(o.value, metric.unit), sourceName(ctx, o.source)]);
    }
  }
  return {
    kind: 'section',
    id: 'annex',
    level: 1,
    title: t.t('annex.title'),
    pageBreak: true,
    children: [
      {
        kind: 'section', id: 'annex-data', level: 2, title: t.t('annex.data'),
        children: [
          { kind: 'paragraph', inlines: [{ text: t.t('annex.dataIntro') }] },
          {
            kind: 'table',
            table: {
              caption: t.t('annex.data'),
              head: [t.t('table.metric'), t.t('table.country'), t.t('table.period'), t.t('table.value'), t.t('table.source')],
              rows,
              numeric: [false, false, false, true, false],
              widths: [3, 1.2, 1, 1.4, 3],
            },
          },
        ],
      },
      { kind: 'section', id: 'glossary', level: 2, title: t.t('glossary.title'), children: [glossaryTable(ctx)] },
    ],
  };
}

const ACRONYMS = ['ANAM', 'ATF', 'CBP', 'CISA', 'DANS', 'DEA', 'DHS', 'DOJ', 'FGR', 'HHS', 'HLSD', 'OFAC', 'SAMHSA', 'SRE', 'SSPC', 'TCO', 'UIF', 'UNODC'];

function glossaryTable(ctx: ComposeContext): Block {
  const { t } = ctx;
  return {
    kind: 'table',
    table: {
      caption: t.t('glossary.title'),
      head: [t.t('glossary.acronym'), t.t('glossary.meaning')],
      rows: ACRONYMS.map((a) => [t.t(`acronym.${a}.short`), t.t(`acronym.${a}`)]).sort((x, y) => x[0]!.localeCompare(y[0]!, ctx.fmt.locale)),
      numeric: [false, false],
      widths: [1, 5],
    },
  };
}
