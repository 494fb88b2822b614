// `send`: the latest published revision to every recipient of stakeholders.csv, as one e-mail each
// (written as .eml files with --dry-run, sent with --smtp URL and logged in deliveries.csv), or, with
// --corrections, a correction notice to everyone who received an earlier revision.

import { join } from 'node:path';
import { error, formatDiagnostic, hasErrors, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { optionsHelp } from './help.js';
import { UsageError, type Command, type CommandContext } from './types.js';

export const FROM_ENV = 'HLSD_MAIL_FROM';

export const sendCommand: Command = {
  name: 'send',
  summary:
    'mail each recipient their packet of the published revision (--dry-run: .eml files; --smtp URL), or correction notices',
  help: `Usage: hlsd-report send (--dry-run | --smtp URL) [--corrections] [options]

Composes one e-mail per recipient of the stakeholders file with an address, in their language
(templates/mail/<lang>.json): their packet of the latest published revision attached (the full
report from published/<year>/r<N>/, signed when it was published with --sign, or their excerpt
from out/<year>/packets/), and the revision number and each attachment's SHA-256 in the body.

  --dry-run     writes the messages as .eml files to out/<year>/outbox/ and sends nothing
  --smtp URL    sends them (smtp://host:587, STARTTLS when the server offers it; add ?requireTLS=true
                to refuse a server that does not; smtps://host:465 for TLS from the start); user and
                password come from HLSD_SMTP_USER and HLSD_SMTP_PASSWORD. Each message is appended
                to published/<year>/deliveries.csv (time, recipient, revision, files and SHA-256,
                message id, result): first as "sending", flushed to disk before the message goes
                to the server, then with the server's answer. Running again never sends the same
                revision of a packet to the same address twice; after a failure it sends what is
                left. Only one send per year runs at a time (published/<year>/deliveries.csv.lock):
                a second one stops at once (exit 1). A message logged "sending" with no answer (the
                run was killed) is of unknown outcome: it is reported, and sent again only with
                --resend-unknown. Nothing is sent when the log cannot be written.

With --corrections, writes instead to every address deliveries.csv shows with an earlier revision
of the year: what changed since their revision (from changes.json), with the corrected files and
changes.json attached. Addresses already at the latest revision are skipped.

Recipients are addresses: the same address (compared in Unicode NFC, case-insensitively) with the
same packet on two rows is one recipient (a warning names both lines); the same name at two
addresses is two. Attachments come only from the revision folder (checked against SHA256SUMS) and
the packets folder (checked against distribution.csv). Bad rows of the stakeholders file (an
invalid address, an unknown language…), missing or changed packets and a damaged deliveries.csv
are reported with their line, and nothing is composed or sent. Messages are composed one at a time.

Options:
${optionsHelp([
  ['--dry-run', 'write .eml files to out/<year>/outbox/; send nothing'],
  ['--smtp URL', 'send over SMTP (see above)'],
  ['--corrections', 'correction notices for the latest revision instead of the packets'],
  ['--from ADDRESS', `sender, e.g. "HLSD Secretariat <hlsd@example.org>" (default: $${FROM_ENV})`],
  ['--stakeholders FILE', 'the list of recipients (default: <data>/stakeholders.csv)'],
  ['--limit N', 'send at most N messages in this run (the rest next time)'],
  ['--rate N', 'send at most N messages a minute (default: 30; 0: no pause)'],
  [
    '--resend-unknown',
    'also send again the messages of unknown outcome (see above), after checking they did not arrive',
  ],
  ['--year Y', 'the year whose latest revision is sent (default: the newest published)'],
  'data',
  'seeds',
  'templates',
  'out',
  'published',
  'help',
])}`,
  options: {
    'dry-run': { type: 'boolean' },
    smtp: { type: 'string' },
    corrections: { type: 'boolean' },
    from: { type: 'string' },
    stakeholders: { type: 'string' },
    limit: { type: 'string' },
    rate: { type: 'string' },
    'resend-unknown': { type: 'boolean' },
  },
  async run(ctx) {
    const v = ctx.values;
    if (v.lang !== undefined || v.format !== undefined)
      throw new UsageError(
        "send takes each recipient's language and format from the stakeholders file: drop --lang and --format",
      );
    if (Boolean(v['dry-run']) === (v.smtp !== undefined))
      throw new UsageError('send needs exactly one of --dry-run (write .eml files) and --smtp URL (send them)');
    if (v.corrections && v.stakeholders !== undefined)
      throw new UsageError('--corrections writes to the addresses in deliveries.csv: drop --stakeholders');
    const fromRaw = (v.from as string | undefined) ?? process.env[FROM_ENV];
    if (!fromRaw) throw new UsageError(`send needs the sender's address: --from "Name <address>" or ${FROM_ENV}`);
    const { parseSender } = await import('../distribute/outbox.js');
    const sender = parseSender(fromRaw);
    if (!sender)
      throw new UsageError(`--from takes one address like "HLSD Secretariat <hlsd@example.org>"; got "${fromRaw}"`);
    const limit = count('--limit', v.limit, 1);
    const rate = count('--rate', v.rate, 0) ?? 30;
    let target: import('../distribute/mailer.js').SmtpTarget | undefined;
    if (v.smtp !== undefined) {
      const { parseSmtpUrl } = await import('../distribute/mailer.js');
      const parsed = parseSmtpUrl(String(v.smtp));
      if (typeof parsed === 'string') throw new UsageError(parsed);
      target = parsed;
    } else if (limit !== undefined || v.rate !== undefined)
      throw new UsageError('--limit and --rate pace sending: use them with --smtp');
    if (v['resend-unknown'] && !target) throw new UsageError('--resend-unknown sends again: use it with --smtp');
    return send(ctx, {
      sender,
      target,
      limit,
      rate,
      corrections: Boolean(v.corrections),
      resendUnknown: Boolean(v['resend-unknown']),
      stakeholders: v.stakeholders as string | undefined,
    });
  },
};

function count(flag: string, raw: unknown, min: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,6}$/.test(String(raw)) || Number(raw) < min)
    throw new UsageError(`${flag} takes a whole number${min > 0 ? ` from ${min}` : ''}; got "${raw}"`);
  return Number(raw);
}

interface SendRequest {
  sender: import('../distribute/outbox.js').Sender;
  target?: import('../distribute/mailer.js').SmtpTarget;
  limit?: number;
  rate: number;
  corrections: boolean;
  resendUnknown: boolean;
  stakeholders?: string;
}

/** Test hook: `<step>:<n>` kills this process (SIGKILL) at that step of its n-th message (mailer.ts SendStep). */
export const CRASH_ENV = 'HLSD_SEND_CRASH_AT';

async function send(ctx: CommandContext, req: SendRequest): Promise<number> {
  const [{ loadModel }, { readStakeholders }, outbox, deliveriesModule] = await Promise.all([
    import('../build.js'),
    import('../distribute/stakeholders.js'),
    import('../distribute/outbox.js'),
    import('../distribute/deliveries.js'),
  ]);
  const { effects, options } = ctx;
  const fail = (diagnostics: Diagnostic[]) => {
    ctx.report(diagnostics);
    return 1;
  };
  // Everything is checked before anything is composed, written or sent.
  const loaded = await loadModel({ paths: options.paths, year: options.year }, effects);
  if (!loaded.ok) return fail(loaded.diagnostics);
  const { validated } = loaded;
  // The recipients first: a bad row is reported whatever else is wrong.
  let recipients:
    | { stakeholders: import('../distribute/stakeholders.js').Stakeholder[]; diagnostics: Diagnostic[]; file: string }
    | undefined;
  if (!req.corrections) {
    const file = req.stakeholders ?? join(options.paths.data, 'stakeholders.csv');
    recipients = { ...(await readStakeholders(file, validated.framework, effects)), file };
    if (hasErrors(recipients.diagnostics)) return fail(recipients.diagnostics);
  }
  const publishedDir = options.paths.published ?? 'published';
  const latest = await outbox.latestRevision(publishedDir, options.year, effects);
  if (!latest.revision) return fail(latest.diagnostics);
  const published = latest.revision;
  const mail = await outbox.mailTranslators(options.paths.templates, validated.catalogues, effects);
  if (!mail.t || hasErrors(mail.diagnostics)) return fail(mail.diagnostics);
  const outDir = join(options.paths.out, String(published.year));
  const logFile = deliveriesModule.deliveriesPath(publishedDir, published.year);

  // Sending: one send at a time per year. The lock is taken before the log is read, so two runs
  // can never both find a message unsent; it is released however the run ends (a killed run's lock
  // names a process that is gone, and the next run takes it over).
  let release: (() => Promise<void>) | undefined;
  if (req.target && effects.lock) {
    const lockFile = `${logFile}.lock`;
    let lock: Awaited<ReturnType<NonNullable<typeof effects.lock>>>;
    try {
      lock = await effects.lock(lockFile);
    } catch (e) {
      return fail([
        error(
          { file: logFile },
          'send/log-unwritable',
          `the delivery log's folder cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)}), so nothing was sent`,
          `fix the permissions of ${join(publishedDir, String(published.year))}; send records every message there before it goes`,
        ),
      ]);
    }
    if ('heldBy' in lock) {
      return fail([
        error(
          { file: logFile },
          'send/locked',
          `another send${lock.heldBy ? ` (process ${lock.heldBy})` : ''} is using the delivery log of ${published.year}; nothing was sent`,
          `wait for it to finish (or stop it), then run this command again; ${lockFile} names the process`,
        ),
      ]);
    }
    release = () => lock.release();
  }
  try {
    return await sendLocked(ctx, req, {
      outbox,
      deliveriesModule,
      recipients,
      published,
      mail: mail.t,
      outDir,
      logFile,
      fail,
    });
  } finally {
    await release?.();
  }
}

async function sendLocked(
  ctx: CommandContext,
  req: SendRequest,
  env: {
    outbox: typeof import('../distribute/outbox.js');
    deliveriesModule: typeof import('../distribute/deliveries.js');
    recipients?: {
      stakeholders: import('../distribute/stakeholders.js').Stakeholder[];
      diagnostics: Diagnostic[];
      file: string;
    };
    published: import('../distribute/outbox.js').PublishedRevision;
    mail: NonNullable<Awaited<ReturnType<typeof import('../distribute/outbox.js').mailTranslators>>['t']>;
    outDir: string;
    logFile: string;
    fail(diagnostics: Diagnostic[]): number;
  },
): Promise<number> {
  const { outbox, deliveriesModule, recipients, published, outDir, logFile, fail } = env;
  const { effects } = ctx;
  const log = await deliveriesModule.readDeliveries(logFile, effects);
  if (hasErrors(log.diagnostics)) return fail(log.diagnostics);

  let planned: { messages: import('../distribute/outbox.js').OutgoingMessage[]; diagnostics: Diagnostic[] };
  let upToDate = 0;
  if (req.corrections) {
    const c = await outbox.planCorrections(
      { deliveries: log.deliveries, logFile, published, outDir, t: env.mail, sender: req.sender },
      effects,
    );
    planned = c;
    upToDate = c.upToDate;
  } else {
    const p = await outbox.planReportMessages(
      {
        stakeholders: recipients!.stakeholders,
        stakeholdersFile: recipients!.file,
        published,
        outDir,
        t: env.mail,
        sender: req.sender,
      },
      effects,
    );
    planned = { messages: p.messages, diagnostics: [...recipients!.diagnostics, ...p.diagnostics] };
  }
  if (hasErrors(planned.diagnostics)) return fail([...log.diagnostics, ...planned.diagnostics]);
  const what = req.corrections ? 'correction notice(s)' : 'message(s)';
  const { todo, done: already, unknown } = outbox.triage(planned.messages, log.deliveries);

  if (!req.target) {
    ctx.report([...log.diagnostics, ...planned.diagnostics]);
    // --dry-run: every message, delivered or not, as the recipient would get it now; one at a time.
    const dir = join(outDir, outbox.OUTBOX_DIR);
    const names = new Set<string>();
    for (const m of req.corrections ? todo : planned.messages) {
      const bytes = await outbox.compose(m, req.sender, effects.clock(), effects);
      const path = join(dir, m.name);
      names.add(m.name);
      await effects.writeFileAtomic(path, bytes);
      ctx.stderr(`write    ${path}\n`);
    }
    // .eml files of an earlier run that this one did not write: removed, so the outbox is this list.
    for (const name of await effects.listDir(dir).catch(() => [] as string[])) {
      if (name.endsWith('.eml') && !names.has(name)) {
        await effects.remove(join(dir, name));
        ctx.stderr(`remove   ${join(dir, name)} (not in this batch)\n`);
      }
    }
    const skipped = req.corrections
      ? `; ${upToDate} address(es) already at revision ${published.revision}`
      : already > 0
        ? `; ${already} of them already delivered according to ${logFile}`
        : '';
    ctx.stderr(
      `outbox   ${dir}  ${names.size} ${what} for revision ${published.revision} of ${published.year}${skipped}; nothing sent\n`,
    );
    return 0;
  }

  // Before the first message: the log exists, its cut-off last line (if any) is gone, and it takes an append.
  try {
    await deliveriesModule.prepareLog(logFile, log, effects);
  } catch (e) {
    return fail([
      error(
        { file: logFile },
        'send/log-unwritable',
        `the delivery log cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)}), so nothing was sent`,
        'fix its permissions or free some space; send records every message there before it goes',
      ),
    ]);
  }
  // Handed to the server by a run that died before the answer was logged: perhaps delivered.
  const unknowns = unknown.map(({ message: m, intent }) =>
    req.resendUnknown
      ? warning(
          { file: logFile, line: intent.line ?? 1, column: 1 },
          'send/outcome-unknown',
          `${m.messageId} to ${m.email} was handed to the server at ${intent.time} with no answer logged; sent again (--resend-unknown)`,
          'the recipient may now have two copies of this message',
        )
      : warning(
          { file: logFile, line: intent.line ?? 1, column: 1 },
          'send/outcome-unknown',
          `${m.messageId} to ${m.email} was handed to the server at ${intent.time} and its answer was never logged (the run was stopped); it is not sent again`,
          `check the server's log or ask the recipient; if it did not arrive, run the same command with --resend-unknown`,
        ),
  );
  ctx.report([...log.diagnostics, ...planned.diagnostics, ...unknowns]);
  const batch = req.resendUnknown ? [...unknown.map((u) => u.message), ...todo] : todo;

  const { sendAll } = await import('../distribute/mailer.js');
  if (already > 0 || upToDate > 0)
    ctx.stderr(
      `skip     ${already + upToDate} recipient(s) already have revision ${published.revision} (${logFile})\n`,
    );
  const crash = /^(before-intent|after-intent|after-answer):([1-9]\d*)$/.exec(process.env[CRASH_ENV] ?? '');
  const result = await sendAll(
    batch,
    {
      target: req.target,
      sender: req.sender,
      logFile,
      ...(req.limit !== undefined ? { limit: req.limit } : {}),
      rate: req.rate,
      onResult: (m, d) =>
        ctx.stderr(
          `${d.result === 'sent' ? 'sent   ' : 'FAILED '}  ${m.email}  ${m.attachments.map((a) => a.filename).join(', ')}  ${m.messageId}\n`,
        ),
      ...(crash
        ? {
            step: (step: string, n: number) =>
              void (step === crash[1] && n === Number(crash[2]) && process.kill(process.pid, 'SIGKILL')),
          }
        : {}),
    },
    effects,
  );
  const notSent =
    !req.resendUnknown && unknown.length > 0 ? `; ${unknown.length} of unknown outcome not sent again (see above)` : '';
  if (result.failed) {
    // Not the usual "nothing was written": the messages before the failure went, and are logged.
    for (const d of result.diagnostics) ctx.stderr(`${formatDiagnostic(d)}\n`);
    ctx.stderr(
      `\n1 error(s): ${result.sent.length} message(s) sent and logged, ${result.left + 1} left${notSent}. Run the same command again to send the rest.\n`,
    );
    return 1;
  }
  ctx.stderr(
    `send     ${result.sent.length} ${what} sent for revision ${published.revision} of ${published.year}${result.left > 0 ? `; ${result.left} left for the next run (--limit)` : ''}${notSent}; logged in ${logFile}\n`,
  );
  return 0;
}
