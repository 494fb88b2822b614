// `packets`: one file per recipient of data/stakeholders.csv (full report or excerpt) under
// out/<year>/packets/, with distribution.csv listing file, SHA-256 and revision.

import { join } from 'node:path';
import type { BuildOptions } from '../options.js';
import type { Stakeholder } from '../distribute/stakeholders.js';
import { optionsHelp } from './help.js';
import { UsageError, type Command } from './types.js';

export const packetsCommand: Command = {
  name: 'packets',
  summary: "make each recipient's packet (full report or excerpt) from data/stakeholders.csv",
  help: `Usage: hlsd-report packets [options]

Builds the report if it is not up to date, then writes under out/<year>/packets/ one file per
recipient listed in the stakeholders file: the full report in their language and format
(HLSD-<year>-annual-report-r<N>-<LANG>.<format>, shared by recipients who want the same one) or an
excerpt with only their goals and actions plus the methodology
(HLSD-<year>-excerpt-r<N>-<LANG>-<recipient>.<format>), and distribution.csv (recipient,
organisation, email, language, format, scope, goals, actions, file, sha256, revision).
The columns of the stakeholders file and its rules are in data/README.md.

Options:
${optionsHelp([['--stakeholders FILE', 'the list of recipients (default: <data>/stakeholders.csv)'], 'year', 'data', 'seeds', 'templates', 'out', 'published', 'paper', 'verbose', 'help'])}`,
  options: { stakeholders: { type: 'string' }, paper: { type: 'string' } },
  async run(ctx) {
    if (ctx.values.lang !== undefined || ctx.values.format !== undefined)
      throw new UsageError(
        "packets takes each recipient's language and format from the stakeholders file: drop --lang and --format",
      );
    const options: BuildOptions = {
      ...ctx.options,
      langs: ['en', 'es'],
      formats: ['pdf', 'html'],
      paths: ctx.options.paths,
    };
    const file = (ctx.values.stakeholders as string | undefined) ?? join(options.paths.data, 'stakeholders.csv');
    const [{ build }, { makePackets }, { readStakeholders }] = await Promise.all([
      import('../build.js'),
      import('../distribute/packets.js'),
      import('../distribute/stakeholders.js'),
    ]);
    // Everything is checked before anything is written: the report inputs, then the recipients.
    let stakeholders: Stakeholder[] = [];
    const built = await build(options, ctx.effects, {
      documents: true,
      beforeWrite: async (loaded) => {
        const read = await readStakeholders(file, loaded.model.framework, ctx.effects);
        stakeholders = read.stakeholders;
        return read.diagnostics;
      },
    });
    if (!built.ok || !built.loaded || !built.composed || !built.plan || !built.published) {
      ctx.report(built.diagnostics);
      return 1;
    }
    const result = await makePackets(
      {
        loaded: built.loaded,
        composed: built.composed,
        plan: built.plan,
        published: built.published,
        stakeholders,
        stakeholdersFile: file,
        diagnostics: built.diagnostics,
      },
      options,
      ctx.effects,
    );
    ctx.report(result.diagnostics);
    if (!result.ok) return 1;
    for (const path of result.written) ctx.stderr(`write    ${path}\n`);
    for (const path of result.stale) {
      await ctx.effects.remove(path);
      ctx.stderr(`remove   ${path} (no longer on the list)\n`);
    }
    const excerpts = result.rows.filter((r) => r.stakeholder.scope === 'excerpt').length;
    ctx.stderr(
      `packets  ${result.dir}  ${result.rows.length} recipient(s): ${result.rows.length - excerpts} full report(s), ${excerpts} excerpt(s), revision ${result.revision}; ${result.written.length} file(s) written\n`,
    );
    return 0;
  },
};
