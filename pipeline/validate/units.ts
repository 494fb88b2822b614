// Validates units.csv: what each metric counts, and whether its values must be whole or non-negative.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CsvRow, ParsedCsv } from '../ingest/csv.js';
import type { Lang } from '../core/types.js';
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

/**
 * The `id` cell of a row of a file whose rows are named by id (units, sources): its format and
 * its uniqueness checked, the id recorded in `ids` even when the row has other errors.
 */
export function idCell(
  sheet: Pick<Sheet<'id'>, 'cell' | 'at' | 'report'>,
  row: CsvRow,
  kind: 'unit' | 'source',
  ids: Set<string>,
  firstLine: Map<string, number>,
): string | undefined {
  const id = sheet.cell(row, 'id');
  if (id === undefined) return undefined;
  if (!ID_FORMAT.test(id))
    sheet.report(
      sheet.at(row, 'id'),
      `${kind}/id-format`,
      `${kind} id ${show(id)} has characters other than a-z, 0-9, - and _`,
    );
  if (firstLine.has(id))
    sheet.report(
      sheet.at(row, 'id'),
      `${kind}/duplicate-id`,
      `${kind} ${show(id)} is already defined on line ${firstLine.get(id)}`,
    );
  else firstLine.set(id, row.line);
  ids.add(id);
  return id;
}

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
    const id = idCell(sheet, row, 'unit', ids, firstLine);
    const en = sheet.cell(row, 'label_en');
    const es = sheet.cell(row, 'label_es');
    const integer = sheet.parse(row, 'integer', parseYesNo, () => 'unit/flag');
    const nonNegative = sheet.parse(row, 'non_negative', parseYesNo, () => 'unit/flag');
    if (
      sheet.errorsSince(mark) ||
      id === undefined ||
      en === undefined ||
      es === undefined ||
      integer === undefined ||
      nonNegative === undefined
    )
      continue;
    units.push({ id, label: { en, es }, integer, nonNegative });
  }
  return { units, ids, complete: isComplete(parsed) };
}

/** Whether every row of the file was read, so that a missing id really is unknown. */
export function isComplete(parsed: ParsedCsv): boolean {
  return parsed.header.length > 0 && !parsed.diagnostics.some((d) => d.severity === 'error');
}
