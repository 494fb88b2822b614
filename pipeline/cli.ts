// The command line: parse arguments, run a command, print diagnostics, choose the exit code.
// Exit 0 success, 1 invalid input (with messages), 2 usage error, 70 internal error.

import { parseArgs } from 'node:util';
import { build } from './build.js';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from './diagnostics/diagnostic.js';
import { nodeEffects } from './effects-node.js';
import type { Lang } from './model/types.js';
import { DEFAULT_OPTIONS, type BuildOptions, type Format } from './options.js';
import { runAssess } from './commands/assess.js';

const HELP: Record<string, string> = {
  main: `hlsd-report — the annual progress report of the U.S.–Mexico High-Level Security Dialogue

Usage: hlsd-report <command> [options]

Commands:
  build    validate the data and seeds, then write the PDF and HTML reports to out/<year>/
  check    validate only; write nothing
  assess   print the progress assessment (--json) of every metric and country

Run "hlsd-report <command> --help" for a command's options.
Exit codes: 0 success, 1 invalid input (messages say file:line:column and how to fix it),
2 usage error, 70 internal error.`,
  build: `Usage: hlsd-report build [options]

Options:
  --year Y           reporting year (default: the latest year in the data)
  --lang en,es       languages to build (default: en,es)
  --format pdf,html  formats to build (default: pdf,html)
  --data DIR         data folder (default: data)
  --seeds DIR        seed texts folder (default: seeds)
  --templates DIR    templates folder (default: templates)
  --out DIR          output folder (default: out); files go to DIR/<year>/
  --paper letter|a4  PDF paper size (default: letter)
  --draft            print a DRAFT watermark
  --verbose          print per-stage timings
  -h, --help         show this help`,
  check: `Usage: hlsd-report check [options]

Validates the seeds, the data and the catalogues, and prints every problem at once. Writes nothing.

Options:
  --year Y           reporting year to check (default: the latest year in the data)
  --data DIR         data folder (default: data)
  --seeds DIR        seed texts folder (default: seeds)
  --templates DIR    templates folder (default: templates)
  -h, --help         show this help`,
  assess: `Usage: hlsd-report assess --json [options]

Prints a JSON array with one object per metric and country: metric, country, baseline_period,
baseline_value, latest_period, latest_value, target_value, target_period, method, ratio, status,
reason. With --rollup, prints { assessments, rollups } where rollups lists goals, areas,
objectives and actions with their status counts and headline, and the benchmark gaps.

Options:
  --json             print JSON (required; the only output format)
  --rollup           include the roll-ups
  --year Y           reporting year (default: the latest year in the data)
  --data DIR         data folder (default: data)
  --seeds DIR        seed texts folder (default: seeds)
  -h, --help         show this help`,
};

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${HELP.main}\n`);
    return command ? 0 : 2;
  }
  if (!(command in HELP) || command === 'main') throw new UsageError(`unknown command "${command}"`);
  const { values } = parseArgs({
    args: rest,
    options: {
      year: { type: 'string' },
      lang: { type: 'string' },
      format: { type: 'string' },
      data: { type: 'string' },
      seeds: { type: 'string' },
      templates: { type: 'string' },
      out: { type: 'string' },
      paper: { type: 'string' },
      draft: { type: 'boolean' },
      verbose: { type: 'boolean' },
      json: { type: 'boolean' },
      rollup: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${HELP[command]}\n`);
    return 0;
  }
  const options = toOptions(command, values);
  const effects = nodeEffects({ verbose: values.verbose });
  if (command === 'assess') {
    if (!values.json) throw new UsageError('assess prints JSON only: add --json');
    return runAssess(options, effects, Boolean(values.rollup), printDiagnostics);
  }
  const started = performance.now();
  const result = await build(options, effects);
  printDiagnostics(result.diagnostics);
  if (!result.ok) return 1;
  if (command === 'check') {
    process.stderr.write('check    ok: seeds, data and catalogues are valid\n');
    return 0;
  }
  const p = result.published!;
  for (const path of p.written) process.stderr.write(`write    ${path}\n`);
  const secs = ((performance.now() - started) / 1000).toFixed(2);
  process.stderr.write(p.written.length === 0 ? `build    ${p.dir} up to date (${secs} s)\n` : `build    ${p.dir}  ${p.written.length} file(s) written  ${secs} s\n`);
  return 0;
}

type Values = Record<string, string | boolean | undefined>;

function toOptions(command: string, v: Values): BuildOptions {
  const list = <T extends string>(name: string, raw: unknown, allowed: readonly T[], fallback: T[]): T[] => {
    if (raw === undefined) return fallback;
    const items = String(raw).split(',').map((s) => s.trim()).filter(Boolean);
    for (const item of items) if (!allowed.includes(item as T)) throw new UsageError(`--${name} takes ${allowed.join(', ')}; got "${item}"`);
    return [...new Set(items)] as T[];
  };
  let year: number | undefined;
  if (v.year !== undefined) {
    if (!/^\d{4}$/.test(String(v.year))) throw new UsageError(`--year takes a four-digit year; got "${v.year}"`);
    year = Number(v.year);
  }
  const paper = (v.paper as string | undefined) ?? 'letter';
  if (paper !== 'letter' && paper !== 'a4') throw new UsageError(`--paper takes letter or a4; got "${paper}"`);
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return {
    ...DEFAULT_OPTIONS,
    command: command === 'build' ? 'build' : 'check',
    year,
    langs: list<Lang>('lang', v.lang, ['en', 'es'], ['en', 'es']),
    formats: list<Format>('format', v.format, ['pdf', 'html'], ['pdf', 'html']),
    paths: {
      data: (v.data as string) ?? 'data',
      seeds: (v.seeds as string) ?? 'seeds',
      templates: (v.templates as string) ?? 'templates',
      out: (v.out as string) ?? 'out',
      cache: '.cache',
    },
    paper,
    draft: Boolean(v.draft),
    ...(epoch && /^\d+$/.test(epoch) ? { revisionDate: new Date(Number(epoch) * 1000).toISOString().slice(0, 10) } : {}),
  };
}

function printDiagnostics(diagnostics: readonly Diagnostic[]): void {
  const sorted = sortDiagnostics(diagnostics);
  for (const d of sorted) process.stderr.write(`${formatDiagnostic(d)}\n`);
  const errors = sorted.filter((d) => d.severity === 'error').length;
  const warnings = sorted.length - errors;
  if (errors > 0) process.stderr.write(`\n${errors} error(s)${warnings ? `, ${warnings} warning(s)` : ''}: nothing was written. Fix the problems above and run the command again.\n`);
}

/** Entry point: map every outcome to an exit code; never print a stack for user problems. */
export async function run(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`hlsd-report: ${(e as Error).message}\nRun "hlsd-report --help" for usage.\n`);
      process.exitCode = 2;
      return;
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EROFS' || code === 'ENOSPC' || code === 'ENOTDIR') {
      const path = (e as NodeJS.ErrnoException).path ?? '';
      process.stderr.write(`${path}  error  output/unwritable  the output cannot be written (${code})\n  hint: choose a writable folder with --out DIR, or fix its permissions\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`hlsd-report: internal error: ${(e as Error)?.message ?? String(e)}\nThis is a bug in hlsd-report, not in your data. Please report it with the command you ran; set HLSD_DEBUG=1 to print the stack.\n`);
    if (process.env.HLSD_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
    process.exitCode = 70;
  }
}
