// Validates milestones.csv: steps toward the framework's actions, with a status, an optional due
// period and completion date, and a quote when the source is a seed.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ParsedCsv } from '../ingest/csv.js';
import type { CsvRow } from '../ingest/csv.js';
import type { Framework, Milestone, MilestoneRelation, MilestoneStatus, SeedDocument } from '../core/types.js';
import { parseEnum, parseIsoDate, parsePeriod, show } from './cells.js';
import { checkCitation, type SourceRegistry } from './citation.js';
import { Sheet } from './sheet.js';
import { ID_FORMAT } from './units.js';

export const MILESTONE_COLUMNS = [
  'id',
  'action',
  'relation',
  'goal',
  'area',
  'objective',
  'text_en',
  'text_es',
  'due_period',
  'status',
  'done_date',
  'source',
  'quote',
  'note',
  'updates',
] as const;
const REQUIRED = ['id', 'action', 'text_en', 'text_es', 'status', 'source'] as const;
/** Columns added with the roll-up of milestones (2026-12): older files without them still read. */
const OPTIONAL = ['relation', 'goal', 'area', 'objective', 'updates'] as const;
export const MILESTONE_STATUSES = [
  'no_report',
  'not_started',
  'in_progress',
  'done',
] as const satisfies readonly MilestoneStatus[];
export const MILESTONE_RELATIONS = ['evidence', 'related'] as const satisfies readonly MilestoneRelation[];

type Column = (typeof MILESTONE_COLUMNS)[number];

export function validateMilestones(
  parsed: ParsedCsv,
  framework: Framework,
  seeds: readonly SeedDocument[],
  registry: SourceRegistry,
  diagnostics: Diagnostic[],
): Milestone[] {
  const sheet = new Sheet(
    parsed,
    { columns: MILESTONE_COLUMNS, required: REQUIRED, optional: OPTIONAL, noRows: 'warning' },
    diagnostics,
  );
  const actionNumbers = framework.actions.map((a) => a.number);
  const milestones: Milestone[] = [];
  const firstLine = new Map<string, number>();
  const rowOf = new Map<string, CsvRow>();
  for (const row of sheet.rows) {
    const mark = sheet.mark();
    const id = sheet.cell(row, 'id');
    if (id !== undefined) {
      if (!ID_FORMAT.test(id))
        sheet.report(
          sheet.at(row, 'id'),
          'milestone/id-format',
          `milestone id ${show(id)} has characters other than a-z, 0-9, - and _`,
        );
      if (firstLine.has(id))
        sheet.report(
          sheet.at(row, 'id'),
          'milestone/duplicate-id',
          `milestone ${show(id)} is already defined on line ${firstLine.get(id)}`,
        );
      else firstLine.set(id, row.line);
    }
    const actionCell = sheet.cell(row, 'action');
    let action: number | undefined;
    if (actionCell !== undefined) {
      if (/^\d+$/.test(actionCell) && actionNumbers.includes(Number(actionCell))) action = Number(actionCell);
      else
        sheet.report(
          sheet.at(row, 'action'),
          'milestone/unknown-action',
          `action ${show(actionCell)} is not one of the framework's actions (${actionNumbers.join(', ')})`,
          'write one action number; make one milestone per action',
        );
    }
    const en = sheet.cell(row, 'text_en');
    const es = sheet.cell(row, 'text_es');
    const due = sheet.parse(row, 'due_period', parsePeriod, (kind) =>
      kind === 'period-year' ? 'milestone/period-year' : 'milestone/period',
    );
    const status = sheet.parse(
      row,
      'status',
      (c) => parseEnum(MILESTONE_STATUSES, c),
      () => 'milestone/status',
    );
    const doneDate = sheet.parse(row, 'done_date', parseIsoDate, () => 'milestone/done-date');
    if (doneDate && status && status !== 'done') {
      sheet.report(
        sheet.at(row, 'done_date'),
        'milestone/done-date-not-done',
        `done_date ${doneDate} is given but status is ${status}`,
      );
    }
    const relation = sheet.parse(
      row,
      'relation',
      (c) => parseEnum(MILESTONE_RELATIONS, c),
      () => 'milestone/relation',
    );
    const place = checkPlace(sheet, row, framework);
    const citation = checkCitation(sheet, row, 'milestone', seeds, registry);
    const updates = sheet.cell(row, 'updates') || undefined;
    if (id !== undefined && !rowOf.has(id)) rowOf.set(id, row);
    if (
      sheet.errorsSince(mark) ||
      id === undefined ||
      action === undefined ||
      en === undefined ||
      es === undefined ||
      !status ||
      !citation
    )
      continue;
    milestones.push({
      id,
      action,
      ...(relation === 'related' ? { relation } : {}),
      ...place,
      text: { en, es },
      ...(due ? { due } : {}),
      status,
      ...(doneDate ? { doneDate } : {}),
      source: citation.source,
      ...(citation.quote ? { quote: citation.quote } : {}),
      ...(citation.quoteLines ? { quoteLines: citation.quoteLines } : {}),
      ...(updates ? { updates } : {}),
      at: sheet.rowAt(row),
    });
  }
  checkUpdates(sheet, milestones, rowOf);
  return milestones;
}

/** Goal, area and objective of a milestone, each optional, checked against the framework and each other. */
function checkPlace(
  sheet: Sheet<Column>,
  row: CsvRow,
  framework: Framework,
): Pick<Milestone, 'goal' | 'area' | 'objective'> {
  const goalCell = sheet.cell(row, 'goal') ?? '';
  const areaCell = sheet.cell(row, 'area') ?? '';
  const objectiveCell = sheet.cell(row, 'objective') ?? '';
  const goal = goalCell ? framework.goals.find((g) => String(g.number) === goalCell.trim()) : undefined;
  const area = areaCell ? framework.areas.find((a) => a.code === areaCell.trim()) : undefined;
  const objective = objectiveCell ? framework.objectives.find((o) => o.code === objectiveCell.trim()) : undefined;
  const bad = (column: Column, message: string) => sheet.report(sheet.at(row, column), 'milestone/place', message);
  if (goalCell && !goal)
    bad(
      'goal',
      `goal ${show(goalCell)} is not a goal of the framework (${framework.goals.map((g) => g.number).join(', ')})`,
    );
  if (areaCell && !area) bad('area', `area ${show(areaCell)} is not a cooperation area of the action plan`);
  if (objectiveCell && !objective)
    bad('objective', `objective ${show(objectiveCell)} is not a joint objective of the action plan`);
  if (goal && area && area.goal !== goal.number)
    bad('area', `area ${area.code} belongs to goal ${area.goal}, not to goal ${goal.number}`);
  if (area && objective && objective.area !== area.code)
    bad('objective', `objective ${objective.code} belongs to area ${objective.area}, not to area ${area.code}`);
  const goalNumber = goal?.number ?? area?.goal ?? objective?.goal;
  const areaCode = area?.code ?? objective?.area;
  return {
    ...(goalNumber !== undefined ? { goal: goalNumber } : {}),
    ...(areaCode ? { area: areaCode } : {}),
    ...(objective ? { objective: objective.code } : {}),
  };
}

/**
 * `updates` names the milestone a later report updates: the two are one event (docs/method.md §8).
 * The parent must exist, come from an earlier or the same source date, and not be an update itself,
 * so every event has one root and its history is a flat list.
 */
function checkUpdates(sheet: Sheet<Column>, milestones: Milestone[], rowOf: Map<string, CsvRow>): void {
  const byId = new Map(milestones.map((m) => [m.id, m]));
  for (const m of milestones) {
    if (!m.updates) continue;
    const parent = byId.get(m.updates);
    const at = sheet.at(rowOf.get(m.id)!, 'updates');
    if (!parent)
      sheet.report(
        at,
        'milestone/unknown-parent',
        `updates ${show(m.updates)} is not the id of a milestone in this file`,
        'write the id of the milestone this row updates, or leave updates empty',
      );
    else if (parent.updates)
      sheet.report(
        at,
        'milestone/unknown-parent',
        `updates ${show(m.updates)} names a milestone that is itself an update of ${show(parent.updates)}`,
        `write updates ${parent.updates}: every update names the first report of the event`,
      );
    else if (parent.id === m.id)
      sheet.report(at, 'milestone/unknown-parent', `milestone ${show(m.id)} updates itself`, 'leave updates empty');
  }
}
