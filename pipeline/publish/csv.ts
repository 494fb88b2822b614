// Writing CSV safely: csv-stringify does the quoting (RFC 4180); this module neutralises cells that a
// spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) by prefixing an apostrophe,
// the OWASP "CSV injection" mitigation, so a hostile name in the data cannot become a formula.

import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text cells that start like a formula get a leading apostrophe; numbers are written as numbers. */
export function neutralizeCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return FORMULA_START.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
}

/** A CSV file (LF line ends, header first) with every cell neutralised. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
): string {
  return stringify([header.map(neutralizeCell), ...rows.map((r) => r.map(neutralizeCell))], {
    record_delimiter: 'unix',
  });
}
