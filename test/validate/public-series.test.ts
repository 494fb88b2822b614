// Every figure the project took from the official series is the publisher's figure, exactly:
// each observation of a metric drawn from ../shared/public-series/series.csv is compared with
// that file value by value (same country, same period as published, same flag), and every row
// of the reference file for a series the project uses is in the project's data.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { publicSeriesDir } from '../helpers/public-series.js';

/** The reference series → the project's metric and source (the mapping data/README.md documents). */
const SERIES: Record<string, { metric: string; source: string }> = {
  us_overdose_deaths: { metric: 'us-overdose-deaths-reported', source: 'cdc-vsrr-overdose' },
  us_overdose_deaths_predicted: { metric: 'us-overdose-deaths-predicted', source: 'cdc-vsrr-overdose' },
  us_synthetic_opioid_deaths: { metric: 'us-synthetic-opioid-deaths-reported', source: 'cdc-vsrr-overdose' },
  us_synthetic_opioid_deaths_predicted: { metric: 'us-synthetic-opioid-deaths-predicted', source: 'cdc-vsrr-overdose' },
  us_cbp_fentanyl_seizures_nationwide: { metric: 'cbp-fentanyl-seized-nationwide', source: 'cbp-drug-seizures' },
  us_cbp_fentanyl_seizures_swb: { metric: 'cbp-fentanyl-seized-swb', source: 'cbp-drug-seizures' },
  mx_homicidio_doloso_victims: { metric: 'mx-homicidio-doloso-victims', source: 'sesnsp-victimas-fuero-comun' },
  mx_homicidio_doloso_rate: { metric: 'mx-homicidio-doloso-rate', source: 'sesnsp-victimas-fuero-comun' },
  mx_homicidio_doloso_firearm_victims: {
    metric: 'mx-homicidio-doloso-firearm-victims',
    source: 'sesnsp-victimas-fuero-comun',
  },
  mx_feminicidio_victims: { metric: 'mx-feminicidio-victims', source: 'sesnsp-victimas-fuero-comun' },
  mx_feminicidio_rate: { metric: 'mx-feminicidio-rate', source: 'sesnsp-victimas-fuero-comun' },
  mx_secuestro_victims: { metric: 'mx-secuestro-victims', source: 'sesnsp-victimas-fuero-comun' },
  mx_extorsion_victims: { metric: 'mx-extorsion-victims', source: 'sesnsp-victimas-fuero-comun' },
  mx_trata_de_personas_victims: { metric: 'mx-trata-victims', source: 'sesnsp-victimas-fuero-comun' },
  intentional_homicide_rate: { metric: 'intentional-homicide-rate', source: 'wb-wdi-intentional-homicides' },
  mx_rnpdno_not_located_snapshot_2026_04_06: {
    metric: 'mx-rnpdno-not-located-2026-04-06',
    source: 'rnpdno-2026-04-06',
  },
  mx_rnpdno_not_located_snapshot_2026_07_17: {
    metric: 'mx-rnpdno-not-located-2026-07-17',
    source: 'rnpdno-2026-07-17',
  },
};

type Row = Record<string, string>;
const csv = (path: string): Row[] => parse(readFileSync(path), { columns: true, skip_empty_lines: true }) as Row[];

describe('the official series in data/ (test/helpers/public-series.ts finds the reference)', () => {
  const reference = csv(join(publicSeriesDir(), 'series.csv'));
  const meta = csv(join(publicSeriesDir(), 'series-meta.csv'));
  const observations = csv(join(ROOT, 'data/observations.csv'));
  const metrics = csv(join(ROOT, 'data/metrics.csv'));
  const sources = csv(join(ROOT, 'data/sources.csv'));
  const key = (metric: string, country: string, period: string) => `${metric}|${country}|${period}`;
  const ours = new Map(observations.map((o) => [key(o.metric!, o.country!, o.period!), o]));
  const fromSeries = new Set(Object.values(SERIES).map((s) => s.metric));

  it('maps every reference series to one metric of data/metrics.csv', () => {
    expect(new Set(meta.map((m) => m.series))).toEqual(new Set(Object.keys(SERIES)));
    for (const { metric } of Object.values(SERIES))
      expect(
        metrics.map((m) => m.id),
        metric,
      ).toContain(metric);
  });

  it("has every reference value, exactly as published, with the period as published and the source's flag", () => {
    expect(reference.length).toBeGreaterThan(150);
    for (const r of reference) {
      const { metric, source } = SERIES[r.series!]!;
      const o = ours.get(key(metric, r.country!, r.period!));
      expect(o, `${r.series} ${r.country} ${r.period}`).toBeDefined();
      // The same decimal text, not only the same number: nothing rounded, nothing reformatted.
      expect(o!.value, `${r.series} ${r.country} ${r.period}`).toBe(r.value);
      expect(o!.status, `${r.series} ${r.country} ${r.period}`).toBe(r.flag === '' ? 'final' : r.flag);
      expect(o!.source).toBe(source);
      expect(o!.qualifier).toBe('exact');
      expect(o!.quote).toBe('');
    }
  });

  it('has no observation of those metrics that the reference does not hold (no partial years, nothing derived)', () => {
    const published = new Set(reference.map((r) => key(SERIES[r.series!]!.metric, r.country!, r.period!)));
    const extra = observations.filter(
      (o) => fromSeries.has(o.metric!) && !published.has(key(o.metric!, o.country!, o.period!)),
    );
    expect(extra.map((o) => `${o.metric} ${o.country} ${o.period}`)).toEqual([]);
  });

  it('cites each publisher and dataset, not the copy: every source row names the official address', () => {
    for (const { source } of Object.values(SERIES)) {
      const s = sources.find((x) => x.id === source);
      expect(s, source).toBeDefined();
      expect(s!.kind).toBe('dataset');
      expect(s!.url).toMatch(
        /^https:\/\/(data\.cdc\.gov|www\.cbp\.gov|www\.gob\.mx|data\.worldbank\.org|versionpublicarnpdno\.segob\.gob\.mx)\//,
      );
      expect(`${s!.title_en} ${s!.note}`).not.toMatch(/github|mirror/i);
      const m = meta.find((x) => SERIES[x.series!]!.source === source)!;
      expect(s!.publisher_en).toBe(m.publisher_en);
      expect(s!.publisher_es).toBe(m.publisher_es);
    }
  });

  it('keeps a calendar-year series and a fiscal-year series apart, each with a baseline of its own kind (2021 or FY2021)', () => {
    for (const { metric } of Object.values(SERIES)) {
      const m = metrics.find((x) => x.id === metric)!;
      const periods = observations.filter((o) => o.metric === metric).map((o) => o.period!);
      const fiscal = periods.some((p) => p.startsWith('FY'));
      expect(
        periods.every((p) => p.startsWith('FY') === fiscal),
        metric,
      ).toBe(true);
      expect(m.baseline_period, metric).toBe(fiscal ? 'FY2021' : '2021');
    }
  });
});
