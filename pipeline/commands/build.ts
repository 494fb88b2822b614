// `build` and `check`: the whole pipeline, or validation only.

import { maxJobs } from '../options.js';
import { optionsHelp } from './help.js';
import { UsageError, type Command, type CommandContext } from './types.js';

const common = ['year', 'data', 'seeds', 'templates'] as const;

export const buildCommand: Command = {
  name: 'build',
  summary: 'validate the data and seeds, then write the PDF and HTML reports to out/<year>/',
  help: `Usage: hlsd-report build [options]

Options:
${optionsHelp([
  ...common,
  'lang',
  'format',
  ['--out DIR', 'output folder (default: out); files go to DIR/<year>/'],
  ['--published DIR', 'published revisions to compare with for the errata (default: published)'],
  'paper',
  'draft',
  [
    '--jobs N',
    'render threads (default: one per core; at most the number of cores, or 2); the output is the same for any N',
  ],
  'verbose',
  'help',
])}`,
  options: { paper: { type: 'string' }, draft: { type: 'boolean' }, jobs: { type: 'string' } },
  async run(ctx) {
    const started = performance.now();
    const seconds = () => ((performance.now() - started) / 1000).toFixed(2);
    const options = { ...ctx.options, ...parseJobs(ctx.values.jobs, ctx.stderr) };
    // Before loading the pipeline: does the last successful build's record still hold?
    const { recordInputs, replayUpToDate } = await import('../revisions/replay.js');
    const replayed = await replayUpToDate(options, ctx.effects);
    ctx.effects.progress?.('replay', performance.now() - started);
    if (replayed) {
      ctx.report(replayed.warnings);
      ctx.stderr(`build    ${replayed.dir} up to date (${seconds()} s)\n`);
      return 0;
    }
    const [{ build }, { checkOutputFolders }] = await Promise.all([
      import('../build.js'),
      import('../publish/preflight.js'),
    ]);
    const blocked = await checkOutputFolders(options, ctx.effects);
    if (blocked.length > 0) {
      ctx.report(blocked);
      return 1;
    }
    const recorder = recordInputs(options, ctx.effects);
    const result = await build(options, recorder.effects);
    ctx.report(result.diagnostics);
    if (!result.ok) return 1;
    const p = result.published!;
    try {
      await recorder.save(p.dir, result.diagnostics);
    } catch (e) {
      // The record only makes the next unchanged build faster; the outputs are complete without it.
      ctx.stderr(
        `cache    the build record was not saved (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): the next build runs in full\n`,
      );
    }
    for (const path of p.written) ctx.stderr(`write    ${path}\n`);
    ctx.stderr(
      p.written.length === 0
        ? `build    ${p.dir} up to date (${seconds()} s)\n`
        : `build    ${p.dir}  ${p.written.length} file(s) written  ${seconds()} s\n`,
    );
    return 0;
  },
};

/** --jobs N, clamped to the cores (at least 2): more threads than cores only multiply the memory. */
function parseJobs(raw: unknown, say: (text: string) => void): { jobs?: number } {
  if (raw === undefined) return {};
  if (!/^[1-9]\d{0,5}$/.test(String(raw)))
    throw new UsageError(`--jobs takes a whole number from 1 to 999999; got "${raw}"`);
  const jobs = Number(raw);
  const max = maxJobs();
  if (jobs > max) say(`jobs     --jobs ${jobs} is more than this machine can use: rendering with ${max} threads\n`);
  return { jobs: Math.min(jobs, max) };
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'validate only; write nothing',
  help: `Usage: hlsd-report check [options]

Validates the seeds, the data and the catalogues, and prints every problem at once. Writes nothing.

Options:
${optionsHelp([...common, 'help'])}`,
  async run(ctx: CommandContext) {
    const { build } = await import('../build.js');
    const result = await build({ ...ctx.options, command: 'check' }, ctx.effects);
    ctx.report(result.diagnostics);
    if (!result.ok) return 1;
    ctx.stderr('check    ok: seeds, data and catalogues are valid\n');
    return 0;
  },
};
