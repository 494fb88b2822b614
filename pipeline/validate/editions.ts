// Validates editions.csv: the report's own date for each reporting year, shown on the cover until
// a revision is published (publish stamps its own date). Without the file, a report is dated by
// the newest seed, as before.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ParsedCsv } from '../ingest/csv.js';
import type { Edition } from '../core/types.js';
import { parseIsoDate, show } from './cells.js';
import { Sheet } from './sheet.js';

export const EDITION_COLUMNS = ['year', 'date', 'note'] as const;

export function validateEditions(parsed: ParsedCsv | undefined, diagnostics: Diagnostic[]): Edition[] {
  if (!parsed) return [];
  const sheet = new Sheet(
    parsed,
    { columns: EDITION_COLUMNS, required: ['year', 'date'], noRows: 'warning' },
    diagnostics,
  );
  const editions: Edition[] = [];
  const firstLine = new Map<number, number>();
  for (const row of sheet.rows) {
    const mark = sheet.mark();
    const yearCell = sheet.cell(row, 'year');
    let year: number | undefined;
    if (yearCell !== undefined) {
      if (/^\d{4}$/.test(yearCell.trim())) year = Number(yearCell.trim());
      else
        sheet.report(
          sheet.at(row, 'year'),
          'edition/year',
          `year ${show(yearCell)} is not a reporting year`,
          'write the year the report is about, like 2024',
        );
    }
    if (year !== undefined) {
      const first = firstLine.get(year);
      if (first !== undefined)
        sheet.report(
          sheet.at(row, 'year'),
          'edition/duplicate',
          `the ${year} report is already dated on line ${first}`,
          `keep one of lines ${first} and ${row.line}`,
        );
      else firstLine.set(year, row.line);
    }
    const date = sheet.parse(row, 'date', parseIsoDate, () => 'edition/date');
    if (date && !/^\d{4}-\d{2}-\d{2}$/.test(date))
      sheet.report(
        sheet.at(row, 'date'),
        'edition/date',
        `date ${show(date)} has no day`,
        'write the full date, like 2026-12-03',
      );
    if (sheet.errorsSince(mark) || year === undefined || !date) continue;
    if (Number(date.slice(0, 4)) <= year)
      sheet.report(
        sheet.at(row, 'date'),
        'edition/date-before-year',
        `the ${year} report is dated ${date}, before the year it reports on has ended`,
        `date it after ${year}-12-31`,
      );
    else editions.push({ year, date, at: sheet.rowAt(row) });
  }
  return editions;
}
