// Diagnostics are values with a place: stages return them, the CLI prints them all at once.

import type { RuleId } from './rules.js';

export type Severity = 'error' | 'warning';

export interface Position {
  /** Path as the user typed it (relative to the working directory when possible). */
  file: string;
  /** 1-based line, when the problem has one. */
  line?: number;
  /** 1-based column, when the problem has one. */
  column?: number;
}

export interface Diagnostic extends Position {
  severity: Severity;
  /** Stable rule id from the catalogue (diagnostics/rules.ts, printed in data/README.md), e.g. `observation/value-number`. */
  rule: RuleId;
  /** What is wrong, one sentence. */
  message: string;
  /** How to fix it. */
  hint?: string;
}

export function error(at: Position, rule: RuleId, message: string, hint?: string): Diagnostic {
  return { ...at, severity: 'error', rule, message, ...(hint ? { hint } : {}) };
}

export function warning(at: Position, rule: RuleId, message: string, hint?: string): Diagnostic {
  return { ...at, severity: 'warning', rule, message, ...(hint ? { hint } : {}) };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sort by file, then line, then column, so a reporter prints in reading order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.rule.localeCompare(b.rule),
  );
}

/** `file:line:column  error  rule  message` plus an indented hint line. */
export function formatDiagnostic(d: Diagnostic): string {
  const place = [d.file, d.line, d.column].filter((p) => p !== undefined).join(':');
  const head = `${place}  ${d.severity}  ${d.rule}  ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}
