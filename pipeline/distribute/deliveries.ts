// published/<year>/deliveries.csv: one line per message handed to the SMTP server (or refused by
// it), appended as each message goes, so a batch stopped part-way resumes where it stopped and a
// re-run never sends the same revision of the same files to the same address twice.

import { join } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Effects } from '../effects.js';
import { parseCsv } from '../ingest/csv.js';
import type { Lang } from '../core/types.js';
import type { Format } from '../options.js';
import { toCsv } from '../publish/csv.js';

export const DELIVERIES = 'deliveries.csv';
export const DELIVERY_COLUMNS = ['time', 'recipient', 'organisation', 'email', 'language', 'format', 'scope', 'kind', 'revision', 'files', 'sha256', 'message_id', 'result', 'detail'] as const;

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
  result: 'sent' | 'failed';
  /** The server's answer or the error. */
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
  return `${email.trim().toLowerCase()}\u0000${files.filter((f) => f !== 'changes.json').map(withoutRevision).join('\u0000')}`;
}

export function withoutRevision(file: string): string {
  return file.replace(/^(HLSD-\d{4}-(?:annual-report|excerpt))-r\d+-/, '$1-r*-');
}

/** The same file name in revision `revision`. */
export function atRevision(file: string, revision: number): string {
  return file.replace(/^(HLSD-\d{4}-(?:annual-report|excerpt))-r\d+-/, `$1-r${revision}-`);
}

/** Every delivery logged so far (none when the file does not exist); malformed lines are errors. */
export async function readDeliveries(file: string, effects: Effects): Promise<{ deliveries: Delivery[]; diagnostics: Diagnostic[] }> {
  let bytes: Buffer;
  try {
    bytes = await effects.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { deliveries: [], diagnostics: [] };
    return { deliveries: [], diagnostics: [error({ file }, 'send/log-unreadable', `the delivery log cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, 'fix its permissions; the log is how send knows who already received which revision')] };
  }
  const parsed = parseCsv(file, bytes);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const names = parsed.header.map((h) => h.name);
  const missing = DELIVERY_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    diagnostics.push(error({ file, line: 1, column: 1 }, 'send/log-columns', `the delivery log lacks the column(s) ${missing.join(', ')}`, 'restore deliveries.csv from a backup; it is written by send and must not be edited'));
    return { deliveries: [], diagnostics };
  }
  const deliveries: Delivery[] = [];
  for (const row of parsed.rows) {
    const c = (k: (typeof DELIVERY_COLUMNS)[number]) => unneutralize(row.cells[k] ?? '');
    const revision = Number(c('revision'));
    const bad = (column: string, what: string) => diagnostics.push(error({ file, line: row.line, column: row.columns[column] ?? 1 }, 'send/log-row', `${column} ${JSON.stringify(c(column as never))} ${what}`, 'restore deliveries.csv from a backup; it is written by send and must not be edited'));
    if (!Number.isInteger(revision) || revision < 1) bad('revision', 'is not a revision number');
    else if (!['sent', 'failed'].includes(c('result'))) bad('result', 'is not sent or failed');
    else if (!['report', 'correction'].includes(c('kind'))) bad('kind', 'is not report or correction');
    else if (!['en', 'es'].includes(c('language'))) bad('language', 'is not en or es');
    else {
      deliveries.push({
        time: c('time'),
        recipient: c('recipient'),
        organisation: c('organisation'),
        email: c('email'),
        language: c('language') as Lang,
        format: c('format') as Format,
        scope: c('scope') === 'excerpt' ? 'excerpt' : 'full',
        kind: c('kind') as DeliveryKind,
        revision,
        files: c('files').split(';').filter(Boolean),
        sha256: c('sha256').split(';').filter(Boolean),
        messageId: c('message_id'),
        result: c('result') as Delivery['result'],
        detail: c('detail'),
        line: row.line,
      });
    }
  }
  return { deliveries, diagnostics };
}

/** toCsv prefixes an apostrophe to cells that would start a formula; read them back as written. */
function unneutralize(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** Appends one delivery (the header first when the log is new), atomically: the log is never torn. */
export async function appendDelivery(file: string, d: Delivery, effects: Effects): Promise<void> {
  let before = '';
  try {
    before = (await effects.readFile(file)).toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const csv = toCsv(DELIVERY_COLUMNS, [[d.time, d.recipient, d.organisation, d.email, d.language, d.format, d.scope, d.kind, d.revision, d.files.join(';'), d.sha256.join(';'), d.messageId, d.result, d.detail.replace(/\s+/g, ' ').trim()]]);
  const line = csv.slice(csv.indexOf('\n') + 1);
  await effects.writeFileAtomic(file, before === '' ? csv : `${before}${before.endsWith('\n') ? '' : '\n'}${line}`);
}

/** Keys (packetKey + revision) of the deliveries that went through. */
export function delivered(deliveries: readonly Delivery[]): Set<string> {
  return new Set(deliveries.filter((d) => d.result === 'sent').map((d) => `${packetKey(d.email, d.files)}\u0000r${d.revision}`));
}
