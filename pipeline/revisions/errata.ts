// Errata: what changed in the data between two revisions (values corrected, added, removed, metric
// definitions, milestones) and the progress statuses that moved because of it. Language-neutral;
// compose/revisions.ts words it, changes.json serialises it.

import type { Assessment, AssessmentResult, StatusCode } from '../assess/types.js';
import { canonicalJson } from '../core/hash.js';
import {
  COUNTRIES,
  type Country,
  type Lang,
  type Metric,
  type MilestoneStatus,
  type Observation,
  type ReportModel,
} from '../core/types.js';

export interface MetricRef {
  metric: string;
  /** The metric's name in both languages, from the newer revision when it has the metric. */
  name: Record<Lang, string>;
  unit: string;
}

export interface ValueChange extends MetricRef {
  country: Country;
  /** Period label as in the CSV: "2021" or "FY2022". */
  period: string;
  old: number;
  new: number;
}

export interface ValueEntry extends MetricRef {
  country: Country;
  period: string;
  value: number;
}

export interface StatusChange extends MetricRef {
  country: Country;
  /** null when the metric × country was not assessed in that revision. */
  old: StatusCode | null;
  new: StatusCode | null;
}

export interface MetricChange extends MetricRef {
  change: 'added' | 'removed' | 'changed';
}

export interface MilestoneChange {
  id: string;
  action: number;
  text: Record<Lang, string>;
  old: MilestoneStatus | null;
  new: MilestoneStatus | null;
}

export interface DataChanges {
  values: ValueChange[];
  added: ValueEntry[];
  removed: ValueEntry[];
  statuses: StatusChange[];
  metrics: MetricChange[];
  milestones: MilestoneChange[];
}

/** One side of a comparison: a revision's model and its assessment. */
export interface DataSnapshot {
  model: ReportModel;
  assessment: AssessmentResult;
}

/** The fields of an observation a correction can change, as the errata and `explain` report them. */
export const OBSERVATION_FIELDS = ['value', 'status', 'source', 'quote'] as const;
export type ObservationField = (typeof OBSERVATION_FIELDS)[number];

/** What differs between two versions of one figure (same metric, country and period). */
export function observationChanges(
  before: Observation,
  after: Observation,
): { field: ObservationField; old: string; new: string }[] {
  const text = (o: Observation, field: ObservationField): string =>
    field === 'value' ? String(o.value) : String(o[field] ?? '');
  return OBSERVATION_FIELDS.filter((field) =>
    field === 'value' ? before.value !== after.value : text(before, field) !== text(after, field),
  ).map((field) => ({ field, old: text(before, field), new: text(after, field) }));
}

export function diffData(before: DataSnapshot, after: DataSnapshot): DataChanges {
  const metricsBefore = new Map(before.model.data.metrics.map((m) => [m.id, m]));
  const metricsAfter = new Map(after.model.data.metrics.map((m) => [m.id, m]));
  const ref = (id: string): MetricRef => {
    const m = metricsAfter.get(id) ?? metricsBefore.get(id);
    return { metric: id, name: m ? { ...m.name } : { en: id, es: id }, unit: m?.unit ?? '' };
  };

  const obsBefore = byKey(before.model.data.observations, observationKey);
  const obsAfter = byKey(after.model.data.observations, observationKey);
  const values: ValueChange[] = [];
  const added: ValueEntry[] = [];
  const removed: ValueEntry[] = [];
  for (const [key, o] of obsAfter) {
    const old = obsBefore.get(key);
    if (!old) added.push({ ...ref(o.metric), country: o.country, period: o.period.label, value: o.value });
    else if (observationChanges(old, o).some((c) => c.field === 'value'))
      values.push({ ...ref(o.metric), country: o.country, period: o.period.label, old: old.value, new: o.value });
  }
  for (const [key, o] of obsBefore)
    if (!obsAfter.has(key))
      removed.push({ ...ref(o.metric), country: o.country, period: o.period.label, value: o.value });

  const statusBefore = byKey(before.assessment.assessments, assessmentKey);
  const statusAfter = byKey(after.assessment.assessments, assessmentKey);
  const statuses: StatusChange[] = [];
  for (const key of new Set([...statusBefore.keys(), ...statusAfter.keys()])) {
    const a = statusBefore.get(key);
    const b = statusAfter.get(key);
    const old = a?.status ?? null;
    const now = b?.status ?? null;
    if (old !== now) statuses.push({ ...ref((a ?? b)!.metric), country: (a ?? b)!.country, old, new: now });
  }

  const metrics: MetricChange[] = [];
  for (const [id, m] of metricsAfter) {
    const old = metricsBefore.get(id);
    if (!old) metrics.push({ ...ref(id), change: 'added' });
    else if (metricDefinition(old) !== metricDefinition(m)) metrics.push({ ...ref(id), change: 'changed' });
  }
  for (const id of metricsBefore.keys()) if (!metricsAfter.has(id)) metrics.push({ ...ref(id), change: 'removed' });

  const msBefore = new Map(before.model.data.milestones.map((m) => [m.id, m]));
  const msAfter = new Map(after.model.data.milestones.map((m) => [m.id, m]));
  const milestones: MilestoneChange[] = [];
  for (const id of new Set([...msBefore.keys(), ...msAfter.keys()])) {
    const a = msBefore.get(id);
    const b = msAfter.get(id);
    const m = (b ?? a)!;
    if (a?.status !== b?.status)
      milestones.push({ id, action: m.action, text: { ...m.text }, old: a?.status ?? null, new: b?.status ?? null });
  }

  // Reading order: metric id, then country (US, MX, binational), then period.
  const order = (x: { metric: string; country?: Country; period?: string }, y: typeof x) =>
    cmp(x.metric, y.metric) ||
    COUNTRIES.indexOf(x.country ?? 'US') - COUNTRIES.indexOf(y.country ?? 'US') ||
    cmp(x.period ?? '', y.period ?? '');
  return {
    values: values.sort(order),
    added: added.sort(order),
    removed: removed.sort(order),
    statuses: statuses.sort(order),
    metrics: metrics.sort(order),
    milestones: milestones.sort((x, y) => x.action - y.action || cmp(x.id, y.id)),
  };
}

export function isEmpty(changes: DataChanges): boolean {
  return Object.values(changes).every((list: unknown[]) => list.length === 0);
}

export function emptyChanges(): DataChanges {
  return { values: [], added: [], removed: [], statuses: [], metrics: [], milestones: [] };
}

const observationKey = (o: Observation) => `${o.metric}\u0000${o.country}\u0000${o.period.label}`;
const assessmentKey = (a: Assessment) => `${a.metric}\u0000${a.country}`;

/** A metric's definition without its position in the file (moving a row is not a correction). */
function metricDefinition(m: Metric): string {
  const { at: _at, ...definition } = m;
  return canonicalJson(definition);
}

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((i) => [key(i), i]));
}

/** Code-point order, so the order never depends on the machine's locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
