// The command line: parse arguments, run a command, print diagnostics, choose the exit code.
// Exit 0 success, 1 invalid input (with messages), 2 usage error, 70 internal error.

import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { COMMANDS } from './commands/index.js';
import { UsageError, type Command, type OptionSpec, type Values } from './commands/types.js';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from './diagnostics/diagnostic.js';
import { nodeEffects } from './effects-node.js';
import { LANGS, type Lang } from './core/types.js';
import { FORMAT_CODES, type Format } from './core/formats.js';
import { DEFAULT_OPTIONS, EnvironmentError, sourceDateEpoch, type BuildOptions } from './options.js';

const COMMON: OptionSpec = {
  year: { type: 'string' },
  lang: { type: 'string' },
  format: { type: 'string' },
  data: { type: 'string' },
  seeds: { type: 'string' },
  templates: { type: 'string' },
  out: { type: 'string' },
  published: { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return `hlsd-report — the annual progress report of the U.S.–Mexico High-Level Security Dialogue

Usage: hlsd-report <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)} ${c.summary}`).join('\n')}

Run "hlsd-report <command> --help" for a command's options.
Exit codes: 0 success, 1 invalid input (messages say file:line:column and how to fix it),
2 usage error, 70 internal error.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(`${mainHelp()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command "${name}"`);
  sourceDateEpoch(); // every command may ask the clock: an unusable SOURCE_DATE_EPOCH stops all of them

  const { values, positionals } = parseArgs({
    args: rest,
    options: { ...COMMON, ...command.options },
    strict: true,
    allowPositionals: command.allowPositionals ?? false,
  });
  if (values.help) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  const effects = nodeEffects({ verbose: Boolean(values.verbose) });
  return command.run({
    values: values as Values,
    positionals,
    options: toOptions(command, values as Values),
    effects,
    report: printDiagnostics,
    stdout: (t) => effects.stdout(t),
    stderr: (t) => process.stderr.write(t),
  });
}

export function toOptions(command: Command, v: Values): BuildOptions {
  const list = <T extends string>(name: string, raw: unknown, allowed: readonly T[], fallback: T[]): T[] => {
    if (raw === undefined) return fallback;
    const items = String(raw)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const item of items)
      if (!allowed.includes(item as T)) throw new UsageError(`--${name} takes ${allowed.join(', ')}; got "${item}"`);
    if (items.length === 0) throw new UsageError(`--${name} needs at least one of ${allowed.join(', ')}`);
    return [...new Set(items)] as T[];
  };
  let year: number | undefined;
  if (v.year !== undefined) {
    if (!/^\d{4}$/.test(String(v.year))) throw new UsageError(`--year takes a four-digit year; got "${v.year}"`);
    year = Number(v.year);
  }
  const paper = (v.paper as string | undefined) ?? 'letter';
  if (paper !== 'letter' && paper !== 'a4') throw new UsageError(`--paper takes letter or a4; got "${paper}"`);
  const epoch = sourceDateEpoch();
  return {
    ...DEFAULT_OPTIONS,
    command: command.name === 'check' ? 'check' : 'build',
    year,
    langs: list<Lang>('lang', v.lang, LANGS, [...LANGS]),
    formats: list<Format>('format', v.format, FORMAT_CODES, [...FORMAT_CODES]),
    paths: {
      data: (v.data as string) ?? 'data',
      seeds: (v.seeds as string) ?? 'seeds',
      templates: (v.templates as string) ?? 'templates',
      out: (v.out as string) ?? 'out',
      published: (v.published as string) ?? 'published',
      cache: '.cache',
    },
    paper,
    draft: Boolean(v.draft),
    ...(epoch ? { revisionDate: epoch.toISOString().slice(0, 10) } : {}),
  };
}

export function printDiagnostics(diagnostics: readonly Diagnostic[]): void {
  const sorted = sortDiagnostics(diagnostics);
  for (const d of sorted) process.stderr.write(`${formatDiagnostic(d)}\n`);
  const errors = sorted.filter((d) => d.severity === 'error').length;
  const warnings = sorted.length - errors;
  if (errors > 0)
    process.stderr.write(
      `\n${errors} error(s)${warnings ? `, ${warnings} warning(s)` : ''}: nothing was written. Fix the problems above and run the command again.\n`,
    );
}

/** Entry point: map every outcome to an exit code; never print a stack for user problems. */
export async function run(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (e) {
    process.exitCode = reportFailure(e);
  }
}

function reportFailure(e: unknown): number {
  // Anything can be thrown (even undefined); read it defensively so reporting never throws itself.
  const code = (e as { code?: unknown } | null | undefined)?.code;
  if (e instanceof EnvironmentError) {
    process.stderr.write(`${formatDiagnostic(e.diagnostic)}\n`);
    return 2;
  }
  if (e instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
    process.stderr.write(`hlsd-report: ${(e as Error).message}\nRun "hlsd-report --help" for usage.\n`);
    return 2;
  }
  const failure = typeof code === 'string' ? WRITE_FAILURES[code] : undefined;
  if (failure) {
    const err = e as NodeJS.ErrnoException & { dest?: string };
    // A rename names its temporary source first; the target (or the folder of a temporary) is what the user knows.
    const path = err.dest ?? err.path ?? '';
    const shown = /(^|[\\/])\.[^\\/]+\.tmp$/.test(path) ? dirname(path) : path;
    process.stderr.write(
      `${shown}  error  output/unwritable  the output cannot be written: ${failure[0]}\n  hint: ${failure[1]}; the files already there were left complete\n`,
    );
    return 1;
  }
  // A dependency that is not the version a patch of pipeline/patches/ was written for (the name
  // survives a render worker; the message says what to pin or update): an internal error too.
  const patch = (e as Error | null | undefined)?.name === 'DependencyPatchError';
  const hint = patch
    ? 'This is a problem of the installed dependencies, not of your data'
    : 'This is a bug in hlsd-report, not in your data';
  process.stderr.write(
    `hlsd-report: internal error: ${(e as Error)?.message ?? String(e)}\n${hint}. Please report it with the command you ran; set HLSD_DEBUG=1 to print the stack.\n`,
  );
  if (process.env.HLSD_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
  return 70;
}

const MOVE = 'move what is in the way, or choose another folder with --out DIR';
const PERMS = 'fix the permissions, or choose a writable folder with --out DIR';
/** errno codes of a failed write → [what went wrong, how to fix it]. */
const WRITE_FAILURES: Record<string, [string, string]> = {
  EACCES: ['permission denied', PERMS],
  EPERM: ['operation not permitted', PERMS],
  EROFS: ['the file system is read-only', 'choose a folder on a writable disk with --out DIR'],
  ENOSPC: ['no space left on the disk', 'free some disk space, or choose another disk with --out DIR'],
  EDQUOT: ['disk quota exceeded', 'free some space, or choose another disk with --out DIR'],
  EFBIG: [
    'the file is larger than the file system or the file-size limit (ulimit -f) allows',
    'raise the file-size limit, or choose another disk with --out DIR',
  ],
  ENOTDIR: ['part of the path is a file, not a folder', MOVE],
  EEXIST: ['a file is in the way where a folder is needed', MOVE],
  EISDIR: ['a folder is in the way where a file is needed', MOVE],
  ENAMETOOLONG: ['the path is too long', 'choose a shorter folder with --out DIR'],
};
