// `send`: the latest published revision to every recipient of stakeholders.csv, as one e-mail each
// (written as .eml files with --dry-run, sent with --smtp URL and logged in deliveries.csv), or, with
// --corrections, a correction notice to everyone who received an earlier revision.

import { join } from 'node:path';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { optionsHelp } from './help.js';
import { UsageError, type Command, type CommandContext } from './types.js';

export const FROM_ENV = 'HLSD_MAIL_FROM';

export const sendCommand: Command = {
  name: 'send',
  summary: 'mail each recipient their packet of the published revision (--dry-run: .eml files; --smtp URL), or correction notices',
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
                message id, result). Running again never sends the same revision of a packet to the
                same address twice; after a failure it sends what is left.

With --corrections, writes instead to every address deliveries.csv shows with an earlier revision
of the year: what changed since their revision (from changes.json), with the corrected files and
changes.json attached. Addresses already at the latest revision are skipped.

Bad rows of the stakeholders file (an invalid address, an unknown language…) and missing packets
are reported with their line, and nothing is composed or sent.

Options:
${optionsHelp([
  ['--dry-run', 'write .eml files to out/<year>/outbox/; send nothing'],
  ['--smtp URL', 'send over SMTP (see above)'],
  ['--corrections', 'correction notices for the latest revision instead of the packets'],
  ['--from ADDRESS', `sender, e.g. "HLSD Secretariat <hlsd@example.org>" (default: $${FROM_ENV})`],
  ['--stakeholders FILE', 'the list of recipients (default: <data>/stakeholders.csv)'],
  ['--limit N', 'send at most N messages in this run (the rest next time)'],
  ['--rate N', 'send at most N messages a minute (default: 30; 0: no pause)'],
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
  },
  async run(ctx) {
    const v = ctx.values;
    if (v.lang !== undefined || v.format !== undefined) throw new UsageError('send takes each recipient\'s language and format from the stakeholders file: drop --lang and --format');
    if (Boolean(v['dry-run']) === (v.smtp !== undefined)) throw new UsageError('send needs exactly one of --dry-run (write .eml files) and --smtp URL (send them)');
    if (v.corrections && v.stakeholders !== undefined) throw new UsageError('--corrections writes to the addresses in deliveries.csv: drop --stakeholders');
    const fromRaw = (v.from as string | undefined) ?? process.env[FROM_ENV];
    if (!fromRaw) throw new UsageError(`send needs the sender's address: --from "Name <address>" or ${FROM_ENV}`);
    const { parseSender } = await import('../distribute/outbox.js');
    const sender = parseSender(fromRaw);
    if (!sender) throw new UsageError(`--from takes one address like "HLSD Secretariat <hlsd@example.org>"; got "${fromRaw}"`);
    const limit = count('--limit', v.limit, 1);
    const rate = count('--rate', v.rate, 0) ?? 30;
    let target: import('../distribute/mailer.js').SmtpTarget | undefined;
    if (v.smtp !== undefined) {
      const { parseSmtpUrl } = await import('../distribute/mailer.js');
      const parsed = parseSmtpUrl(String(v.smtp));
      if (typeof parsed === 'string') throw new UsageError(parsed);
      target = parsed;
    } else if (limit !== undefined || v.rate !== undefined) throw new UsageError('--limit and --rate pace sending: use them with --smtp');
    return send(ctx, { sender, target, limit, rate, corrections: Boolean(v.corrections), stakeholders: v.stakeholders as string | undefined });
  },
};

function count(flag: string, raw: unknown, min: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,6}$/.test(String(raw)) || Number(raw) < min) throw new UsageError(`${flag} takes a whole number${min > 0 ? ` from ${min}` : ''}; got "${raw}"`);
  return Number(raw);
}

interface SendRequest {
  sender: import('../distribute/outbox.js').Sender;
  target?: import('../distribute/mailer.js').SmtpTarget;
  limit?: number;
  rate: number;
  corrections: boolean;
  stakeholders?: string;
}

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
  let recipients: { stakeholders: import('../distribute/stakeholders.js').Stakeholder[]; diagnostics: Diagnostic[]; file: string } | undefined;
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
  const log = await deliveriesModule.readDeliveries(logFile, effects);
  if (hasErrors(log.diagnostics)) return fail(log.diagnostics);

  let planned: { messages: import('../distribute/outbox.js').OutgoingMessage[]; diagnostics: Diagnostic[] };
  let upToDate = 0;
  if (req.corrections) {
    const c = await outbox.planCorrections({ deliveries: log.deliveries, logFile, published, outDir, t: mail.t, sender: req.sender }, effects);
    planned = c;
    upToDate = c.upToDate;
  } else {
    const p = await outbox.planReportMessages({ stakeholders: recipients!.stakeholders, stakeholdersFile: recipients!.file, published, outDir, t: mail.t, sender: req.sender }, effects);
    planned = { messages: p.messages, diagnostics: [...recipients!.diagnostics, ...p.diagnostics] };
  }
  if (hasErrors(planned.diagnostics)) return fail(planned.diagnostics);
  ctx.report(planned.diagnostics);
  const what = req.corrections ? 'correction notice(s)' : 'message(s)';
  const todo = outbox.pending(planned.messages, log.deliveries);
  const already = planned.messages.length - todo.length;

  if (!req.target) {
    // --dry-run: every message, delivered or not, as the recipient would get it now.
    const dir = join(outDir, outbox.OUTBOX_DIR);
    const written: string[] = [];
    const names = new Set<string>();
    for (const m of req.corrections ? todo : planned.messages) {
      const bytes = await outbox.compose(m, req.sender, effects.clock());
      const path = join(dir, m.name);
      names.add(m.name);
      await effects.writeFileAtomic(path, bytes);
      written.push(path);
      ctx.stderr(`write    ${path}\n`);
    }
    // .eml files of an earlier run that this one did not write: removed, so the outbox is this list.
    for (const name of await effects.listDir(dir).catch(() => [] as string[])) {
      if (name.endsWith('.eml') && !names.has(name)) {
        await effects.remove(join(dir, name));
        ctx.stderr(`remove   ${join(dir, name)} (not in this batch)\n`);
      }
    }
    const skipped = req.corrections ? `; ${upToDate} address(es) already at revision ${published.revision}` : already > 0 ? `; ${already} of them already delivered according to ${logFile}` : '';
    ctx.stderr(`outbox   ${dir}  ${written.length} ${what} for revision ${published.revision} of ${published.year}${skipped}; nothing sent\n`);
    return 0;
  }

  const { sendAll } = await import('../distribute/mailer.js');
  if (already > 0 || upToDate > 0) ctx.stderr(`skip     ${already + upToDate} recipient(s) already have revision ${published.revision} (${logFile})\n`);
  const result = await sendAll(todo, {
    target: req.target,
    sender: req.sender,
    logFile,
    ...(req.limit !== undefined ? { limit: req.limit } : {}),
    rate: req.rate,
    onResult: (m, d) => ctx.stderr(`${d.result === 'sent' ? 'sent   ' : 'FAILED '}  ${m.email}  ${m.attachments.map((a) => a.filename).join(', ')}  ${m.messageId}\n`),
  }, effects);
  if (result.failed) {
    // Not the usual "nothing was written": the messages before the failure went, and are logged.
    const { formatDiagnostic } = await import('../diagnostics/diagnostic.js');
    for (const d of result.diagnostics) ctx.stderr(`${formatDiagnostic(d)}\n`);
    ctx.stderr(`\n1 error(s): ${result.sent.length} message(s) sent and logged, ${result.left + 1} left. Run the same command again to send the rest.\n`);
    return 1;
  }
  ctx.stderr(`send     ${result.sent.length} ${what} sent for revision ${published.revision} of ${published.year}${result.left > 0 ? `; ${result.left} left for the next run (--limit)` : ''}; logged in ${logFile}\n`);
  return 0;
}
