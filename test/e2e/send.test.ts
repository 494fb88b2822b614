// End to end: distribution. A project publishes revision 1 signed with a throwaway certificate,
// makes the packets, and `send` writes the .eml files (--dry-run), then sends them to a real SMTP
// server on 127.0.0.1 (smtp-server, STARTTLS with a throwaway certificate, password login) that
// fails on the third message: the batch stops, is resumed (--limit, --rate), and a re-run sends
// nothing twice. Then the data is corrected, revision 2 published, and `send --corrections` writes
// to everyone at revision 1, in their language, with what changed and the corrected files.
// Every message is parsed back (mailparser): recipients, language, attachments' bytes and hashes.

import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../fixtures/cli-bad/project.js';
import { runCliAsync, STACK_LINE, type CliRun } from '../fixtures/cli-bad/project.js';
import { makeCertificate, type TestCertificate } from '../helpers/certs.js';
import { hasTool, scratchProject, snapshot } from '../helpers/cli.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const FROM = 'HLSD Secretariat <hlsd@example.org>';
const SMTP_USER = 'mailer';
const SMTP_PASSWORD = 'smtp-test-password';

/** Five rows with an address (two of them the same person, two packets), one without. */
const STAKEHOLDERS = `recipient,organisation,email,language,format,goals,actions,scope
Example Agency Liaison,Example Federal Agency (fictional),liaison@example.org,en,pdf,,,full
Enlace de Ejemplo,Secretaría de Ejemplo (ficticia),enlace@example.org,es,pdf,,,full
Example Web Editor,Example Communications Office (fictional),,en,html,,,full
Example Public Health Analyst,Example Health Department (fictional),analyst@example.org,en,pdf,1,2;6,excerpt
Analista de Ejemplo,Unidad de Ejemplo (ficticia),analista@example.org,es,html,2,7;8,excerpt
Enlace de Ejemplo (web),Secretaría de Ejemplo (ficticia),enlace@example.org,es,html,,,full
`;

interface Received {
  raw: Buffer;
  mail: ParsedMail;
  from: string;
  to: string[];
  secure: boolean;
  user: unknown;
  at: number;
}

let dir: string;
let signer: TestCertificate;
let tls: TestCertificate;
let server: SMTPServer;
let port: number;
const received: Received[] = [];
let attempts = 0;
/** The attempt number (1-based, counted over the server's life) the server refuses with 451. */
let failAttempt: number | undefined;

const cli = (args: string[], env: Record<string, string> = {}): Promise<CliRun> =>
  runCliAsync(args, {
    cwd: dir,
    env: {
      HLSD_SIGN_PASSWORD: signer.password,
      NODE_EXTRA_CA_CERTS: join(dir, 'smtp-ca.pem'),
      HLSD_SMTP_USER: SMTP_USER,
      HLSD_SMTP_PASSWORD: SMTP_PASSWORD,
      ...env,
    },
    timeoutMs: 240_000,
  });
const smtp = () => `smtp://127.0.0.1:${port}`;
const log = () =>
  parse(readFileSync(join(dir, 'published/2022/deliveries.csv'), 'utf8'), { columns: true }) as Record<
    string,
    string
  >[];
const ok = (r: CliRun) => {
  expect(`${r.stdout}${r.stderr}`).not.toMatch(STACK_LINE);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.status, r.stderr).toBe(0);
};
const text = (m: ParsedMail) => m.text ?? '';
const attached = (m: ParsedMail) => m.attachments.map((a) => ({ name: a.filename!, bytes: a.content }));

beforeAll(async () => {
  signer = makeCertificate({ commonName: 'Example Signing Office (test)' });
  tls = makeCertificate({ commonName: '127.0.0.1', ips: ['127.0.0.1'] });
  dir = scratchProject('hlsd-send-');
  writeFileSync(join(dir, 'signer.p12'), signer.p12);
  writeFileSync(join(dir, 'smtp-ca.pem'), tls.certPem);
  // The multi-year fixture: its figures are not quoted from the seeds, so one can be corrected.
  rmSync(join(dir, 'data'), { recursive: true });
  cpSync(join(ROOT, 'test/fixtures/multi-year'), join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'data/stakeholders.csv'), STAKEHOLDERS);

  server = new SMTPServer({
    key: tls.keyPem,
    cert: tls.certPem,
    logger: false,
    authMethods: ['PLAIN', 'LOGIN'],
    // Password login only after STARTTLS (smtp-server's default): a message received proves both.
    onAuth(auth, _session, cb) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        attempts++;
        if (failAttempt === attempts) {
          cb(Object.assign(new Error('Temporary local problem, try again later'), { responseCode: 451 }));
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (mail) => {
            received.push({
              raw,
              mail,
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              secure: session.secure,
              user: session.user,
              at: Date.now(),
            });
            cb(null, 'Message queued');
          },
          (e: Error) => cb(e),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;

  ok(await cli(['publish', '--sign', '--cert', 'signer.p12']));
  ok(await cli(['packets']));
}, 480_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(resolve) : resolve()));
});

describe.skipIf(!hasTool('pdfsig'))('send', () => {
  const expected = () => {
    const r1 = join(dir, 'published/2022/r1');
    const packets = join(dir, 'out/2022/packets');
    return [
      {
        email: 'liaison@example.org',
        name: 'Example Agency Liaison',
        lang: 'en',
        file: 'HLSD-2022-annual-report-r1-EN.pdf',
        bytes: readFileSync(join(r1, 'hlsd-report-2022-en.pdf')),
      },
      {
        email: 'enlace@example.org',
        name: 'Enlace de Ejemplo',
        lang: 'es',
        file: 'HLSD-2022-annual-report-r1-ES.pdf',
        bytes: readFileSync(join(r1, 'hlsd-report-2022-es.pdf')),
      },
      {
        email: 'analyst@example.org',
        name: 'Example Public Health Analyst',
        lang: 'en',
        file: 'HLSD-2022-excerpt-r1-EN-example-public-health-analyst.pdf',
        bytes: readFileSync(join(packets, 'HLSD-2022-excerpt-r1-EN-example-public-health-analyst.pdf')),
      },
      {
        email: 'analista@example.org',
        name: 'Analista de Ejemplo',
        lang: 'es',
        file: 'HLSD-2022-excerpt-r1-ES-analista-de-ejemplo.html',
        bytes: readFileSync(join(packets, 'HLSD-2022-excerpt-r1-ES-analista-de-ejemplo.html')),
      },
      {
        email: 'enlace@example.org',
        name: 'Enlace de Ejemplo (web)',
        lang: 'es',
        file: 'HLSD-2022-annual-report-r1-ES.html',
        bytes: readFileSync(join(r1, 'hlsd-report-2022-es.html')),
      },
    ];
  };

  /** The checks every packet message must pass: addressee, language, the attachment and its hash in the body. */
  function checkPacketMessage(mail: ParsedMail, e: ReturnType<typeof expected>[number], revision: number): void {
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value : []).toEqual([{ address: e.email, name: e.name }]);
    expect(mail.from?.value).toEqual([{ address: 'hlsd@example.org', name: 'HLSD Secretariat' }]);
    expect(mail.headers.get('content-language')).toBe(e.lang === 'es' ? 'es-MX' : 'en-US');
    expect(mail.headers.get('x-hlsd-revision')).toBe(String(revision));
    expect(attached(mail)).toEqual([{ name: e.file, bytes: e.bytes }]);
    const body = text(mail);
    expect(body).toContain(`${e.file}\n  SHA-256: ${sha(e.bytes)}`);
    if (e.lang === 'es') {
      expect(mail.subject).toMatch(new RegExp(`^DANS · Informe anual de avances 2022, revisión ${revision}`));
      expect(body).toMatch(new RegExp(`^Estimada/o ${e.name.replace(/[()]/g, '\\$&')}:`));
      expect(body).toContain(`Archivos adjuntos (revisión ${revision}) y sus sumas de verificación SHA-256:`);
    } else {
      expect(mail.subject).toMatch(new RegExp(`^HLSD Annual Progress Report 2022, revision ${revision}`));
      expect(body).toMatch(new RegExp(`^Dear ${e.name},`));
      expect(body).toContain(`Attached files (revision ${revision}) and their SHA-256 checksums:`);
    }
    // Full reports are the signed PDFs, and the body says how to check the signature.
    if (e.file.endsWith('.pdf') && e.file.includes('annual-report')) expect(body).toContain(`pdfsig ${e.file}`);
  }

  it('--dry-run writes one .eml per recipient with an address, in their language, with their packet and its SHA-256', async () => {
    const pub = snapshot(join(dir, 'published'));
    const r = await cli(['send', '--dry-run', '--from', FROM]);
    ok(r);
    expect(r.stderr).toMatch(
      /stakeholders\.csv:4:1 {2}warning {2}send\/no-address {2}Example Web Editor has no e-mail address/,
    );
    const outbox = join(dir, 'out/2022/outbox');
    const names = readdirSync(outbox).sort();
    expect(names).toEqual(
      [
        'analista-de-ejemplo',
        'enlace-de-ejemplo',
        'enlace-de-ejemplo-web',
        'example-agency-liaison',
        'example-public-health-analyst',
      ]
        .map((s) => `HLSD-2022-r1-${s}.eml`)
        .sort(),
    );
    const byFile = new Map(expected().map((e) => [e.file, e]));
    for (const name of names) {
      const raw = readFileSync(join(outbox, name));
      expect(raw.toString('latin1')).toMatch(/\r\n/); // RFC 5322 line ends
      const mail = await simpleParser(raw);
      expect(mail.messageId).toMatch(/^<hlsd-2022-r1-report-[0-9a-f]{24}@example\.org>$/);
      const e = byFile.get(mail.attachments[0]!.filename!)!;
      expect(e, name).toBeDefined();
      checkPacketMessage(mail, e, 1);
    }
    // Nothing sent, nothing logged.
    expect(received).toHaveLength(0);
    expect(snapshot(join(dir, 'published'))).toEqual(pub);
    // The same clock and inputs give the same bytes.
    const again = snapshot(outbox);
    ok(await cli(['send', '--dry-run', '--from', FROM]));
    expect(snapshot(outbox)).toEqual(again);
  }, 120_000);

  it('--dry-run with a packet missing: the row is named, nothing is composed', async () => {
    const packet = join(dir, 'out/2022/packets/HLSD-2022-excerpt-r1-EN-example-public-health-analyst.pdf');
    const aside = `${packet}.aside`;
    renameSync(packet, aside);
    try {
      const outbox = snapshot(join(dir, 'out/2022/outbox'));
      const r = await cli(['send', '--dry-run', '--from', FROM]);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(
        /^data\/stakeholders\.csv:5:1 {2}error {2}send\/packet-missing {2}the packet of Example Public Health Analyst for revision 1 \(HLSD-2022-excerpt-r1-EN-example-public-health-analyst\.pdf\) is not in out\/2022\/packets$/m,
      );
      expect(r.stderr).toMatch(/^ {2}hint: run "hlsd-report packets" after publish/m);
      expect(r.stderr).toMatch(/nothing was written/);
      expect(snapshot(join(dir, 'out/2022/outbox'))).toEqual(outbox);
    } finally {
      renameSync(aside, packet);
    }
  }, 120_000);

  it('--smtp: a server failing on the third message stops the batch; the log has two sent and one failed', async () => {
    failAttempt = 3;
    const r = await cli(['send', '--smtp', smtp(), '--from', FROM, '--rate', '0']);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stderr).toMatch(
      /deliveries\.csv {2}error {2}send\/smtp-failed {2}sending to analyst@example\.org \(Example Public Health Analyst\) failed: .*451 Temporary local problem, try again later; 2 message\(s\) sent before it, 3 not sent/,
    );
    expect(r.stderr).toMatch(/^ {2}hint: .*run the same command again/m);
    expect(received.map((m) => m.to)).toEqual([['liaison@example.org'], ['enlace@example.org']]);
    // Each message's intent ("sending", flushed before it went to the server), then the answer.
    const all = log();
    expect(all.map((x) => [x.email, x.revision, x.result])).toEqual([
      ['liaison@example.org', '1', 'sending'],
      ['liaison@example.org', '1', 'sent'],
      ['enlace@example.org', '1', 'sending'],
      ['enlace@example.org', '1', 'sent'],
      ['analyst@example.org', '1', 'sending'],
      ['analyst@example.org', '1', 'failed'],
    ]);
    for (let i = 0; i < all.length; i += 2) expect(all[i + 1]!.message_id).toBe(all[i]!.message_id);
    const rows = all.filter((x) => x.result !== 'sending');
    expect(rows[2]!.detail).toMatch(/451/);
  }, 120_000);

  it('resumes where it stopped, at most --limit messages a run and --rate a minute; a re-run sends nothing twice', async () => {
    failAttempt = undefined;
    const first = await cli(['send', '--smtp', smtp(), '--from', FROM, '--limit', '2', '--rate', '200']);
    ok(first);
    expect(first.stderr).toMatch(/^skip {5}2 recipient\(s\) already have revision 1/m);
    expect(first.stderr).toMatch(/2 message\(s\) sent for revision 1 of 2022; 1 left for the next run/);
    expect(received.map((m) => m.to[0])).toEqual([
      'liaison@example.org',
      'enlace@example.org',
      'analyst@example.org',
      'analista@example.org',
    ]);
    // 200 a minute: 300 ms at least between the two messages of that run.
    expect(received[3]!.at - received[2]!.at).toBeGreaterThanOrEqual(280);

    ok(await cli(['send', '--smtp', smtp(), '--from', FROM, '--rate', '0']));
    expect(received).toHaveLength(5);
    const again = await cli(['send', '--smtp', smtp(), '--from', FROM, '--rate', '0']);
    ok(again);
    expect(again.stderr).toMatch(/^send {5}0 message\(s\) sent/m);
    expect(received).toHaveLength(5);

    const rows = log();
    expect(
      rows
        .filter((x) => x.result === 'sent')
        .map((x) => x.email)
        .sort(),
    ).toEqual([
      'analista@example.org',
      'analyst@example.org',
      'enlace@example.org',
      'enlace@example.org',
      'liaison@example.org',
    ]);
    expect(Object.keys(rows[0]!)).toEqual([
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
    ]);
  }, 180_000);

  it('delivered every packet once, over STARTTLS with the password from the environment, to the right address in the right language', () => {
    const byFile = new Map(expected().map((e) => [e.file, e]));
    expect(new Set(received.map((m) => m.mail.attachments[0]!.filename)).size).toBe(5);
    const rows = log().filter((x) => x.result === 'sent');
    for (const m of received) {
      expect(m.secure, 'STARTTLS').toBe(true);
      expect(m.user).toBe(SMTP_USER);
      expect(m.from).toBe('hlsd@example.org');
      const e = byFile.get(m.mail.attachments[0]!.filename!)!;
      expect(m.to).toEqual([e.email]);
      checkPacketMessage(m.mail, e, 1);
      // The log: files, hashes and message id of what went.
      const row = rows.find((x) => x.message_id === m.mail.messageId)!;
      expect(row, m.mail.messageId).toBeDefined();
      expect(row).toMatchObject({
        email: e.email,
        recipient: e.name,
        language: e.lang,
        kind: 'report',
        revision: '1',
        files: e.file,
        sha256: sha(e.bytes),
        result: 'sent',
      });
      expect(row.detail).toMatch(/^250 /);
    }
  });

  it('--corrections after revision 2: a notice to everyone at revision 1 not already at 2, with the changes and the corrected files', async () => {
    const file = join(dir, 'data/observations.csv');
    const csv = readFileSync(file, 'utf8');
    expect(csv).toContain('us-overdose-deaths,US,2021,106699,');
    writeFileSync(file, csv.replace('us-overdose-deaths,US,2021,106699,', 'us-overdose-deaths,US,2021,107001,'));
    ok(await cli(['publish', '--sign', '--cert', 'signer.p12']));
    expect(existsSync(join(dir, 'published/2022/r2'))).toBe(true);
    ok(await cli(['packets']));
    const changes = JSON.parse(readFileSync(join(dir, 'published/2022/r2/changes.json'), 'utf8')) as {
      changes: { values: { metric: string; name: { en: string; es: string } }[] };
    };
    expect(changes.changes.values).toHaveLength(1);
    const metric = changes.changes.values[0]!.name;

    // One recipient gets revision 2 the ordinary way first: the notices skip them.
    const before = received.length;
    ok(await cli(['send', '--smtp', smtp(), '--from', FROM, '--limit', '1', '--rate', '0']));
    expect(received.length).toBe(before + 1);
    expect(received.at(-1)!.to).toEqual(['liaison@example.org']);

    const dry = await cli(['send', '--corrections', '--dry-run', '--from', FROM]);
    ok(dry);
    expect(dry.stderr).toMatch(
      /4 correction notice\(s\) for revision 2 of 2022; 1 address\(es\) already at revision 2; nothing sent/,
    );
    expect(readdirSync(join(dir, 'out/2022/outbox')).filter((n) => n.includes('correction'))).toHaveLength(4);

    const sent = await cli(['send', '--corrections', '--smtp', smtp(), '--from', FROM, '--rate', '0']);
    ok(sent);
    const notices = received.slice(before + 1);
    expect(notices.map((m) => m.to[0]).sort()).toEqual([
      'analista@example.org',
      'analyst@example.org',
      'enlace@example.org',
      'enlace@example.org',
    ]);
    const r2 = join(dir, 'published/2022/r2');
    const packets = join(dir, 'out/2022/packets');
    const corrected: Record<string, Buffer> = {
      'HLSD-2022-annual-report-r2-ES.pdf': readFileSync(join(r2, 'hlsd-report-2022-es.pdf')),
      'HLSD-2022-annual-report-r2-ES.html': readFileSync(join(r2, 'hlsd-report-2022-es.html')),
      'HLSD-2022-excerpt-r2-EN-example-public-health-analyst.pdf': readFileSync(
        join(packets, 'HLSD-2022-excerpt-r2-EN-example-public-health-analyst.pdf'),
      ),
      'HLSD-2022-excerpt-r2-ES-analista-de-ejemplo.html': readFileSync(
        join(packets, 'HLSD-2022-excerpt-r2-ES-analista-de-ejemplo.html'),
      ),
      'changes.json': readFileSync(join(r2, 'changes.json')),
    };
    for (const m of notices) {
      const mail = m.mail;
      const es = mail.headers.get('content-language') === 'es-MX';
      expect(mail.headers.get('x-hlsd-kind')).toBe('correction');
      expect(mail.headers.get('x-hlsd-revision')).toBe('2');
      const files = attached(mail);
      expect(files.at(-1)!.name).toBe('changes.json');
      expect(files).toHaveLength(2);
      for (const f of files) {
        expect(f.bytes.equals(corrected[f.name]!), f.name).toBe(true);
        expect(text(mail)).toContain(`${f.name}\n  SHA-256: ${sha(f.bytes)}`);
      }
      expect(es ? m.to[0] : '').toMatch(es ? /^(enlace|analista)@/ : /^$/);
      if (es) {
        expect(mail.subject).toBe(
          'Corrección: DANS · Informe anual de avances 2022, la revisión 2 sustituye a la revisión 1',
        );
        expect(text(mail)).toContain('Usted recibió la revisión 1');
        expect(text(mail)).toContain(`- ${metric.es}, `);
        expect(text(mail)).toContain('2021: 106.699 se corrige a 107.001'.replace(/\./g, ','));
      } else {
        expect(mail.subject).toBe('Correction: HLSD Annual Progress Report 2022, revision 2 replaces revision 1');
        expect(text(mail)).toContain('You received revision 1');
        expect(text(mail)).toContain(`- ${metric.en}, `);
        expect(text(mail)).toContain('2021: 106,699 corrected to 107,001');
      }
    }
    const rows = log().filter((x) => x.kind === 'correction' && x.result !== 'sending');
    expect(rows).toHaveLength(4);
    for (const x of rows) expect(x).toMatchObject({ revision: '2', result: 'sent' });

    // Everyone is at revision 2 now: neither notices nor packets go again.
    const n = received.length;
    const again = await cli(['send', '--corrections', '--smtp', smtp(), '--from', FROM, '--rate', '0']);
    ok(again);
    const plain = await cli(['send', '--smtp', smtp(), '--from', FROM, '--rate', '0']);
    ok(plain);
    expect(plain.stderr).toMatch(/^skip {5}5 recipient\(s\) already have revision 2/m);
    expect(received.length).toBe(n);
  }, 480_000);

  it('lists the command in the main help and documents it with --help', async () => {
    const help = await cli(['send', '--help']);
    ok(help);
    expect(help.stdout).toMatch(/^Usage: hlsd-report send \(--dry-run \| --smtp URL\)/);
    expect(help.stdout).toContain('HLSD_SMTP_PASSWORD');
    const main = await cli(['--help']);
    expect(main.stdout).toMatch(/^ {2}send +mail each recipient/m);
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('hlsd-report send');
  });
});

describe('send: usage and bad inputs', () => {
  it.each([
    [['send', '--from', FROM], /needs exactly one of --dry-run/],
    [['send', '--dry-run', '--smtp', 'smtp://127.0.0.1:1', '--from', FROM], /needs exactly one of --dry-run/],
    [['send', '--dry-run'], /needs the sender's address/],
    [['send', '--dry-run', '--from', 'not an address'], /--from takes one address/],
    [['send', '--smtp', 'smtp://user:pw@127.0.0.1:25', '--from', FROM], /must not carry credentials/],
    [['send', '--smtp', 'http://127.0.0.1', '--from', FROM], /smtp:\/\/ or smtps:\/\//],
    [['send', '--smtp', 'smtp://127.0.0.1', '--from', FROM, '--limit', '0'], /--limit takes a whole number from 1/],
    [['send', '--dry-run', '--from', FROM, '--rate', '5'], /--limit and --rate pace sending/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const r = await cli(args as string[], { HLSD_MAIL_FROM: '' });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
