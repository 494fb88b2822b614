// sendAll against a real SMTP server on 127.0.0.1 (smtp-server), with a delivery log that cannot
// be written: the intent is logged before the message is handed over, so a log that refuses it
// means the message never reaches the server (the read-only published/ case).

import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Effects } from '../../pipeline/effects.js';
import { sendAll } from '../../pipeline/distribute/mailer.js';
import type { OutgoingMessage } from '../../pipeline/distribute/outbox.js';
import { sha256 } from '../../pipeline/core/hash.js';

let server: SMTPServer;
let port: number;
const received: string[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, cb) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received.push(...session.envelope.rcptTo.map((r) => r.address));
        cb(null, 'Message queued');
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const PDF = Buffer.from('%PDF-1.7 synthetic attachment\n');
const message = (email: string): OutgoingMessage => ({
  name: `${email}.eml`,
  kind: 'report',
  recipient: 'Example Recipient',
  organisation: 'Example Office (fictional)',
  email,
  language: 'en',
  format: 'pdf',
  scope: 'full',
  revision: 1,
  attachments: [
    {
      filename: 'HLSD-2022-annual-report-r1-EN.pdf',
      path: 'r1/hlsd-report-2022-en.pdf',
      sha256: sha256(PDF),
      contentType: 'application/pdf',
    },
  ],
  subject: 'Report',
  text: 'Attached.',
  messageId: `<hlsd-2022-r1-report-${email.replace(/\W/g, '')}@example.org>`,
  key: email,
  at: { file: 'stakeholders.csv', line: 2 },
});

/** In-memory files; writes to the log fail with `code` from the `failFrom`-th write on. */
function effects(code: string | undefined, failFrom = 1): Effects & { written: string[] } {
  const files = new Map<string, Buffer>([['r1/hlsd-report-2022-en.pdf', PDF]]);
  let writes = 0;
  const fail = (path: string) => {
    if (code && path.endsWith('deliveries.csv') && ++writes >= failFrom)
      throw Object.assign(new Error(`${code}: ${path}`), { code });
  };
  const written: string[] = [];
  return {
    written,
    readFile: async (path) => {
      const b = files.get(path);
      if (!b) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return b;
    },
    listDir: async () => [],
    writeFileAtomic: async (path, data) => {
      fail(path);
      files.set(path, Buffer.from(data));
      written.push(Buffer.from(data).toString('utf8'));
    },
    writeFolderAtomic: async () => ({ cleaned: [] }),
    folderProblem: async () => undefined,
    remove: async () => undefined,
    stdout: () => undefined,
    log: () => undefined,
    clock: () => new Date('2023-11-14T22:13:20Z'),
    exists: async (path) => files.has(path),
  };
}

describe('sendAll and the delivery log', () => {
  const target = () => ({ url: new URL(`smtp://127.0.0.1:${port}`) });
  const sender = { from: 'HLSD Secretariat <hlsd@example.org>', domain: 'example.org' };

  it('sends nothing when the log refuses the first intent (send/log-unwritable)', async () => {
    received.length = 0;
    const r = await sendAll(
      [message('a@example.org'), message('b@example.org')],
      { target: target(), sender, logFile: 'published/2022/deliveries.csv', rate: 0 },
      effects('EROFS'),
    );
    expect(received).toEqual([]);
    expect(r.sent).toEqual([]);
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['send/log-unwritable']);
    expect(r.diagnostics[0]!.message).toMatch(
      /cannot record the message to a@example\.org \(EROFS\), so it was not sent/,
    );
  });

  it('stops when the answer cannot be logged: that message stays of unknown outcome, the next is not sent', async () => {
    received.length = 0;
    const fx = effects('ENOSPC', 2);
    const r = await sendAll(
      [message('a@example.org'), message('b@example.org')],
      { target: target(), sender, logFile: 'published/2022/deliveries.csv', rate: 0 },
      fx,
    );
    expect(received).toEqual(['a@example.org']);
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['send/log-unwritable']);
    expect(r.diagnostics[0]!.message).toMatch(
      /answered "250 .*" for a@example\.org but the delivery log cannot record it \(ENOSPC\): its outcome stays unknown/,
    );
    expect(fx.written.at(-1)).toMatch(/a@example\.org.*,sending,/);
  });

  it('refuses an attachment whose bytes changed since the plan, before its intent', async () => {
    received.length = 0;
    const m = message('a@example.org');
    m.attachments[0]!.sha256 = '0'.repeat(64);
    const fx = effects(undefined);
    const r = await sendAll([m], { target: target(), sender, logFile: 'published/2022/deliveries.csv', rate: 0 }, fx);
    expect(received).toEqual([]);
    expect(fx.written).toEqual([]);
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['send/packet-changed']);
  });
});
