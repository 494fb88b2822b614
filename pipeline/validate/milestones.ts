// Validates milestones.csv: steps toward the framework's actions, with a status, an optional due
// period and completion date, and a quote when the source is a seed.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ParsedCsv } from '../ingest/csv.js';
import type { Framework, Milestone, MilestoneStatus, SeedDocument } from '../model/types.js';
import { parseEnum, parseIsoDate, parsePeriod, show } from './cells.js';
import { checkCitation } from './citation.js';
import { Sheet } from './sheet.js';
import { ID_FORMAT } from './units.js';

export const MILESTONE_COLUMNS = ['id', 'action', 'text_en', 'text_es', 'due_period', 'status', 'done_date', 'source', 'quote', 'note'] as const;
const REQUIRED = ['id', 'action', 'text_en', 'text_es', 'status', 'source'] as const;
export const MILESTONE_STATUSES = ['not_started', 'in_progress', 'done'] as const satisfies readonly MilestoneStatus[];

export function validateMilestones(parsed: ParsedCsv, framework: Framework, seeds: readonly SeedDocument[], diagnostics: Diagnostic[]): Milestone[] {
  const sheet = new Sheet(parsed, { columns: MILESTONE_COLUMNS, required: REQUIRED, noRows: 'warning' }, diagnostics);
  const actionNumbers = framework.actions.map((a) => a.number);
  const milestones: Milestone[] = [];
  const firstLine = new Map<string, number>();
  for (const row of sheet.rows) {
    const mark = sheet.mark();
    const id = sheet.cell(row, 'id');
    if (id !== undefined) {
      if (!ID_FORMAT.test(id)) sheet.report(sheet.at(row, 'id'), 'milestone/id-format', `milestone id ${show(id)} has characters other than a-z, 0-9, - and _`);
      if (firstLine.has(id)) sheet.report(sheet.at(row, 'id'), 'milestone/duplicate-id', `milestone ${show(id)} is already defined on line ${firstLine.get(id)}`);
      else firstLine.set(id, row.line);
    }
    const actionCell = sheet.cell(row, 'action');
    let action: number | undefined;
    if (actionCell !== undefined) {
      if (/^\d+$/.test(actionCell) && actionNumbers.includes(Number(actionCell))) action = Number(actionCell);
      else sheet.report(sheet.at(row, 'action'), 'milestone/unknown-action', `action ${show(actionCell)} is not one of the framework's actions (${actionNumbers.join(', ')})`, 'write one action number; make one milestone per action');
    }
    const en = sheet.cell(row, 'text_en');
    const es = sheet.cell(row, 'text_es');
    const due = sheet.parse(row, 'due_period', parsePeriod, (kind) => (kind === 'period-year' ? 'milestone/period-year' : 'milestone/period'));
    const status = sheet.parse(row, 'status', (c) => parseEnum(MILESTONE_STATUSES, c), () => 'milestone/status');
    const doneDate = sheet.parse(row, 'done_date', parseIsoDate, () => 'milestone/done-date');
    if (doneDate && status && status !== 'done') {
      sheet.report(sheet.at(row, 'done_date'), 'milestone/done-date-not-done', `done_date ${doneDate} is given but status is ${status}`);
    }
    const citation = checkCitation(sheet, row, 'milestone', seeds);
    if (sheet.errorsSince(mark) || id === undefined || action === undefined || en === undefined || es === undefined || !status || !citation) continue;
    milestones.push({
      id,
      action,
      text: { en, es },
      ...(due ? { due } : {}),
      status,
      ...(doneDate ? { doneDate } : {}),
      source: citation.source,
      ...(citation.quote ? { quote: citation.quote } : {}),
      at: sheet.rowAt(row),
    });
  }
  return milestones;
}
