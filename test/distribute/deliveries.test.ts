// The delivery log and the pieces of a message that need no server: which packet a delivery is
// about whatever its revision, the log written and read back (formula-looking names included),
// the sender address, and the correction lines in both languages.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Translator } from '../../pipeline/compose/i18n.js';
import { parseCatalogue } from '../../pipeline/validate/catalogues.js';
import { nodeEffects } from '../../pipeline/effects-node.js';
import {
  appendDelivery,
  atRevision,
  delivered,
  outcomes,
  packetKey,
  prepareLog,
  readDeliveries,
  type Delivery,
} from '../../pipeline/distribute/deliveries.js';
import { readChecksums } from '../../pipeline/publish/freeze.js';
import { readDistribution } from '../../pipeline/distribute/packets.js';
import { pdfString } from '../../pipeline/publish/incremental.js';
import { changesText, parseSender, signerOf } from '../../pipeline/distribute/outbox.js';
import type { RevisionEntry } from '../../pipeline/revisions/releases.js';

const ROOT = join(import.meta.dirname, '../..');
const effects = nodeEffects({ quiet: true });

const delivery = (over: Partial<Delivery> = {}): Delivery => ({
  time: '2023-11-14T22:13:20.000Z',
  recipient: 'Example Agency Liaison',
  organisation: 'Example Federal Agency (fictional)',
  email: 'liaison@example.org',
  language: 'en',
  format: 'pdf',
  scope: 'full',
  kind: 'report',
  revision: 1,
  files: ['HLSD-2022-annual-report-r1-EN.pdf'],
  sha256: ['a'.repeat(64)],
  messageId: '<hlsd-2022-r1-report-0123@example.org>',
  result: 'sent',
  detail: '250 Message queued',
  ...over,
});

describe('packets across revisions', () => {
  it('names the same packet whatever its revision, and moves a name to another revision', () => {
    expect(packetKey('Liaison@Example.org ', ['HLSD-2022-annual-report-r1-EN.pdf'])).toBe(
      packetKey('liaison@example.org', ['HLSD-2022-annual-report-r7-EN.pdf']),
    );
    expect(packetKey('liaison@example.org', ['HLSD-2022-annual-report-r1-EN.pdf'])).not.toBe(
      packetKey('liaison@example.org', ['HLSD-2022-annual-report-r1-EN.html']),
    );
    // A correction notice also attaches changes.json: still the same packet.
    expect(packetKey('a@example.org', ['HLSD-2022-excerpt-r2-ES-x.pdf', 'changes.json'])).toBe(
      packetKey('a@example.org', ['HLSD-2022-excerpt-r1-ES-x.pdf']),
    );
    expect(atRevision('HLSD-2022-excerpt-r1-ES-analista-r1-x.pdf', 3)).toBe(
      'HLSD-2022-excerpt-r3-ES-analista-r1-x.pdf',
    );
  });
});

describe('deliveries.csv', () => {
  it('appends lines under one header and reads them back, hostile cells included', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hlsd-log-')), '2022', 'deliveries.csv');
    await appendDelivery(file, delivery(), effects);
    await appendDelivery(
      file,
      delivery({
        recipient: '=HYPERLINK("http://x")',
        email: 'b@example.org',
        result: 'failed',
        detail: '451 Temporary\nproblem',
      }),
      effects,
    );
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n').filter((l) => l.startsWith('time,'))).toHaveLength(1);
    expect(text).toContain(`'=HYPERLINK`);
    const { deliveries, diagnostics } = await readDeliveries(file, effects);
    expect(diagnostics).toEqual([]);
    expect(deliveries.map((d) => [d.recipient, d.result, d.detail, d.line])).toEqual([
      ['Example Agency Liaison', 'sent', '250 Message queued', 2],
      ['=HYPERLINK("http://x")', 'failed', '451 Temporary problem', 3],
    ]);
    // Only what went through counts as delivered.
    expect([...delivered(deliveries)]).toEqual([
      `${packetKey('liaison@example.org', ['HLSD-2022-annual-report-r1-EN.pdf'])}\u0000r1`,
    ]);
  });

  it('reports an edited log with its line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hlsd-log-'));
    const file = join(dir, 'deliveries.csv');
    await appendDelivery(file, delivery(), effects);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, readFileSync(file, 'utf8').replace(',report,1,', ',report,one,'));
    const { diagnostics } = await readDeliveries(file, effects);
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.rule} ${d.message}`)).toEqual([
      expect.stringMatching(/^2:\d+ send\/log-row revision "one" is not a revision number$/),
    ]);
    expect((await readDeliveries(join(dir, 'none.csv'), effects)).deliveries).toEqual([]);
  });
});

describe('the intent and the answer', () => {
  it('knows a message logged "sending" with no answer as of unknown outcome, and "sent" as delivered for good', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hlsd-log-')), 'deliveries.csv');
    const a = { email: 'a@example.org', messageId: '<hlsd-a@example.org>' };
    const b = { email: 'b@example.org', messageId: '<hlsd-b@example.org>' };
    const c = { email: 'c@example.org', messageId: '<hlsd-c@example.org>' };
    for (const d of [
      delivery({ ...a, result: 'sending', detail: '' }),
      delivery({ ...a, result: 'sent' }),
      delivery({ ...b, result: 'sending', detail: '' }), // killed after handing it over
      delivery({ ...c, result: 'sending', detail: '' }),
      delivery({ ...c, result: 'failed', detail: '451 try later' }),
    ])
      await appendDelivery(file, d, effects);
    const { deliveries, diagnostics } = await readDeliveries(file, effects);
    expect(diagnostics).toEqual([]);
    const states = [...outcomes(deliveries).values()].map((o) => [o.last.email, o.state, o.last.line]);
    expect(states).toEqual([
      ['a@example.org', 'sent', 3],
      ['b@example.org', 'unknown', 4],
      ['c@example.org', 'failed', 6],
    ]);
    expect(delivered(deliveries).size).toBe(1);
  });

  it('ignores a cut-off last line with a warning, and removes it before appending', async () => {
    const { writeFileSync, appendFileSync } = await import('node:fs');
    const file = join(mkdtempSync(join(tmpdir(), 'hlsd-log-')), 'deliveries.csv');
    await appendDelivery(file, delivery({ result: 'sending', detail: '' }), effects);
    appendFileSync(file, '2023-11-14T22:13:20.000Z,Example Agency Liaison,Exa');
    const log = await readDeliveries(file, effects);
    expect(log.deliveries.map((d) => d.result)).toEqual(['sending']);
    expect(log.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule}`)).toEqual([
      '3:1 warning send/log-torn',
    ]);
    await prepareLog(file, log, effects);
    await appendDelivery(file, delivery(), effects);
    const again = await readDeliveries(file, effects);
    expect(again.diagnostics).toEqual([]);
    expect(again.deliveries.map((d) => [d.result, d.line])).toEqual([
      ['sending', 2],
      ['sent', 3],
    ]);
    writeFileSync(file, '');
    expect((await readDeliveries(file, effects)).deliveries).toEqual([]);
  });

  it('refuses paths, foreign names and bad digests read back from the log, at their line and column', async () => {
    const { writeFileSync } = await import('node:fs');
    const file = join(mkdtempSync(join(tmpdir(), 'hlsd-log-')), 'deliveries.csv');
    await appendDelivery(file, delivery(), effects);
    const good = readFileSync(file, 'utf8');
    for (const [from, to, column] of [
      ['HLSD-2022-annual-report-r1-EN.pdf', '../../../../outside-secret.txt', 'files'],
      ['HLSD-2022-annual-report-r1-EN.pdf', '/etc/passwd', 'files'],
      ['HLSD-2022-annual-report-r1-EN.pdf', 'HLSD-2022-annual-report-r1-EN.pdf;../x/changes.json', 'files'],
      ['a'.repeat(64), 'a'.repeat(63), 'sha256'],
    ] as const) {
      writeFileSync(file, good.replace(from, to));
      const { diagnostics, deliveries } = await readDeliveries(file, effects);
      expect(deliveries).toEqual([]);
      expect(diagnostics).toHaveLength(1);
      const header = good.split('\n')[0]!.split(',');
      expect(diagnostics[0]!.line).toBe(2);
      expect(diagnostics[0]!.column).toBeGreaterThan(header.indexOf(column)); // the cell's own column
      expect(diagnostics[0]!.rule).toBe(column === 'files' ? 'send/log-file' : 'send/log-row');
    }
  });

  it('reads SHA256SUMS and distribution.csv back like data', async () => {
    const { writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'hlsd-sums-'));
    const h = 'b'.repeat(64);
    writeFileSync(
      join(dir, 'SHA256SUMS'),
      `${h}  hlsd-report-2022-en.pdf\n${h}  ../outside.txt\nnot a line\n${h}  inputs/data/units.csv\n`,
    );
    const sums = await readChecksums(dir, effects);
    expect([...sums.sums.keys()]).toEqual(['hlsd-report-2022-en.pdf', 'inputs/data/units.csv']);
    expect(sums.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual([
      '2:67 send/checksums-line',
      '3:1 send/checksums-line',
    ]);
    writeFileSync(
      join(dir, 'distribution.csv'),
      `recipient,organisation,email,language,format,scope,goals,actions,file,sha256,revision\nA,O,a@example.org,en,pdf,excerpt,1,,HLSD-2022-excerpt-r2-EN-a.pdf,${h},2\nB,O,b@example.org,en,pdf,excerpt,1,,../../secret.pdf,${h},2\nC,O,,en,pdf,full,,,HLSD-2022-annual-report-r1-EN.pdf,${h},1\n`,
    );
    const dist = await readDistribution(dir, 2, effects);
    expect([...dist.sums.keys()]).toEqual(['HLSD-2022-excerpt-r2-EN-a.pdf']);
    expect(dist.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['3:37 send/distribution-row']);
  });
});

describe('message pieces', () => {
  it('parses one sender address', () => {
    expect(parseSender('HLSD Secretariat <hlsd@example.org>')).toEqual({
      from: 'HLSD Secretariat <hlsd@example.org>',
      domain: 'example.org',
    });
    expect(parseSender('hlsd@Example.ORG')?.domain).toBe('example.org');
    for (const bad of ['hlsd', 'a@b', 'a@example.org, b@example.org', '<a@example.org> x'])
      expect(parseSender(bad), bad).toBeUndefined();
  });

  it('reads the signer from a signature dictionary, in UTF-16 too', () => {
    const dict = (name: string) => Buffer.from(`%PDF\n1 0 obj\n<<\n/Type /Sig\n/Name ${pdfString(name)}\n>>`, 'latin1');
    expect(pdfString('HLSD Test (2) Signer')).toBe('(HLSD Test \\(2\\) Signer)');
    expect(signerOf(dict('HLSD Test (2) Signer'))).toBe('HLSD Test (2) Signer');
    expect(pdfString('Secretaría')).toMatch(/^<FEFF[0-9A-F]+>$/);
    expect(signerOf(dict('Secretaría de Ejemplo'))).toBe('Secretaría de Ejemplo');
    expect(signerOf(Buffer.from('%PDF unsigned', 'latin1'))).toBeUndefined();
  });

  it("words each correction in the recipient's language", () => {
    const t = (lang: 'en' | 'es') =>
      new Translator(
        ['mail', 'report'].map(
          (f) =>
            parseCatalogue(
              lang,
              f,
              readFileSync(
                join(ROOT, f === 'mail' ? `templates/mail/${lang}.json` : `templates/i18n/${lang}/report.json`),
                'utf8',
              ),
            ).catalogue,
        ),
      );
    const name = { en: 'Overdose deaths', es: 'Muertes por sobredosis' };
    const entry: RevisionEntry = {
      revision: 2,
      date: '2023-11-14',
      published: true,
      previous: { revision: 1, date: '2022-10-14' },
      changes: {
        values: [
          {
            metric: 'us-overdose-deaths',
            name,
            unit: 'deaths',
            country: 'US',
            period: 'FY2021',
            old: 106699,
            new: 107001,
          },
        ],
        added: [],
        removed: [{ metric: 'us-overdose-deaths', name, unit: 'percent', country: 'MX', period: '2020', value: 12.5 }],
        statuses: [{ metric: 'us-overdose-deaths', name, unit: 'deaths', country: 'US', old: 'on_track', new: null }],
        metrics: [],
        milestones: [],
      },
    };
    expect(changesText(entry, t('en'), 'en')).toBe(
      [
        'In revision 2 (November 14, 2023):',
        '- Overdose deaths, United States, FY2021: 106,699 corrected to 107,001',
        '- Overdose deaths, Mexico, 2020: 12.5% removed',
        '- Progress of Overdose deaths, United States: On track is now none',
      ].join('\n'),
    );
    const es = changesText(entry, t('es'), 'es');
    expect(es).toContain('En la revisión 2 (14 de noviembre de 2023):');
    expect(es).toContain('- Muertes por sobredosis, Estados Unidos, AF2021: 106,699 se corrige a 107,001');
    expect(
      changesText(
        { ...entry, changes: { values: [], added: [], removed: [], statuses: [], metrics: [], milestones: [] } },
        t('es'),
        'es',
      ),
    ).toContain('Ninguna cifra cambió');
    expect(changesText({ ...entry, changes: undefined }, t('en'), 'en')).toContain('cannot be read');
  });
});
