// Wraps one parsed CSV with its expected columns: checks the header, finds cells and their
// positions, and records positioned diagnostics under stable rule ids.

import { error, warning, type Diagnostic, type Position, type Severity } from '../diagnostics/diagnostic.js';
import type { CsvRow, ParsedCsv } from '../ingest/csv.js';
import { nearest, show, type Parsed } from './cells.js';
import { ruleById, type RuleId } from '../diagnostics/data-rules.js';

export interface SheetSpec<C extends string> {
  /** Every column the file must have, in the documented order. */
  columns: readonly C[];
  /** Columns whose cells may not be empty. */
  required: readonly C[];
  /** Severity of a header without rows. */
  noRows: Severity;
  /**
   * Columns added after the first published format: a header without them is still read (their
   * cells count as empty), so older data folders keep working.
   */
  optional?: readonly C[];
}

export class Sheet<C extends string> {
  readonly file: string;
  /** Columns present in the header (cells of absent columns are never checked). */
  private readonly present = new Set<string>();
  /** Optional columns absent from the header: read as empty cells. */
  private readonly absentOptional = new Set<string>();

  constructor(
    readonly parsed: ParsedCsv,
    readonly spec: SheetSpec<C>,
    private readonly diagnostics: Diagnostic[],
  ) {
    this.file = parsed.file;
    this.checkHeader();
  }

  get rows(): CsvRow[] {
    return this.parsed.rows;
  }

  has(column: C): boolean {
    return this.present.has(column);
  }

  /** The position of a cell, or of the row when the column is absent. */
  at(row: CsvRow, column: C): Position {
    return { file: this.file, line: row.lines?.[column] ?? row.line, column: row.columns[column] ?? 1 };
  }

  /** The row's position without a column, for `Observation.at` and friends. */
  rowAt(row: CsvRow): Position {
    return { file: this.file, line: row.line };
  }

  /** A bookmark for `errorsSince`, taken before checking a row. */
  mark(): number {
    return this.diagnostics.length;
  }

  /** Whether an error was reported since the bookmark (warnings do not drop a row). */
  errorsSince(mark: number): boolean {
    return this.diagnostics.slice(mark).some((d) => d.severity === 'error');
  }

  report(at: Position, rule: RuleId, message: string, hint?: string, severity?: Severity): void {
    const s = severity ?? ruleById(rule)?.severity ?? 'error';
    this.diagnostics.push((s === 'error' ? error : warning)(at, rule, message, hint ?? ruleById(rule)?.hint));
  }

  /**
   * The cell's text: undefined when the column is absent (already reported) or when a required
   * cell is empty (reported here); '' for an empty optional cell.
   */
  cell(row: CsvRow, column: C): string | undefined {
    if (this.absentOptional.has(column)) return '';
    if (!this.present.has(column)) return undefined;
    const v = row.cells[column] ?? '';
    if (v.trim() === '' && this.spec.required.includes(column)) {
      this.report(
        this.at(row, column),
        'csv/missing-value',
        `${column} is empty`,
        `fill in ${column}; it is required in ${baseName(this.file)}`,
      );
      return undefined;
    }
    return v.trim() === '' ? '' : v;
  }

  /** Runs a cell parser and reports its failure under `${rulePrefix}` (+ `-${kind}` when mapped). */
  parse<T>(row: CsvRow, column: C, parser: (cell: string) => Parsed<T>, rule: (kind: string) => RuleId): T | undefined {
    const v = this.cell(row, column);
    if (v === undefined || v === '') return undefined;
    const r = parser(v);
    if (r.ok) return r.value;
    this.report(this.at(row, column), rule(r.kind), `${column} ${r.message}`, r.hint);
    return undefined;
  }

  private checkHeader(): void {
    const { header, rows, diagnostics } = this.parsed;
    if (header.length === 0) return; // empty, undecodable or wrongly delimited: ingest reported it
    const known = new Set<string>(this.spec.columns);
    const seen = new Map<string, number>();
    const suggested = new Set<string>();
    for (const h of header) {
      const at = { file: this.file, line: 1, column: h.column };
      if (seen.has(h.name)) {
        this.report(
          at,
          'csv/duplicate-column',
          `column ${show(h.name)} appears twice (first at column ${seen.get(h.name)})`,
          'delete or rename one of them',
        );
        continue;
      }
      seen.set(h.name, h.column);
      if (known.has(h.name)) {
        this.present.add(h.name);
        continue;
      }
      const near = nearest(
        h.name,
        this.spec.columns.filter((c) => !header.some((x) => x.name === c)),
      );
      if (near) suggested.add(near);
      this.report(
        at,
        'csv/unknown-column',
        h.name === ''
          ? 'a column has no name (is there a trailing comma in the header?)'
          : `unknown column ${show(h.name)} in ${baseName(this.file)}`,
        near ? `did you mean ${near}?` : `the columns are: ${this.spec.columns.join(', ')}`,
      );
    }
    for (const c of this.spec.columns) {
      if (this.present.has(c) || suggested.has(c)) continue;
      if (this.spec.optional?.includes(c)) {
        this.absentOptional.add(c);
        continue;
      }
      this.report(
        { file: this.file, line: 1, column: 1 },
        'csv/missing-column',
        `column ${c} is missing from ${baseName(this.file)}`,
        `add ${c} to the header; the columns are: ${this.spec.columns.join(', ')}`,
      );
    }
    if (rows.length === 0 && !diagnostics.some((d) => d.severity === 'error')) {
      this.report(
        { file: this.file, line: 1 },
        'csv/no-rows',
        `${baseName(this.file)} has a header but no rows`,
        'add rows below the header',
        this.spec.noRows,
      );
    }
  }
}

function baseName(file: string): string {
  return file.replace(/^.*[\\/]/, '');
}
