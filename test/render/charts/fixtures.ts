// Known chart requests for the chart renderer tests (values are illustrative, not report data).
// Labels are written by compose's formatter, as compose writes them into a request.

import { formatValueAs, type ValueStyle } from '../../../pipeline/compose/format.js';
import type { BarChart, ChartLocale, ScorecardChart, TimeSeriesChart } from '../../../pipeline/render/charts/types.js';

const T = {
  'en-US': {
    us: 'United States',
    mx: 'Mexico',
    fy: 'FY',
    title: 'Human-smuggling defendants',
    valueTitle: 'Defendants',
    periodTitle: 'Fiscal year',
    baseline: 'Baseline 2021: 5,046',
    target: 'Target 2024: 7,000',
    desc: 'Line chart of human-smuggling defendants, fiscal years 2019 to 2023, United States and Mexico.',
  },
  'es-MX': {
    us: 'Estados Unidos',
    mx: 'México',
    fy: 'AF',
    title: 'Personas procesadas por tráfico de personas',
    valueTitle: 'Personas procesadas',
    periodTitle: 'Año fiscal',
    baseline: 'Línea base 2021: 5,046',
    target: 'Meta 2024: 7,000',
    desc: 'Gráfica de líneas de personas procesadas por tráfico de personas, años fiscales 2019 a 2023, Estados Unidos y México.',
  },
} as const;

export const US_VALUES = [3612, 4217, 5046, 5821, 109413];
export const MX_VALUES = [1203, 1550, 1987, 2204, 2410];
export const YEARS = [2019, 2020, 2021, 2022, 2023];

const langOf = (locale: ChartLocale) => (locale === 'es-MX' ? 'es' : 'en');
/** A point's label as compose writes it: the metric's table string. */
const label = (locale: ChartLocale, style: ValueStyle, value: number) =>
  formatValueAs({ lang: langOf(locale), style }, value);

export function timeSeries(locale: ChartLocale, id = 'metric-smuggling'): TimeSeriesChart {
  const t = T[locale];
  return {
    kind: 'timeseries',
    id,
    locale,
    title: t.title,
    description: t.desc,
    valueFormat: { lang: langOf(locale), style: 'number' },
    valueTitle: t.valueTitle,
    periodTitle: t.periodTitle,
    points: [
      ...YEARS.map((y, i) => ({
        country: 'US' as const,
        countryLabel: t.us,
        period: `FY${y}`,
        periodLabel: `${t.fy}${y}`,
        value: US_VALUES[i],
        label: label(locale, 'number', US_VALUES[i]),
      })),
      ...YEARS.map((y, i) => ({
        country: 'MX' as const,
        countryLabel: t.mx,
        period: `FY${y}`,
        periodLabel: `${t.fy}${y}`,
        value: MX_VALUES[i],
        label: label(locale, 'number', MX_VALUES[i]),
      })),
    ],
    baseline: { value: 5046, label: t.baseline },
    target: { value: 7000, label: t.target },
  };
}

export function bars(locale: ChartLocale): BarChart {
  const t = T[locale];
  const es = locale === 'es-MX';
  return {
    kind: 'bars',
    id: 'metric-seizure-share',
    locale,
    title: es ? 'Proporción de aseguramientos' : 'Share of seizures',
    description: es
      ? 'Barras: proporción de aseguramientos por país, 2022.'
      : 'Bars: share of seizures by country, 2022.',
    valueFormat: { lang: langOf(locale), style: 'percent' },
    valueTitle: es ? 'Porcentaje' : 'Percent',
    // Percent points, as data/observations.csv writes a percent unit (24.9 is 24.9%).
    points: [
      {
        country: 'US',
        countryLabel: t.us,
        period: '2022',
        periodLabel: '2022',
        value: 24.9,
        label: label(locale, 'percent', 24.9),
      },
      {
        country: 'MX',
        countryLabel: t.mx,
        period: '2022',
        periodLabel: '2022',
        value: 61.73,
        label: label(locale, 'percent', 61.73),
      },
      {
        country: 'BI',
        countryLabel: es ? 'Binacional' : 'Binational',
        period: '2022',
        periodLabel: '2022',
        value: 100,
        label: label(locale, 'percent', 100),
      },
    ],
  };
}

export const SCORECARD_LABELS = {
  'en-US': {
    target_achieved: 'Target achieved',
    on_track: 'On track',
    acceleration_needed: 'Acceleration needed',
    substantial_progress: 'Substantial progress',
    moderate_progress: 'Moderate progress',
    limited_progress: 'Limited progress',
    deterioration: 'Deterioration',
    descriptive: 'Descriptive only',
    insufficient_data: 'Insufficient data',
    not_rated: 'Not rated',
  },
  'es-MX': {
    target_achieved: 'Meta alcanzada',
    on_track: 'En camino',
    acceleration_needed: 'Se requiere acelerar',
    substantial_progress: 'Progreso sustancial',
    moderate_progress: 'Progreso moderado',
    limited_progress: 'Progreso limitado',
    deterioration: 'Deterioro',
    descriptive: 'Solo descriptivo',
    insufficient_data: 'Datos insuficientes',
    not_rated: 'Sin calificación',
  },
} as const;

export function scorecard(locale: ChartLocale): ScorecardChart {
  const L = SCORECARD_LABELS[locale];
  const action = locale === 'es-MX' ? 'Acción' : 'Action';
  const statuses = Object.keys(L) as (keyof typeof L)[];
  return {
    kind: 'scorecard',
    id: 'scorecard-actions',
    locale,
    title: locale === 'es-MX' ? 'Estado de las acciones' : 'Status of the actions',
    description: locale === 'es-MX' ? 'Matriz de estado de diez acciones.' : 'Status matrix of ten actions.',
    // Deliberately out of order: rows are sorted by `order`.
    cells: statuses
      .map((s, i) => ({ row: `${action} ${i + 1}`, order: i + 1, status: s, statusLabel: L[s] }))
      .reverse(),
    legend: statuses.map((s) => ({ status: s, label: L[s] })),
  };
}
