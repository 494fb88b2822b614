// Validates metrics.csv: each metric's unit, direction, place in the framework (goal, area,
// objective, actions), and optional baseline and target.

import type { Diagnostic, Position } from '../diagnostics/diagnostic.js';
import type { CsvRow, ParsedCsv } from '../ingest/csv.js';
import { COUNTRIES, type Country, type Direction, type Framework, type Metric, type Period } from '../core/types.js';
import { nearest, parseEnum, parseNumberList, parsePeriod, parsePlainNumber, show } from './cells.js';
import type { RuleId } from '../diagnostics/data-rules.js';
import { Sheet } from './sheet.js';
import { ID_FORMAT, isComplete, type Unit, type UnitsResult } from './units.js';

/**
 * The indicator framework (2026-12, docs/method.md §1–§3): short names, the phenomenon a series
 * measures, the countries for which it is the headline indicator, the official series a quoted
 * figure cross-checks, the unadjusted series a delay-adjusted one corrects, the actions it is only
 * outcome context for, and why it measures what its actions commit to. Older files without them
 * still read (every series is then its own phenomenon's headline).
 */
const INDICATOR_COLUMNS = [
  'name_short_en',
  'name_short_es',
  'phenomenon',
  'headline_for',
  'cross_check',
  'adjustment_of',
  'context_actions',
  'rationale_en',
  'rationale_es',
] as const;
export const METRIC_COLUMNS = [
  'id',
  'name_en',
  'name_es',
  'unit',
  'direction',
  'goal',
  'area',
  'objective',
  'actions',
  'baseline_period',
  'target_value',
  'target_period',
  'source',
  'caveat_en',
  'caveat_es',
  'note',
  ...INDICATOR_COLUMNS,
] as const;
const REQUIRED = ['id', 'name_en', 'name_es', 'unit', 'direction', 'goal', 'source'] as const;
/** Columns added with the official series (2026-12): older files without them still read. */
const OPTIONAL = ['caveat_en', 'caveat_es'] as const;
export const DIRECTIONS = ['increase', 'decrease', 'none'] as const satisfies readonly Direction[];

/** What observations need to know about a metric row, valid or not. */
export interface MetricRef {
  id: string;
  line: number;
  /** The unit, when the metric names a valid one. */
  unit?: Unit;
  periods: { period: Period; at: Position }[];
}

export interface MetricsResult {
  metrics: Metric[];
  refs: Map<string, MetricRef>;
  /** False when reading the file lost rows: observations' metric references go unchecked. */
  complete: boolean;
  /** The column where a metric's cell starts (for diagnostics of later, cross-file checks). */
  columnOf: (metric: Metric, column: string) => number | undefined;
}

export function validateMetrics(
  parsed: ParsedCsv,
  framework: Framework,
  units: UnitsResult,
  diagnostics: Diagnostic[],
): MetricsResult {
  const sheet = new Sheet(
    parsed,
    { columns: METRIC_COLUMNS, required: REQUIRED, optional: [...OPTIONAL, ...INDICATOR_COLUMNS], noRows: 'error' },
    diagnostics,
  );
  const unitById = new Map(units.units.map((u) => [u.id, u]));
  const metrics: Metric[] = [];
  const refs = new Map<string, MetricRef>();
  const rowById = new Map<string, CsvRow>();
  for (const row of sheet.rows) {
    const mark = sheet.mark();
    const id = sheet.cell(row, 'id');
    let ref: MetricRef | undefined;
    if (id !== undefined) {
      if (!ID_FORMAT.test(id))
        sheet.report(
          sheet.at(row, 'id'),
          'metric/id-format',
          `metric id ${show(id)} has characters other than a-z, 0-9, - and _`,
        );
      const first = refs.get(id);
      if (first)
        sheet.report(
          sheet.at(row, 'id'),
          'metric/duplicate-id',
          `metric ${show(id)} is already defined on line ${first.line}`,
        );
      else refs.set(id, (ref = { id, line: row.line, periods: [] }));
    }
    const nameEn = sheet.cell(row, 'name_en');
    const nameEs = sheet.cell(row, 'name_es');
    const unitId = sheet.cell(row, 'unit');
    if (unitId !== undefined && units.complete && !units.ids.has(unitId)) {
      const near = nearest(unitId, units.ids);
      sheet.report(
        sheet.at(row, 'unit'),
        'metric/unknown-unit',
        `unit ${show(unitId)} is not defined in units.csv`,
        near ? `did you mean ${near}?` : 'add the unit to units.csv or fix the spelling',
      );
    }
    if (ref && unitId !== undefined) ref.unit = unitById.get(unitId);
    const direction = sheet.parse(
      row,
      'direction',
      (c) => parseEnum(DIRECTIONS, c),
      () => 'metric/direction',
    );
    const place = checkPlace(sheet, row, framework);
    const baseline = periodCell(sheet, row, 'baseline_period', ref);
    const target = targetOf(sheet, row, ref);
    const source = sheet.cell(row, 'source');
    const caveatEn = sheet.cell(row, 'caveat_en') ?? '';
    const caveatEs = sheet.cell(row, 'caveat_es') ?? '';
    if ((caveatEn === '') !== (caveatEs === '')) {
      const missing = caveatEn === '' ? 'caveat_en' : 'caveat_es';
      sheet.report(
        sheet.at(row, missing),
        'metric/caveat-one-language',
        `${missing} is empty but the other language has a caveat`,
        'write the caveat in both languages, or in neither',
      );
    }
    const indicator = indicatorOf(sheet, row, framework);
    if (id !== undefined && !rowById.has(id)) rowById.set(id, row);
    if (
      sheet.errorsSince(mark) ||
      id === undefined ||
      nameEn === undefined ||
      nameEs === undefined ||
      unitId === undefined ||
      direction === undefined ||
      place === undefined ||
      source === undefined
    )
      continue;
    metrics.push({
      id,
      name: { en: nameEn, es: nameEs },
      unit: unitId,
      direction,
      goal: place.goal,
      ...(place.area ? { area: place.area } : {}),
      ...(place.objective ? { objective: place.objective } : {}),
      actions: place.actions,
      ...(baseline ? { baselinePeriod: baseline } : {}),
      ...(target ? { targetValue: target.value, targetPeriod: target.period } : {}),
      source,
      ...(caveatEn && caveatEs ? { caveat: { en: caveatEn, es: caveatEs } } : {}),
      ...indicator,
      at: sheet.rowAt(row),
    });
  }
  const columnOf = (metric: Metric, column: string): number | undefined => rowById.get(metric.id)?.columns[column];
  return { metrics, refs, complete: isComplete(parsed), columnOf };
}

type MetricColumn = (typeof METRIC_COLUMNS)[number];

/** Both languages or neither: a pair of cells such as name_short_en / name_short_es. */
function pairOf(
  sheet: Sheet<MetricColumn>,
  row: CsvRow,
  en: MetricColumn,
  es: MetricColumn,
  rule: RuleId,
): { en: string; es: string } | undefined {
  const a = sheet.cell(row, en) ?? '';
  const b = sheet.cell(row, es) ?? '';
  if ((a === '') !== (b === '')) {
    const missing = a === '' ? en : es;
    sheet.report(
      sheet.at(row, missing),
      rule,
      `${missing} is empty but the other language has one`,
      `write ${en} and ${es}, or leave both empty`,
    );
    return undefined;
  }
  return a && b ? { en: a, es: b } : undefined;
}

/** The metric's place in the indicator framework (docs/method.md §1–§3); cross-metric rules are checked in indicators.ts. */
function indicatorOf(sheet: Sheet<MetricColumn>, row: CsvRow, framework: Framework): Partial<Metric> {
  const shortName = pairOf(sheet, row, 'name_short_en', 'name_short_es', 'metric/short-name-one-language');
  const rationale = pairOf(sheet, row, 'rationale_en', 'rationale_es', 'metric/rationale-one-language');
  const phenomenon = sheet.cell(row, 'phenomenon') || undefined;
  if (phenomenon !== undefined && !ID_FORMAT.test(phenomenon))
    sheet.report(
      sheet.at(row, 'phenomenon'),
      'metric/id-format',
      `phenomenon ${show(phenomenon)} has characters other than a-z, 0-9, - and _`,
    );
  const headlineCell = sheet.cell(row, 'headline_for') ?? '';
  const headlineFor: Country[] = [];
  for (const code of headlineCell
    .split(';')
    .map((c) => c.trim())
    .filter(Boolean)) {
    if ((COUNTRIES as readonly string[]).includes(code)) headlineFor.push(code as Country);
    else
      sheet.report(
        sheet.at(row, 'headline_for'),
        'metric/headline-country',
        `headline_for ${show(code)} is not a country code`,
        'write US, MX or BI, separated by semicolons',
      );
  }
  const actionNumbers = framework.actions.map((a) => a.number);
  const contextCell = sheet.cell(row, 'context_actions') ?? '';
  let contextActions: number[] = [];
  if (contextCell) {
    const parsed = parseNumberList(contextCell);
    if (!parsed.ok || parsed.value.some((n) => !actionNumbers.includes(n))) {
      sheet.report(
        sheet.at(row, 'context_actions'),
        'metric/unknown-action',
        `context_actions ${show(contextCell)} is not a list of the framework's actions (${rangeText(actionNumbers)})`,
        `write action numbers ${rangeText(actionNumbers)} separated by semicolons`,
      );
    } else contextActions = [...new Set(parsed.value)];
  }
  const crossCheck = sheet.cell(row, 'cross_check') || undefined;
  const adjustmentOf = sheet.cell(row, 'adjustment_of') || undefined;
  return {
    ...(shortName ? { shortName } : {}),
    ...(rationale ? { rationale } : {}),
    ...(phenomenon ? { phenomenon } : {}),
    headlineFor,
    ...(crossCheck ? { crossCheck } : {}),
    ...(adjustmentOf ? { adjustmentOf } : {}),
    contextActions,
    indicatorColumns: sheet.has('phenomenon'),
  };
}

/** Goal, area, objective and actions, checked against the framework and against each other. */
function checkPlace(sheet: Sheet<MetricColumn>, row: CsvRow, framework: Framework) {
  const goals = framework.goals.map((g) => g.number);
  const goalCell = sheet.cell(row, 'goal');
  let goal: number | undefined;
  if (goalCell !== undefined) {
    if (/^\d+$/.test(goalCell) && goals.includes(Number(goalCell))) goal = Number(goalCell);
    else
      sheet.report(
        sheet.at(row, 'goal'),
        'metric/unknown-goal',
        `goal ${show(goalCell)} is not a goal of the framework (${goals.join(', ')})`,
        `write the goal number: ${goals.join(', ')}`,
      );
  }

  const areaCell = sheet.cell(row, 'area');
  let area: string | undefined;
  if (areaCell) {
    const found = framework.areas.find((a) => a.code === areaCell);
    if (!found) {
      const near = nearest(
        areaCell,
        framework.areas.map((a) => a.code),
      );
      const hint = /^\d+\.\d+\.\d+$/.test(areaCell)
        ? `that is an objective code; the area is ${areaCell.split('.').slice(0, 2).join('.')}`
        : near
          ? `did you mean ${near}? areas: ${framework.areas.map((a) => a.code).join(', ')}`
          : `areas: ${framework.areas.map((a) => a.code).join(', ')}`;
      sheet.report(
        sheet.at(row, 'area'),
        'metric/unknown-area',
        `area ${show(areaCell)} is not a cooperation area of the action plan`,
        hint,
      );
    } else {
      area = found.code;
      if (goal !== undefined && found.goal !== goal) {
        sheet.report(
          sheet.at(row, 'area'),
          'metric/area-goal-mismatch',
          `area ${found.code} belongs to goal ${found.goal}, not to goal ${goal}`,
          `set goal to ${found.goal}, or pick an area of goal ${goal}`,
        );
      }
    }
  }

  const objectiveCell = sheet.cell(row, 'objective');
  let objective: string | undefined;
  if (objectiveCell) {
    const found = framework.objectives.find((o) => o.code === objectiveCell);
    if (!found) {
      const near = nearest(
        objectiveCell,
        framework.objectives.map((o) => o.code),
      );
      sheet.report(
        sheet.at(row, 'objective'),
        'metric/unknown-objective',
        `objective ${show(objectiveCell)} is not a joint objective of the action plan`,
        near ? `did you mean ${near}?` : 'write an objective code from the action plan, like 2.4.1',
      );
    } else {
      objective = found.code;
      if (area !== undefined && found.area !== area) {
        sheet.report(
          sheet.at(row, 'objective'),
          'metric/objective-area-mismatch',
          `objective ${found.code} belongs to area ${found.area}, not to area ${area}`,
          `set area to ${found.area}, or pick an objective of area ${area}`,
        );
      } else if (area === undefined && areaCell === '' && goal !== undefined && found.goal !== goal) {
        sheet.report(
          sheet.at(row, 'objective'),
          'metric/objective-area-mismatch',
          `objective ${found.code} belongs to goal ${found.goal}, not to goal ${goal}`,
          `set goal to ${found.goal}, or pick an objective of goal ${goal}`,
        );
      }
    }
  }

  const actionNumbers = framework.actions.map((a) => a.number);
  const actionsCell = sheet.cell(row, 'actions');
  let actions: number[] | undefined = [];
  if (actionsCell) {
    const parsed = parseNumberList(actionsCell);
    if (!parsed.ok) {
      sheet.report(sheet.at(row, 'actions'), 'metric/unknown-action', `actions ${parsed.message}`, parsed.hint);
      actions = undefined;
    } else {
      const unknown = parsed.value.filter((n) => !actionNumbers.includes(n));
      if (unknown.length) {
        sheet.report(
          sheet.at(row, 'actions'),
          'metric/unknown-action',
          `action${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} in ${show(actionsCell)} ${unknown.length > 1 ? 'are' : 'is'} not among the framework's actions (${rangeText(actionNumbers)})`,
          `write action numbers ${rangeText(actionNumbers)} separated by semicolons`,
        );
        actions = undefined;
      } else actions = [...new Set(parsed.value)];
    }
  }
  if (goal === undefined || actions === undefined) return undefined;
  return { goal, area, objective, actions };
}

function periodCell(
  sheet: Sheet<MetricColumn>,
  row: CsvRow,
  column: 'baseline_period' | 'target_period',
  ref: MetricRef | undefined,
): Period | undefined {
  const period = sheet.parse(row, column, parsePeriod, (kind) =>
    kind === 'period-year' ? 'metric/period-year' : 'metric/period',
  );
  if (period && ref) ref.periods.push({ period, at: sheet.at(row, column) });
  return period;
}

function targetOf(
  sheet: Sheet<MetricColumn>,
  row: CsvRow,
  ref: MetricRef | undefined,
): { value: number; period: Period } | undefined {
  const value = sheet.parse(row, 'target_value', parsePlainNumber, (kind) => `metric/target-value-${kind}` as RuleId);
  const period = periodCell(sheet, row, 'target_period', ref);
  const valueCell = sheet.cell(row, 'target_value');
  const periodCellText = sheet.cell(row, 'target_period');
  if (valueCell && !periodCellText)
    sheet.report(
      sheet.at(row, 'target_value'),
      'metric/target-incomplete',
      `target_value ${show(valueCell)} has no target_period`,
      'add the year the target is due (target_period), or clear target_value',
    );
  if (periodCellText && !valueCell)
    sheet.report(
      sheet.at(row, 'target_period'),
      'metric/target-incomplete',
      `target_period ${show(periodCellText)} has no target_value`,
      'add the target value, or clear target_period',
    );
  if (value !== undefined && ref?.unit) {
    if (ref.unit.nonNegative && value < 0)
      sheet.report(
        sheet.at(row, 'target_value'),
        'metric/target-value-negative',
        `target_value ${value} is negative but unit ${ref.unit.id} is non-negative`,
      );
    if (ref.unit.integer && !Number.isInteger(value))
      sheet.report(
        sheet.at(row, 'target_value'),
        'metric/target-value-integer',
        `target_value ${value} is not a whole number but unit ${ref.unit.id} counts whole things`,
      );
  }
  return value !== undefined && period !== undefined ? { value, period } : undefined;
}

function rangeText(numbers: number[]): string {
  if (numbers.length === 0) return 'none';
  const sorted = [...numbers].sort((a, b) => a - b);
  const contiguous = sorted.every((n, i) => i === 0 || n === sorted[i - 1] + 1);
  return contiguous ? `${sorted[0]}–${sorted[sorted.length - 1]}` : sorted.join(', ');
}
