// Validates units.csv: what each metric counts, and whether its values must be whole or non-negative.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ParsedCsv } from '../ingest/csv.js';
import type { Lang } from '../model/types.js';
import { parseYesNo, show } from './cells.js';
import { Sheet } from './sheet.js';

export interface Unit {
  id: string;
  label: Record<Lang, string>;
  integer: boolean;
  nonNegative: boolean;
}

export const UNIT_COLUMNS = ['id', 'label_en', 'label_es', 'integer', 'non_negative'] as const;

export const ID_FORMAT = /^[a-z0-9][a-z0-9_-]*$/;

export interface UnitsResult {
  units: Unit[];
  /** Every id written in the file, valid row or not, so metrics are not blamed for a unit's own errors. */
  ids: Set<string>;
  /** False when reading the file lost rows (encoding, delimiter, syntax): references to it go unchecked. */
  complete: boolean;
}

export function validateUnits(parsed: ParsedCsv, diagnostics: Diagnostic[]): UnitsResult {
  const sheet = new Sheet(parsed, { columns: UNIT_COLUMNS, required: UNIT_COLUMNS, noRows: 'error' }, diagnostics);
  const units: Unit[] = [];
  const ids = new Set<string>();
  const firstLine = new Map<string, number>();
  for (const row of sheet.rows) {
    const mark = sheet.mark();
    const id = sheet.cell(row, 'id');
    if (id !== undefined) {
      if (!ID_FORMAT.test(id)) sheet.report(sheet.at(row, 'id'), 'unit/id-format', `unit id ${show(id)} has characters other than a-z, 0-9, - and _`);
      if (firstLine.has(id)) sheet.report(sheet.at(row, 'id'), 'unit/duplicate-id', `unit ${show(id)} is already defined on line ${firstLine.get(id)}`);
      else firstLine.set(id, row.line);
      ids.add(id);
    }
    const en = sheet.cell(row, 'label_en');
    const es = sheet.cell(row, 'label_es');
    const integer = sheet.parse(row, 'integer', parseYesNo, () => 'unit/flag');
    const nonNegative = sheet.parse(row, 'non_negative', parseYesNo, () => 'unit/flag');
    if (sheet.errorsSince(mark) || id === undefined || en === undefined || es === undefined || integer === undefined || nonNegative === undefined) continue;
    units.push({ id, label: { en, es }, integer, nonNegative });
  }
  return { units, ids, complete: isComplete(parsed) };
}

/** Whether every row of the file was read, so that a missing id really is unknown. */
export function isComplete(parsed: ParsedCsv): boolean {
  return parsed.header.length > 0 && !parsed.diagnostics.some((d) => d.severity === 'error');
}
