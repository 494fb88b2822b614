// `publish`: build (if needed) and freeze the result as the next revision of the year under
// published/<year>/r<N>/, unless the content equals the last published revision.

import { join } from 'node:path';
import { FORMAT_CODES } from '../core/formats.js';
import { LANGS } from '../core/languages.js';
import { error } from '../diagnostics/diagnostic.js';
import type { BuildOptions } from '../options.js';
import { optionsHelp } from './help.js';
import { UsageError, type Command, type CommandContext } from './types.js';

export const publishCommand: Command = {
  name: 'publish',
  summary: 'freeze the current build as the next revision under published/<year>/r<N>/',
  help: `Usage: hlsd-report publish [options]

Builds the report (both languages, PDF and HTML) if it is not up to date, then copies the outputs,
manifest.json, changes.json, a copy of the data it was built from (inputs/data/), revision.json
(number, date, hashes) and SHA256SUMS (check with "sha256sum -c SHA256SUMS") into
published/<year>/r<N>/. When the data, seeds and catalogues equal the last published revision,
nothing new is published. The revision date is SOURCE_DATE_EPOCH's day when set, else today (UTC).

With --sign, each PDF of the revision is signed (PAdES: ETSI.CAdES.detached, SHA-256, added as an
incremental update, so the tags and metadata stay as built) with the PKCS#12 certificate named by
--cert or HLSD_SIGN_P12; the password comes from HLSD_SIGN_PASSWORD, else it is asked for on the
terminal. The certificate is checked first: when it is missing, the password is wrong, the
certificate has expired, or the file asks for more than 5,000,000 key-derivation iterations (no
real tool writes that many; such a file is refused before any key is derived), nothing is built or
published. Verify with "pdfsig FILE.pdf".

Options:
${optionsHelp(['year', 'data', 'seeds', 'templates', ['--out DIR', 'build output folder (default: out)'], 'published', 'paper', ['--sign', 'sign the PDFs of the revision (see above)'], ['--cert FILE', 'the PKCS#12 certificate (default: $HLSD_SIGN_P12)'], 'verbose', 'help'])}`,
  options: { paper: { type: 'string' }, sign: { type: 'boolean' }, cert: { type: 'string' } },
  async run(ctx) {
    if (ctx.values.lang !== undefined || ctx.values.format !== undefined)
      throw new UsageError('publish always freezes both languages and both formats: drop --lang and --format');
    const date = ctx.options.revisionDate ?? ctx.effects.clock().toISOString().slice(0, 10);
    const options: BuildOptions = {
      ...ctx.options,
      langs: [...LANGS],
      formats: [...FORMAT_CODES],
      draft: false,
      release: true,
      revisionDate: date,
      paths: ctx.options.paths,
    };
    if (ctx.values.cert !== undefined && !ctx.values.sign)
      throw new UsageError('--cert names the certificate for --sign: add --sign, or drop --cert');
    // The certificate is opened before anything is built, so a bad one leaves out/ and published/ as they were.
    const signer = ctx.values.sign ? await openSigner(ctx.values.cert as string | undefined, ctx) : undefined;
    if (signer && !signer.ok) {
      ctx.report(signer.diagnostics);
      return 1;
    }
    const [{ build }, { freezeRevision }, { checkOutputFolders }, { releaseYearDir }] = await Promise.all([
      import('../build.js'),
      import('../publish/freeze.js'),
      import('../publish/preflight.js'),
      import('../revisions/releases.js'),
    ]);
    const blocked = await checkOutputFolders(options, ctx.effects, { published: true });
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
    if (!plan.revision.pending) {
      ctx.stderr(
        `publish  nothing new: revision ${plan.revision.number} of ${plan.revision.date} already holds this data (${plan.releases.at(-1)!.dir})\n`,
      );
      return 0;
    }
    const last = plan.releases.at(-1);
    if (last && date < last.date) {
      ctx.report([
        error(
          { file: last.dir },
          'publish/date-before-previous',
          `the revision date ${date} is before revision ${last.revision} (${last.date})`,
          'unset SOURCE_DATE_EPOCH, or set it to a day on or after the last revision',
        ),
      ]);
      return 1;
    }
    const sign = signer?.ok
      ? await signWith(
          signer.key,
          `HLSD ${year} annual report, revision ${plan.revision.number} of ${plan.revision.date}`,
          ctx.effects.clock(),
        )
      : undefined;
    const frozen = await freezeRevision(
      {
        year,
        revision: plan.revision.number,
        date: plan.revision.date,
        outDir: published.dir,
        manifest: published.manifest,
        stamp: plan.stamp,
        options,
        ...(sign ? { sign } : {}),
      },
      ctx.effects,
    );
    if (!frozen.ok) {
      ctx.report(frozen.diagnostics);
      return 1;
    }
    for (const path of frozen.cleaned) ctx.stderr(`clean    ${path} (left by an interrupted publish)\n`);
    if (signer?.ok)
      ctx.stderr(
        `sign     ${frozen.files.filter((f) => f.endsWith('.pdf')).length} PDF(s) signed by "${signer.key.subject}" (certificate valid until ${signer.key.notAfter.toISOString().slice(0, 10)})\n`,
      );
    ctx.stderr(
      `publish  ${frozen.dir}  revision ${plan.revision.number} of ${plan.revision.date}, ${frozen.files.length} files${signer?.ok ? ', PDFs signed' : ''}\n`,
    );
    return 0;
  },
};

async function openSigner(flag: string | undefined, ctx: CommandContext) {
  const { certificatePath, loadSigningKey, signingPassword, SIGN_PASSWORD_ENV, SIGN_RULES } =
    await import('../publish/sign.js');
  const file = certificatePath(flag);
  // No file: say so before asking for a password.
  if (file === undefined) return loadSigningKey(undefined, '', ctx.effects.clock(), ctx.effects);
  const password = await signingPassword();
  if (password === undefined) {
    return {
      ok: false as const,
      diagnostics: [
        error(
          { file },
          SIGN_RULES.noPassword,
          'no password for the signing certificate',
          `set ${SIGN_PASSWORD_ENV}, or run publish on a terminal to be asked; nothing was signed or published`,
        ),
      ],
    };
  }
  return loadSigningKey(file, password, ctx.effects.clock(), ctx.effects);
}

async function signWith(key: import('../publish/sign.js').SigningKey, reason: string, when: Date) {
  const { signPdf } = await import('../publish/sign.js');
  return (_path: string, bytes: Buffer) => signPdf(bytes, key, { reason, when });
}
