// Hand-made rows for compose's unit tests: a model, an assessment and a compose context built from
// a few rows written here (no data folder), with the real catalogues of both languages.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Assessment, AssessmentResult } from '../../pipeline/assess/types.js';
import type {
  Country,
  Lang,
  Metric,
  Observation,
  ReportModel,
  SeedDocument,
  Source,
} from '../../pipeline/core/types.js';
import { composeContext, type ComposeContext } from '../../pipeline/compose/context.js';
import { Translator } from '../../pipeline/compose/i18n.js';
import { parseCatalogue } from '../../pipeline/validate/catalogues.js';

const I18N = join(import.meta.dirname, '../../templates/i18n');
const at = { file: 'handmade.csv', line: 1 };

export function translator(lang: Lang): Translator {
  const dir = join(I18N, lang);
  return new Translator(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => parseCatalogue(lang, join(dir, f), readFileSync(join(dir, f), 'utf8')).catalogue),
  );
}

/** Every key of a language's catalogues. */
export function catalogueKeys(lang: Lang): Set<string> {
  const dir = join(I18N, lang);
  return new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => Object.keys(JSON.parse(readFileSync(join(dir, f), 'utf8')) as object)),
  );
}

export function metric(id: string, unit: string, extra: Partial<Metric> = {}): Metric {
  return {
    id,
    name: { en: id, es: id },
    unit,
    direction: 'decrease',
    goal: 1,
    actions: [],
    source: 'handmade',
    at,
    ...extra,
  } as Metric;
}

export function observation(
  metricId: string,
  country: Country,
  period: string,
  value: number,
  extra: Partial<Observation> = {},
): Observation {
  const fiscal = period.startsWith('FY');
  return {
    metric: metricId,
    country,
    period: { kind: fiscal ? 'fiscal' : 'calendar', year: Number(period.replace('FY', '')), label: period },
    value,
    status: 'final',
    source: 'handmade',
    at,
    ...extra,
  };
}

export function seed(file: string, date: string): SeedDocument {
  return { role: 'joint-statement-2022', file, title: file, publisher: 'Handmade', date, text: '' } as SeedDocument;
}

export function source(
  id: string,
  date: string,
  dateRole: Source['dateRole'],
  kind: Source['kind'] = 'dataset',
): Source {
  return {
    id,
    kind,
    publisher: { en: `Publisher ${id}`, es: `Editor ${id}` },
    title: { en: `Title ${id}`, es: `Título ${id}` },
    date,
    dateRole,
    at,
  };
}

export interface Handmade {
  year: number;
  metrics?: Metric[];
  observations?: Observation[];
  sources?: Source[];
  seeds?: SeedDocument[];
  editions?: { year: number; date: string }[];
  assessments?: Assessment[];
  revisionDate?: string;
}

export function handmadeModel(h: Handmade): ReportModel {
  return {
    year: h.year,
    framework: { goals: [], areas: [], objectives: [], actions: [], commitments: [], seeds: h.seeds ?? [] },
    data: {
      metrics: h.metrics ?? [],
      observations: h.observations ?? [],
      milestones: [],
      sources: h.sources ?? [],
      editions: (h.editions ?? []).map((e) => ({ ...e, at })),
    },
  };
}

export function handmadeContext(h: Handmade, lang: Lang): ComposeContext {
  const assessment = { assessments: h.assessments ?? [], rollups: [], gaps: [] } as unknown as AssessmentResult;
  return composeContext(
    {
      model: handmadeModel(h),
      units: [],
      assessment,
      revision: { number: 1, date: h.revisionDate ?? '2026-12-03' },
      files: { en: 'en.html', es: 'es.html' },
    },
    lang,
    translator(lang),
  );
}

/** A trend assessment between two observations, as assess makes it ((latest − base) / |base|). */
export function trend(base: Observation, latest: Observation): Assessment {
  return {
    metric: base.metric,
    country: base.country,
    baselinePeriod: base.period,
    baselineValue: base.value,
    latestPeriod: latest.period,
    latestValue: latest.value,
    method: 'cagr',
    ratio: 0.05,
    change: (latest.value - base.value) / Math.abs(base.value),
    status: 'moderate_progress',
  } as Assessment;
}
