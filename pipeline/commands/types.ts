// The shape of a CLI command: its help text, its options (node:util parseArgs) and what it runs.

import type { ParseArgsConfig } from 'node:util';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Effects } from '../effects.js';
import type { BuildOptions } from '../options.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | undefined>;

export interface CommandContext {
  /** Parsed flags of this command. */
  values: Values;
  /** Positional arguments after the command name. */
  positionals: string[];
  /** Common build options derived from the flags (paths, year, languages, formats…). */
  options: BuildOptions;
  effects: Effects;
  /** Print diagnostics sorted, with the summary line. */
  report(diagnostics: readonly Diagnostic[]): void;
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface Command {
  name: string;
  /** One line for the main help. */
  summary: string;
  /** Full help text of the command (`hlsd-report <name> --help`). */
  help: string;
  /** Flags beyond the common ones (year, data, seeds, templates, out, lang, format, verbose, help). */
  options?: OptionSpec;
  allowPositionals?: boolean;
  /** Exit code: 0 success, 1 invalid input. Throw UsageError for usage problems. */
  run(ctx: CommandContext): Promise<number>;
}

/** A problem with how the command was called (exit 2). */
export class UsageError extends Error {}
