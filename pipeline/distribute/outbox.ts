// The messages `send` writes or sends: one RFC 5322 message per recipient of stakeholders.csv with
// their packet of the latest published revision attached (`send`), or a correction notice to each
// address that received an earlier revision, listing what changed and attaching the corrected files
// (`send --corrections`). Text from templates/mail/<lang>.json (country, status and milestone
// labels from the report's catalogues); composed by nodemailer's MailComposer.
//
// Everything is checked before a message is composed: the recipients (the usual positioned
// diagnostics), the published revision, and that each recipient's packet exists. Message ids and
// MIME boundaries are derived from the content, so the same inputs and clock give the same bytes.

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { formatValue } from '../compose/context.js';
import { formatter } from '../compose/format.js';
import { Translator } from '../compose/i18n.js';
import { checkCatalogues, parseCatalogue, type Catalogue } from '../validate/catalogues.js';
import { error, hasErrors, warning, type Diagnostic, type Position } from '../diagnostics/diagnostic.js';
import type { Format } from '../options.js';
import type { Effects } from '../effects.js';
import type { Lang } from '../core/types.js';
import { sha256 } from '../core/hash.js';
import { CHANGES } from '../core/outputs.js';
import { excerptPacketName, fullPacketName, reportFileName, uniqueSlugs } from '../core/names.js';
import { DISTRIBUTION, insideFolder, PACKETS_DIR, readDistribution } from './packets.js';
import {
  publishedYears,
  readReleaseInfo,
  RELEASE_INFO,
  revisionNumbers,
  type RevisionEntry,
} from '../revisions/releases.js';
import type { Stakeholder } from './stakeholders.js';
import {
  ATTACHMENT_NAME,
  atRevision,
  delivered,
  outcomes,
  packetKey,
  type Delivery,
  type DeliveryKind,
} from './deliveries.js';
import { CHECKSUMS, readChecksums } from '../publish/freeze.js';

export const OUTBOX_DIR = 'outbox';
export const MAIL_DIR = 'mail';

/**
 * A file to attach: where it is (inside the year's revision or packets folder) and the SHA-256 the
 * tool recorded for it (SHA256SUMS, distribution.csv). Its bytes are read when its message is
 * composed, one message at a time, and checked against that digest again.
 */
export interface Attachment {
  filename: string;
  path: string;
  sha256: string;
  contentType: string;
}

export interface OutgoingMessage {
  /** File name of the .eml in out/<year>/outbox/. */
  name: string;
  kind: DeliveryKind;
  recipient: string;
  organisation: string;
  email: string;
  language: Lang;
  format: Delivery['format'];
  scope: Delivery['scope'];
  revision: number;
  attachments: Attachment[];
  subject: string;
  text: string;
  messageId: string;
  /** packetKey + revision: a sent delivery with this key means the message is not sent again. */
  key: string;
  /** Where a problem with this recipient is reported (their row, or their line of the log). */
  at: { file: string; line?: number };
}

export interface Sender {
  /** The From address as given (`Name <addr>` or `addr`). */
  from: string;
  /** The domain of the address, for message ids. */
  domain: string;
}

/** The published revision messages are about. */
export interface PublishedRevision {
  year: number;
  revision: number;
  date: string;
  dir: string;
  /** The signer's name when the PDFs of the revision are signed. */
  signer?: string;
  /** SHA256SUMS: file name in the revision folder → SHA-256, every file checked against it. */
  sums: ReadonlyMap<string, string>;
}

// ─── Catalogues ─────────────────────────────────────────────────────────────────────────────────

/** templates/mail/<lang>.json in front of the report's catalogues (for country, status, milestone labels). */
export async function mailTranslators(
  templatesDir: string,
  report: Record<Lang, Catalogue[]>,
  effects: Effects,
): Promise<{ t?: Record<Lang, Translator>; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const own: Partial<Record<Lang, Catalogue>> = {};
  const texts: Record<string, string> = {};
  for (const lang of ['en', 'es'] as const) {
    const file = join(templatesDir, MAIL_DIR, `${lang}.json`);
    let text: string;
    try {
      text = (await effects.readFile(file)).toString('utf8');
    } catch (e) {
      diagnostics.push(
        error(
          { file },
          'input/unreadable',
          `the message catalogue ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read'}`,
          'restore it from the repository (git checkout -- templates/mail/)',
        ),
      );
      continue;
    }
    texts[file] = text;
    const parsed = parseCatalogue(lang, file, text);
    diagnostics.push(...parsed.diagnostics);
    own[lang] = parsed.catalogue;
  }
  if (!own.en || !own.es) return { diagnostics };
  diagnostics.push(...checkCatalogues([own.en, own.es], [], texts));
  return { t: { en: new Translator([own.en, ...report.en]), es: new Translator([own.es, ...report.es]) }, diagnostics };
}

// ─── The published revision ─────────────────────────────────────────────────────────────────────

/** The latest revision under published/<year>/ (or the year's newest when `year` is undefined). */
export async function latestRevision(
  publishedDir: string,
  year: number | undefined,
  effects: Effects,
): Promise<{ revision?: PublishedRevision; diagnostics: Diagnostic[] }> {
  const hint = 'run "hlsd-report publish" first: send mails published revisions only';
  let y = year;
  if (y === undefined) {
    const years = publishedYears(await effects.listDir(publishedDir).catch(() => [] as string[]));
    y = years.at(-1);
    if (y === undefined)
      return {
        diagnostics: [error({ file: publishedDir }, 'send/nothing-published', 'no revision is published yet', hint)],
      };
  }
  const yearDir = join(publishedDir, String(y));
  const numbers = revisionNumbers(await effects.listDir(yearDir).catch(() => [] as string[]));
  const n = numbers.at(-1);
  if (n === undefined)
    return {
      diagnostics: [error({ file: yearDir }, 'send/nothing-published', `no revision of ${y} is published yet`, hint)],
    };
  const dir = join(yearDir, `r${n}`);
  const info = await readReleaseInfo(dir, effects);
  if (!info || info.revision !== n || info.year !== y) {
    return {
      diagnostics: [
        error(
          { file: join(dir, RELEASE_INFO) },
          'send/revision-unreadable',
          `published revision r${n} has no valid ${RELEASE_INFO}`,
          `restore ${dir} from a copy`,
        ),
      ],
    };
  }
  // The revision must still be what was published: every file against its SHA256SUMS line.
  const checked = await readChecksums(dir, effects);
  if (hasErrors(checked.diagnostics)) return { diagnostics: checked.diagnostics };
  for (const [path, sum] of checked.sums) {
    const bytes = await effects.readFile(join(dir, path)).catch(() => undefined);
    if (!bytes || sha256(bytes) !== sum) {
      return {
        diagnostics: [
          error(
            { file: join(dir, path) },
            'send/revision-changed',
            `${path} of published revision r${n} ${bytes ? 'does not match' : 'is missing from'} its SHA256SUMS`,
            `restore ${dir} from a copy; a published revision must not change`,
          ),
        ],
      };
    }
  }
  const pdf = await effects.readFile(join(dir, reportFileName(y, 'en', 'pdf'))).catch(() => undefined);
  const signer = pdf ? signerOf(pdf) : undefined;
  return {
    revision: { year: y, revision: n, date: info.date, dir, ...(signer ? { signer } : {}), sums: checked.sums },
    diagnostics: [],
  };
}

/** The /Name of the last signature dictionary of a PDF signed by `publish --sign`. */
export function signerOf(pdf: Buffer): string | undefined {
  const tail = pdf.subarray(Math.max(0, pdf.length - 200_000)).toString('latin1');
  const at = tail.lastIndexOf('/Type /Sig');
  if (at < 0) return undefined;
  const dict = tail.slice(at, at + 40_000);
  // Written by incremental.ts's pdfString: (printable ASCII) or <FEFF UTF-16BE hex>.
  const literal = /\/Name \(((?:[^()\\]|\\[\s\S])*)\)/.exec(dict);
  if (literal) return literal[1]!.replace(/\\([\s\S])/g, '$1');
  const hex = /\/Name <FEFF([0-9A-Fa-f]*)>/.exec(dict);
  return hex ? Buffer.from(hex[1]!, 'hex').swap16().toString('utf16le') : 'the publisher';
}

// ─── Report messages ────────────────────────────────────────────────────────────────────────────

export interface PlanInput {
  stakeholders: readonly Stakeholder[];
  stakeholdersFile: string;
  published: PublishedRevision;
  /** out/<year>/, where the excerpt packets are. */
  outDir: string;
  t: Record<Lang, Translator>;
  sender: Sender;
}

/** One message per recipient with an address, or the problems that prevent composing any. */
export async function planReportMessages(
  input: PlanInput,
  effects: Effects,
): Promise<{ messages: OutgoingMessage[]; diagnostics: Diagnostic[] }> {
  const { published: p, t } = input;
  const diagnostics: Diagnostic[] = [];
  const messages: OutgoingMessage[] = [];
  const slugs = uniqueSlugs(input.stakeholders.map((s) => s.recipient));
  const packetsDir = join(input.outDir, PACKETS_DIR);
  const source = attachmentSource(p, packetsDir, effects);
  for (const [i, s] of input.stakeholders.entries()) {
    const at = { file: input.stakeholdersFile, line: s.line };
    if (s.email === '') {
      diagnostics.push(
        warning(
          { ...at, column: 1 },
          'send/no-address',
          `${s.recipient} has no e-mail address, so no message is composed`,
          'add an address in the email column, or deliver this packet another way',
        ),
      );
      continue;
    }
    const filename =
      s.scope === 'full'
        ? fullPacketName(p.year, p.revision, s.language, s.format)
        : excerptPacketName(p.year, p.revision, s.language, s.format, slugs[i]!);
    const found = await source(filename, s.language, s.format, { ...at, column: 1 }, s.recipient);
    if ('rule' in found) {
      diagnostics.push(found);
      continue;
    }
    const attachments = [found];
    const tr = t[s.language];
    const fmt = formatter(s.language);
    const parts = s.scope === 'excerpt' ? partsText(s, tr) : '';
    const title = tr.t('report.shortTitle', { year: p.year });
    const subject =
      s.scope === 'excerpt'
        ? tr.t('mail.subject.excerpt', { title, revision: p.revision, parts })
        : tr.t('mail.subject', { title, revision: p.revision });
    const body = [
      tr.t('mail.greeting', { recipient: s.recipient }),
      tr.t(s.scope === 'excerpt' ? 'mail.intro.excerpt' : 'mail.intro', {
        revision: p.revision,
        date: fmt.date(p.date),
        year: p.year,
        parts,
      }),
      filesText(attachments, p, tr),
      tr.t('mail.correction.later'),
      `${tr.t('mail.closing')}\n${tr.t('mail.sender', { from: input.sender.from })}`,
    ];
    messages.push(
      message({
        kind: 'report',
        s,
        slug: slugs[i]!,
        revision: p.revision,
        year: p.year,
        attachments,
        subject,
        text: body.join('\n\n'),
        sender: input.sender,
        at,
      }),
    );
  }
  return { messages, diagnostics };
}

// ─── Correction notices ─────────────────────────────────────────────────────────────────────────

export interface CorrectionInput {
  deliveries: readonly Delivery[];
  logFile: string;
  published: PublishedRevision;
  outDir: string;
  t: Record<Lang, Translator>;
  sender: Sender;
}

/**
 * A notice for every packet delivered at an earlier revision and not yet at the latest one: the
 * changes of every revision after the one they have, the corrected files and changes.json.
 */
export async function planCorrections(
  input: CorrectionInput,
  effects: Effects,
): Promise<{ messages: OutgoingMessage[]; diagnostics: Diagnostic[]; upToDate: number }> {
  const { published: p, t } = input;
  const diagnostics: Diagnostic[] = [];
  if (p.revision < 2)
    return {
      messages: [],
      diagnostics: [
        error(
          { file: p.dir },
          'send/no-correction',
          `revision ${p.revision} is the first of ${p.year}: there is nothing to correct`,
          'publish the corrected data first ("hlsd-report publish"), then run send --corrections',
        ),
      ],
      upToDate: 0,
    };
  const changes = await readHistory(join(p.dir, CHANGES), effects);
  if (!changes)
    return {
      messages: [],
      diagnostics: [
        error(
          { file: join(p.dir, CHANGES) },
          'send/revision-unreadable',
          `${CHANGES} of revision ${p.revision} cannot be read`,
          `restore ${p.dir} from a copy`,
        ),
      ],
      upToDate: 0,
    };
  const sent = input.deliveries.filter((d) => d.result === 'sent');
  // The latest revision each packet reached, by address and packet.
  const latest = new Map<string, Delivery>();
  for (const d of sent) {
    const key = packetKey(d.email, d.files);
    if ((latest.get(key)?.revision ?? 0) <= d.revision) latest.set(key, d);
  }
  const source = attachmentSource(p, join(input.outDir, PACKETS_DIR), effects);
  const messages: OutgoingMessage[] = [];
  let upToDate = 0;
  const slugs = uniqueSlugs([...latest.values()].map((d) => d.recipient));
  for (const [i, d] of [...latest.values()].entries()) {
    if (d.revision >= p.revision) {
      upToDate++;
      continue;
    }
    const at = { file: input.logFile, ...(d.line ? { line: d.line } : {}) };
    const attachments: Attachment[] = [];
    for (const old of [...d.files.filter((f) => f !== CHANGES), CHANGES]) {
      const found = await source(atRevision(old, p.revision), d.language, d.format, { ...at, column: 1 }, d.recipient);
      if ('rule' in found) diagnostics.push(found);
      else attachments.push(found);
    }
    if (attachments.length !== d.files.filter((f) => f !== CHANGES).length + 1) continue;
    const tr = t[d.language];
    const fmt = formatter(d.language);
    const title = tr.t('report.shortTitle', { year: p.year });
    const entries = changes
      .filter((e) => e.revision > d.revision && e.revision <= p.revision)
      .sort((a, b) => a.revision - b.revision);
    const body = [
      tr.t('mail.greeting', { recipient: d.recipient }),
      tr.t('correction.intro', { previous: d.revision, revision: p.revision, date: fmt.date(p.date), year: p.year }),
      [
        tr.t('correction.changes', { previous: d.revision }),
        ...entries.map((e) => changesText(e, tr, d.language)),
      ].join('\n\n'),
      tr.t('correction.more'),
      filesText(attachments, p, tr),
      `${tr.t('mail.closing')}\n${tr.t('mail.sender', { from: input.sender.from })}`,
    ];
    const s = {
      recipient: d.recipient,
      organisation: d.organisation,
      email: d.email,
      language: d.language,
      format: d.format,
      scope: d.scope,
    };
    messages.push(
      message({
        kind: 'correction',
        s,
        slug: slugs[i]!,
        revision: p.revision,
        year: p.year,
        attachments,
        subject: tr.t('correction.subject', { title, revision: p.revision, previous: d.revision }),
        text: body.join('\n\n'),
        sender: input.sender,
        at,
      }),
    );
  }
  return { messages, diagnostics, upToDate };
}

async function readHistory(file: string, effects: Effects): Promise<RevisionEntry[] | undefined> {
  try {
    const json = JSON.parse((await effects.readFile(file, 16 * 1024 * 1024)).toString('utf8')) as {
      history?: RevisionEntry[];
    };
    return Array.isArray(json.history) ? json.history : undefined;
  } catch {
    return undefined;
  }
}

/** The corrections of one revision, one line each, in the recipient's language. */
export function changesText(e: RevisionEntry, t: Translator, lang: Lang): string {
  const fmt = formatter(lang);
  const lines = [t.t('correction.revision', { revision: e.revision, date: fmt.date(e.date) })];
  const c = e.changes;
  if (!c) lines.push(t.t('correction.unavailable'));
  else {
    const country = (code: string) => t.t(`country.${code}`);
    const none = t.t('correction.none.label');
    for (const v of c.values)
      lines.push(
        t.t('correction.value', {
          metric: v.name[lang],
          country: country(v.country),
          period: fmt.period(v.period),
          old: formatValue(fmt, v.old, v.unit),
          new: formatValue(fmt, v.new, v.unit),
        }),
      );
    for (const v of c.added)
      lines.push(
        t.t('correction.added', {
          metric: v.name[lang],
          country: country(v.country),
          period: fmt.period(v.period),
          value: formatValue(fmt, v.value, v.unit),
        }),
      );
    for (const v of c.removed)
      lines.push(
        t.t('correction.removed', {
          metric: v.name[lang],
          country: country(v.country),
          period: fmt.period(v.period),
          value: formatValue(fmt, v.value, v.unit),
        }),
      );
    for (const s of c.statuses)
      lines.push(
        t.t('correction.status', {
          metric: s.name[lang],
          country: country(s.country),
          old: s.old ? t.t(`status.${s.old}`) : none,
          new: s.new ? t.t(`status.${s.new}`) : none,
        }),
      );
    for (const m of c.metrics) lines.push(t.t(`correction.metric.${m.change}`, { metric: m.name[lang] }));
    for (const m of c.milestones)
      lines.push(
        t.t('correction.milestone', {
          action: m.action,
          milestone: m.text[lang],
          old: m.old ? t.t(`milestone.${m.old}`) : none,
          new: m.new ? t.t(`milestone.${m.new}`) : none,
        }),
      );
    if (lines.length === 1) lines.push(t.t('correction.none'));
  }
  return lines.join('\n');
}

// ─── Composing ──────────────────────────────────────────────────────────────────────────────────

/**
 * Finds attachments where the tool made them, with the digest it recorded: the full report and
 * changes.json in the revision folder (SHA256SUMS, every file already checked by latestRevision),
 * an excerpt in the packets folder (distribution.csv of the same revision, the file hashed once and
 * compared). Any other name, a path leaving its folder, a file the record does not list or whose
 * bytes differ is a diagnostic at `at`: nothing is composed.
 */
function attachmentSource(p: PublishedRevision, packetsDir: string, effects: Effects) {
  let distribution: Promise<{ sums: Map<string, string>; diagnostics: Diagnostic[] }> | undefined;
  const hashed = new Map<string, string | undefined>();
  return async (
    name: string,
    lang: Lang,
    format: Format,
    at: Position,
    recipient: string,
  ): Promise<Attachment | Diagnostic> => {
    const contentType = name.endsWith('.pdf')
      ? 'application/pdf'
      : name.endsWith('.html')
        ? 'text/html'
        : 'application/json';
    if (name === CHANGES || name === fullPacketName(p.year, p.revision, lang, format)) {
      const inRevision = name === CHANGES ? CHANGES : reportFileName(p.year, lang, format);
      const sum = p.sums.get(inRevision);
      if (!sum)
        return error(
          at,
          'send/packet-missing',
          `${inRevision}, the file of ${recipient} for revision ${p.revision}, is not listed in ${join(p.dir, CHECKSUMS)}`,
          `restore ${p.dir} from a copy`,
        );
      return { filename: name, path: insideFolder(p.dir, inRevision), sha256: sum, contentType };
    }
    if (
      !ATTACHMENT_NAME.test(name) ||
      !name.startsWith(`HLSD-${p.year}-excerpt-r${p.revision}-${lang.toUpperCase()}-`) ||
      !name.endsWith(`.${format}`)
    ) {
      return error(
        at,
        'send/log-file',
        `${JSON.stringify(name)} is not a packet of ${recipient} that send makes for revision ${p.revision}`,
        'send attaches only the full report of the revision, an excerpt from the packets folder, and changes.json',
      );
    }
    distribution ??= readDistribution(packetsDir, p.revision, effects);
    const listed = await distribution;
    if (hasErrors(listed.diagnostics)) return listed.diagnostics.find((d) => d.severity === 'error')!;
    const sum = listed.sums.get(name);
    if (!sum)
      return error(
        at,
        'send/packet-missing',
        `the packet of ${recipient} for revision ${p.revision} (${name}) is not listed in ${join(packetsDir, DISTRIBUTION)}`,
        'run "hlsd-report packets" after publish, so the packets carry the published revision',
      );
    const path = insideFolder(packetsDir, name);
    if (!hashed.has(path)) hashed.set(path, await effects.readFile(path).then(sha256, () => undefined));
    const actual = hashed.get(path);
    if (actual === undefined)
      return error(
        at,
        'send/packet-missing',
        `the packet of ${recipient} for revision ${p.revision} (${name}) is not in ${packetsDir}`,
        'run "hlsd-report packets" after publish, so the packets carry the published revision',
      );
    if (actual !== sum)
      return error(
        at,
        'send/packet-changed',
        `${name} does not match the SHA-256 that ${DISTRIBUTION} records for it`,
        'run "hlsd-report packets" again; do not edit the packets folder',
      );
    return { filename: name, path, sha256: sum, contentType };
  };
}

/**
 * An attachment as its finished MIME part (headers and base64 body, lines of 76), read and checked
 * against its recorded digest (a file changed since the plan is refused). The last few parts made
 * are kept for the next messages: thousands of recipients of the full report share four files, so
 * each is read, checked and encoded once, and the memory stays a few files' worth.
 */
async function attachmentPart(a: Attachment, effects: Effects): Promise<Buffer> {
  const key = `${a.path}\u0000${a.sha256}\u0000${a.filename}\u0000${a.contentType}`;
  const kept = recent.get(key);
  if (kept !== undefined) return kept;
  const bytes = await effects.readFile(a.path);
  if (sha256(bytes) !== a.sha256) throw new AttachmentChanged(a);
  // The names are bare packet names (ATTACHMENT_NAME): no quoting or encoding is needed.
  const part = Buffer.from(
    `Content-Type: ${a.contentType}; name="${a.filename}"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="${a.filename}"\r\n\r\n${bytes.toString('base64').replace(/.{76}(?=.)/g, '$&\r\n')}\r\n`,
    'latin1',
  );
  recent.set(key, part);
  for (const old of recent.keys()) if (recent.size > RECENT_FILES) recent.delete(old);
  return part;
}

const RECENT_FILES = 4;
const recent = new Map<string, Buffer>();

export class AttachmentChanged extends Error {
  constructor(readonly attachment: Attachment) {
    super(`${attachment.path} changed after send checked it: its SHA-256 is no longer ${attachment.sha256}`);
  }
}

function filesText(attachments: readonly Attachment[], p: PublishedRevision, t: Translator): string {
  const lines = [
    t.t('mail.files', { revision: p.revision }),
    ...attachments.map((a) => t.t('mail.file', { file: a.filename, sha256: a.sha256 })),
  ];
  const first = attachments[0]!.filename;
  const verify = [t.t('mail.verify.sum', { file: first })];
  const pdf = attachments.find((a) => a.filename.endsWith('.pdf') && /^HLSD-\d{4}-annual-report-/.test(a.filename));
  if (p.signer && pdf) verify.push(t.t('mail.verify.signed', { signer: p.signer, file: pdf.filename }));
  return `${lines.join('\n')}\n\n${verify.join('\n')}`;
}

function partsText(s: Stakeholder, t: Translator): string {
  const parts = [
    ...s.goals.map((n) => t.t('part.goal', { number: n })),
    ...s.actions.map((n) => t.t('part.action', { number: n })),
  ];
  return parts.length <= 1
    ? (parts[0] ?? '')
    : `${parts.slice(0, -1).join(t.t('part.sep'))}${t.t('part.and')}${parts.at(-1)}`;
}

function message(m: {
  kind: DeliveryKind;
  s: Pick<Stakeholder, 'recipient' | 'organisation' | 'email' | 'language' | 'format' | 'scope'>;
  slug: string;
  revision: number;
  year: number;
  attachments: Attachment[];
  subject: string;
  text: string;
  sender: Sender;
  at: OutgoingMessage['at'];
}): OutgoingMessage {
  const files = m.attachments.map((a) => a.filename);
  const key = `${packetKey(m.s.email, files)}\u0000r${m.revision}`;
  const id = createHash('sha256').update(`${m.kind}\u0000${key}`).digest('hex').slice(0, 24);
  return {
    name: `HLSD-${m.year}-r${m.revision}-${m.kind === 'correction' ? 'correction-' : ''}${m.slug}.eml`,
    kind: m.kind,
    recipient: m.s.recipient,
    organisation: m.s.organisation,
    email: m.s.email,
    language: m.s.language,
    format: m.s.format,
    scope: m.s.scope,
    revision: m.revision,
    attachments: m.attachments,
    subject: m.subject,
    text: m.text,
    messageId: `<hlsd-${m.year}-r${m.revision}-${m.kind}-${id}@${m.sender.domain}>`,
    key,
    at: m.at,
  };
}

/** The message as RFC 5322 bytes (CRLF line ends), ready for an .eml file or the SMTP DATA command. */
export async function compose(m: OutgoingMessage, sender: Sender, date: Date, effects: Effects): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const a of m.attachments) parts.push(await attachmentPart(a, effects));
  // The composer writes a marker where each attachment goes, and the finished parts are put in
  // its place: the megabytes of an attachment are copied once, not passed through the composer's
  // streams for every message. Attachments follow the text, so each marker's last occurrence is its own.
  const marker = (i: number) => `X-HLSD-Attachment-${i}-${m.messageId.replace(/[^a-z0-9]/gi, '').slice(0, 24)}`;
  const composer = new MailComposer({
    from: sender.from,
    to: { name: m.recipient, address: m.email },
    subject: m.subject,
    text: m.text,
    date,
    messageId: m.messageId,
    headers: {
      'Content-Language': m.language === 'es' ? 'es-MX' : 'en-US',
      'X-HLSD-Revision': String(m.revision),
      'X-HLSD-Kind': m.kind,
    },
    attachments: parts.map((_, i) => ({ raw: marker(i) })),
    baseBoundary: m.messageId.replace(/[^a-z0-9]/gi, '').slice(0, 32),
  });
  const skeleton = await new Promise<Buffer>((resolve, reject) =>
    composer.compile().build((err, bytes) => (err ? reject(err) : resolve(bytes))),
  );
  const pieces: Buffer[] = [];
  let end = skeleton.length;
  for (let i = parts.length - 1; i >= 0; i--) {
    const at = skeleton.lastIndexOf(marker(i), end - 1, 'latin1');
    if (at < 0) throw new Error(`compose: the composer dropped attachment ${i} of ${m.messageId}`);
    pieces.unshift(parts[i]!, skeleton.subarray(at + marker(i).length, end));
    end = at;
  }
  pieces.unshift(skeleton.subarray(0, end));
  return Buffer.concat(pieces);
}

/** Messages not yet delivered according to the log. */
export function pending(messages: readonly OutgoingMessage[], deliveries: readonly Delivery[]): OutgoingMessage[] {
  const done = delivered(deliveries);
  return messages.filter((m) => !done.has(m.key));
}

/** The messages by what the log says of them: to send, delivered, or handed over with no answer logged. */
export function triage(
  messages: readonly OutgoingMessage[],
  deliveries: readonly Delivery[],
): { todo: OutgoingMessage[]; done: number; unknown: { message: OutgoingMessage; intent: Delivery }[] } {
  const states = outcomes(deliveries);
  const todo: OutgoingMessage[] = [];
  const unknown: { message: OutgoingMessage; intent: Delivery }[] = [];
  let done = 0;
  for (const m of messages) {
    const o = states.get(m.key);
    if (o?.state === 'sent') done++;
    else if (o?.state === 'unknown') unknown.push({ message: m, intent: o.last });
    else todo.push(m);
  }
  return { todo, done, unknown };
}

/** `Name <addr@domain>` or `addr@domain` → the parts, or undefined when it is not one address. */
export function parseSender(from: string): Sender | undefined {
  const m = /^\s*(?:[^<>@,;]*<)?([^\s<>@,;"]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})>?\s*$/.exec(from);
  return m ? { from: from.trim(), domain: m[2]!.toLowerCase() } : undefined;
}
