// `publish`: build (if needed) and freeze the result as the next revision of the year under
// published/<year>/r<N>/, unless the content equals the last published revision.

import { join } from 'node:path';
import { error } from '../diagnostics/diagnostic.js';
import type { BuildOptions } from '../options.js';
import { optionsHelp } from './help.js';
import { UsageError, type Command } from './types.js';

export const publishCommand: Command = {
  name: 'publish',
  summary: 'freeze the current build as the next revision under published/<year>/r<N>/',
  help: `Usage: hlsd-report publish [options]

Builds the report (both languages, PDF and HTML) if it is not up to date, then copies the outputs,
manifest.json, changes.json, a copy of the data it was built from (inputs/data/), revision.json
(number, date, hashes) and SHA256SUMS (check with "sha256sum -c SHA256SUMS") into
published/<year>/r<N>/. When the data, seeds and catalogues equal the last published revision,
nothing new is published. The revision date is SOURCE_DATE_EPOCH's day when set, else today (UTC).

Options:
${optionsHelp(['year', 'data', 'seeds', 'templates', ['--out DIR', 'build output folder (default: out)'], 'published', 'paper', 'verbose', 'help'])}`,
  options: { paper: { type: 'string' } },
  async run(ctx) {
    if (ctx.values.lang !== undefined || ctx.values.format !== undefined) throw new UsageError('publish always freezes both languages and both formats: drop --lang and --format');
    const date = ctx.options.revisionDate ?? ctx.effects.clock().toISOString().slice(0, 10);
    const options: BuildOptions = {
      ...ctx.options,
      langs: ['en', 'es'],
      formats: ['pdf', 'html'],
      draft: false,
      release: true,
      revisionDate: date,
      paths: ctx.options.paths,
    };
    const [{ build }, { freezeRevision, removeStaleStaging }, { checkOutputFolders }, { releaseYearDir }] = await Promise.all([
      import('../build.js'),
      import('../publish/freeze.js'),
      import('../publish/preflight.js'),
      import('../publish/releases.js'),
    ]);
    const blocked = await checkOutputFolders(options, { published: true });
    if (blocked.length > 0) {
      ctx.report(blocked);
      return 1;
    }
    const result = await build(options, ctx.effects);
    ctx.report(result.diagnostics);
    if (!result.ok || !result.plan || !result.published) return 1;
    const { plan, published } = result;
    const year = published.manifest.year;
    for (const path of published.written) ctx.stderr(`write    ${path}\n`);
    // What a publish killed half-way left behind never became a revision: it goes before anything else.
    for (const name of await removeStaleStaging(releaseYearDir(options, year))) ctx.stderr(`clean    ${join(releaseYearDir(options, year), name)} (left by an interrupted publish)\n`);
    if (!plan.revision.pending) {
      ctx.stderr(`publish  nothing new: revision ${plan.revision.number} of ${plan.revision.date} already holds this data (${plan.releases.at(-1)!.dir})\n`);
      return 0;
    }
    const last = plan.releases.at(-1);
    if (last && date < last.date) {
      ctx.report([error({ file: last.dir }, 'publish/date-before-previous', `the revision date ${date} is before revision ${last.revision} (${last.date})`, 'unset SOURCE_DATE_EPOCH, or set it to a day on or after the last revision')]);
      return 1;
    }
    const frozen = await freezeRevision({ year, revision: plan.revision.number, date: plan.revision.date, outDir: published.dir, manifest: published.manifest, stamp: plan.stamp, options });
    if (!frozen.ok) {
      ctx.report(frozen.diagnostics);
      return 1;
    }
    ctx.stderr(`publish  ${frozen.dir}  revision ${plan.revision.number} of ${plan.revision.date}, ${frozen.files.length} files\n`);
    return 0;
  },
};
