// End to end: each message at most once, to every recipient (issue #26), against a real SMTP server
// on 127.0.0.1 (smtp-server). One project publishes revision 1 once; each case works on its own
// copy of published/ (--published), so each has its own delivery log. Cases: send killed (SIGKILL)
// at each step of a message, then run again; two sends at once; one mailbox spelled in NFC and NFD;
// one name at two addresses; a log naming a file outside the project; --limit 5 of 5,000. Each ends
// with every address having received each message exactly once, or a refusal with nothing sent.

import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync, STACK_LINE, type CliRun } from '../fixtures/cli-bad/project.js';
import { scratchProject, YEAR } from '../helpers/cli.js';

const FROM = 'HLSD Secretariat <hlsd@example.org>';
const HEADER = 'recipient,organisation,email,language,format,goals,actions,scope\n';
/** Three recipients of the full report (no packets needed). */
const THREE = `${HEADER}Ana Example,Example Office (fictional),ana@example.org,es,pdf,,,full
Ben Example,Example Office (fictional),ben@example.org,en,html,,,full
Cy Example,Example Office (fictional),cy@example.org,en,pdf,,,full
`;

let dir: string;
let server: SMTPServer;
let port: number;
/** Every message the server received: envelope recipient, message id, and the copy it belongs to. */
const received: { to: string; id: string; published: string }[] = [];
let copies = 0;

const cli = (args: string[], env: Record<string, string> = {}): Promise<CliRun> =>
  runCliAsync(args, { cwd: dir, env: { HLSD_MAIL_FROM: FROM, ...env }, timeoutMs: 240_000 });
/** A fresh copy of the published revision, with no delivery log: one case's world. */
function freshPublished(): string {
  const name = `published-${++copies}`;
  cpSync(join(dir, 'published'), join(dir, name), { recursive: true });
  return name;
}
const send = (published: string, stakeholders: string, extra: string[] = [], env: Record<string, string> = {}) =>
  cli(
    [
      'send',
      '--smtp',
      `smtp://127.0.0.1:${port}`,
      '--published',
      published,
      '--stakeholders',
      stakeholders,
      '--rate',
      '0',
      ...extra,
    ],
    env,
  );
const logRows = (published: string) =>
  parse(readFileSync(join(dir, published, String(YEAR), 'deliveries.csv'), 'utf8'), { columns: true }) as Record<
    string,
    string
  >[];
const inbox = (published: string) => received.filter((r) => r.published === published);
const ok = (r: CliRun) => {
  expect(`${r.stdout}${r.stderr}`).not.toMatch(STACK_LINE);
  expect(r.status, r.stderr).toBe(0);
};
/** Each address got each of its messages exactly once. */
function exactlyOnce(published: string, expected: string[]): void {
  const got = inbox(published);
  expect(got.map((r) => r.to).sort()).toEqual([...expected].sort());
  expect(new Set(got.map((r) => `${r.to} ${r.id}`)).size).toBe(got.length);
}

beforeAll(async () => {
  dir = scratchProject('hlsd-send-once-');
  writeFileSync(join(dir, 'three.csv'), THREE);
  server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        const id = /^Message-ID: (<[^>]+>)/im.exec(raw)?.[1] ?? '';
        for (const r of session.envelope.rcptTo) received.push({ to: r.address, id, published: '' });
        cb(null, 'Message queued');
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
  ok(await cli(['publish']));
}, 300_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(resolve) : resolve()));
});

/** Runs `fn` and labels every message received meanwhile with `published` (cases run one after another). */
async function labelled<T>(published: string, fn: () => Promise<T>): Promise<T> {
  const from = received.length;
  try {
    return await fn();
  } finally {
    for (const r of received.slice(from)) r.published = published;
  }
}

describe('send: at most once', () => {
  it.each(['before-intent', 'after-intent', 'after-answer'] as const)(
    'killed %s of the second message: no address receives a message twice',
    async (step) => {
      const pub = freshPublished();
      const killed = await labelled(pub, () => send(pub, 'three.csv', [], { HLSD_SEND_CRASH_AT: `${step}:2` }));
      expect(killed.signal).toBe('SIGKILL');
      // The lock the killed run left names a process that is gone: the next run takes it over.
      expect(existsSync(join(dir, pub, String(YEAR), 'deliveries.csv.lock'))).toBe(true);
      const server1 = inbox(pub).map((r) => r.to);
      expect(server1).toEqual(step === 'after-answer' ? ['ana@example.org', 'ben@example.org'] : ['ana@example.org']);
      const rows = () => logRows(pub).map((x) => `${x.email} ${x.result}`);
      expect(rows()).toEqual(
        {
          'before-intent': ['ana@example.org sending', 'ana@example.org sent'],
          'after-intent': ['ana@example.org sending', 'ana@example.org sent', 'ben@example.org sending'],
          'after-answer': ['ana@example.org sending', 'ana@example.org sent', 'ben@example.org sending'],
        }[step],
      );

      const again = await labelled(pub, () => send(pub, 'three.csv'));
      ok(again);
      expect(existsSync(join(dir, pub, String(YEAR), 'deliveries.csv.lock'))).toBe(false);
      if (step === 'before-intent') {
        expect(again.stderr).not.toMatch(/outcome-unknown/);
        exactlyOnce(pub, ['ana@example.org', 'ben@example.org', 'cy@example.org']);
        return;
      }
      // Ben's message was handed over (or about to be) when the run died: reported, not sent again.
      expect(again.stderr).toMatch(
        new RegExp(
          `deliveries\\.csv:4:1 {2}warning {2}send/outcome-unknown {2}<hlsd-${YEAR}-r1-report-[0-9a-f]{24}@example\\.org> to ben@example\\.org was handed to the server .* it is not sent again`,
        ),
      );
      expect(again.stderr).toMatch(
        /hint: check the server's log or ask the recipient; if it did not arrive, run the same command with --resend-unknown/,
      );
      expect(again.stderr).toMatch(/1 message\(s\) sent .*; 1 of unknown outcome not sent again/);
      const third = await labelled(pub, () => send(pub, 'three.csv'));
      ok(third);
      expect(third.stderr).toMatch(/0 message\(s\) sent/);
      if (step === 'after-answer') {
        // It did arrive (the server has it): the operator leaves it be, and nobody has two copies.
        exactlyOnce(pub, ['ana@example.org', 'ben@example.org', 'cy@example.org']);
        return;
      }
      // It never reached the server: the operator checks, and sends it again explicitly.
      exactlyOnce(pub, ['ana@example.org', 'cy@example.org']);
      const resend = await labelled(pub, () => send(pub, 'three.csv', ['--resend-unknown']));
      ok(resend);
      expect(resend.stderr).toMatch(/send\/outcome-unknown .* sent again \(--resend-unknown\)/);
      exactlyOnce(pub, ['ana@example.org', 'ben@example.org', 'cy@example.org']);
      ok(await labelled(pub, () => send(pub, 'three.csv', ['--resend-unknown'])));
      exactlyOnce(pub, ['ana@example.org', 'ben@example.org', 'cy@example.org']);
      expect(
        logRows(pub)
          .filter((x) => x.result === 'sent')
          .map((x) => x.email)
          .sort(),
      ).toEqual(['ana@example.org', 'ben@example.org', 'cy@example.org']);
    },
    300_000,
  );

  it('two sends at once: the second stops at once (exit 1, send/locked), and every address gets one copy', async () => {
    const pub = freshPublished();
    const results = await labelled(pub, async () => {
      // 20 a minute: the first run holds the lock for about 6 s.
      const first = send(pub, 'three.csv', ['--rate', '20']);
      const lock = join(dir, pub, String(YEAR), 'deliveries.csv.lock');
      for (let i = 0; i < 600 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(lock)).toBe(true);
      const second = await send(pub, 'three.csv');
      return [await first, second] as const;
    });
    const [first, second] = results;
    ok(first);
    expect(second.status, second.stderr).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(
        `deliveries\\.csv {2}error {2}send/locked {2}another send \\(process \\d+\\) is using the delivery log of ${YEAR}; nothing was sent`,
      ),
    );
    exactlyOnce(pub, ['ana@example.org', 'ben@example.org', 'cy@example.org']);
    // Two more at the same instant, with nothing left to send: still no second copy, and the log is whole.
    const [a, b] = await labelled(pub, () => Promise.all([send(pub, 'three.csv'), send(pub, 'three.csv')]));
    expect([a.status, b.status].sort()).toEqual(a.status === 0 && b.status === 0 ? [0, 0] : [0, 1]);
    exactlyOnce(pub, ['ana@example.org', 'ben@example.org', 'cy@example.org']);
    expect(logRows(pub).map((x) => x.result)).toEqual(['sending', 'sent', 'sending', 'sent', 'sending', 'sent']);
  }, 300_000);
});

describe('send: recipients are addresses', () => {
  it('one mailbox in NFC and NFD is one recipient (a warning names both lines); one name at two addresses is two', async () => {
    const pub = freshPublished();
    writeFileSync(
      join(dir, 'spellings.csv'),
      `${HEADER}José Example,Example Office (fictional),jos\u00e9@example.org,es,pdf,,,full
José Example (copy),Example Office (fictional),jose\u0301@example.org,es,pdf,,,full
Same Name,Example Office (fictional),first@example.org,en,pdf,,,full
Same Name,Example Office (fictional),second@example.org,en,pdf,,,full
`,
    );
    const r = await labelled(pub, () => send(pub, 'spellings.csv'));
    ok(r);
    expect(r.stderr).toMatch(
      /spellings\.csv:3:\d+ {2}warning {2}stakeholder\/duplicate {2}this row sends the same packet to the same address as line 2/,
    );
    expect(r.stderr).toMatch(/3 message\(s\) sent/);
    // smtp-server gives the envelope address as written; both spellings are one mailbox.
    const got = inbox(pub).map((x) => x.to.normalize('NFC'));
    expect(got.sort()).toEqual(['first@example.org', 'josé@example.org', 'second@example.org']);
    ok(await labelled(pub, () => send(pub, 'spellings.csv')));
    expect(inbox(pub)).toHaveLength(3);
  }, 120_000);
});

describe('send: only files the project made', () => {
  it('refuses a log whose files column leaves the folder, at its line and column, and sends nothing', async () => {
    const pub = freshPublished();
    ok(await labelled(pub, () => send(pub, 'three.csv', ['--limit', '1'])));
    const log = join(dir, pub, String(YEAR), 'deliveries.csv');
    writeFileSync(join(dir, 'outside-secret.txt'), 'secret\n');
    const text = readFileSync(log, 'utf8');
    writeFileSync(log, text.replace(`HLSD-${YEAR}-annual-report-r1-ES.pdf`, '../../../../outside-secret.txt'));
    const before = inbox(pub).length;
    for (const args of [[], ['--corrections']]) {
      const r = await labelled(pub, () =>
        cli([
          'send',
          '--smtp',
          `smtp://127.0.0.1:${port}`,
          '--published',
          pub,
          ...(args.length ? args : ['--stakeholders', 'three.csv']),
          '--rate',
          '0',
        ]),
      );
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(
          `${pub}/${YEAR}/deliveries\\.csv:2:\\d+ {2}error {2}send/log-file {2}files "\\.\\./\\.\\./\\.\\./\\.\\./outside-secret\\.txt" names a file send never attaches`,
        ),
      );
    }
    expect(inbox(pub)).toHaveLength(before);
  }, 120_000);
});

describe('send: bounded', () => {
  it('--limit 5 of 5,000 recipients sends 5 in seconds', async () => {
    const pub = freshPublished();
    const rows = Array.from(
      { length: 5000 },
      (_, i) =>
        `SYNTHETIC Recipient ${i + 1},SYNTHETIC Office (generated),synthetic-${i + 1}@example.org,${i % 2 ? 'en' : 'es'},${i % 3 ? 'pdf' : 'html'},,,full`,
    );
    writeFileSync(join(dir, 'synthetic-5000.csv'), `${HEADER}${rows.join('\n')}\n`);
    const started = Date.now();
    const r = await labelled(pub, () => send(pub, 'synthetic-5000.csv', ['--limit', '5']));
    ok(r);
    expect(Date.now() - started).toBeLessThan(40_000);
    expect(r.stderr).toMatch(/5 message\(s\) sent for revision 1 of \d{4}; 4995 left for the next run/);
    exactlyOnce(pub, [
      'synthetic-1@example.org',
      'synthetic-2@example.org',
      'synthetic-3@example.org',
      'synthetic-4@example.org',
      'synthetic-5@example.org',
    ]);
  }, 120_000);
});
