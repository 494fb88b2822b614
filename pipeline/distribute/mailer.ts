// Sending over SMTP (nodemailer): one message at a time, its intent logged in deliveries.csv before
// it is handed over and the server's answer as soon as it comes, at most `limit` per run and `rate`
// per minute. The first failure stops the batch (it is logged as failed); the next run sends what
// is still pending, starting with it. The caller holds the log's lock (commands/send.ts).

import nodemailer from 'nodemailer';
import type { RuleId } from '../diagnostics/rules.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Effects } from '../effects.js';
import { appendDelivery, type Delivery } from './deliveries.js';
import { AttachmentChanged, compose, type OutgoingMessage, type Sender } from './outbox.js';

/** Environment variables holding the SMTP credentials (never the URL, never a flag). */
export const SMTP_USER_ENV = 'HLSD_SMTP_USER';
export const SMTP_PASSWORD_ENV = 'HLSD_SMTP_PASSWORD';

export interface SmtpTarget {
  url: URL;
  user?: string;
  password?: string;
}

/** Checks an smtp:// or smtps:// URL; the problem as text (a usage error) when it is not usable. */
export function parseSmtpUrl(raw: string, env: NodeJS.ProcessEnv = process.env): SmtpTarget | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `--smtp takes a URL like smtp://mail.example.org:587; got "${raw}"`;
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    return `--smtp takes an smtp:// or smtps:// URL; got "${url.protocol}"`;
  if (url.username || url.password)
    return `--smtp must not carry credentials (they would show in the process list and the shell history): set ${SMTP_USER_ENV} and ${SMTP_PASSWORD_ENV} instead`;
  const user = env[SMTP_USER_ENV];
  const password = env[SMTP_PASSWORD_ENV];
  return { url, ...(user ? { user, password: password ?? '' } : {}) };
}

/** The steps of one message, where a test may kill the process (HLSD_SEND_CRASH_AT in commands/send.ts). */
export type SendStep = 'before-intent' | 'after-intent' | 'after-answer';

export interface SendOptions {
  target: SmtpTarget;
  sender: Sender;
  logFile: string;
  /** Messages to send in this run at most (undefined: all). */
  limit?: number;
  /** Messages per minute (0: no pause). */
  rate: number;
  /** Called after each message, for a progress line. */
  onResult?(m: OutgoingMessage, d: Delivery): void;
  sleep?: (ms: number) => Promise<void>;
  /** Called at each step of each message (1-based in this run): the crash test's hook. */
  step?(step: SendStep, index: number): void | Promise<void>;
}

export interface SendResult {
  sent: OutgoingMessage[];
  /** The message that failed (the batch stopped there), with the error. */
  failed?: { message: OutgoingMessage; detail: string };
  /** Pending messages not attempted because of --limit or the failure. */
  left: number;
  diagnostics: Diagnostic[];
}

/**
 * Sends `messages` (those the log says are still to send) one at a time: each is composed (its
 * attachments read and checked against their digests), its intent appended and flushed to the log,
 * handed to the server, and the server's answer appended. So at every instant the log knows of
 * every message that may have reached the server. The first failure stops the batch.
 */
export async function sendAll(
  messages: readonly OutgoingMessage[],
  o: SendOptions,
  effects: Effects,
): Promise<SendResult> {
  const { url } = o.target;
  const transport = nodemailer.createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    // STARTTLS whenever the server offers it (nodemailer's default); with ?requireTLS=true, refuse a server that does not.
    requireTLS: url.searchParams.get('requireTLS') === 'true',
    ...(o.target.user ? { auth: { user: o.target.user, pass: o.target.password ?? '' } } : {}),
    // One connection for the whole batch, one message at a time.
    pool: true,
    maxConnections: 1,
    maxMessages: Infinity,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const count = o.limit === undefined ? messages.length : Math.min(o.limit, messages.length);
  const sent: OutgoingMessage[] = [];
  const stop = (m: OutgoingMessage, rule: RuleId, message: string, hint: string, detail: string): SendResult => {
    const left = messages.length - sent.length - 1;
    return {
      sent,
      failed: { message: m, detail },
      left,
      diagnostics: [
        error(
          { file: o.logFile },
          rule,
          `${message}; ${sent.length} message(s) sent before it, ${left + 1} not sent`,
          hint,
        ),
      ],
    };
  };
  try {
    for (let i = 0; i < count; i++) {
      const m = messages[i]!;
      if (i > 0 && o.rate > 0) await sleep(60_000 / o.rate);
      await o.step?.('before-intent', i + 1);
      let raw: Buffer;
      try {
        raw = await compose(m, o.sender, effects.clock(), effects);
      } catch (e) {
        const what =
          e instanceof AttachmentChanged
            ? e.message
            : `an attachment of ${m.email} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
        return stop(
          m,
          'send/packet-changed',
          what,
          'make the packets again ("hlsd-report packets") or restore the revision; do not change them while send runs',
          what,
        );
      }
      const record = (result: Delivery['result'], detail: string): Delivery => ({
        time: effects.clock().toISOString(),
        recipient: m.recipient,
        organisation: m.organisation,
        email: m.email,
        language: m.language,
        format: m.format,
        scope: m.scope,
        kind: m.kind,
        revision: m.revision,
        files: m.attachments.map((a) => a.filename),
        sha256: m.attachments.map((a) => a.sha256),
        messageId: m.messageId,
        result,
        detail,
      });
      try {
        await appendDelivery(o.logFile, record('sending', ''), effects);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? String(e);
        return stop(
          m,
          'send/log-unwritable',
          `the delivery log cannot record the message to ${m.email} (${code}), so it was not sent`,
          'free some space or fix the permissions of the log, then run the same command again',
          code,
        );
      }
      await o.step?.('after-intent', i + 1);
      let result: Delivery['result'] = 'sent';
      let detail: string;
      try {
        const info = await transport.sendMail({ envelope: { from: o.sender.from, to: [m.email] }, raw });
        if (info.rejected.length > 0)
          throw Object.assign(new Error(`the server refused ${info.rejected.join(', ')}`), { response: info.response });
        detail = String(info.response ?? 'accepted');
      } catch (e) {
        result = 'failed';
        detail = describe(e);
      }
      await o.step?.('after-answer', i + 1);
      const d = record(result, detail);
      try {
        await appendDelivery(o.logFile, d, effects);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? String(e);
        return stop(
          m,
          'send/log-unwritable',
          `the server answered "${detail}" for ${m.email} but the delivery log cannot record it (${code}): its outcome stays unknown and it will not be sent again without --resend-unknown`,
          'free some space or fix the permissions of the log, then run the same command again',
          code,
        );
      }
      o.onResult?.(m, d);
      if (result === 'failed') {
        return stop(
          m,
          'send/smtp-failed',
          `sending to ${m.email} (${m.recipient}) failed: ${detail}`,
          'fix the problem (server, address, credentials) and run the same command again: what was sent is skipped, the rest is sent',
          detail,
        );
      }
      sent.push(m);
    }
  } finally {
    transport.close();
  }
  return { sent, left: messages.length - sent.length, diagnostics: [] };
}

function describe(e: unknown): string {
  const err = e as { message?: string; response?: string; code?: string };
  const text = err.response ?? err.message ?? String(e);
  return `${err.code ? `${err.code}: ` : ''}${text}`.replace(/\s+/g, ' ').trim();
}
