// published/<year>/deliveries.csv: two lines per message, appended as each message goes. First the
// intent ("sending", with the message id), written and flushed before the message is handed to the
// SMTP server; then the server's answer ("sent" or "failed"). A message whose last line is
// "sending" was perhaps delivered (the process died between the two lines): its outcome is unknown,
// and send never sends it again unless the operator says so (--resend-unknown). A batch stopped
// part-way resumes where it stopped, and a re-run never sends the same revision of the same files
// to the same address twice. The log is read back like data: positioned errors, a size limit, and
// only bare file names the tool itself attaches.

import { join } from 'node:path';
import type { RuleId } from '../diagnostics/rules.js';
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Effects } from '../effects.js';
import { parseCsv } from '../ingest/csv.js';
import type { Lang } from '../core/types.js';
import type { Format } from '../options.js';
import { toCsv } from '../publish/csv.js';

export const DELIVERIES = 'deliveries.csv';
export const DELIVERY_COLUMNS = [
  'time',
  'recipient',
  'organisation',
  'email',
  'language',
  'format',
  'scope',
  'kind',
  'revision',
  'files',
  'sha256',
  'message_id',
  'result',
  'detail',
] as const;

export type DeliveryKind = 'report' | 'correction';

export interface Delivery {
  /** ISO time the server answered. */
  time: string;
  recipient: string;
  organisation: string;
  email: string;
  language: Lang;
  format: Format;
  scope: 'full' | 'excerpt';
  kind: DeliveryKind;
  revision: number;
  /** Attachment file names, in message order. */
  files: string[];
  /** SHA-256 of each attachment, same order. */
  sha256: string[];
  messageId: string;
  /** sending: the intent, logged before the message goes to the server; then its answer. */
  result: 'sending' | 'sent' | 'failed';
  /** The server's answer or the error (empty for the intent). */
  detail: string;
  /** Line in deliveries.csv (read back only). */
  line?: number;
}

export function deliveriesPath(publishedDir: string, year: number): string {
  return join(publishedDir, String(year), DELIVERIES);
}

/**
 * The packet a delivery is about, whatever its revision: the address and the attachment names with
 * the revision taken out (HLSD-2022-annual-report-r1-EN.pdf and …-r2-EN.pdf are the same packet).
 */
export function packetKey(email: string, files: readonly string[]): string {
  return `${addressKey(email)}\u0000${files
    .filter((f) => f !== 'changes.json')
    .map(withoutRevision)
    .join('\u0000')}`;
}

/**
 * One mailbox, however it is spelled: Unicode NFC (an accented local part typed as e + combining
 * accent is the same address as é) and lower case. RFC 5321 lets a server treat the local part's
 * case as significant, but none that government mail runs on does, and two copies of an official
 * report are worse than one: send treats Ana@x.org and ana@x.org as one recipient (with a warning).
 */
export function addressKey(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

export function withoutRevision(file: string): string {
  return file.replace(/^(HLSD-\d{4}-(?:annual-report|excerpt))-r\d+-/, '$1-r*-');
}

/** The same file name in revision `revision`. */
export function atRevision(file: string, revision: number): string {
  return file.replace(/^(HLSD-\d{4}-(?:annual-report|excerpt))-r\d+-/, `$1-r${revision}-`);
}

/** The most the delivery log may weigh: about 200,000 lines, far beyond any year's distribution. */
export const MAX_LOG_BYTES = 64 * 1024 * 1024;

/** What send ever attaches: a packet (fullPacketName, excerptPacketName) or changes.json; a bare name. */
export const ATTACHMENT_NAME =
  /^(HLSD-\d{4}-(annual-report|excerpt)-r[1-9]\d*-(EN|ES)(-[a-z0-9-]{1,80})?\.(pdf|html)|changes\.json)$/;
const SHA256 = /^[0-9a-f]{64}$/;
const MESSAGE_ID = /^<[\x21-\x3b\x3d\x3f-\x7e]{1,250}>$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

export interface DeliveryLog {
  deliveries: Delivery[];
  diagnostics: Diagnostic[];
  /**
   * A last line without its line end (the process died while appending it): the bytes before it,
   * which send writes back under its lock before appending (the line itself is reported).
   */
  torn?: { line: number; keep: Buffer };
}

/** Every delivery logged so far (none when the file does not exist); malformed lines are errors. */
export async function readDeliveries(file: string, effects: Effects): Promise<DeliveryLog> {
  let bytes: Buffer;
  try {
    bytes = await effects.readFile(file, MAX_LOG_BYTES);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { deliveries: [], diagnostics: [] };
    const why =
      code === 'EFBIG'
        ? `is larger than ${MAX_LOG_BYTES / 1024 / 1024} MiB`
        : code === 'ENOTREG' || code === 'EISDIR'
          ? 'is not a regular file'
          : `cannot be read (${code ?? String(e)})`;
    return {
      deliveries: [],
      diagnostics: [
        error(
          { file },
          'send/log-unreadable',
          `the delivery log ${why}`,
          'restore deliveries.csv from a backup or fix its permissions; the log is how send knows who already received which revision',
        ),
      ],
    };
  }
  let torn: DeliveryLog['torn'];
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) {
    const cut = bytes.lastIndexOf(0x0a) + 1;
    const line = bytes.subarray(0, cut).toString('utf8').split('\n').length;
    torn = { line, keep: bytes.subarray(0, cut) };
    bytes = bytes.subarray(0, cut);
  }
  if (bytes.length === 0) return { deliveries: [], diagnostics: [], ...(torn ? { torn } : {}) };
  const parsed = parseCsv(file, bytes);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const hint = 'restore deliveries.csv from a backup; it is written by send and must not be edited';
  const names = parsed.header.map((h) => h.name);
  const missing = DELIVERY_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    diagnostics.push(
      error(
        { file, line: 1, column: 1 },
        'send/log-columns',
        `the delivery log lacks the column(s) ${missing.join(', ')}`,
        hint,
      ),
    );
    return { deliveries: [], diagnostics };
  }
  const deliveries: Delivery[] = [];
  for (const row of parsed.rows) {
    const c = (k: (typeof DELIVERY_COLUMNS)[number]) => unneutralize(row.cells[k] ?? '');
    const revision = Number(c('revision'));
    const files = c('files').split(';').filter(Boolean);
    const sums = c('sha256').split(';').filter(Boolean);
    const bad = (column: string, what: string, rule: RuleId = 'send/log-row') =>
      diagnostics.push(
        error(
          { file, line: row.line, column: row.columns[column] ?? 1 },
          rule,
          `${column} ${JSON.stringify(c(column as never))} ${what}`,
          rule === 'send/log-file'
            ? "send attaches only the files it finds in the year's packet and revision folders, by their bare names; restore deliveries.csv from a backup"
            : hint,
        ),
      );
    if (!Number.isInteger(revision) || revision < 1 || revision > 9999) bad('revision', 'is not a revision number');
    else if (!['sending', 'sent', 'failed'].includes(c('result'))) bad('result', 'is not sending, sent or failed');
    else if (!['report', 'correction'].includes(c('kind'))) bad('kind', 'is not report or correction');
    else if (!['en', 'es'].includes(c('language'))) bad('language', 'is not en or es');
    else if (!['pdf', 'html'].includes(c('format'))) bad('format', 'is not pdf or html');
    else if (!['full', 'excerpt'].includes(c('scope'))) bad('scope', 'is not full or excerpt');
    else if (!TIME.test(c('time'))) bad('time', 'is not a UTC time like 2023-11-14T22:13:20.000Z');
    else if (!/^[^\s@]+@[^\s@]+$/.test(c('email'))) bad('email', 'is not an e-mail address');
    else if (files.length === 0 || files.some((f) => !ATTACHMENT_NAME.test(f)))
      bad(
        'files',
        'names a file send never attaches (only packet names and changes.json, without any folder)',
        'send/log-file',
      );
    else if (sums.length !== files.length || sums.some((h) => !SHA256.test(h)))
      bad('sha256', `is not one SHA-256 (64 hex digits) per file`);
    else if (!MESSAGE_ID.test(c('message_id'))) bad('message_id', 'is not a message id like <…@example.org>');
    else {
      deliveries.push({
        time: c('time'),
        recipient: c('recipient'),
        organisation: c('organisation'),
        email: c('email'),
        language: c('language') as Lang,
        format: c('format') as Format,
        scope: c('scope') as Delivery['scope'],
        kind: c('kind') as DeliveryKind,
        revision,
        files,
        sha256: sums,
        messageId: c('message_id'),
        result: c('result') as Delivery['result'],
        detail: c('detail'),
        line: row.line,
      });
    }
  }
  if (torn) {
    diagnostics.push(
      warning(
        { file, line: torn.line, column: 1 },
        'send/log-torn',
        'the last line of the delivery log was cut off (a send was killed while writing it); it is ignored and removed before the next line is written',
        "nothing to do: a cut-off answer leaves the message's intent line, so its outcome is reported as unknown and it is not sent again",
      ),
    );
  }
  return { deliveries, diagnostics, ...(torn ? { torn } : {}) };
}

/** toCsv prefixes an apostrophe to cells that would start a formula; read them back as written. */
function unneutralize(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** The line of one delivery (without the header), as toCsv writes it. */
function deliveryLine(d: Delivery): string {
  const csv = toCsv(DELIVERY_COLUMNS, [
    [
      d.time,
      d.recipient,
      d.organisation,
      d.email,
      d.language,
      d.format,
      d.scope,
      d.kind,
      d.revision,
      d.files.join(';'),
      d.sha256.join(';'),
      d.messageId,
      d.result,
      d.detail.replace(/\s+/g, ' ').trim(),
    ],
  ]);
  return csv.slice(csv.indexOf('\n') + 1);
}

const HEADER = toCsv(DELIVERY_COLUMNS, []);

/**
 * Appends one delivery line and flushes it to the disk before returning (the header first when the
 * log is new). With Effects.appendFile a line is one append: the log is never rewritten, so no line
 * of another writer can be lost; without it (in-memory effects), the log is rewritten atomically.
 */
export async function appendDelivery(file: string, d: Delivery, effects: Effects): Promise<void> {
  // The fast path, once per message: the log exists and ends with a line end (prepareLog made it
  // so, and every append ends with one), so the line is appended without reading the log.
  if (effects.appendFile && (await effects.exists(file))) {
    await effects.appendFile(file, deliveryLine(d));
    return;
  }
  let before: Buffer | undefined;
  try {
    before = await effects.readFile(file, MAX_LOG_BYTES);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (before === undefined || before.length === 0) {
    await effects.writeFileAtomic(file, HEADER + deliveryLine(d));
    return;
  }
  const text = before.toString('utf8');
  await effects.writeFileAtomic(file, `${text}${text.endsWith('\n') ? '' : '\n'}${deliveryLine(d)}`);
}

/**
 * Makes the log ready for appending, before the first message: created with its header when new,
 * a cut-off last line removed, and proved writable (an empty append). Throws what the file system
 * says when it cannot be written.
 */
export async function prepareLog(file: string, log: Pick<DeliveryLog, 'torn'>, effects: Effects): Promise<void> {
  const exists = await effects.readFile(file, MAX_LOG_BYTES).then(
    (b) => b.length > 0,
    (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return false;
      throw e;
    },
  );
  if (!exists) await effects.writeFileAtomic(file, HEADER);
  else if (log.torn) await effects.writeFileAtomic(file, log.torn.keep);
  if (effects.appendFile) await effects.appendFile(file, '');
}

/** Where each message stands according to the log: by packetKey + revision, the last line that counts. */
export type Outcome = { state: 'sent' | 'failed' | 'unknown'; last: Delivery };

export function outcomes(deliveries: readonly Delivery[]): Map<string, Outcome> {
  const map = new Map<string, Outcome>();
  for (const d of deliveries) {
    const key = `${packetKey(d.email, d.files)}\u0000r${d.revision}`;
    if (map.get(key)?.state === 'sent') continue; // once delivered, always delivered
    map.set(key, { state: d.result === 'sending' ? 'unknown' : d.result, last: d });
  }
  return map;
}

/** Keys (packetKey + revision) of the deliveries that went through. */
export function delivered(deliveries: readonly Delivery[]): Set<string> {
  return new Set([...outcomes(deliveries)].filter(([, o]) => o.state === 'sent').map(([k]) => k));
}
