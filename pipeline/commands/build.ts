// `build` and `check`: the whole pipeline, or validation only.

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
  ['--jobs N', 'render threads (default: one per core); the output is the same for any N'],
  'verbose',
  'help',
])}`,
  options: { paper: { type: 'string' }, draft: { type: 'boolean' }, jobs: { type: 'string' } },
  async run(ctx) {
    const started = performance.now();
    const seconds = () => ((performance.now() - started) / 1000).toFixed(2);
    const options = { ...ctx.options, ...parseJobs(ctx.values.jobs) };
    // Before loading the pipeline: does the last successful build's record still hold?
    const { recordInputs, replayUpToDate } = await import('../publish/replay.js');
    const replayed = await replayUpToDate(options, ctx.effects);
    ctx.effects.progress?.('replay', performance.now() - started);
    if (replayed) {
      ctx.report(replayed.warnings);
      ctx.stderr(`build    ${replayed.dir} up to date (${seconds()} s)\n`);
      return 0;
    }
    const { build } = await import('../build.js');
    const recorder = recordInputs(options, ctx.effects);
    const result = await build(options, recorder.effects);
    ctx.report(result.diagnostics);
    if (!result.ok) return 1;
    const p = result.published!;
    await recorder.save(p.dir, result.diagnostics);
    for (const path of p.written) ctx.stderr(`write    ${path}\n`);
    ctx.stderr(p.written.length === 0 ? `build    ${p.dir} up to date (${seconds()} s)\n` : `build    ${p.dir}  ${p.written.length} file(s) written  ${seconds()} s\n`);
    return 0;
  },
};

function parseJobs(raw: unknown): { jobs?: number } {
  if (raw === undefined) return {};
  if (!/^[1-9]\d{0,2}$/.test(String(raw))) throw new UsageError(`--jobs takes a whole number from 1 to 999; got "${raw}"`);
  return { jobs: Number(raw) };
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
